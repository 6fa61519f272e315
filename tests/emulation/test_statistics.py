"""The statutory statistics of Thông tư 02/2023/TT-BNV (biểu 0601–0605).

The done-when: a province's year with every kind of commendation and every recipient category, compiled for forms
0601–0603, each cell equal to the count this test makes itself from what it created (plain Python over its own
list, not the app's selectors); 0604–0605 from the registers; the XLSX and the PDF read back match the cells.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import tempfile
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.models import AwardLevel, AwardRecord, AwardTarget, AwardType
from clusters.concurrency import ConflictError
from clusters.models import StaffMember, TdktBody, UnitKind
from emulation.models import StatForm, StatRun
from emulation.selectors.statistics import evaluate, matches, months_between
from emulation.services.statistics import ensure_stat_forms, sheet_update, stat_compile, stat_request
from tests.emulation.test_report_worker import _wait_for, worker  # noqa: F401  (the real Celery worker fixture)
from tests.factories import (
    AwardRecordFactory,
    BoardFactory,
    CampaignFactory,
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    UnitFactory,
    award_type,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
KINDS = ["annual", "thematic", "ad_hoc", "dedication", "seniority", "resistance", "foreign"]
COLLECTIVE_CATEGORIES = ["collective", "enterprise", "household"]
INDIVIDUAL_CATEGORIES = [
    "leader_central",
    "leader_department",
    "business_person",
    "leader_division",
    "direct_worker",
    "other_individual",
]
#: The award types this test grants, with the form and the column group it belongs to (written here, not read
#: from the app's definition).
STATE_TYPES = ["CO_THI_DUA_CHINH_PHU", "BANG_KHEN_THU_TUONG", "CSTD_TOAN_QUOC", "HUAN_CHUONG_LAO_DONG_HANG_BA"]
PROVINCE_TYPES = ["BANG_KHEN_CAP_TINH", "CSTD_CAP_TINH", "CO_THI_DUA_CAP_TINH"]


# --- Pure functions ------------------------------------------------------------------------------------------
def test_a_campaign_of_a_calendar_year_lasts_twelve_months_and_an_open_one_has_no_end():
    assert months_between(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)) == 12
    assert months_between(datetime.date(2024, 3, 15), datetime.date(2024, 9, 14)) == 6
    assert months_between(datetime.date(2021, 7, 16), datetime.date(2026, 7, 15)) == 60
    assert months_between(datetime.date(2024, 1, 1), None) is None


def test_a_spec_matches_only_when_every_condition_holds_and_ranges_are_half_open():
    facts = {"kind": "annual", "age": 30, "award_type": "X", "target": "individual"}
    assert matches({}, facts)
    assert matches({"kind": ["annual", "ad_hoc"], "age": [30, 40]}, facts)
    assert not matches({"age": [20, 30]}, facts)
    assert not matches({"award_types": ["Y"]}, facts)
    assert not matches({"target": "collective"}, facts)
    assert matches({"duration_months": [60, None]}, {"duration_months": None})  # open-ended: 5 years and more
    assert not matches({"duration_months": [0, 12]}, {"duration_months": None})


def test_a_sum_column_adds_the_rows_other_cells_and_manual_cells_are_left_to_the_board():
    definition = {
        "columns": [
            {"code": "1", "spec": {"sum": ["2", "3"]}},
            {"code": "2", "spec": {"kind": ["a"]}},
            {"code": "3", "spec": {"kind": ["b"]}},
        ],
        "rows": [
            {"code": "01", "spec": {}},
            {"code": "02", "heading": True},
            {"code": "03", "spec": {"age": [0, 30]}},
            {"code": "04", "manual": True},
        ],
    }
    facts = [{"kind": "a", "age": 20}, {"kind": "b", "age": 40}, {"kind": "c", "age": 25}]
    assert evaluate(definition, facts) == {"01|1": 2, "01|2": 1, "01|3": 1, "03|1": 1, "03|2": 1, "03|3": 0}


# --- The province's year ---------------------------------------------------------------------------------------
@dataclass
class Made:
    """What the test created and knows about a record, independently of the app."""

    kind: str
    category: str
    code: str
    target: str
    submitter: str


@pytest.fixture
def province():
    ensure_stat_forms()
    central = BoardFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương (thử)")
    province = UnitFactory(name="Tỉnh Hưng Yên (thử)")
    board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Hưng Yên (thử)", parent=province)
    department = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nông nghiệp (thử)", parent=province)
    district = UnitFactory(kind=UnitKind.DISTRICT, name="Huyện Văn Lâm (thử)", parent=province)
    commune = UnitFactory(kind=UnitKind.COMMUNE, name="Xã Lạc Hồng (thử)", parent=district)
    collective = UnitFactory(kind=UnitKind.COLLECTIVE, name="Phòng Trồng trọt (thử)", parent=department)
    enterprise = UnitFactory(
        kind=UnitKind.COLLECTIVE, name="Công ty Nông sản (thử)", parent=district, is_enterprise=True
    )
    household = UnitFactory(kind=UnitKind.HOUSEHOLD, name="Hộ ông Nguyễn Văn Cày (thử)", parent=commune)
    other = UnitFactory(name="Tỉnh Thái Bình (thử)")
    other_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Thái Bình (thử)", parent=other)
    return {
        "central": central,
        "province": province,
        "board": board,
        "department": department,
        "district": district,
        "commune": commune,
        "collective": collective,
        "enterprise": enterprise,
        "household": household,
        "other": other,
        "other_board": other_board,
        "reviewer": ReviewerFactory(unit=board),
        "other_reviewer": ReviewerFactory(unit=other_board),
    }


def _grant_every_kind_and_category(p) -> list[Made]:
    """Every kind x every recipient category, at the state level and the provincial level, some through a proposal
    of the district (the submitting body), others entered directly; returns what was counted."""
    made: list[Made] = []
    nominees = {"collective": p["collective"], "enterprise": p["enterprise"], "household": p["household"]}
    submitter_of_unit = {"collective": "agency", "enterprise": "district", "household": "commune"}
    index = 0
    for kind in KINDS:
        for category in COLLECTIVE_CATEGORIES + INDIVIDUAL_CATEGORIES:
            collective = category in COLLECTIVE_CATEGORIES
            for codes in (STATE_TYPES, PROVINCE_TYPES):
                index += 1
                if collective:
                    choices = [c for c in codes if c not in ("CSTD_TOAN_QUOC", "CSTD_CAP_TINH")]
                else:
                    choices = [c for c in codes if not c.startswith("CO_THI_DUA")]
                code = choices[index % len(choices)]
                fields = {"award_type": award_type(code), "year": YEAR, "kind": kind, "recipient_category": category}
                if collective:
                    fields |= {"nominee_unit": nominees[category], "nominee_person": None}
                    submitter = submitter_of_unit[category]
                else:
                    fields["nominee_person"] = PersonFactory(unit=p["department"])
                    submitter = "agency"
                if index % 3 == 0:  # put forward by the district's proposal: the district submitted it
                    proposal = ProposalFactory(
                        proposing_unit=p["district"],
                        award_type=fields["award_type"],
                        nominee_person=fields.get("nominee_person"),
                        nominee_unit=fields.get("nominee_unit"),
                        year=YEAR,
                        kind=kind,
                    )
                    fields["proposal"] = proposal
                    submitter = "district"
                AwardRecordFactory(**fields)
                target = "collective" if collective else "individual"
                made.append(Made(kind=kind, category=category, code=code, target=target, submitter=submitter))
    return made


def _unclassified_and_uncounted(p) -> dict[str, AwardRecord]:
    hero = AwardType.objects.create(
        code="ANH_HUNG_LAO_DONG_THU", name="Anh hùng Lao động (thử)", target=AwardTarget.BOTH, kind="form",
        level=AwardLevel.STATE, authority="Chủ tịch nước", legal_basis="Luật Thi đua, khen thưởng 2022",
    )  # fmt: skip
    person = PersonFactory(unit=p["department"])
    return {
        # counted in the columns but not in the kind rows; listed for fixing
        "no_kind": AwardRecordFactory(
            nominee_person=person, award_type=award_type("BANG_KHEN_THU_TUONG"), year=YEAR, kind="",
            recipient_category="direct_worker",
        ),
        "no_category": AwardRecordFactory(
            nominee_person=person, award_type=award_type("BANG_KHEN_CAP_TINH"), year=YEAR, kind="annual",
            recipient_category="",
        ),
        # a state-level award no column names: not counted, listed
        "unmapped": AwardRecordFactory(
            nominee_person=person, award_type=hero, year=YEAR, kind="annual", recipient_category="direct_worker"
        ),
        # not this form's business at all
        "basic": AwardRecordFactory(
            nominee_person=person, award_type=award_type("LAO_DONG_TIEN_TIEN"), year=YEAR, kind="annual",
            recipient_category="direct_worker",
        ),
        "other_year": AwardRecordFactory(
            nominee_person=person, award_type=award_type("BANG_KHEN_THU_TUONG"), year=YEAR - 1, kind="annual",
            recipient_category="direct_worker",
        ),
        "other_province": AwardRecordFactory(
            nominee_person=PersonFactory(unit=p["other"]), award_type=award_type("BANG_KHEN_THU_TUONG"), year=YEAR,
            kind="annual", recipient_category="direct_worker",
        ),
        "revoked": AwardRecordFactory(
            nominee_person=person, award_type=award_type("BANG_KHEN_THU_TUONG"), year=YEAR, kind="annual",
            recipient_category="direct_worker", revoked_at=timezone.now(), revocation_reason="Gian dối",
            revoked_by_number="9/QĐ-TTg",
        ),
    }  # fmt: skip


def _of_kind(kind: str):
    return lambda m: m.kind == kind


# The forms' rows and columns as this test reads the circular (written again here, on purpose).
AWARD_ROWS = {
    "01": lambda m: True,
    "03": lambda m: m.submitter == "central",
    "04": lambda m: m.submitter in ("province", "board"),
    "05": lambda m: m.submitter == "agency",
    "06": lambda m: m.submitter in ("district", "commune"),
    "07": lambda m: m.submitter in ("collective", "household"),
    **{f"{9 + i:02d}": _of_kind(kind) for i, kind in enumerate(KINDS)},
    "17": lambda m: m.category in ("collective", "enterprise"),
    "18": lambda m: m.category == "enterprise",
    "19": lambda m: m.category == "household",
    "20": lambda m: m.category == "leader_central",
    "21": lambda m: m.category == "leader_department",
    "22": lambda m: m.category == "business_person",
    "23": lambda m: m.category == "leader_division",
    "24": lambda m: m.category == "direct_worker",
    "25": lambda m: m.category == "other_individual",
}
HUAN_CHUONG = {"HUAN_CHUONG_LAO_DONG_HANG_BA"}
STATE_COLUMNS = {  # 2..12: Huân chương, Huy chương, Giải thưởng (tập thể, cá nhân), Cờ CP, BK TTg (tt, cn), CSTĐ TQ
    "2": lambda m: m.code in HUAN_CHUONG and m.target == "collective",
    "3": lambda m: m.code in HUAN_CHUONG and m.target == "individual",
    "4": lambda m: False,
    "5": lambda m: False,
    "6": lambda m: False,
    "7": lambda m: False,
    "8": lambda m: m.code == "CO_THI_DUA_CHINH_PHU",
    "9": lambda m: m.code == "BANG_KHEN_THU_TUONG" and m.target == "collective",
    "10": lambda m: m.code == "BANG_KHEN_THU_TUONG" and m.target == "individual",
    "11": lambda m: m.code == "CSTD_TOAN_QUOC",
}
PROVINCE_COLUMNS = {  # 2..7: Bằng khen (tt, cn), CSTĐ tỉnh, Cờ thi đua, Huy hiệu/KNC (tt, cn)
    "2": lambda m: m.code == "BANG_KHEN_CAP_TINH" and m.target == "collective",
    "3": lambda m: m.code == "BANG_KHEN_CAP_TINH" and m.target == "individual",
    "4": lambda m: m.code == "CSTD_CAP_TINH",
    "5": lambda m: m.code == "CO_THI_DUA_CAP_TINH",
    "6": lambda m: False,
    "7": lambda m: False,
}


def _expected_awards(made: list[Made], columns: dict) -> dict[str, int]:
    expected = {}
    for row, row_ok in AWARD_ROWS.items():
        for column, column_ok in columns.items():
            expected[f"{row}|{column}"] = sum(1 for m in made if row_ok(m) and column_ok(m))
        expected[f"{row}|1"] = sum(1 for m in made if row_ok(m) and any(ok(m) for ok in columns.values()))
    return expected


def _compile(p, code: str, *, actor=None) -> StatRun:
    form = StatForm.objects.get(code=code)
    run, _created = stat_request(actor=actor or p["reviewer"], form=form, board=p["board"], year=YEAR)
    return stat_compile(run_id=run.pk)


def _xlsx_cells(run: StatRun) -> dict[str, object]:
    """The cells of the XLSX as "row|column", read by the Mã số in column B and the column numbers of row 9."""
    book = openpyxl.load_workbook(io.BytesIO(run.xlsx.open("rb").read()))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    numbers_row = next(r for r in rows if r[:3] == ("A", "B", "C"))
    numbers = [str(n) for n in numbers_row[3:] if n is not None]
    cells = {}
    for row in rows[rows.index(numbers_row) + 1 :]:
        if not row[1] or row[2] in (None, ""):
            continue  # heading rows and the signature blocks
        for number, value in zip(numbers, row[3:], strict=False):
            cells[f"{row[1]}|{number}"] = value
    return cells, rows


def _pdf_text(run: StatRun) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(run.pdf.open("rb").read())
        handle.flush()
        return subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True).stdout


def _pdf_row(text: str, code: str, unit: str) -> list[str]:
    """The numbers printed after a row's Mã số and Đơn vị tính."""
    for line in text.splitlines():
        match = re.search(rf"(?:^|\s){code}\s+{unit}((?:\s+(?:\d+|-))+)\s*$", line)
        if match:
            return match.group(1).split()
    raise AssertionError(f"row {code} not found in the PDF:\n{text}")


