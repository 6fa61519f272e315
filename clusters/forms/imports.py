"""Forms of the organisation's Excel imports: the file to check (`clusters.imports.ExcelUploadForm`)."""

from __future__ import annotations

from ..imports import ExcelUploadForm


class ImportForm(ExcelUploadForm):
    """An Excel workbook of units, collectives, people or accounts to check before importing."""
