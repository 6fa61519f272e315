"""Certificates printed onto a board's pre-printed blanks (issue 17 item 4): staff place each field over a scan of
the blank, and each recipient's page puts every field where they placed it, plus the printer's offset."""

from __future__ import annotations

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards.models import Blank, BlankField, FieldKey
from awards.services.blanks import blank_calibrate, blank_create, blanks_pdf
from clusters.models import Gender
from tests.factories import AwardRecordFactory, PersonFactory, ReviewerFactory, award_type, make_award_world

pytestmark = pytest.mark.django_db
MM = 25.4 / 72  # one PDF point in millimetres


@pytest.fixture
def world():
    return make_award_world()


def _words(pdf: bytes, tmp_path) -> list[list[dict]]:
    """Each page's words with their boxes in millimetres, read by poppler's pdftotext -bbox."""
    path = tmp_path / "phoi.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, flags=re.S):
        words = []
        for x0, y0, x1, _y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
        ):
            words.append({"x": float(x0) * MM, "y": float(y0) * MM, "x1": float(x1) * MM, "text": text})
        pages.append(words)
    return pages


def _first(words, text):
    return next(w for w in words if w["text"] == text)


def _calibrated(world, **offsets):
    blank = blank_create(actor=world.province_reviewer, board=world.province_board, kind="bk_individual")
    blank = Blank.objects.get(pk=blank.pk)
    fields = {
        FieldKey.SALUTATION: {"x_mm": Decimal("40"), "y_mm": Decimal("90"), "align": "left", "width_mm": Decimal(80)},
        FieldKey.NAME: {"x_mm": Decimal("62.5"), "y_mm": Decimal("90"), "align": "left", "width_mm": Decimal(200)},
        FieldKey.POSITION: {"x_mm": Decimal("40"), "y_mm": Decimal("110"), "align": "left"},
        FieldKey.DECISION: {"x_mm": Decimal("25"), "y_mm": Decimal("250.5"), "align": "left", "size_pt": Decimal(12)},
        FieldKey.SIGNER: {"x_mm": Decimal("250"), "y_mm": Decimal("265"), "align": "left", "italic": True},
    }
    return blank_calibrate(
        actor=world.province_reviewer, blank=blank, version=blank.updated_at,
        settings={"signer_name": "Hồ Tiến Thiệu", "place": "Lạng Sơn", **offsets}, fields=fields,
    )  # fmt: skip


def test_each_field_prints_within_a_millimetre_of_where_staff_placed_it_plus_the_printer_offset(world, tmp_path):
    blank = _calibrated(world, offset_x_mm=Decimal("2.0"), offset_y_mm=Decimal("-1.5"))
    person = PersonFactory(unit=world.lang_son, full_name="Hoàng Thị Mai", gender=Gender.FEMALE, position="Kế toán")
    record = AwardRecordFactory(
        nominee_person=person, award_type=award_type("BANG_KHEN_CAP_TINH"), decision_number="125/QĐ-UBND",
        decision_date=datetime.date(2024, 5, 10),
    )  # fmt: skip
    (page,) = _words(blanks_pdf(blank=blank, records=[record], actor=world.province_reviewer), tmp_path)
    expected = {"Bà": (40, 90), "Hoàng": (62.5, 90), "Kế": (40, 110), "Quyết": (25, 250.5), "Hồ": (250, 265)}
    for text, (x, y) in expected.items():
        word = _first(page, text)
        assert abs(word["x"] - (x + 2.0)) < 1, (text, word)
        assert abs(word["y"] - (y - 1.5)) < 1, (text, word)
    assert "125/QĐ-UBND" in [w["text"] for w in page]


def test_one_page_per_recipient_with_the_salutation_of_the_nominee(world, tmp_path):
    blank = _calibrated(world)
    man = PersonFactory(unit=world.lang_son, full_name="Vi Văn Hùng", gender=Gender.MALE)
    unknown = PersonFactory(unit=world.lang_son, full_name="Lương Thu Hà", gender="")
    records = [
        AwardRecordFactory(nominee_person=man),
        AwardRecordFactory(nominee_person=unknown),
        AwardRecordFactory(nominee_person=None, nominee_unit=world.ha_giang),
    ]
    pages = _words(blanks_pdf(blank=blank, records=records, actor=world.province_reviewer), tmp_path)
    assert len(pages) == 3
    assert [p[0]["text"] for p in pages] == ["Ông", "Ông", "Tập"]
    assert "(bà)" in [w["text"] for w in pages[1]]


def test_a_reason_overridden_for_one_record_prints_instead_of_the_default(world, tmp_path):
    blank = _calibrated(world)
    BlankField.objects.filter(blank=blank, key=FieldKey.REASON).update(align="left", x_mm=30, y_mm=150)
    record = AwardRecordFactory(nominee_person=PersonFactory(unit=world.lang_son))
    pdf = blanks_pdf(blank=blank, records=[record], overrides={record.pk: "Cứu người trong lũ quét"}, actor=None)
    (page,) = _words(pdf, tmp_path)
    texts = " ".join(w["text"] for w in page)
    assert "Cứu người trong lũ quét" in texts
    assert "phong trào thi đua" not in texts