def _assert_documents_match(run: StatRun, expected: dict[str, int], unit: str):
    cells, _rows = _xlsx_cells(run)
    assert {k: v for k, v in cells.items() if k in expected} == expected
    text = _pdf_text(run)
    form = run.sheet.form
    for row in form.rows:
        if row.get("heading") or row.get("manual"):
            continue
        printed = _pdf_row(text, row["code"], unit)
        assert printed == [str(expected[f"{row['code']}|{c['code']}"]) for c in form.columns], row["code"]


def test_forms_0602_and_0603_count_every_kind_and_category_as_the_records_say(province):
    made = _grant_every_kind_and_category(province)
    extras = _unclassified_and_uncounted(province)
    # the two unclassified records that are counted in their columns (not in the kind / category rows)
    no_kind = Made(
        kind="", category="direct_worker", code="BANG_KHEN_THU_TUONG", target="individual", submitter="agency"
    )
    no_category = Made(kind="annual", category="", code="BANG_KHEN_CAP_TINH", target="individual", submitter="agency")
    state = [m for m in made if m.code in STATE_TYPES] + [no_kind]
    provincial = [m for m in made if m.code in PROVINCE_TYPES] + [no_category]
    assert {m.kind for m in made} == set(KINDS)
    assert {m.category for m in made} == set(COLLECTIVE_CATEGORIES + INDIVIDUAL_CATEGORIES)

    run_0602 = _compile(province, "0602")
    expected_0602 = _expected_awards(state, STATE_COLUMNS)
    assert run_0602.status == "done"
    assert run_0602.cells == expected_0602
    assert expected_0602["01|1"] == len(state) > 0
    _assert_documents_match(run_0602, expected_0602, "Lượt")

    run_0603 = _compile(province, "0603")
    expected_0603 = _expected_awards(provincial, PROVINCE_COLUMNS)
    assert run_0603.cells == expected_0603
    assert expected_0603["01|1"] == len(provincial) > 0
    _assert_documents_match(run_0603, expected_0603, "Lượt")

    # the records that could not be classified are listed for fixing, with why
    listed_0602 = {entry["id"]: entry["reasons"] for entry in run_0602.unclassified}
    assert listed_0602 == {extras["no_kind"].pk: ["kind"], extras["unmapped"].pk: ["award_type"]}
    listed_0603 = {entry["id"]: entry["reasons"] for entry in run_0603.unclassified}
    assert listed_0603 == {extras["no_category"].pk: ["recipient_category"]}


