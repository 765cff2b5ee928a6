"""Residential-group import from .xlsx: parse and validate every row before anything is saved.

The sheet's first row is the header (the template from ``group_template_workbook``). Every bad
cell is reported with its row number and column name in Vietnamese; the commit step then runs
``services.groups_create`` in one transaction, so the import is all or nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from khongmatuy.common.text import fold, normalize

from .models import KINDS_BY_LEVEL, Kind, Level
from .services import GroupSpec

COLUMNS = ("Tên tổ dân phố, thôn", "Loại", "Dân số", "Số hộ", "Số liệu tính đến ngày")
_KIND_BY_LABEL = {fold(str(Kind(k).label)): k for k in KINDS_BY_LEVEL[Level.GROUP]}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


def _as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(".", "").replace(",", "").replace(" ", "")
    return int(text) if text.isdigit() else -1


def _as_date(value: Any) -> date | None | str:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date, no time)
        except ValueError:
            continue
    return "invalid"


def parse_groups(file: IO[bytes]) -> tuple[list[GroupSpec], list[RowError]]:
    """Read the sheet; return the specs and every error. Nothing is written."""
    try:
        book = CalamineWorkbook.from_filelike(file)
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001  (calamine raises several types for a broken file)
        return [], [RowError(1, "", _("Không đọc được tệp. Hãy dùng tệp mẫu .xlsx."))]
    if not rows or [fold(str(c)) for c in rows[0][:2]] != [fold(c) for c in COLUMNS[:2]]:
        return [], [RowError(1, "", _("Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và điền lại."))]
    body = [r for r in rows[1:] if any(str(c).strip() for c in r)]
    if len(body) > settings.KMT_IMPORT_MAX_ROWS:
        return [], [RowError(1, "", _("Tệp có quá nhiều dòng (tối đa %(n)s).") % {
            "n": settings.KMT_IMPORT_MAX_ROWS})]
    specs: list[GroupSpec] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(rows[1:], start=2):
        cells = [*list(raw), "", "", "", "", ""][:5]
        if not any(str(c).strip() for c in cells):
            continue
        name = normalize(str(cells[0]))
        row_errors: list[RowError] = []
        if not name:
            row_errors.append(RowError(index, COLUMNS[0], _("Tên không được để trống.")))
        elif len(name) > 150:
            row_errors.append(RowError(index, COLUMNS[0], _("Tên dài quá 150 ký tự.")))
        elif fold(name) in seen:
            row_errors.append(RowError(index, COLUMNS[0], _("Trùng tên với dòng %(row)s.") % {
                "row": seen[fold(name)]}))
        else:
            seen[fold(name)] = index
        kind_label = fold(str(cells[1]))
        kind = _KIND_BY_LABEL.get(kind_label, Kind.RESIDENTIAL_GROUP if not kind_label else "")
        if not kind:
            row_errors.append(RowError(index, COLUMNS[1], _("Loại phải là một trong: %(kinds)s.") % {
                "kinds": ", ".join(str(Kind(k).label) for k in KINDS_BY_LEVEL[Level.GROUP])}))
        population, households = _as_int(cells[2]), _as_int(cells[3])
        as_of = _as_date(cells[4])
        if population == -1:
            row_errors.append(RowError(index, COLUMNS[2], _("Dân số phải là số nguyên không âm.")))
        if households == -1:
            row_errors.append(RowError(index, COLUMNS[3], _("Số hộ phải là số nguyên không âm.")))
        if as_of == "invalid":
            row_errors.append(RowError(index, COLUMNS[4], _("Ngày không hợp lệ (dùng dd/mm/yyyy).")))
        figures = (population, households, as_of)
        if not row_errors and any(v is not None for v in figures) and any(v is None for v in figures):
            row_errors.append(RowError(index, COLUMNS[2], _(
                "Nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba.")))
        if not row_errors and population is not None and households is not None \
                and households > population:
            row_errors.append(RowError(index, COLUMNS[3], _("Số hộ không thể lớn hơn dân số.")))
        if row_errors:
            errors.extend(row_errors)
            continue
        specs.append(GroupSpec(
            name=name,
            kind=kind,
            population=population,
            households=households,
            as_of=as_of if isinstance(as_of, date) else None,
        ))
    if not specs and not errors:
        errors.append(RowError(2, "", _("Tệp không có dòng dữ liệu nào.")))
    return specs, errors


def group_template_workbook() -> bytes:
    """The template to download: header row and two example rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "To dan pho"
    sheet.append(list(COLUMNS))
    sheet.append(["Tổ dân phố số 1", "Tổ dân phố", 412, 118, "01/01/2026"])
    sheet.append(["Thôn Đông", "Thôn", None, None, None])
    for column, width in zip("ABCDE", (28, 16, 12, 12, 22), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
