"""The register of emulation and commendation bodies and their staff (what statutory forms 0604 and 0605 count)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from clusters.models import AuditEvent, StaffMember, TdktBody, UnitKind
from clusters.services.tdkt import body_create, staff_create, staff_update
from tests.factories import BoardFactory, ReviewerFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boards():
    province = UnitFactory(name="Tỉnh Hưng Yên (thử)")
    board = BoardFactory(parent=province)
    department = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ (thử)", parent=province)
    other = UnitFactory(name="Tỉnh Thái Bình (thử)")
    other_board = BoardFactory(parent=other)
    return {
        "board": board,
        "department": department,
        "other_board": other_board,
        "reviewer": ReviewerFactory(unit=board),
        "other_reviewer": ReviewerFactory(unit=other_board),
    }


STAFF = {
    "full_name": "Nguyễn Thị Hoa",
    "gender": "female",
    "birth_year": 1988,
    "education": "master",
    "started_year": 2012,
}


def test_a_reviewer_registers_bodies_of_the_province_and_their_staff_audited(boards):
    body = body_create(actor=boards["reviewer"], unit=boards["department"], level="department", form="within")
    member = staff_create(actor=boards["reviewer"], body=body, **STAFF)
    assert member.serves_in(2024) and not member.serves_in(2011)
    assert AuditEvent.objects.filter(action__in=["tdkt_body.create", "tdkt_staff.create"]).count() == 2


def test_another_provinces_board_can_register_nothing_here(boards):
    with pytest.raises(PermissionDenied):
        body_create(actor=boards["other_reviewer"], unit=boards["department"], level="department", form="within")
    body = body_create(actor=boards["reviewer"], unit=boards["board"], level="province", form="separate")
    with pytest.raises(PermissionDenied):
        staff_create(actor=boards["other_reviewer"], body=body, **STAFF)


def test_the_database_refuses_a_start_before_birth_and_a_second_body_on_a_unit(boards):
    body = body_create(actor=None, unit=boards["board"], level="province", form="separate")
    with pytest.raises(ValidationError):
        staff_create(actor=None, body=body, **{**STAFF, "started_year": 1980})
    with pytest.raises(IntegrityError):
        TdktBody.objects.create(unit=boards["board"], level="province", form="within")


def test_a_stale_edit_is_refused(boards):
    body = body_create(actor=None, unit=boards["board"], level="province", form="separate")
    member = staff_create(actor=None, body=body, **STAFF)
    opened = member.updated_at
    staff_update(actor=boards["reviewer"], member=member, version=opened, position="Trưởng phòng")
    with pytest.raises(ValidationError):
        staff_update(
            actor=boards["reviewer"], member=StaffMember.objects.get(pk=member.pk), version=opened, left_year=2024
        )


def test_the_register_page_lists_and_searches_staff_without_accents_and_adds_one_once(boards, login):
    body = body_create(actor=None, unit=boards["board"], level="province", form="separate")
    staff_create(actor=None, body=body, **STAFF)
    staff_create(actor=None, body=body, **{**STAFF, "full_name": "Trần Văn Bình", "gender": "male"})
    client = login(boards["reviewer"])
    url = f"/so-thi-dua-khen-thuong/{boards['board'].pk}/"
    html = client.get(url + "?q=nguyen thi").content.decode()
    assert "Nguyễn Thị Hoa" in html and "Trần Văn Bình" not in html
    add = f"/so-thi-dua-khen-thuong/{boards['board'].pk}/can-bo/them/"
    token = client.get(add).context["form"]["submission_token"].value()
    data = {**STAFF, "full_name": "Lê Thị Lan", "body": body.pk, "submission_token": token}
    first, second = client.post(add, data), client.post(add, data)
    assert first.status_code == 302 and second.status_code == 302
    assert StaffMember.objects.filter(full_name="Lê Thị Lan").count() == 1
    assert client.get(f"/so-thi-dua-khen-thuong/{boards['other_board'].pk}/").status_code == 403
