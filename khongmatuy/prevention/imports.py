"""Household list import from .xlsx: every row parsed and checked before anything is saved.

The file is read through ``common.xlsx`` (bounded size and cells), the cells through the area
import's readers (numbers typed either way, dates dd/mm/yyyy); every bad cell is reported with
its row number and column name. The commit step runs ``services.households_import`` in one
transaction: all rows or none.
"""

from __future__ import annotations

import io
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from khongmatuy.areas.imports import INVALID, RowError, _as_date, _as_int, _as_text, _is_blank
from khongmatuy.common import xlsx
from khongmatuy.common.text import fold

from .services.households import MAX_MEMBERS, HouseholdSpec

COLUMNS = ("Họ tên chủ hộ", "Địa chỉ", "Số nhân khẩu", "Ngày ký cam kết", "Người ký")
HEAD, ADDRESS, MEMBERS, SIGNED_ON, SIGNED_BY = COLUMNS

__all__ = ["COLUMNS", "RowError", "parse_households", "template_workbook"]


def _header_ok(header: list[Any]) -> bool:
    cells = [fold(_as_text(c)) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    expected = [fold(c) for c in COLUMNS]
    return 1 <= len(cells) <= len(expected) and cells == expected[: len(cells)]


def _row(
    index: int, cells: list[Any], *, today: date
) -> tuple[HouseholdSpec | None, list[RowError]]:
    errors: list[RowError] = []
    head, address, signer = _as_text(cells[0]), _as_text(cells[1]), _as_text(cells[4])
    members, signed_on = _as_int(cells[2]), _as_date(cells[3])
    if not head:
        errors.append(RowError(index, HEAD, _("Họ tên chủ hộ không được để trống.")))
    elif len(head) > 150:
        errors.append(RowError(index, HEAD, _("Dài quá %(n)s ký tự.") % {"n": 150}))
    if len(address) > 250:
        errors.append(RowError(index, ADDRESS, _("Dài quá %(n)s ký tự.") % {"n": 250}))
    if members is INVALID or (isinstance(members, int) and not 0 < members <= MAX_MEMBERS):
        errors.append(
            RowError(index, MEMBERS, _("Số nhân khẩu từ 1 đến %(n)s.") % {"n": MAX_MEMBERS})
        )
    if signed_on is INVALID:
        errors.append(RowError(index, SIGNED_ON, _("Ngày không hợp lệ (dùng dd/mm/yyyy).")))
    elif isinstance(signed_on, date) and signed_on > today:
        errors.append(RowError(index, SIGNED_ON, _("Ngày ký không được sau hôm nay.")))
    if len(signer) > 150:
        errors.append(RowError(index, SIGNED_BY, _("Dài quá %(n)s ký tự.") % {"n": 150}))
    if errors:
        return None, errors
    return (
        HouseholdSpec(
            head_name=head,
            address=address,
            members=members if isinstance(members, int) else None,
            signed_on=signed_on if isinstance(signed_on, date) else None,
            signed_by=signer,
        ),
        [],
    )


def parse_households(file: IO[bytes], *, today: date) -> tuple[list[HouseholdSpec], list[RowError]]:
    """Read the sheet; return the households and every error. Nothing is written."""
    try:
        sheet = xlsx.read_first_sheet(file, name=xlsx.file_name(file))
    except xlsx.WorkbookRefused as exc:
        return [], [RowError(1, "", str(exc))]
    if sheet.too_long:
        return [], [
            RowError(
                cell.row,
                COLUMNS[cell.column] if cell.column < len(COLUMNS) else cell.letter,
                xlsx.too_long_message(),
            )
            for cell in sheet.too_long
        ]
    rows = sheet.rows
    if not rows or not _header_ok(list(rows[0])):
        return [], [RowError(1, "", _("Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và điền lại."))]
    body = [r for r in rows[1:] if not all(_is_blank(c) for c in r)]
    if len(body) > settings.KMT_IMPORT_MAX_ROWS:
        return [], [
            RowError(
                1,
                "",
                _("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": settings.KMT_IMPORT_MAX_ROWS},
            )
        ]
    specs: list[HouseholdSpec] = []
    errors: list[RowError] = []
    for index, raw in enumerate(rows[1:], start=2):
        cells = [*list(raw), None, None, None, None, None][:5]
        if all(_is_blank(c) for c in cells):
            continue
        spec, row_errors = _row(index, cells, today=today)
        errors.extend(row_errors)
        if spec is not None:
            specs.append(spec)
    if not specs and not errors:
        errors.append(RowError(2, "", _("Tệp không có dòng dữ liệu nào.")))
    return specs, errors


def template_workbook() -> bytes:
    """The template to download: the header row and two example rows (synthetic)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ho gia dinh"
    sheet.append(list(COLUMNS))
    sheet.append(["Nguyễn Văn Mẫu", "Số 3 ngõ 12", 4, "15/03/2026", "Nguyễn Văn Mẫu"])
    sheet.append(["Trần Thị Ví Dụ", "Số 8 ngõ 12", 2, None, None])
    for column, width in zip("ABCDE", (28, 30, 14, 18, 28), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
