"""A name is shown as written, in Vietnamese order, everywhere it appears: "Nguyễn Đình Đức" (Họ Nguyễn, tên đệm
Đình, tên Đức), never "Đức Nguyễn Đình" as Django's first name + last name gave it. One account signs a pledge and
one person is awarded; every page and file that names them is read."""

from __future__ import annotations

import importlib
import io
import subprocess

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from emulation.models import PledgeSignature
from tests.factories import (
    AdminFactory,
    AwardRecordFactory,
    LeaderFactory,
    PersonFactory,
    StaffFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    sign_as,
)

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Đình Đức"
REVERSED = "Đức Nguyễn Đình"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    output = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(output.decode().split())


def test_a_signer_is_named_in_vietnamese_order_on_every_page_and_file_of_the_pledge(client, login, tmp_path):
    group, units = make_group_year(year=2023, size=3)
    duc = LeaderFactory(unit=units[1], full_name=NAME)
    assert duc.given_name == "Đức" and duc.get_full_name() == NAME and duc.get_short_name() == "Đức"
    pledge = make_open_pledge(group)
    sign_as(duc, pledge)
    chair_staff = StaffFactory(unit=units[0])
    login(chair_staff)
    seen = {"progress panel": _page(client, reverse("pledges:detail", args=[pledge.pk]))}

    sign_as(leader_of(units[2]), pledge)
    sign_as(leader_of(units[0]), pledge)  # the chair signs last: the pledge locks
    pledge.refresh_from_db()
    seen["print page"] = _page(client, reverse("pledges:print", args=[pledge.pk]))
    seen["pledge PDF"] = _pdf_text(client.get(reverse("pledges:pdf", args=[pledge.pk])).content, tmp_path)
    seen["audit log"] = _page(client, reverse("pledges:detail", args=[pledge.pk]))
    client.logout()
    seen["verification page"] = _page(client, reverse("pledges:verify", args=[pledge.verification_code]))

    assert f"{NAME} ký thay mặt {units[1].name}" in seen["audit log"]
    for where, text in seen.items():
        assert NAME in text, where
        assert REVERSED not in text, where


def test_an_awarded_person_is_named_in_vietnamese_order_in_the_award_record_export(login):
    person = PersonFactory(full_name=NAME)
    AwardRecordFactory(nominee_person=person, year=2023)
    response = login(AdminFactory()).get(reverse("awards:record_list"), {"format": "xlsx"})
    names = [
        row[4] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert names == [NAME]


def test_the_migration_reorders_the_names_on_signatures_of_a_pledge_still_open_for_signing():
    reorder = importlib.import_module("emulation.migrations.0009_signer_names_vietnamese_order").reorder_signer_names
    group, units = make_group_year(year=2023, size=3)
    pledge = make_open_pledge(group)
    reversed_ = sign_as(LeaderFactory(unit=units[1], full_name=NAME), pledge)
    renamed = sign_as(LeaderFactory(unit=units[2], full_name="Trần Thị Lan"), pledge)
    PledgeSignature.objects.filter(pk=reversed_.pk).update(signer_name=REVERSED)  # as signed before the fix
    PledgeSignature.objects.filter(pk=renamed.pk).update(signer_name="Trần Thị Huệ")  # another name: kept
    reorder(apps, None)
    names = dict(PledgeSignature.objects.values_list("pk", "signer_name"))
    assert (names[reversed_.pk], names[renamed.pk]) == (NAME, "Trần Thị Huệ")