def _campaigns(p) -> list[tuple[str, str, str, str | None, str]]:
    """Campaigns running in the year: (authority, kind, duration band, launching unit kind, title)."""
    made = []
    d = datetime.date
    specs = [
        # authority, kind, start, end, band, launching unit
        ("prime_minister", "regular", d(2021, 7, 16), None, ">=5", None),
        ("prime_minister", "thematic", d(2024, 3, 1), d(2024, 8, 31), "<1", None),
        ("central_council", "thematic", d(2023, 1, 1), d(2024, 12, 31), "1-3", None),
        ("provincial_chairman", "regular", d(2024, 1, 1), d(2024, 12, 31), "1", "province"),
        ("provincial_chairman", "thematic", d(2022, 1, 1), d(2025, 12, 31), "3-5", "province"),
        ("provincial_chairman", "thematic", d(2024, 5, 1), d(2024, 10, 31), "<1", "agency"),
        ("group", "thematic", d(2024, 2, 1), d(2024, 11, 30), "<1", "district"),
        ("group", "regular", d(2020, 1, 1), d(2025, 12, 31), ">=5", None),
    ]
    launchers = {"province": p["province"], "agency": p["department"], "district": p["district"]}
    for index, (authority, kind, start, end, band, launcher) in enumerate(specs):
        campaign = CampaignFactory(
            title=f"Phong trào {index}", authority=authority, kind=kind, start_date=start, end_date=end,
            launching_unit=launchers.get(launcher),
        )  # fmt: skip
        if authority == "group" and launcher is None:
            campaign.units.add(p["commune"])  # joined by a unit of the province
        made.append((authority, kind, band, launchers[launcher].kind if launcher else None, campaign.title))
    # not the province's: another province's own campaign, a nationwide one over before the year
    CampaignFactory(
        authority="provincial_chairman", kind="regular", start_date=d(2024, 1, 1), end_date=d(2024, 12, 31),
        launching_unit=p["other"],
    )  # fmt: skip
    CampaignFactory(authority="prime_minister", start_date=d(2020, 1, 1), end_date=d(2023, 12, 31))
    return made


