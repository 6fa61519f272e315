"""factory-boy factories for every model the tests build."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from clusters.models import (
    EmulationGroup,
    GroupKind,
    MemberRole,
    Membership,
    Person,
    PersonCategory,
    Role,
    Unit,
    UnitKind,
    User,
)

PASSWORD = "Mat-khau-thu-2024!"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.PROVINCE
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.replace("Tỉnh ", ""))


class BoardFactory(UnitFactory):
    kind = UnitKind.BOARD
    name = factory.Sequence(lambda n: f"Ban Thi đua - Khen thưởng số {n}")


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = EmulationGroup

    kind = GroupKind.CLUSTER
    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    organizer = factory.SubFactory(BoardFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2023
    role = MemberRole.MEMBER


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    category = PersonCategory.DIRECT_WORKER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Thử"
    last_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    role = Role.STAFF
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF


class LeaderFactory(UserFactory):
    role = Role.LEADER
    position = "Chủ tịch UBND tỉnh"


class ReviewerFactory(UserFactory):
    role = Role.REVIEWER
    unit = factory.SubFactory(BoardFactory)


class AdminFactory(UserFactory):
    role = Role.ADMIN
    unit = None
    is_staff = True
    is_superuser = True


def make_group_year(
    *, year: int = 2023, size: int = 3, group: EmulationGroup | None = None, organizer: Unit | None = None
):
    """A group with `size` member units in `year`: the first chairs, the second is vice-chair."""
    group = group or GroupFactory(**({"organizer": organizer} if organizer else {}))
    members = []
    for index in range(size):
        role = MemberRole.CHAIR if index == 0 else MemberRole.VICE_CHAIR if index == 1 else MemberRole.MEMBER
        members.append(MembershipFactory(group=group, year=year, role=role))
    return group, [m.unit for m in members]
