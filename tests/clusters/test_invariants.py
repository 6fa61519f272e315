"""The organisation's invariants are enforced by the database itself."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from clusters.models import MemberRole, Membership, User
from tests.factories import GroupFactory, MembershipFactory, UnitFactory, make_scoring_round

pytestmark = pytest.mark.django_db


def test_a_unit_is_a_member_of_a_group_only_once_a_year():
    membership = MembershipFactory(year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=membership.group, unit=membership.unit, year=2023)
    Membership.objects.create(group=membership.group, unit=membership.unit, year=2024)


def test_a_group_has_one_chair_and_one_vice_chair_a_year():
    group = GroupFactory()
    MembershipFactory(group=group, year=2023, role=MemberRole.CHAIR)
    MembershipFactory(group=group, year=2023, role=MemberRole.VICE_CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, year=2023, role=MemberRole.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, year=2023, role=MemberRole.VICE_CHAIR)
    MembershipFactory(group=group, year=2024, role=MemberRole.CHAIR)


def test_the_chair_and_vice_chair_are_different_members_by_construction():
    membership = MembershipFactory(role=MemberRole.CHAIR)
    membership.role = MemberRole.VICE_CHAIR
    membership.save()
    assert Membership.objects.get(pk=membership.pk).role == MemberRole.VICE_CHAIR
    assert Membership.objects.filter(group=membership.group, year=membership.year).count() == 1


def test_a_group_has_one_standing_agency_a_year():
    group = GroupFactory()
    MembershipFactory(group=group, is_standing_agency=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, is_standing_agency=True)


def test_an_implausible_year_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(year=20230)


def test_a_unit_cannot_end_before_it_starts_nor_succeed_itself():
    unit = UnitFactory(active_from=datetime.date(2020, 1, 1))
    unit.active_to = datetime.date(2019, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()
    unit.refresh_from_db()
    unit.active_to = datetime.date(2025, 6, 30)
    unit.successor = unit
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


def test_a_merged_unit_must_have_an_end_date():
    successor = UnitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(successor=successor, active_to=None)


def test_every_user_but_a_system_admin_belongs_to_a_unit():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="no-unit", role="staff", unit=None)
    User.objects.create(username="admin-no-unit", role="admin", unit=None)


def test_the_database_refuses_a_text_over_its_limit_and_an_implausible_year_of_any_yearly_record():
    """Issue 14 item 18: the limits the forms say are CHECK constraints too (a bulk load or a script cannot pass
    them); a scoring round, a ballot, a report or an export of year 3000 is refused like a membership."""
    from awards.models import RecordExport

    group = GroupFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(group).objects.filter(pk=group.pk).update(description="x" * 5001)
    type(group).objects.filter(pk=group.pk).update(description="x" * 5000)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordExport.objects.create(year=3000)
    scoring_round, _units = make_scoring_round()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(scoring_round).objects.filter(pk=scoring_round.pk).update(year=3000)