def test_form_0601_counts_the_provinces_campaigns_by_scope_duration_and_method(province):
    made = _campaigns(province)
    central = {"prime_minister", "central_council"}
    local = {"ministry", "provincial_chairman"}
    rows = {
        "01": lambda c: True,
        "03": lambda c: c[0] in central,
        "04": lambda c: c[0] in local,
        "05": lambda c: c[0] == "group",
        "06": lambda c: c[3] in ("agency", "district", "commune", "collective"),
        "08": lambda c: c[2] == "<1",
        "09": lambda c: c[2] == "1",
        "10": lambda c: c[2] == "1-3",
        "11": lambda c: c[2] == "3-5",
        "12": lambda c: c[2] == ">=5",
        "14": lambda c: c[1] == "thematic",
        "15": lambda c: c[1] == "regular",
    }
    columns = {"2": lambda c: c[0] in central, "3": lambda c: c[0] in local, "4": lambda c: c[0] == "group"}
    expected = {}
    for row, row_ok in rows.items():
        for column, column_ok in columns.items():
            expected[f"{row}|{column}"] = sum(1 for c in made if row_ok(c) and column_ok(c))
        expected[f"{row}|1"] = sum(1 for c in made if row_ok(c))

    run = _compile(province, "0601")
    assert run.cells == expected
    assert expected["01|1"] == 8 and expected["08|1"] == 3
    _assert_documents_match(run, expected, "Phong trào")


