"""Hostile text at every text field of every form and through every document writer (issue 14, items 15-18).

The forms are found by walking the project's form modules, not listed: a new form is thrown the same payloads
the day it is written. Each text field, given each payload, either answers a Vietnamese error or keeps the text
composed (NFC), without control characters and within its limit; nothing raises. The documents are built from
stored rows holding the payloads (as rows written before the input policy may): every DOCX, XLSX and PDF builds,
reads back with the text, and no workbook holds a formula.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import io
import pkgutil
import re
import subprocess
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.conf import settings
from docx import Document
from openpyxl import load_workbook

from awards.documents import ratings as rating_documents
from awards.documents import records as record_documents
from awards.models import AwardRecord, Proposal
from clusters import writers
from clusters.text import CONTROL_CHARACTERS, printable
from clusters.web import TextPolicyMixin
from emulation.documents import excel, pdf, word
from emulation.documents.tables import group_tables
from emulation.models import CriterionScore, PledgeTarget
from emulation.selectors.reports import group_summary, rollup_summary
from tests.factories import (
    AdminFactory,
    AwardRecordFactory,
    PersonFactory,
    ProposalFactory,
    make_scoring_round,
    score_unit,
)

pytestmark = pytest.mark.django_db

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hường, Đắk Lắk")
PAYLOADS = {
    "control characters": "Báo\x01 cáo\x0b năm\x1f 2023\x7f",
    "combining marks (NFD)": NFD_NAME,
    "formula": "=1+1",
    "formula with a function": "@SUM(A1:A9)",
    "command": "+cmd|' /C calc'!A0",
    "minus formula": "-2+3",
    "hyperlink formula": '=HYPERLINK("http://x.vn","Bấm")',
    "100k characters": "Thành tích " * 10_000,
    "right-to-left marks": "\u202eTỉnh Lạng Sơn\u202c \u200f",
    "HTML": '<script>alert("xss")</script><img src=x onerror=alert(1)>',
}
#: Any Vietnamese letter with a diacritic: an error in Vietnamese has some (an English one has none).
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
PROJECT = Path(settings.BASE_DIR)
APPS = ("clusters", "awards", "emulation", "config")


# --- The forms ------------------------------------------------------------------------------------------------
def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the project defines, found by importing every module of its apps' form packages."""
    import clusters.web  # noqa: F401  the shared search box

    for app in APPS:
        package_path = PROJECT / app / "forms"
        if package_path.is_dir():
            for module in pkgutil.iter_modules([str(package_path)]):
                importlib.import_module(f"{app}.forms.{module.name}")
        elif (PROJECT / app / "forms.py").exists():
            importlib.import_module(f"{app}.forms")
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            module = subclass.__module__
            model = getattr(getattr(subclass, "_meta", None), "model", None)
            is_abstract = issubclass(subclass, forms.BaseModelForm) and model is None
            if module.split(".")[0] in APPS and ".admin" not in module and not is_abstract:
                found.add(subclass)  # the admin's forms: test_every_form_of_the_django_admin_has_the_text_policy_too
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _form_classes()


def test_the_walk_finds_the_forms_of_every_app():
    modules = {form.__module__.split(".")[0] for form in FORMS}
    assert modules >= {"clusters", "awards", "emulation"} and len(FORMS) >= 30


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_form_has_the_text_policy(form_class):
    assert issubclass(form_class, TextPolicyMixin), (
        f"{form_class.__qualname__} must inherit clusters.web.TextPolicyMixin (or CrispyMixin, SearchForm)"
    )


def test_every_form_of_the_django_admin_has_the_text_policy_too():
    from django.contrib import admin

    forms_of_the_admin = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        forms_of_the_admin[model._meta.label] = model_admin.form
        if hasattr(model_admin, "add_form"):
            forms_of_the_admin[f"{model._meta.label} (add)"] = model_admin.add_form
        for inline in model_admin.inlines:
            forms_of_the_admin[f"{model._meta.label} inline {inline.model._meta.label}"] = inline.form
    assert len(forms_of_the_admin) >= 15
    assert [name for name, form in forms_of_the_admin.items() if not issubclass(form, TextPolicyMixin)] == []


