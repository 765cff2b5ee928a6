"""The blank sheet offered for download, with its drop-down lists."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ..choices import Category, EpisodeKind, Sex

if TYPE_CHECKING:
    pass

from .columns import (
    CATEGORY,
    COLUMNS,
    EPISODE,
    SEX,
)

# --- the template --------------------------------------------------------------------------------


def person_template_workbook() -> bytes:
    """The template to download: header, two synthetic example rows, and the allowed values."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Người trong diện quản lý"
    sheet.append(list(COLUMNS))
    with translation.override("vi"):
        illegal_user = str(Category.ILLEGAL_USER.label)
        post_rehab = str(Category.POST_REHAB.label)
        addict = str(Category.ADDICT.label)
        episode = str(EpisodeKind.USER_MANAGEMENT.label)
        male, female = str(Sex.MALE.label), str(Sex.FEMALE.label)
        sheet.append(
            ["Nguyễn Văn Mẫu", "Tèo", male, "15/03/1995", "031095000001", "Tổ dân phố số 1",
             "Số 1 phố Mẫu", "Số 1 phố Mẫu", "0912000001", "Lao động tự do",
             f"{addict}; {post_rehab}", "01/02/2026", "Giấy chứng nhận hoàn thành cai nghiện",
             "", "", "", "", "", ""]
        )  # fmt: skip
        sheet.append(
            ["Trần Thị Ví Dụ", "", female, "20/10/2001", "", "", "", "Số 2 ngõ Mẫu",
             "", "", illegal_user, "10/05/2026", "Kết quả xét nghiệm dương tính", "Có",
             episode, "12/05/2026", "15/QĐ-UBND", "12/05/2026", "Chủ tịch UBND phường"]
        )  # fmt: skip
        for column in ("E",):
            for cell in sheet[column]:
                cell.number_format = "@"  # text: keep the leading zero of the CCCD
        lists = book.create_sheet("Danh muc")
        lists.append([CATEGORY, SEX, EPISODE])
        categories = [str(c.label) for c in Category]
        kinds = [str(k.label) for k in EpisodeKind]
        for i in range(max(len(categories), len(kinds))):
            lists.append(
                [
                    categories[i] if i < len(categories) else None,
                    (male, female)[i] if i < 2 else None,
                    kinds[i] if i < len(kinds) else None,
                ]
            )
    sex_list = DataValidation(type="list", formula1="'Danh muc'!$B$2:$B$3", allow_blank=False)
    sheet.add_data_validation(sex_list)
    sex_list.add("C2:C5001")
    for index, width in enumerate(
        (24, 14, 9, 12, 16, 20, 26, 26, 14, 16, 40, 14, 20, 10, 36, 14, 16, 14, 26), start=1
    ):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    lists.column_dimensions["A"].width = 60
    lists.column_dimensions["C"].width = 50
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