def _registers(p):
    bodies = [
        TdktBody.objects.create(unit=p["board"], level="province", form="separate"),
        TdktBody.objects.create(unit=p["department"], level="department", form="within"),
        TdktBody.objects.create(unit=p["commune"], level="commune", form="part_time"),
    ]
    TdktBody.objects.create(unit=p["other_board"], level="province", form="separate")  # another province's
    people = [
        # gender, birth year, education, started, left
        ("female", 1998, "bachelor", 2020, None),
        ("male", 1990, "master", 2014, None),
        ("female", 1980, "doctorate", 2005, None),
        ("male", 1970, "college", 2019, None),
        ("female", 1965, "other", 2000, None),
        ("male", 1985, "bachelor", 2010, 2023),  # left before the year
        ("female", 1995, "bachelor", 2025, None),  # starts after it
    ]
    staff = []
    for index, (gender, born, education, started, left) in enumerate(people):
        staff.append(
            StaffMember.objects.create(
                body=bodies[index % 3], full_name=f"Cán bộ {index}", gender=gender, birth_year=born,
                education=education, started_year=started, left_year=left,
            )
        )  # fmt: skip
    StaffMember.objects.create(
        body=TdktBody.objects.get(unit=p["other_board"]), full_name="Cán bộ tỉnh khác", gender="female",
        birth_year=1990, education="bachelor", started_year=2015,
    )  # fmt: skip
    return bodies, people


