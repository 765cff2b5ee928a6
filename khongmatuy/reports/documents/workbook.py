"""The annex tables of a report as .xlsx, through the shared exporter."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from khongmatuy.common.exporter import Column, Sheet, workbook_bytes

from ..figures import Row
from .content import Document, cell, change


def render_xlsx(document: Document) -> bytes:
    if document.table_headers:
        return _text_workbook(document)
    rows = [row for _section, section_rows in document.figure_sections for row in section_rows]
    sheet: Sheet[Row] = Sheet(
        _("Phụ lục số liệu"),
        [
            Column(_("Nhóm"), lambda r: r.section, width=40),
            Column(_("Nội dung"), lambda r: r.label, width=55),
            Column(_("Đơn vị"), lambda r: r.unit, width=12),
            Column(_("Kỳ này"), lambda r: _number(r.value), width=14),
            Column(_("Cùng kỳ năm trước"), lambda r: _number(r.last_year), width=18),
            Column(_("Tăng (+), giảm (-)"), change, width=16),
        ],
        rows,
    )
    return workbook_bytes(sheet, *_more_sheets(document))


def _number(value: int | str | None) -> object:
    """Numbers stay numbers in the sheet; a figure not recorded reads "chưa ghi nhận"."""
    if value is None:
        return cell(None)
    if isinstance(value, str):
        from decimal import Decimal

        return Decimal(value)
    return value


def _text_workbook(document: Document) -> bytes:
    """The dossier's annex: the criteria, and the documents attached."""
    headers = document.table_headers
    criteria: Sheet[tuple[str, ...]] = Sheet(
        document.table_title.rstrip(":") or _("Kết quả từng tiêu chí"),
        [
            _text_column(header, i, wide=i in (0, len(headers) - 1))
            for i, header in enumerate(headers)
        ],
        document.table_rows,
    )
    attached: Sheet[tuple[int, str]] = Sheet(
        _("Tài liệu kèm theo"),
        [
            Column(_("STT"), lambda r: r[0], width=6),
            Column(_("Tài liệu"), lambda r: r[1], width=100),
        ],
        list(enumerate(document.evidence, 1)),
    )
    more = _more_sheets(document)
    if document.tables and not document.evidence:
        return workbook_bytes(criteria, *more)
    return workbook_bytes(criteria, *more, attached)


def _more_sheets(document: Document) -> list[Sheet[tuple[str, ...]]]:
    """A sheet per further table (the programme's indicators, a report's roadmaps)."""
    return [
        Sheet(
            re.sub(r"[\[\]:*?/\\]", "", title.rstrip(":")),  # a sheet name holds none of []:*?/\
            [_text_column(h, i, wide=i in (0, len(heads) - 1)) for i, h in enumerate(heads)],
            rows,
        )
        for title, heads, rows in document.tables
    ]


def _text_column(header: str, index: int, *, wide: bool) -> Column[tuple[str, ...]]:
    return Column(header, lambda r: r[index], width=50 if wide else 16)
