"""Issue 4's end point, as the demo plays it: the northern border cluster's 2023 (seed 004) is scored and verified,
Lạng Sơn leads, the ballot elects Lào Cai chair for 2024 (creating the 2024 term), and the summary report is a DOCX
a board could hand to its conference."""

from __future__ import annotations

import io

import pytest
from docx import Document

from clusters.demo import accounts as organisation_demo
from clusters.models import EmulationGroup, Membership
from emulation.demo import ballots as ballot_demo
from emulation.demo import pledges as pledge_demo
from emulation.demo import reports as report_demo
from emulation.demo import scoring as scoring_demo
from emulation.models import Ballot, QuestionKind, Report, ScoringRound
from emulation.selectors.ballots import elected_units
from emulation.selectors.scoring import ranking

pytestmark = pytest.mark.django_db


@pytest.fixture
def border_2023():
    organisation_demo.load_demo()
    pledge_demo.load_demo()
    _load_year_end_demo()
    return EmulationGroup.objects.get(name=scoring_demo.GROUP_NAME)


def _load_year_end_demo():
    for part in (scoring_demo, ballot_demo, report_demo):
        part.load_demo()


def test_the_demo_scores_and_verifies_the_northern_border_cluster_with_lang_son_first(border_2023):
    scoring_round = ScoringRound.objects.get(group=border_2023, year=2023)
    assert scoring_round.is_closed
    rows = ranking(scoring_round=scoring_round)
    assert len(rows) == Membership.objects.filter(group=border_2023, year=2023).count()
    assert rows[0].unit.short_name == "Lạng Sơn"
    assert all(row.status == "verified" for row in rows)
    assert [row.total for row in rows] == sorted((row.total for row in rows), reverse=True)


def test_the_ballot_elects_lang_son_leading_and_lao_cai_chair_for_2024(border_2023):
    ballot = Ballot.objects.get(group=border_2023, year=2023)
    assert ballot.is_closed
    assert [u.short_name for u in elected_units(ballot=ballot)] == ["Lạng Sơn"]
    assert [u.short_name for u in elected_units(ballot=ballot, kind=QuestionKind.NEXT_CHAIR)] == ["Lào Cai"]
    chair_2024 = Membership.objects.get(group=border_2023, year=2024, role="chair")
    assert chair_2024.unit.short_name == "Lào Cai"


def test_the_summary_report_is_a_docx_with_the_heading_members_ranking_and_ballot(border_2023):
    report = Report.objects.get(group=border_2023, year=2023, is_current=True)
    assert report.status == "done"
    document = Document(io.BytesIO(report.docx.open("rb").read()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Tổng kết công tác thi đua, khen thưởng năm 2023 của {scoring_demo.GROUP_NAME}" in text
    for membership in Membership.objects.filter(group=border_2023, year=2023).select_related("unit"):
        assert membership.unit.name in text
    assert "suy tôn Tỉnh Lạng Sơn là đơn vị dẫn đầu" in text
    assert "Suy tôn Tỉnh Lào Cai là đơn vị trưởng năm 2024" in text
    assert report.xlsx and report.pdf


def test_loading_the_year_end_demo_again_changes_nothing(border_2023):
    counts = (Report.objects.count(), Ballot.objects.count(), Membership.objects.filter(year=2024).count())
    _load_year_end_demo()
    assert (Report.objects.count(), Ballot.objects.count(), Membership.objects.filter(year=2024).count()) == counts