def test_forms_0604_and_0605_count_the_registers_of_the_province(province):
    bodies, people = _registers(province)
    expected_0604 = {}
    levels = {"02": "central", "03": "ministry", "04": "province", "05": "department", "06": "commune"}
    forms = {"2": "separate", "3": "within", "4": "part_time"}
    for row in ["01", *levels]:
        for column in ["1", *forms]:
            expected_0604[f"{row}|{column}"] = sum(
                1
                for b in bodies
                if (row == "01" or b.level == levels[row]) and (column == "1" or b.form == forms[column])
            )
    run = _compile(province, "0604")
    assert run.cells == expected_0604 and expected_0604["01|1"] == 3
    _assert_documents_match(run, expected_0604, "Cơ quan")

    serving = [p for p in people if p[3] <= YEAR and (p[4] is None or p[4] >= YEAR)]
    rows = {
        "01": lambda p: True,
        "03": lambda p: YEAR - p[1] < 30,
        "04": lambda p: 30 <= YEAR - p[1] < 40,
        "05": lambda p: 40 <= YEAR - p[1] < 50,
        "06": lambda p: YEAR - p[1] >= 50,
        "08": lambda p: p[2] == "doctorate",
        "09": lambda p: p[2] == "master",
        "10": lambda p: p[2] == "bachelor",
        "11": lambda p: p[2] == "college",
        "12": lambda p: p[2] == "other",
        "14": lambda p: YEAR - p[3] < 5,
        "15": lambda p: 5 <= YEAR - p[3] < 10,
        "16": lambda p: YEAR - p[3] >= 10,
    }
    expected_0605 = {}
    for row, ok in rows.items():
        expected_0605[f"{row}|1"] = sum(1 for p in serving if ok(p))
        expected_0605[f"{row}|2"] = sum(1 for p in serving if ok(p) and p[0] == "female")
    run = _compile(province, "0605")
    assert run.cells == expected_0605 and expected_0605["01|1"] == 5 and expected_0605["01|2"] == 3
    _assert_documents_match(run, expected_0605, "Người")


# --- Manual cells, permissions ----------------------------------------------------------------------------------
def test_a_manual_cell_is_kept_across_recompiles_and_printed(province):
    first = _compile(province, "0605")
    sheet = first.sheet
    sheet_update(actor=province["reviewer"], sheet=sheet, values={"17|1": 4, "17|2": 3}, version=sheet.updated_at)
    _registers(province)
    second = _compile(province, "0605")
    assert second.run_version == 2 and second.sheet == sheet
    assert second.cells["01|1"] == 5  # recomputed from the register
    sheet.refresh_from_db()
    assert sheet.manual_values == {"17|1": 4, "17|2": 3}
    cells, _rows = _xlsx_cells(second)
    assert cells["17|1"] == 4 and cells["17|2"] == 3
    assert _pdf_row(_pdf_text(second), "17", "Người") == ["4", "3"]


def test_a_stale_manual_edit_is_refused_and_only_manual_cells_are_editable(province):
    sheet = _compile(province, "0605").sheet
    opened = sheet.updated_at
    sheet_update(actor=province["reviewer"], sheet=sheet, values={"17|1": 1}, version=opened)
    with pytest.raises(ConflictError):
        sheet_update(actor=province["reviewer"], sheet=sheet, values={"17|1": 2}, version=opened)
    sheet.refresh_from_db()
    with pytest.raises(Exception, match="01"):
        sheet_update(actor=province["reviewer"], sheet=sheet, values={"01|1": 99}, version=sheet.updated_at)


def test_a_reviewer_of_another_board_can_neither_compile_nor_read_nor_edit_this_boards_statistics(province):
    run = _compile(province, "0601")
    stranger = province["other_reviewer"]
    with pytest.raises(PermissionDenied):
        stat_request(actor=stranger, form=run.sheet.form, board=province["board"], year=YEAR)
    assert not stranger.has_perm("emulation.view_stat_run", run)
    assert not stranger.has_perm("emulation.change_stat_sheet", run.sheet)
    assert province["reviewer"].has_perm("emulation.view_stat_run", run)
    with pytest.raises(PermissionDenied):
        sheet_update(actor=stranger, sheet=run.sheet, values={"16|1": 1}, version=run.sheet.updated_at)


