"""The one writer per format (clusters/writers.py): user text is written inert and never breaks a document."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from clusters import writers


@pytest.fixture(params=[False, True], ids=["regular", "write-only"])
def _sheet(request):
    """A one-row workbook written by `writers.append` (in openpyxl's regular or write-only mode: the plain
    values of a write-only sheet go through one cell object a row), read back."""

    def written(values):
        book = writers.new_workbook(write_only=request.param)
        sheet = book.create_sheet("Thử") if request.param else book.active
        writers.append(sheet, values)
        return load_workbook(io.BytesIO(writers.save_workbook(book)))[sheet.title]

    return written


def test_text_that_a_spreadsheet_would_evaluate_is_stored_as_text_with_the_quote_prefix(_sheet):
    sheet = _sheet(["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "Hà Nội"])
    assert [c.value for c in sheet[1]] == ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "Hà Nội"]
    assert {c.data_type for c in sheet[1]} == {"s"}
    assert [c.quotePrefix for c in sheet[1]] == [True, True, True, True, True, False]


def test_numbers_and_dates_stay_numbers_and_dates(_sheet):
    sheet = _sheet([2023, 1.5, Decimal("2.25"), datetime.date(2024, 4, 20), None, True])
    assert [c.data_type for c in sheet[1]] == ["n", "n", "n", "d", "n", "b"]
    assert sheet["A1"].value == 2023 and sheet["D1"].value == datetime.datetime(2024, 4, 20)


def test_control_characters_are_dropped_decomposed_text_composed_and_a_text_too_long_for_a_cell_cut(_sheet):
    sheet = _sheet(["Nguyễn\x01 Văn\x0b An", "Nguye\u0302\u0303n", "x" * 40_000])
    assert sheet["A1"].value == "Nguyễn Văn An"
    assert sheet["B1"].value == "Nguyễn"
    assert len(sheet["C1"].value) == writers.EXCEL_CELL_MAX and sheet["C1"].value.endswith("[40000 ký tự]")


def test_a_word_document_takes_control_characters_without_failing():
    document = writers.new_document()
    writers.add_run(document.add_paragraph(), "Báo cáo\x01 năm\x0b 2023")
    table = document.add_table(rows=1, cols=1)
    writers.set_cell_text(table.rows[0].cells[0], "Ô\x1f 1")
    saved = Document(io.BytesIO(writers.save_document(document)))
    assert saved.paragraphs[0].text == "Báo cáo năm 2023"
    assert saved.tables[0].rows[0].cells[0].text == "Ô 1"


def test_a_pdf_is_built_from_a_page_with_control_characters():
    assert writers.pdf("<p>Giao ước\x01 thi đua\x0b</p>").startswith(b"%PDF-")


def test_a_celery_worker_process_loads_weasyprint_as_it_starts_not_in_its_first_report():
    import sys

    from celery.signals import worker_process_init

    from config.celery import preload_documents

    assert preload_documents in [receiver() for _key, receiver in worker_process_init.receivers]
    preload_documents()
    assert "weasyprint" in sys.modules


def test_a_stored_pdf_is_rendered_once_per_page_and_only_the_latest_is_kept(settings):
    from pathlib import Path

    folder = Path(settings.MEDIA_ROOT) / "documents/tests/1"

    first = writers.stored_pdf("<p>Phiên bản 1</p>", folder="documents/tests/1", signed=True, reason="Kiểm thử")
    again = writers.stored_pdf("<p>Phiên bản 1</p>", folder="documents/tests/1", signed=True, reason="Kiểm thử")
    assert first == again and [path.read_bytes() for path in folder.glob("*.pdf")] == [first]

    changed = writers.stored_pdf("<p>Phiên bản 2</p>", folder="documents/tests/1", signed=True, reason="Kiểm thử")
    assert changed != first and [path.read_bytes() for path in folder.glob("*.pdf")] == [changed]
    unsigned = writers.stored_pdf("<p>Phiên bản 2</p>", folder="documents/tests/1")
    assert unsigned not in (first, changed)
