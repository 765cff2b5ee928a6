"""Reading an uploaded .xlsx with bounded work: every import goes through ``read_first_sheet``.

An .xlsx is a zip archive of XML files, and XML compresses extremely well: a 209 KB upload
that expands to one 200 MB cell held a request for 53.5 s. So before the workbook is parsed the
archive is opened with ``zipfile`` and every member is decompressed in chunks, counting bytes:
more than ``KMT_IMPORT_MAX_UNZIPPED_BYTES`` in all (the declared sizes are checked first, but
they can lie), or a member larger than 1 MB that expands more than ``MAX_RATIO`` times, refuses
the file before any XML is read. Then every text cell longer than ``MAX_CELL_CHARS`` is
reported by row and column instead of being handed to the import.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

MAX_CELL_CHARS = 1000
MAX_RATIO = 200  # real workbooks stay well under 100; a zip bomb is in the thousands
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may compress as well as they like
CHUNK_BYTES = 1024 * 1024


class WorkbookRefused(ValueError):
    """A Vietnamese message naming the file and the limit; the import shows it as its error."""


@dataclass(frozen=True)
class LongCell:
    row: int  # 1-based, as Excel numbers rows
    column: int  # 0-based index into the row
    letter: str  # Excel's column letter ("A")


@dataclass
class Sheet:
    rows: list[list[Any]] = field(default_factory=list)
    too_long: list[LongCell] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:g}"


def file_name(file: IO[bytes]) -> str:
    """The upload's name as sent (without any folder), for messages."""
    return str(getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]


def _unreadable() -> WorkbookRefused:
    return WorkbookRefused(_("Không đọc được tệp. Hãy dùng tệp mẫu .xlsx."))


def _odd_ratio(name: str) -> WorkbookRefused:
    return WorkbookRefused(
        _("Tệp “%(name)s” bị nén bất thường (nén hơn %(ratio)s lần), không nhập được.")
        % {"name": name, "ratio": MAX_RATIO}
    )


def _too_large(name: str, limit: int) -> WorkbookRefused:
    return WorkbookRefused(
        _("Tệp “%(name)s” khi giải nén lớn hơn %(mb)s MB, vượt giới hạn nhập.")
        % {"name": name, "mb": _megabytes(limit)}
    )


def check_archive(file: IO[bytes], *, name: str) -> None:
    """Refuse (``WorkbookRefused``) an archive that expands beyond the limits; read nothing else.

    Costs at most one pass of decompression up to the limit; the file is rewound afterwards.
    """
    limit: int = settings.KMT_IMPORT_MAX_UNZIPPED_BYTES
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > limit:
                raise _too_large(name, limit)
            total = 0
            for member in members:
                most = max(MAX_RATIO * member.compress_size, RATIO_FLOOR_BYTES)
                if member.file_size > most:
                    raise _odd_ratio(name)
                size = 0
                with archive.open(member) as stream:
                    while chunk := stream.read(CHUNK_BYTES):
                        size += len(chunk)
                        total += len(chunk)
                        if total > limit:
                            raise _too_large(name, limit)
                        if size > most:  # the declared size was a lie
                            raise _odd_ratio(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise _unreadable() from None
    finally:
        file.seek(0)


def read_first_sheet(file: IO[bytes], *, name: str) -> Sheet:
    """The first sheet's rows (row 1 first), after ``check_archive``.

    ``WorkbookRefused`` for an archive over the limits or a file that is not a workbook. Text
    cells longer than ``MAX_CELL_CHARS`` are listed in ``too_long`` and emptied in ``rows``.
    """
    check_archive(file, name=name)
    try:
        book = CalamineWorkbook.from_filelike(file)
        rows = [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    except Exception:  # calamine raises several exception types for a broken file
        raise _unreadable() from None
    sheet = Sheet(rows=rows)
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                sheet.too_long.append(LongCell(row_index, column, get_column_letter(column + 1)))
                row[column] = ""
    return sheet


def too_long_message() -> str:
    return _("Ô dài quá %(n)s ký tự.") % {"n": MAX_CELL_CHARS}
