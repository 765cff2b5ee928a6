"""Bounded reading of uploaded .xlsx files: zip bombs refused before parsing, long cells found."""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import Workbook

from khongmatuy.common import xlsx
from tests.workbooks import inflate_cell


def workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_normal_workbook_is_read() -> None:
    sheet = xlsx.read_first_sheet(io.BytesIO(workbook(["Tên", "Số"], ["An", 3])), name="a.xlsx")
    assert sheet.rows == [["Tên", "Số"], ["An", 3]]
    assert sheet.too_long == []


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    bomb = inflate_cell(workbook(["Tên"], ["BOMB"]), marker="BOMB", size=60 * 2**20)
    assert len(bomb) < 200 * 1024
    started = time.monotonic()
    with pytest.raises(xlsx.WorkbookRefused) as refused:
        xlsx.read_first_sheet(io.BytesIO(bomb), name="bom.xlsx")
    assert time.monotonic() - started < 2
    assert str(refused.value) == ("Tệp “bom.xlsx” khi giải nén lớn hơn 50 MB, vượt giới hạn nhập.")


def test_an_absurd_compression_ratio_is_refused_under_the_size_cap() -> None:
    bomb = inflate_cell(workbook(["Tên"], ["BOMB"]), marker="BOMB", size=5 * 2**20)
    with pytest.raises(xlsx.WorkbookRefused) as refused:
        xlsx.read_first_sheet(io.BytesIO(bomb), name="bom.xlsx")
    assert str(refused.value) == (
        "Tệp “bom.xlsx” bị nén bất thường (nén hơn 200 lần), không nhập được."
    )


def test_the_size_cap_comes_from_the_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_IMPORT_MAX_UNZIPPED_BYTES = 1024
    with pytest.raises(xlsx.WorkbookRefused) as refused:
        xlsx.check_archive(io.BytesIO(workbook(["Tên"])), name="nho.xlsx")
    assert str(refused.value) == (
        "Tệp “nho.xlsx” khi giải nén lớn hơn 0.000976562 MB, vượt giới hạn nhập."
    )


def test_long_cells_are_listed_by_row_and_column_and_emptied() -> None:
    data = workbook(["Tên", "Ghi chú"], ["An", "x" * 1000], ["Bình", "y" * 1001])
    sheet = xlsx.read_first_sheet(io.BytesIO(data), name="a.xlsx")
    assert sheet.too_long == [xlsx.LongCell(row=3, column=1, letter="B")]
    assert sheet.rows[2] == ["Bình", ""]
    assert sheet.rows[1][1] == "x" * 1000


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 broken", b"Ten,Loai\n"])
def test_a_file_that_is_no_workbook_is_refused(data: bytes) -> None:
    with pytest.raises(xlsx.WorkbookRefused) as refused:
        xlsx.read_first_sheet(io.BytesIO(data), name="a.xlsx")
    assert str(refused.value) == "Không đọc được tệp. Hãy dùng tệp mẫu .xlsx."
