"""The files of an official report: .docx (Decree 30/2020/NĐ-CP layout, from a template file an
office may restyle), the annex tables as .xlsx (the shared exporter), and PDF (LibreOffice)."""

from __future__ import annotations

from .content import Document, date_line, document_for
from .pdf import converter_available, docx_to_pdf
from .word import render_docx
from .workbook import render_xlsx

__all__ = [
    "Document",
    "converter_available",
    "date_line",
    "document_for",
    "docx_to_pdf",
    "render_docx",
    "render_xlsx",
]