def test_hostile_text_prints_as_text(world, tmp_path):
    blank = _calibrated(world)
    person = PersonFactory(unit=world.lang_son, full_name="<script>alert(1)</script> Đỗ\u0007 An")
    record = AwardRecordFactory(nominee_person=person)
    (page,) = _words(blanks_pdf(blank=blank, records=[record], actor=None), tmp_path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in " ".join(w["text"] for w in page)


def test_another_boards_reviewer_may_neither_calibrate_nor_print_the_blank(world):
    blank = _calibrated(world)
    stranger = ReviewerFactory()
    with pytest.raises(PermissionDenied):
        blank_calibrate(actor=stranger, blank=blank, version=None, settings={"place": "X"}, fields={})
    with pytest.raises(PermissionDenied):
        blanks_pdf(blank=blank, records=[], actor=stranger)
    with pytest.raises(PermissionDenied):
        blank_create(actor=stranger, board=world.province_board, kind="gk_individual")


# --- The pages ------------------------------------------------------------------------------------------------
def test_staff_add_a_blank_calibrate_it_and_print_a_decision_onto_it(world, client, tmp_path):
    client.force_login(world.province_reviewer)
    response = client.post(
        reverse("awards:blank_list"), {"kind": "gk_individual", "paper": "a3_landscape", "submission_token": "b" * 32}
    )
    blank = Blank.objects.get(board=world.province_board, kind="gk_individual")
    assert response.status_code == 302 and response.url == reverse("awards:blank_update", args=[blank.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "js/blank-calibration.js" in html and "<script>" not in html and ' style="' not in html
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if name != "scan"}
    data = {k: ("on" if v is True else "" if v is False or v is None else v) for k, v in data.items()}
    data.update({"name-x_mm": "100.5", "name-y_mm": "80", "name-align": "left", "offset_x_mm": "1"})
    assert client.post(response.url, data).status_code == 302
    field = BlankField.objects.get(blank=blank, key="name")
    assert (field.x_mm, field.y_mm) == (Decimal("100.5"), Decimal("80"))
    person = PersonFactory(unit=world.lang_son, full_name="Triệu Thị Lan", gender=Gender.FEMALE)
    AwardRecordFactory(nominee_person=person, decision_number="77/QĐ-UBND")
    print_page = client.get(reverse("awards:blank_print", args=[blank.pk]) + "?number=77/QĐ-UBND")
    assert "Triệu Thị Lan" in print_page.content.decode()
    pdf = client.post(reverse("awards:blank_print", args=[blank.pk]), {"number": "77/QĐ-UBND"})
    assert pdf["Content-Type"] == "application/pdf"
    (words,) = _words(pdf.content, tmp_path)
    word = _first(words, "Triệu")
    assert abs(word["x"] - 101.5) < 1 and abs(word["y"] - 80) < 1


def test_two_people_calibrating_at_once_the_second_is_told_and_nothing_of_theirs_is_saved(world, client):
    from django.test import Client

    blank = _calibrated(world)
    first, second = Client(), Client()
    for c in (first, second):
        c.force_login(world.province_reviewer)
    url = reverse("awards:blank_update", args=[blank.pk])
    forms_ = [c.get(url).context["form"] for c in (first, second)]

    def data(form, x):
        values = {name: form[name].value() for name in form.fields if name != "scan"}
        values = {k: ("on" if v is True else "" if v is False or v is None else v) for k, v in values.items()}
        values["name-x_mm"] = x
        return values

    assert first.post(url, data(forms_[0], "111")).status_code == 302
    response = second.post(url, data(forms_[1], "222"))
    assert response.status_code == 200
    assert "Người khác đã sửa" in response.content.decode()
    assert BlankField.objects.get(blank=blank, key="name").x_mm == Decimal("111")


def test_another_boards_reviewer_cannot_open_calibrate_or_print_the_blank(world, client):
    blank = _calibrated(world)
    client.force_login(ReviewerFactory())
    for name in ("awards:blank_update", "awards:blank_print", "awards:blank_scan"):
        assert client.get(reverse(name, args=[blank.pk])).status_code == 403
    assert client.post(reverse("awards:blank_print", args=[blank.pk]), {"number": "x"}).status_code == 403
    assert (
        reverse("awards:blank_update", args=[blank.pk]) not in client.get(reverse("awards:blank_list")).content.decode()
    )


@pytest.mark.browser
def test_in_the_browser_dragging_a_field_over_the_blank_moves_its_millimetres(page, live_server, transactional_db):
    from tests.cross.test_award_browser import login_as

    world = make_award_world()
    blank = blank_create(actor=world.province_reviewer, board=world.province_board, kind="bk_individual")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login_as(page, live_server, world.province_reviewer)
    page.goto(f"{live_server.url}{reverse('awards:blank_update', args=[blank.pk])}")
    page.locator("[data-testid=box-name]").scroll_into_view_if_needed()
    canvas = page.locator("#blank-canvas").bounding_box()
    scale = canvas["width"] / 420  # pixels per millimetre on an A3 landscape blank
    assert abs(canvas["height"] - 297 * scale) < 2  # the script sized the sheet
    box = page.locator("[data-testid=box-name]")
    start = box.bounding_box()
    x_before = float(page.input_value("#id_name-x_mm"))
    y_before = float(page.input_value("#id_name-y_mm"))
    assert abs(start["x"] - canvas["x"] - x_before * scale) < 2  # placed from the numbers
    page.mouse.move(start["x"] + 10, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 10 + 40 * scale, start["y"] + 5 + 15 * scale, steps=8)
    page.mouse.up()
    x_after = float(page.input_value("#id_name-x_mm"))
    y_after = float(page.input_value("#id_name-y_mm"))
    assert abs(x_after - (x_before + 40)) < 0.5 and abs(y_after - (y_before + 15)) < 0.5
    page.fill("#id_name-width_mm", "120")  # typing moves the box too
    assert abs(box.bounding_box()["width"] - 120 * scale) < 2
    page.locator("form[data-testid=calibration] button[type=submit]").click()
    page.wait_for_load_state()
    field = BlankField.objects.get(blank=blank, key="name")
    assert abs(float(field.x_mm) - x_after) < 0.05 and abs(float(field.y_mm) - y_after) < 0.05
    assert field.width_mm == 120
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
