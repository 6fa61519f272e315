"""One Vietnamese format for numbers and dates in every page, input and document, and English offered to an
English-preferring browser (issue 22, item 6)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from clusters.formats import DateInput, DecimalInput, administrative_month, format_number, parse_number
from config.i18n import offered_language
from tests.factories import (
    CampaignFactory,
    ReviewerFactory,
    StaffFactory,
    UserFactory,
    make_group_year,
    make_pledge,
    make_scoring_round,
    score_unit,
    staff_of,
)

pytestmark = pytest.mark.django_db


# --- Numbers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value,places,text",
    [
        (Decimal("100.00"), 2, "100"),
        (Decimal("100.0"), 1, "100"),
        (Decimal("40.00"), 2, "40"),
        (Decimal("1234.5"), 2, "1.234,5"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (Decimal("-0.00"), 2, "0"),
        (-0.001, 2, "0"),
        (Decimal("-5.25"), 2, "−5,25"),
        (66.66666, 1, "66,7"),
        (66.66666, 2, "66,67"),
        (0.1 + 0.2, 2, "0,3"),
        (12, 2, "12"),
        (Decimal("1.500"), None, "1,5"),
        (None, 2, ""),
        ("", 2, ""),
        ("không phải số", 2, "không phải số"),
    ],
)
def test_numbers_are_written_one_way(value, places, text):
    assert format_number(value, places) == text


@pytest.mark.parametrize(
    "typed,value",
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),  # a single dot that groups nothing is a decimal point (a phone keypad, habit)
        ("40.00", Decimal("40")),
        ("1.500", Decimal("1500")),  # Vietnamese: one thousand five hundred
        ("12.345.678", Decimal("12345678")),
        (" 1 234,5 ", Decimal("1234.5")),
        ("−3", Decimal("-3")),
        ("+3", Decimal("3")),
        (",5", Decimal("0.5")),
        ("100", Decimal("100")),
    ],
)
def test_numbers_are_read_the_vietnamese_way(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "1.2.3", "12.34,5", "1,2.3", "-", "1e5", "½"])
def test_what_is_not_a_number_is_not_read_as_one(typed):
    assert parse_number(typed) is None


class PointsForm(forms.Form):
    points = forms.DecimalField(max_digits=8, decimal_places=2, widget=DecimalInput(attrs={"min": "0", "max": "9"}))


def test_a_number_field_is_a_text_field_on_a_decimal_keypad_showing_the_one_format():
    html = str(PointsForm(initial={"points": Decimal("1234.50")})["points"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="1.234,5"' in html
    assert "max=" not in html and "min=" not in html  # attributes of number inputs only


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_number_field_reads_what_was_typed_in_either_language(language):
    with translation.override(language):
        form = PointsForm({"points": "1.234,5"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["points"] == Decimal("1234.5")
        wrong = PointsForm({"points": "mười hai"})
        assert not wrong.is_valid()
        assert 'value="mười hai"' in str(wrong["points"])  # shown back as typed


def test_a_number_that_fails_another_check_is_shown_back_as_typed_not_rounded():
    form = PointsForm({"points": "1,234"})
    assert not form.is_valid()  # three decimals
    assert 'value="1,234"' in str(form["points"])


# --- Dates -------------------------------------------------------------------------------------------
class DayForm(forms.Form):
    day = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_field_shows_and_reads_day_month_year_in_either_language(language):
    with translation.override(language):
        html = str(DayForm(initial={"day": datetime.date(2024, 3, 5)})["day"])
        assert 'type="text"' in html and 'value="05/03/2024"' in html and 'inputmode="numeric"' in html
        assert 'pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"' in html
        form = DayForm({"day": "05/03/2024"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2024, 3, 5)  # the 5th of March, never the 3rd of May
        assert DayForm({"day": "2024-03-05"}).is_valid()  # ISO dates still read


def test_the_campaign_form_in_english_saves_the_date_as_typed_day_first(client, login):
    login(ReviewerFactory())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("campaigns:create")).content.decode()
    assert re.search(r'<input type="text" name="start_date"[^>]*placeholder="dd/mm/yyyy"', page)
    response = client.post(
        reverse("campaigns:create"),
        {"title": "Phong trào thi đua", "authority": "prime_minister", "kind": "regular", "start_date": "05/03/2024"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from emulation.models import Campaign

    campaign = Campaign.objects.get(title="Phong trào thi đua")
    assert campaign.start_date == datetime.date(2024, 3, 5)
    assert "05/03/2024" in client.get(campaign.get_absolute_url()).content.decode()


def test_dates_of_django_itself_are_day_month_year_in_both_languages():
    from django.utils import formats

    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(datetime.date(2024, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2024"
            assert formats.number_format(Decimal("1234.5"), 1, force_grouping=True) == "1.234,5"


# --- Pages and documents ------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_pledge_shows_its_targets_and_points_in_the_one_format(client, login, language):
    group, units = make_group_year(year=2023, size=3)
    items = [
        {
            "title": "Trồng cây",
            "body": "Trồng cây xanh.",
            "targets": [
                {"indicator": "Số cây", "unit_of_measure": "cây", "target_value": "1500"},
                {"indicator": "Tỷ lệ sống", "unit_of_measure": "%", "target_value": "92.5"},
            ],
        }
    ]
    criteria = [{"section": "I", "code": "1.1", "title": "Trồng cây", "max_points": Decimal("100.00")}]
    pledge = make_pledge(group, 2023, items=items, criteria=criteria)
    login(staff_of(units[0]))
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert ">1.500<" in page and ">92,5<" in page
    assert 'data-testid="total-points">100<' in page
    assert "100,00" not in page and "1500.00" not in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_ranking_chart_keeps_its_coordinates_in_svg_notation_and_shows_vietnamese_numbers(client, login, language):
    """Issue 14, item 9: the chart was blank in Vietnamese (`width="470,0"`); every coordinate must parse."""
    from emulation.services.scoring import scoring_close

    scoring_round, units = make_scoring_round(year=2023)
    score_unit(scoring_round, units[0], {"1.1": 40, "1.2": 30, "2.1": 30})
    score_unit(scoring_round, units[1], {"1.1": Decimal("30.5"), "1.2": 25, "2.1": 20})
    score_unit(scoring_round, units[2], {"1.1": Decimal("12.25"), "1.2": 7, "2.1": 3})
    scoring_close(actor=staff_of(units[0]), scoring_round=scoring_round)
    login(staff_of(units[0]))
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("yearend:ranking", args=[scoring_round.pledge.group.pk, 2023])).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    coordinates = re.findall(r'\s(?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"', svg)
    assert len(coordinates) > 12
    assert all(re.fullmatch(r"-?[0-9]+(\.[0-9]+)?%?", value) for value in coordinates), coordinates
    widths = [float(w) for w in re.findall(r'<rect[^>]*\swidth="([^"]*)"', svg)]
    assert len(widths) == 3 and widths[0] > widths[1] > widths[2] > 0
    view_box = re.search(r'viewBox="([^"]*)"', svg).group(1).split()
    assert [float(v) for v in view_box][2:] == [760.0, float(view_box[3])]
    assert ">75,5</text>" in svg  # the total, written the Vietnamese way
    assert ">75,5<" in page.replace(svg, "")  # and in the table, not 75,50


def test_the_report_tables_use_the_one_format():
    from emulation.documents.tables import number

    assert number(Decimal("1234.50")) == "1.234,5"
    assert number(Decimal("-0.00")) == "0"
    assert number(None) == "—"
    assert number(7) == "7"


def test_the_eligibility_facts_write_shares_the_vietnamese_way():
    from awards.eligibility import Facts, council_vote

    verdict = council_vote(Facts(year=2023, council_members=3, council_votes_for=2), {"percent": 66.67})
    assert verdict.facts == "Cần ít nhất 66,67% tổng số thành viên Hội đồng đồng ý: 2/3 phiếu (66,7%)."


# --- English offered ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header,cookie,offer",
    [
        ("en-US,en;q=0.9", None, "en"),
        ("en-GB,vi;q=0.5", None, "en"),
        ("vi-VN,vi;q=0.9,en;q=0.8", None, None),
        ("fr-FR,en;q=0.5", None, "en"),
        ("fr-FR", None, None),
        ("", None, None),
        ("en-US", "vi", None),  # chosen with the switch: no more offers
        ("en-US", "en", None),
    ],
)
def test_a_browser_that_prefers_another_language_is_offered_it(header, cookie, offer):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    if cookie:
        request.COOKIES["django_language"] = cookie
    assert offered_language(request) == offer


def test_the_login_page_offers_english_in_english_and_stays_vietnamese(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    offer = page[page.index('data-testid="language-offer"') - 80 : page.index("</aside>")]
    assert 'lang="en"' in offer and "This page is also available in English." in offer
    assert "Switch to English" in offer and "Tiếp tục bằng tiếng Việt" in offer
    assert 'data-testid="language-offer"' not in client.get(reverse("login")).content.decode()  # vi browser


def test_a_signed_in_page_offers_english_until_a_language_is_chosen(client, login):
    login(UserFactory())
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US"}
    assert "Switch to English" in client.get(reverse("dashboard"), **english_browser).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": "/"}, **english_browser)
    page = client.get(reverse("dashboard"), **english_browser).content.decode()
    assert "Switch to English" not in page and '<html lang="vi">' in page


def test_the_page_cache_keeps_the_page_with_and_without_the_offer_apart():
    from config.pagecache import _key

    english, vietnamese = (RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=h) for h in ("en-US", "vi"))
    assert _key(english, "session", "1:2:") != _key(vietnamese, "session", "1:2:")


def test_the_language_buttons_say_their_language_and_which_is_on(client, login):
    login(StaffFactory())
    page = client.get(reverse("dashboard")).content.decode()
    switch = page[page.index('data-testid="language-switch"') : page.index("</form>", page.index("language-switch"))]
    assert re.search(r'value="vi"[^>]*lang="vi"[^>]*title="[^"]+"[^>]*aria-pressed="true">VI<', switch)
    assert re.search(r'value="en"[^>]*lang="en"[^>]*title="English"[^>]*aria-pressed="false">EN<', switch)


def test_campaign_dates_show_day_month_year_in_the_list_in_english(client, login):
    CampaignFactory(title="Phong trào A", start_date=datetime.date(2024, 3, 5))
    login(StaffFactory())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "05/03/2024" in client.get(reverse("campaigns:list")).content.decode()


# --- Numbers in markup (issue 14, item 9) ---------------------------------------------------------------------
#: Attributes whose value is a number (or numbers) whatever the language: SVG geometry, ranges, ARIA values.
NUMERIC_ATTRIBUTES = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "viewbox", "points",
    "min", "max", "step", "aria-valuenow", "aria-valuemin", "aria-valuemax", "font-size", "stroke-width",
}  # fmt: skip
DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")


class _NumbersInMarkup(HTMLParser):
    """Collects (tag, attribute, value) where a number is written with a decimal comma."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        numeric_value = tag in ("progress", "meter") or attrs.get("type") in ("number", "range")
        for name, value in attrs.items():
            if value is None:
                continue
            if name in NUMERIC_ATTRIBUTES or (name == "value" and numeric_value) or name.startswith("data-"):
                if DECIMAL_COMMA.search(value) and (name != "data-testid"):
                    self.found.append((tag, name, value))
            elif name == "style" and re.search(r"[0-9],[0-9]", value):
                self.found.append((tag, name, value))


