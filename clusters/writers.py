"""The one writer of each document format: XLSX (openpyxl), DOCX (python-docx), DOCX from a Word template
(docxtpl), PDF (WeasyPrint), QR codes (segno, as SVG for the pages and PDFs that print them).

Every document of every app is built through these functions (tests/cross/test_hostile_text.py checks that no
other module opens a workbook, a Word document or a PDF), so that what any user typed, or what was stored
before the input policy of `clusters.text`, is written inert and never breaks a document:

- every text goes through `clusters.text.printable` (NFC, without the characters XML cannot hold) at one point
  per format: `cell` for XLSX, `add_run` and `set_cell_text` for DOCX, `pdf` for the HTML WeasyPrint renders;
- in a workbook, text is always a text cell: "=1+1", "+cmd", "-2+3", "@SUM(A1)" are stored as strings with
  Excel's quote prefix, so no spreadsheet program evaluates them (formula injection); numbers and dates stay
  numbers and dates; a text longer than Excel's cell limit is cut, saying so.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import json
import os
import re
from decimal import Decimal
from importlib import metadata

from docx import Document
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .text import printable, truncated

__all__ = [
    "EXCEL_CELL_MAX",
    "FORMULA_PREFIXES",
    "TemplateError",
    "add_run",
    "docx_from_template",
    "docx_text",
    "append",
    "cell",
    "new_document",
    "new_workbook",
    "pdf",
    "qr_svg_data_uri",
    "save_document",
    "save_workbook",
    "set_cell_text",
    "set_title",
    "stored_pdf",
]

# --- XLSX ---------------------------------------------------------------------------------------------------
#: What makes a spreadsheet program read a typed cell as a formula (or a DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: The most characters an Excel cell holds.
EXCEL_CELL_MAX = 32_767
_KEPT = (bool, int, float, Decimal, datetime.date, datetime.time)


def new_workbook(*, write_only: bool = False) -> Workbook:
    """An empty workbook; write-only mode keeps memory flat for a large export (its sheets are appended to)."""
    return Workbook(write_only=write_only)


def cell(sheet, value, *, font=None, alignment=None):
    """A cell of `sheet` holding `value`: numbers, dates and None as they are, anything else as text (never a
    formula). Append it with `append` (or `sheet.append`)."""
    result = WriteOnlyCell(sheet)
    if value is None or isinstance(value, _KEPT):
        result.value = value
    else:
        text = truncated(printable(value), EXCEL_CELL_MAX)
        result.value = text
        result.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
        if text.startswith(FORMULA_PREFIXES):
            result.quotePrefix = True  # and Excel shows it as typed, without evaluating it when edited
    if font is not None:
        result.font = font
    if alignment is not None:
        result.alignment = alignment
    return result


def append(sheet, values, *, font=None, alignment=None) -> None:
    """One row of `values` at the end of `sheet`, each through `cell`; an unstyled row's plain values (numbers,
    dates, text that cannot read as a formula) as they are: a write-only sheet then writes them through one cell
    object a row instead of one each (a third of a 15,000-cell workbook's time, issue 16)."""
    if font is None and alignment is None:
        sheet.append([_plain(sheet, value) for value in values])
    else:
        sheet.append([cell(sheet, value, font=font, alignment=alignment) for value in values])


def _plain(sheet, value):
    if value is None or isinstance(value, _KEPT):
        return value
    text = truncated(printable(value), EXCEL_CELL_MAX)
    return cell(sheet, text) if text.startswith(FORMULA_PREFIXES) else text


def set_title(workbook: Workbook, title) -> None:
    """The workbook's title (its document properties)."""
    workbook.properties.title = printable(title)


def save_workbook(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- DOCX ---------------------------------------------------------------------------------------------------
def new_document():
    """An empty Word document (python-docx's default template)."""
    return Document()


def add_run(paragraph, text):
    """A run of `text` at the end of `paragraph`; returns it for its formatting."""
    return paragraph.add_run(printable(text))


def set_cell_text(table_cell, text) -> None:
    """The text of a table cell, replacing what it held."""
    table_cell.text = printable(text)


def save_document(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- DOCX from a Word template (docxtpl) ----------------------------------------------------------------------
class TemplateError(ValueError):
    """A Word template that cannot be filled: a placeholder without a value (`name`), or broken tags. Nothing
    was generated."""

    def __init__(self, message: str, *, name: str = ""):
        super().__init__(message)
        self.name = name


_UNDEFINED = re.compile(r"'(?:[^']*object' has no attribute '|)([^']+)'(?: is undefined)?")
_RAW_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%")


def _printable_tree(value):
    """The context with every text through `printable` (lists, tuples and dicts walked)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _printable_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_tree(item) for item in value]
    return value


def _strings(value) -> set[str]:
    if isinstance(value, str):
        return {printable(value)} if ("{" in value) else set()
    if isinstance(value, dict):
        return set().union(*(_strings(item) for item in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_strings(item) for item in value)) if value else set()
    return set()


def docx_text(content: bytes) -> str:
    """Every text of a Word document: paragraphs, tables (nested too), headers and footers."""
    document = Document(io.BytesIO(content))
    parts: list[str] = []

    def walk(container) -> None:
        parts.extend(paragraph.text for paragraph in container.paragraphs)
        for table in container.tables:
            for row in table.rows:
                for table_cell in row.cells:
                    walk(table_cell)

    walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            walk(part)
    return "\n".join(parts)


def docx_from_template(template: bytes, context: dict) -> bytes:
    """The Word document `template` (a .docx with Jinja2 tags, docxtpl) filled with `context`, every text
    through `printable` and XML-escaped (autoescape). The template runs in Jinja2's sandbox (a board uploads it)
    with StrictUndefined: a placeholder without a value raises `TemplateError` naming it, and an output that
    still holds a raw tag ("{{", "{%") is refused too: nothing is ever generated with a placeholder left."""
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined, UndefinedError
    from jinja2 import TemplateError as JinjaError
    from jinja2.sandbox import SandboxedEnvironment

    try:
        document = DocxTemplate(io.BytesIO(template))
        environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
        document.render(_printable_tree(context), jinja_env=environment, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except UndefinedError as error:
        match = _UNDEFINED.search(str(error))
        name = match.group(1) if match else str(error)
        raise TemplateError(f"undefined: {name}", name=name) from None
    except JinjaError as error:
        raise TemplateError(f"broken: {error}") from None
    except (KeyError, ValueError, OSError) as error:  # not a Word document docxtpl can open
        raise TemplateError(f"unreadable: {error}") from None
    content = buffer.getvalue()
    text = docx_text(content)
    for value in sorted(_strings(context), key=len, reverse=True):  # what users typed may hold "{{": not a tag
        text = text.replace(value, "")
    left = _RAW_TAG.search(text)
    if left:
        raise TemplateError(f"raw tag left: {left.group(0)}", name=left.group(0))
    return content


# --- PDF ----------------------------------------------------------------------------------------------------
def preload() -> None:
    """Import WeasyPrint and render a one-line page, so that its libraries (Pango, fontconfig) and the fonts are
    loaded: done once when a Celery worker process starts (config/celery.py), not in the first report's time
    (seconds on a busy machine)."""
    pdf("<p>Thi đua</p>")


def pdf(
    html: str,
    *,
    base_url: str | None = None,
    stylesheet_files: tuple[str, ...] = (),
    signed: bool = False,
    reason: str = "",
    location: str = "",
) -> bytes:
    """The PDF WeasyPrint renders from `html` (a page rendered by a template, its text already escaped), with
    the CSS of `stylesheet_files` added; `signed`: with the system's PAdES signature (clusters/signatures.py), for
    the documents the app issues."""
    from weasyprint import CSS, HTML  # here, not at the top: importing WeasyPrint takes ~0.7 s

    stylesheets = [CSS(filename=name) for name in stylesheet_files]
    document = HTML(string=printable(html), base_url=base_url).write_pdf(stylesheets=stylesheets)
    if signed:
        from .signatures import sign_pdf

        document = sign_pdf(document, reason=reason, location=location)
    return document


def stored_pdf(
    html: str,
    *,
    folder: str,
    base_url: str | None = None,
    stylesheet_files: tuple[str, ...] = (),
    signed: bool = False,
    reason: str = "",
    location: str = "",
) -> bytes:
    """The PDF `pdf` renders with these arguments, rendered (and signed) once and then read from the default
    storage, for the documents of record a page sends again and again (a sealed pledge, an issued decision).

    The file is named by the SHA-256 of everything that makes it (`_pdf_key`): the page's HTML, the base URL, the
    stylesheets' text, the signature's reason and place and the system's certificate, WeasyPrint's version. So
    what is sent is always the document of what the page prints now: an amendment, a new seal, a revocation,
    another language or a seal found broken print another page, hence another file. `folder` holds one object's
    files (`documents/pledges/12`); storing a new one removes the older ones. The caller checks permissions
    first: the storage is never served directly."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    key = _pdf_key(html, base_url, stylesheet_files, signed, reason, location)
    name = f"{folder}/{key}.pdf"
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        pass
    document = pdf(
        html, base_url=base_url, stylesheet_files=stylesheet_files, signed=signed, reason=reason, location=location
    )
    if not default_storage.exists(name):  # another worker may have stored it meanwhile: keep the first
        default_storage.save(name, ContentFile(document))
    try:
        _directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    for other in files:
        if other != f"{key}.pdf":
            default_storage.delete(f"{folder}/{other}")
    return document


#: Bumped when `stored_pdf` must render every stored document again (a change of how PDFs are made).
STORED_PDF_VERSION = 1


def _pdf_key(html, base_url, stylesheet_files, signed, reason, location) -> str:
    from django.conf import settings

    from .signatures import signing_configured

    material = {
        "version": STORED_PDF_VERSION,
        "weasyprint": _weasyprint_version(),
        "html": html,
        "base_url": base_url,
        "stylesheets": [_file_digest(name) for name in stylesheet_files],
        "signed": signed,
    }
    if signed:
        material |= {"reason": reason, "location": location}
        if signing_configured():
            material["certificate"] = _file_digest(settings.PADES_CERT_FILE)
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


@functools.cache
def _weasyprint_version() -> str:
    return metadata.version("weasyprint")


def _file_digest(name) -> str:
    with open(os.fspath(name), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


# --- QR codes -----------------------------------------------------------------------------------------------
def qr_svg_data_uri(text: str, *, scale: int = 3) -> str:
    """A QR code of `text` (a link) as an SVG `data:` URI, for an <img> of a page or a PDF (no file, no request)."""
    import segno

    return segno.make(str(text), error="m").svg_data_uri(scale=scale, border=1)