def test_the_admin_refuses_control_characters_in_a_units_name(login):
    from django.urls import reverse

    client = login(AdminFactory())
    response = client.post(reverse("admin:clusters_unit_add"), {"kind": "province", "name": "Tỉnh\x01 Mới"})
    assert response.status_code == 200
    assert "Văn bản chứa ký tự điều khiển không hiển thị được" in response.content.decode()
    from django.contrib import admin

    for model in admin.site._registry:
        if model._meta.app_label in APPS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            assert client.get(url).status_code in (200, 403), url  # 403: read-only in the admin


@pytest.fixture
def world():
    """Objects every form's constructor may ask for, by the name of its keyword argument."""
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], {"1.1": 30}, submit=False)
    pledge = scoring_round.pledge
    person = PersonFactory(unit=units[1])
    person.level, person.rating_note = "", ""  # as the ratings page's selector annotates them
    ProposalFactory(proposing_unit=units[1], nominee_person=person)
    admin = AdminFactory()
    return {
        "user": admin,
        "actor": admin,
        "unit": units[1],
        "units": units[1].__class__.objects.all(),
        "candidates": units[1].__class__.objects.all(),
        "boards": units[1].__class__.objects.all(),
        "proposals": Proposal.objects.all(),
        "people": [person],
        "year": 2023,
        "pledge": pledge,
        "criteria": list(pledge.criteria.all()),
        "rows": list(pledge.criteria.all()),  # the bonus and penalty form's rows
        "targets": list(PledgeTarget.objects.filter(item__pledge=pledge)),
        "results": {},
        "questions": [],
        "score_rows": list(CriterionScore.objects.filter(assessment=assessment).select_related("criterion")),
        # the review steps' forms (issue 18 item 2): the board, its specialists, the rules to conclude on
        "board": units[1],
        "specialists": admin.__class__.objects.all(),
        "rules": [{"check": "ratings", "description": "Hai năm liền hoàn thành xuất sắc nhiệm vụ", "status": "failed"}],
    }


def _arguments(form_class, world) -> dict:
    """The keyword arguments of `form_class`'s constructor, from the world (scores: a dict of a criterion's
    score for a self-scoring sheet, the list of scores for a verification)."""
    arguments = {}
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass) or klass.__module__.split(".")[0] not in APPS:
            continue
        parameters = inspect.signature(klass.__init__).parameters
        for name, parameter in parameters.items():
            if parameter.kind != parameter.KEYWORD_ONLY or name in arguments:
                continue
            if name not in world and name != "scores" and parameter.default is not parameter.empty:
                continue  # optional (e.g. the account form's instance): its default
            if name == "scores":
                arguments[name] = {} if "criteria" in parameters else world["score_rows"]
            else:
                arguments[name] = world[name]
    return arguments


def _text_fields(form) -> dict[str, forms.CharField]:
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
    }


def test_every_text_field_of_every_form_refuses_in_vietnamese_or_keeps_the_text_composed_and_inert(world):
    problems, checked = [], 0
    for form_class in FORMS:
        arguments = _arguments(form_class, world)
        blank = form_class(**arguments)
        for name, field in _text_fields(blank).items():
            assert field.max_length, f"{form_class.__qualname__}.{name} has no maximum length"
            for label, payload in PAYLOADS.items():
                form = form_class(data={name: payload}, **arguments)
                form.is_valid()  # never raises
                checked += 1
                where = f"{form_class.__qualname__}.{name} given {label}"
                if name in form.errors:
                    english = [m for m in form.errors[name] if not VIETNAMESE.search(m)]
                    if english:
                        problems.append(f"{where}: an error not in Vietnamese {english}")
                    continue
                kept = form.cleaned_data.get(name, "")
                if not isinstance(kept, str):
                    continue
                if kept != unicodedata.normalize("NFC", kept) or CONTROL_CHARACTERS.search(kept):
                    problems.append(f"{where}: kept {kept[:40]!r}")
                if len(kept) > field.max_length:
                    problems.append(f"{where}: kept {len(kept)} characters over its limit {field.max_length}")
                if label == "control characters":
                    problems.append(f"{where}: control characters accepted")
    assert checked > 300
    assert not problems, "\n".join(problems)


