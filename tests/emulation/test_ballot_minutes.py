"""The vote-count minutes (biên bản kiểm phiếu) of a closed ballot (issue 17 item 2), filled from the Word
template of the board organising the group: the default one, or the board's own upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import TemplateKind
from awards.services.templates import template_upload
from clusters import writers
from emulation.documents.ballots import ballot_minutes_docx
from tests.factories import ReviewerFactory, close_ballot_electing, leader_of, make_group_year

pytestmark = pytest.mark.django_db


def test_a_closed_ballots_minutes_list_each_question_with_its_votes(login):
    group, units = make_group_year(year=2023)
    ballot = close_ballot_electing(group, 2023, units[0], also=(units[1],))

    text = writers.docx_text(ballot_minutes_docx(ballot))

    assert "BIÊN BẢN KIỂM PHIẾU" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "{{" not in text
    assert "Đơn vị dẫn đầu" in text
    assert f"{units[0].name}: 2 phiếu (50,00%) — trúng" in text
    assert f"{units[1].name}: 1 phiếu (50,00%)" in text
    response = login(leader_of(units[1])).get(reverse("yearend:ballot_minutes", args=[ballot.pk]))
    assert response.status_code == 200
    assert "Đơn vị dẫn đầu" in writers.docx_text(response.content)


def test_the_minutes_use_the_organising_boards_own_template(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    group, units = make_group_year(year=2023)
    reviewer = ReviewerFactory(unit=group.organizer)
    document = writers.new_document()
    writers.add_run(document.add_paragraph(), "KIỂM PHIẾU CỦA BAN — {{ cum_khoi }} — {{ so_da_bo }} đơn vị")
    template_upload(
        actor=reviewer, board=group.organizer, kind=TemplateKind.BALLOT_MINUTES,
        uploaded=SimpleUploadedFile("kiem-phieu.docx", writers.save_document(document)),
    )  # fmt: skip
    ballot = close_ballot_electing(group, 2023, units[0])

    assert f"KIỂM PHIẾU CỦA BAN — {group.name} — 0 đơn vị" in writers.docx_text(ballot_minutes_docx(ballot))