def test_a_successor_circular_is_a_new_version_of_the_form_chosen_by_the_year():
    ensure_stat_forms()
    old = StatForm.objects.get(code="0604")
    old.effective_to = datetime.date(2025, 12, 31)
    old.save()
    successor = StatForm.objects.create(
        code="0604", title="Số cơ quan (thông tư mới, thử)", subject="bodies", legal_basis="Thông tư mới (thử)",
        effective_from=datetime.date(2026, 1, 1), unit_of_measure="Cơ quan", receiving_unit="Bộ Nội vụ",
        receipt_date="15 tháng 12", definition={"columns": [{"code": "1", "label": "Tổng số", "spec": {}}],
                                                "rows": [{"code": "01", "label": "Tổng số", "spec": {}}]},
    )  # fmt: skip
    from emulation.selectors.statistics import forms_in_force

    assert old in forms_in_force(2025)
    assert successor in forms_in_force(2026) and old not in forms_in_force(2026)
    assert ensure_stat_forms() == 0  # loading again adds nothing


# --- Pages ------------------------------------------------------------------------------------------------------
def test_the_reviewer_compiles_a_form_from_the_page_and_sees_its_cells_and_the_records_to_fix(province, login):
    _grant_every_kind_and_category(province)
    extras = _unclassified_and_uncounted(province)
    client = login(province["reviewer"])
    board = province["board"]
    page = client.get(f"/thong-ke/ban-thi-dua/{board.pk}/nam/{YEAR}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "0601" in html and "0605" in html and "chưa đối chiếu văn bản" in html
    form = StatForm.objects.get(code="0602")
    response = client.post(f"/thong-ke/ban-thi-dua/{board.pk}/nam/{YEAR}/bieu/{form.pk}/lap/", follow=True)
    run = StatRun.objects.get(sheet__form=form)
    assert run.status == "done"  # eager in the tests: compiled at once
    html = response.content.decode()
    assert "Biểu số 0602.N/BNV-TĐKT" in html and "Ngày nhận báo cáo: 15 tháng 12" in html
    assert extras["no_kind"].decision_number in html and "chưa phân loại loại khen thưởng" in html
    assert extras["unmapped"].decision_number in html and "hình thức chưa có cột trong biểu" in html
    assert f"/ca-nhan/{extras['no_kind'].nominee_person_id}/" in html
    download = client.get(f"/thong-ke/lap/{run.pk}/tai/xlsx/")
    assert download.status_code == 200
    assert client.get(f"/thong-ke/lap/{run.pk}/tien-do/").json()["done"] is True


def test_the_manual_cells_page_saves_and_a_stale_copy_shows_the_conflict(province, login):
    run = _compile(province, "0601")
    client = login(province["reviewer"])
    url = f"/thong-ke/so-lieu-nhap-tay/{run.sheet.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Số phong trào đã sơ kết, tổng kết" in page.content.decode()
    version = page.context["form"]["version"].value()
    saved = client.post(url, {"c_16_1": "7", "c_16_2": "3", "version": version})
    assert saved.status_code == 302
    run.sheet.refresh_from_db()
    assert run.sheet.manual_values == {"16|1": 7, "16|2": 3}
    stale = client.post(url, {"c_16_1": "9", "version": version})
    assert stale.status_code == 200 and "Bản đang lưu" in stale.content.decode()
    run.sheet.refresh_from_db()
    assert run.sheet.manual_values["16|1"] == 7


def test_another_boards_reviewer_is_refused_every_page_of_this_boards_statistics(province, login):
    run = _compile(province, "0601")
    client = login(province["other_reviewer"])
    board = province["board"]
    for url in (
        f"/thong-ke/ban-thi-dua/{board.pk}/nam/{YEAR}/",
        f"/thong-ke/lap/{run.pk}/",
        f"/thong-ke/lap/{run.pk}/tien-do/",
        f"/thong-ke/lap/{run.pk}/tai/pdf/",
        f"/thong-ke/so-lieu-nhap-tay/{run.sheet.pk}/",
    ):
        assert client.get(url).status_code == 403, url
    before = StatRun.objects.count()
    assert client.post(f"/thong-ke/ban-thi-dua/{board.pk}/nam/{YEAR}/bieu/{run.sheet.form.pk}/lap/").status_code == 403
    assert StatRun.objects.count() == before


# --- A real worker ----------------------------------------------------------------------------------------------
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_compiles_form_0601_with_progress_and_files(worker, province):  # noqa: F811
    from emulation.services.statistics import stat_submit

    made = _campaigns(province)
    run, created = stat_request(
        actor=province["reviewer"], form=StatForm.objects.get(code="0601"), board=province["board"], year=YEAR
    )
    assert created and stat_submit(run=run, created=created)
    run.refresh_from_db()
    assert run.task_id and run.status in ("queued", "running", "done")

    _wait_for(lambda: StatRun.objects.get(pk=run.pk).status == "done", timeout=90, process=worker, what="the compile")
    run.refresh_from_db()
    assert run.progress == 100 and run.attempts == 1
    assert run.cells["01|1"] == len(made) == 8
    assert run.cells["03|2"] == sum(1 for c in made if c[0] in ("prime_minister", "central_council"))
    text = _pdf_text(run)
    assert "Biểu số 0601.N/BNV-TĐKT" in text and "Người lập biểu" in text and "(Ký, họ tên, đóng dấu)" in text
    cells, _rows = _xlsx_cells(run)
    assert cells["01|1"] == 8


def test_the_boards_reviewer_finds_the_forms_and_the_register_on_the_dashboard(province, login):
    html = login(province["reviewer"]).get("/").content.decode()
    board = province["board"]
    year = timezone.localdate().year
    assert f"/thong-ke/ban-thi-dua/{board.pk}/nam/{year}/" in html
    assert f"/so-thi-dua-khen-thuong/{board.pk}/" in html


def test_the_compile_reads_the_records_with_a_fixed_number_of_queries(province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from emulation.selectors.statistics import compile_form

    form = StatForm.objects.get(code="0602")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            compile_form(form, province["board"], YEAR)
        return len(captured)

    _grant_every_kind_and_category(province)
    few = queries()
    for index in range(40):  # forty more, some through a proposal
        person = PersonFactory(unit=province["department"])
        proposal = ProposalFactory(proposing_unit=province["district"], nominee_person=person, year=YEAR)
        AwardRecordFactory(
            nominee_person=person, award_type=award_type("BANG_KHEN_THU_TUONG"), year=YEAR, kind=KINDS[index % 7],
            recipient_category="direct_worker", proposal=proposal if index % 2 else None,
        )  # fmt: skip
    _unclassified_and_uncounted(province)
    assert queries() == few


def test_pressing_compile_twice_while_it_is_queued_compiles_once(province, login):
    from unittest import mock

    client = login(province["reviewer"])
    form = StatForm.objects.get(code="0604")
    url = f"/thong-ke/ban-thi-dua/{province['board'].pk}/nam/{YEAR}/bieu/{form.pk}/lap/"
    with mock.patch("emulation.tasks.compile_statistics.apply_async") as queued:
        first, second = client.post(url), client.post(url)
    assert first["Location"] == second["Location"]
    assert StatRun.objects.filter(sheet__form=form).count() == 1 and queued.call_count == 1


def test_a_form_title_or_board_name_like_a_formula_is_written_as_inert_text(province):
    board = province["board"]
    board.name = '=HYPERLINK("http://xau.example","Ban")'
    board.save()
    StatForm.objects.filter(code="0604").update(title='=HYPERLINK("http://xau.example","Biểu")')
    run = _compile(province, "0604")
    sheet = openpyxl.load_workbook(io.BytesIO(run.xlsx.open("rb").read())).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    title = next(cell for cell in cells if str(cell.value).startswith('=HYPERLINK("HTTP'))
    assert title.data_type == "s" and title.quotePrefix
    assert any(str(cell.value) == f"Đơn vị báo cáo: {board.name}" for cell in cells)
    assert "HYPERLINK" in _pdf_text(run)


def test_a_form_compiled_in_a_thread_that_last_served_english_is_still_written_in_vietnamese(province):
    from django.utils import translation

    with translation.override("en"):
        run = _compile(province, "0605")
    run.refresh_from_db()
    assert run.progress_message == "Hoàn thành"
    assert _pdf_row(_pdf_text(run), "01", "Người") == [str(run.cells["01|1"]), str(run.cells["01|2"])]
    cells, _rows = _xlsx_cells(run)
    assert cells["01|1"] == run.cells["01|1"]
