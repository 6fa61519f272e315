"""Builders of the year-end summary report files: DOCX (python-docx), XLSX (openpyxl), PDF (WeasyPrint).

`tables` turns a summary into plain titled tables, so the three formats show the same figures.
"""
