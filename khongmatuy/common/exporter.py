"""The one spreadsheet writer: columns and rows in, a formula-safe .xlsx out.

Renderers run no queries: the caller hands over rows its selector already fetched (a list or an
iterator over ``.iterator(chunk_size=…)``), and each column says how to read its cell from a row.
A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written as an inline string, never as a formula: names, notes and
addresses come from users and from the public tip form.

An export may be protected by a password the user types (``export_password``): the workbook is
then encrypted as Excel does it (ECMA-376 Agile Encryption, AES-256 with a SHA-512 key derivation,
by msoffcrypto-tool) and opens in Excel or LibreOffice only with that password. The password comes
from a POST body only, never from the URL, and is never stored or logged.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from .errors import DomainError, Errors, add_error, raise_if

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128

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


def encrypt_workbook(content: bytes, password: str) -> bytes:
    """The .xlsx ``content`` encrypted with ``password``: an OLE file Excel asks a password of."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt(password, out)
    return out.getvalue()


def xlsx_response(content: bytes, *, filename: str, password: str = "") -> HttpResponse:
    """An attachment download of an .xlsx file already written, encrypted when ``password``."""
    if password:
        content = encrypt_workbook(content, password)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def password_required(*, sensitive: bool) -> bool:
    """Whether an export must carry a password: one with sensitive columns, when configured."""
    return sensitive and bool(settings.KMT_EXPORT_PASSWORD_REQUIRED)


def export_password(request: HttpRequest, *, sensitive: bool) -> str:
    """The password typed for this export, ``""`` for none; read from a POST body only.

    ``DomainError`` keyed ``password`` when it is shorter than 8 or longer than 128 characters, or
    when none was typed for an export with sensitive columns while
    ``settings.KMT_EXPORT_PASSWORD_REQUIRED`` is on.
    """
    password = request.POST.get("password", "") if request.method == "POST" else ""
    errors: Errors = {}
    if password and not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        add_error(
            errors,
            "password",
            _("Mật khẩu tệp Excel phải dài từ %(min)s đến %(max)s ký tự.")
            % {"min": PASSWORD_MIN_LENGTH, "max": PASSWORD_MAX_LENGTH},
        )
    elif not password and password_required(sensitive=sensitive):
        add_error(
            errors,
            "password",
            _("Tệp có cột nhạy cảm: đặt mật khẩu cho tệp Excel (ít nhất %(min)s ký tự).")
            % {"min": PASSWORD_MIN_LENGTH},
        )
    raise_if(errors)
    return password


def export_refused(request: HttpRequest, error: DomainError, *, back: str) -> HttpResponse:
    """Back to the list the export was asked from, its filters kept, with the refusal shown."""
    for message in error.messages:
        messages.error(request, message)
    query = request.GET.urlencode()
    return redirect(f"{back}?{query}" if query else back)
