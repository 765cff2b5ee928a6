"""The one spreadsheet writer: columns and rows in, a formula-safe .xlsx out.

Renderers run no queries: the caller hands over rows its selector already fetched (a list or an
iterator over ``.iterator(chunk_size=…)``), and each column says how to read its cell from a row.
A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written as an inline string, never as a formula: names, notes and
addresses come from users and from the public tip form.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name

R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header and how to read its cell from a row."""

    header: str
    value: Callable[[R], Any]
    width: int | None = None


@dataclass
class Sheet(Generic[R]):
    """One sheet of a workbook. ``count`` holds the number of rows written, once written."""

    title: str
    columns: Sequence[Column[R]]
    rows: Iterable[R]
    count: int = 0


def cell_value(value: Any) -> Any:
    """What a cell holds: numbers stay numbers; dates read dd/mm/yyyy as everywhere in the UI."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return (
            f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
            if timezone.is_aware(value)
            else (f"{value:%d/%m/%Y %H:%M}")
        )
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _cell(sheet: Any, value: Any) -> Any:
    value = cell_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # an inline string: shown as typed, never evaluated
        return cell
    return value


def workbook_bytes(*sheets: Sheet[Any]) -> bytes:
    """The .xlsx file of ``sheets``, streamed row by row (write-only mode)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:SHEET_TITLE_MAX])
        for index, column in enumerate(spec.columns, start=1):
            if column.width:
                sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.append([_cell(sheet, column.header) for column in spec.columns])
        count = 0
        for count, row in enumerate(spec.rows, start=1):  # noqa: B007 (count is kept)
            sheet.append([_cell(sheet, column.value(row)) for column in spec.columns])
        spec.count = count
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    """An attachment download of an .xlsx file already written."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