# --- The documents --------------------------------------------------------------------------------------------
def test_no_module_but_the_writers_builds_a_workbook_a_word_document_or_a_pdf():
    """The one writer per format: anything else building a document would skip its inert, printable text."""
    pattern = re.compile(r"\bWorkbook\(|\bfrom docx import Document\b|\bDocument\(\)|\bweasyprint\b|write_pdf\(")
    offenders = [
        str(path.relative_to(PROJECT))
        for app in APPS
        for path in (PROJECT / app).rglob("*.py")
        if path.name != "writers.py" and "migrations" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


def _workbook_cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert(cells, payloads):
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a workbook holds a formula"
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for payload in payloads:
        expected = printable(payload)[: writers.EXCEL_CELL_MAX]
        matches = [c for value, c in texts.items() if expected[:1000] in value]
        assert matches, f"{payload[:30]!r} is not in the workbook"
        assert all(c.data_type == "s" for c in matches)
        if expected.startswith(writers.FORMULA_PREFIXES):
            assert any(c.quotePrefix for c in matches)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF-")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


@pytest.fixture
def hostile_records():
    """One award record per payload, the payload as the person's name, position and the decision authority
    (stored directly, as rows written before the input policy or by a bulk load)."""
    records = []
    for label, payload in PAYLOADS.items():
        person = PersonFactory(full_name=payload[:150], position=payload[:150])
        records.append(
            AwardRecordFactory(
                nominee_person=person,
                decision_number="7/QĐ",
                decision_date=datetime.date(2024, 4, 20),
                decision_authority=payload[:255],
                note=f"{label}: {payload}"[:500],
            )
        )
    return AwardRecord.objects.filter(pk__in=[r.pk for r in records]).select_related(
        "award_type", "nominee_person__unit", "nominee_unit"
    )


def test_the_award_documents_build_and_read_back_with_the_text_inert(hostile_records, tmp_path):
    names = [p[:150] for p in PAYLOADS.values()]
    _assert_inert(_workbook_cells(record_documents.records_xlsx(hostile_records)), names)
    records = list(hostile_records)
    _assert_inert(_workbook_cells(record_documents.decision_list_xlsx(number="7/QĐ", records=records)), [])
    text = _docx_text(record_documents.decision_list_docx(number="7/QĐ", records=records))
    for name in names:
        assert printable(name) in text
    people = [SimpleNamespace(full_name=r.nominee_person.full_name, level="", rating_note=r.note) for r in records]
    _assert_inert(_workbook_cells(rating_documents.ratings_template_xlsx(people=people)), names)
    certificate = _pdf_text(record_documents.certificate_pdf(records[1]), tmp_path)  # the NFD name
    assert "Nguyễn Thị Hường" in certificate


def test_the_year_end_report_builds_in_every_format_with_hostile_names(tmp_path):
    scoring_round, units = make_scoring_round()
    group = scoring_round.group
    hostile = "=1+1\x01 " + NFD_NAME + " \u202e<b>x</b>\x0b"
    type(units[0]).objects.filter(pk=units[0].pk).update(name=hostile, short_name="@SUM(A1)")
    type(group).objects.filter(pk=group.pk).update(
        name="+cmd\x0c " + NFD_NAME, description=PAYLOADS["100k characters"][:5000]
    )
    group.refresh_from_db()
    summary = group_summary(group=group, year=2023)
    text = _docx_text(word.group_docx(summary))
    assert printable(hostile) in text and printable("+cmd\x0c " + NFD_NAME) in text
    _assert_inert(_workbook_cells(excel.workbook(group_tables(summary), title=hostile)), [hostile, "@SUM(A1)"])
    assert "Nguyễn Thị Hường" in _pdf_text(pdf.group_pdf(summary), tmp_path)
    rollup = rollup_summary(organizer=group.organizer, year=2023)
    assert printable("+cmd\x0c " + NFD_NAME) in _docx_text(word.rollup_docx(rollup))
    assert _pdf_text(pdf.rollup_pdf(rollup), tmp_path)


def test_the_pledge_pdf_builds_with_hostile_text(login, tmp_path):
    from django.urls import reverse

    from emulation.models import Pledge
    from tests.factories import make_group_year

    group, _units = make_group_year()  # named so before it signs: the pledge shows the group as named when signed
    type(group).objects.filter(pk=group.pk).update(name="=1+1\x01 " + NFD_NAME)
    group.refresh_from_db()
    scoring_round, units = make_scoring_round(group=group)
    pledge = scoring_round.pledge
    response = login(AdminFactory()).get(reverse("pledges:pdf", args=[pledge.pk]))
    assert response.status_code == 200
    assert "=1+1 NGUYỄN THỊ HƯỜNG" in _pdf_text(response.content, tmp_path).replace("\n", " ")
    assert Pledge.objects.filter(pk=pledge.pk).exists()
