"""Residential-group import from .xlsx: parse and validate every row before anything is saved.

The file is read through ``common.xlsx`` (bounded size, bounded cell length). The sheet's first
row is the header (the template from ``group_template_workbook``). Every bad
cell is reported with its row number and column name in Vietnamese; the commit step then runs
``services.groups_create`` in one transaction, so the import is all or nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from khongmatuy.common import xlsx
from khongmatuy.common.text import fold, normalize

from .choices import KINDS_BY_LEVEL, Kind, Level
from .services import MAX_HOUSEHOLDS, MAX_POPULATION, NAME_MAX_LENGTH, GroupSpec

COLUMNS = ("Tên tổ dân phố, thôn", "Loại", "Dân số", "Số hộ", "Số liệu tính đến ngày")
NAME, KIND, POPULATION, HOUSEHOLDS, AS_OF = COLUMNS

# A whole number, optionally grouped in thousands with "." "," or a space ("1.250", "1 250").
_WHOLE = re.compile(r"\d+|\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")


class _Invalid:
    """A cell that could not be read as the column's type."""


INVALID = _Invalid()


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_int(value: Any) -> int | _Invalid | None:
    """A whole number from a number cell or a text cell; anything else is ``INVALID``."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):  # TRUE/FALSE cells
        return INVALID
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else INVALID
    text = str(value).strip()
    if not _WHOLE.fullmatch(text):
        return INVALID
    return int(re.sub(r"\D", "", text))


def _as_date(value: Any) -> date | _Invalid | None:
    if _is_blank(value):
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
    return INVALID


def _as_text(value: Any) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a name typed as a number ("5") comes back as 5.0
    return normalize(str(value))


def _kinds_by_label() -> dict[str, str]:
    """Group kinds by folded label (Vietnamese, the current language) and by code."""
    kinds: dict[str, str] = {}
    for kind in KINDS_BY_LEVEL[Level.GROUP]:
        with translation.override("vi"):
            kinds[fold(str(Kind(kind).label))] = kind
        kinds[fold(str(Kind(kind).label))] = kind
        kinds[fold(kind)] = kind
    return kinds


def _kind_labels() -> str:
    return ", ".join(str(Kind(k).label) for k in KINDS_BY_LEVEL[Level.GROUP])


def _header_ok(header: list[Any]) -> bool:
    """The template's columns in order; trailing figure columns may be left out."""
    cells = [fold(_as_text(c)) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    expected = [fold(c) for c in COLUMNS]
    return 2 <= len(cells) <= len(expected) and cells == expected[: len(cells)]


def parse_groups(
    file: IO[bytes], *, taken_names: Collection[str] = ()
) -> tuple[list[GroupSpec], list[RowError]]:
    """Read the sheet; return the specs and every error. Nothing is written.

    ``taken_names``: folded names already used in the commune, reported as duplicates here so
    the preview shows them with their row number.
    """
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
    kinds = _kinds_by_label()
    specs: list[GroupSpec] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(rows[1:], start=2):
        cells = [*list(raw), None, None, None, None, None][:5]
        if all(_is_blank(c) for c in cells):
            continue
        row_errors = _row_errors(index, cells, kinds=kinds, seen=seen, taken_names=taken_names)
        if row_errors:
            errors.extend(row_errors)
            continue
        population, households, as_of = _as_int(cells[2]), _as_int(cells[3]), _as_date(cells[4])
        specs.append(
            GroupSpec(
                name=_as_text(cells[0]),
                kind=kinds.get(fold(_as_text(cells[1])), Kind.RESIDENTIAL_GROUP),
                population=population if isinstance(population, int) else None,
                households=households if isinstance(households, int) else None,
                as_of=as_of if isinstance(as_of, date) else None,
            )
        )
    if not specs and not errors:
        errors.append(RowError(2, "", _("Tệp không có dòng dữ liệu nào.")))
    return specs, errors


def _row_errors(
    index: int,
    cells: list[Any],
    *,
    kinds: dict[str, str],
    seen: dict[str, int],
    taken_names: Collection[str],
) -> list[RowError]:
    """Every error of one row (``seen`` collects the row's name for the duplicate check)."""
    errors: list[RowError] = []
    name = _as_text(cells[0])
    key = fold(name)
    if not name:
        errors.append(RowError(index, NAME, _("Tên không được để trống.")))
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(RowError(index, NAME, _("Tên dài quá %(n)s ký tự.") % {"n": NAME_MAX_LENGTH}))
    elif key in seen:
        errors.append(RowError(index, NAME, _("Trùng tên với dòng %(row)s.") % {"row": seen[key]}))
    elif key in taken_names:
        errors.append(RowError(index, NAME, _("Xã, phường đã có tổ dân phố, thôn tên này.")))
    if name and key not in seen:
        seen[key] = index
    kind_label = fold(_as_text(cells[1]))
    if kind_label and kind_label not in kinds:
        errors.append(
            RowError(
                index, KIND, _("Loại phải là một trong: %(kinds)s.") % {"kinds": _kind_labels()}
            )
        )
    population, households, as_of = _as_int(cells[2]), _as_int(cells[3]), _as_date(cells[4])
    for column, value, maximum in (
        (POPULATION, population, MAX_POPULATION),
        (HOUSEHOLDS, households, MAX_HOUSEHOLDS),
    ):
        if isinstance(value, _Invalid) or (isinstance(value, int) and value < 0):
            errors.append(RowError(index, column, _("Phải là số nguyên không âm.")))
        elif isinstance(value, int) and value > maximum:
            errors.append(
                RowError(
                    index,
                    column,
                    _("Không được lớn hơn %(max)s.")
                    % {"max": number_format(maximum, force_grouping=True)},
                )
            )
    if isinstance(as_of, _Invalid):
        errors.append(RowError(index, AS_OF, _("Ngày không hợp lệ (dùng dd/mm/yyyy).")))
    if errors:
        return errors
    figures = {POPULATION: population, HOUSEHOLDS: households, AS_OF: as_of}
    missing = [column for column, value in figures.items() if value is None]
    if missing and len(missing) < len(figures):
        return [
            RowError(
                index,
                column,
                _("Nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba."),
            )
            for column in missing
        ]
    if isinstance(population, int) and isinstance(households, int) and households > population:
        return [RowError(index, HOUSEHOLDS, _("Số hộ không thể lớn hơn dân số."))]
    return []


def group_template_workbook() -> bytes:
    """The template to download: header row and two example rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổ dân phố"
    sheet.append(list(COLUMNS))
    sheet.append(["Tổ dân phố số 1", "Tổ dân phố", 412, 118, "01/01/2026"])
    sheet.append(["Thôn Đông", "Thôn", None, None, None])
    for column, width in zip("ABCDE", (28, 16, 12, 12, 22), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