def test_no_page_writes_a_number_in_markup_with_a_decimal_comma_in_either_language(client):
    """Every page of the URL conf, as its most typical role, in Vietnamese and in English: numbers in attributes
    (SVG geometry, progress bars, data-*, number inputs, inline widths) are locale-independent."""
    from tests.cross.pages import pages
    from tests.cross.test_authorization_matrix import build_world

    world = build_world(admin_username="quantri.numbers")
    checked, problems = 0, []
    for page in pages():
        role = page.roles[0]
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        for language in ("vi", "en"):
            client.cookies["django_language"] = language
            response = client.get(page.url(world))
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _NumbersInMarkup()
            parser.feed(response.content.decode())
            problems += [(page.label, language, *found) for found in parser.found]
            checked += 1
    assert checked > 50
    assert not problems, problems


@pytest.mark.parametrize(
    ("day", "month"),
    [
        (datetime.date(2024, 1, 9), "01"),
        (datetime.date(2024, 2, 1), "02"),
        (datetime.date(2023, 3, 30), "3"),
        (datetime.date(2024, 12, 5), "12"),
    ],
)
def test_a_documents_date_line_writes_months_one_and_two_with_a_zero_and_the_others_without(day, month):
    """Decree 30/2020, Appendix I: "ngày 05 tháng 02 năm 2024", "ngày 30 tháng 3 năm 2023"."""
    assert administrative_month(day) == month
