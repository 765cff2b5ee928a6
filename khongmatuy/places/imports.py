"""Import of hotspots and harbouring places from .xlsx, and the same columns for the export.

The machinery is the registry imports': the file is read through ``common.xlsx`` (bounded
archive and cells), the cells through the area import's readers (dates dd/mm/yyyy), the
residential group named by a row is found among the chosen commune's groups by ``NameIndex``
(folded name, with or without its unit word), and every bad cell is reported with its row number
and column name (``RowError``) before anything is saved. The commit
(``services.places_import``) records every row through ``place_create`` in one transaction: all
or none. Each place starts "mới phát hiện"; its later steps go through the lifecycle.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from khongmatuy.areas.imports import INVALID, RowError, _as_date, _as_text, _is_blank
from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.rules.naming import NameIndex
from khongmatuy.common import xlsx
from khongmatuy.common.numbers import parse_decimal
from khongmatuy.common.text import fold

from .models import Place
from .services.checks import check_coordinates

COLUMNS = (
    "Loại",
    "Tên, mô tả ngắn",
    "Tổ dân phố, thôn",
    "Địa chỉ",
    "Mô tả",
    "Ngày phát hiện",
    "Vĩ độ",
    "Kinh độ",
)
KIND, NAME, GROUP, ADDRESS, DESCRIPTION, DISCOVERED, LATITUDE, LONGITUDE = COLUMNS
# The column of each field a service may name in a refusal.
COLUMN_OF = {
    "kind": KIND,
    "name": NAME,
    "area": GROUP,
    "address": ADDRESS,
    "description": DESCRIPTION,
    "discovered_on": DISCOVERED,
    "latitude": LATITUDE,
    "longitude": LONGITUDE,
}

__all__ = ["COLUMNS", "EXPORT_CELLS", "PlaceRow", "RowError", "parse_places", "template_workbook"]


@dataclass(frozen=True)
class PlaceRow:
    """One checked row: what ``place_create`` is called with. JSON-ready (``payload``) for the
    signed preview of the import page."""

    row: int
    area_id: int
    area_name: str
    kind: str
    name: str
    address: str
    description: str
    discovered_on: date
    latitude: Decimal | None
    longitude: Decimal | None

    @property
    def kind_label(self) -> str:
        return str(Place.Kind(self.kind).label)

    def payload(self) -> dict[str, Any]:
        data = asdict(self)
        data["discovered_on"] = self.discovered_on.isoformat()
        for key in ("latitude", "longitude"):
            data[key] = None if data[key] is None else str(data[key])
        return data

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> PlaceRow:
        values = dict(data)
        values["discovered_on"] = date.fromisoformat(values["discovered_on"])
        for key in ("latitude", "longitude"):
            values[key] = None if values[key] is None else Decimal(values[key])
        return cls(**values)


def _kinds() -> dict[str, str]:
    """Folded label (Vietnamese and the current language) and folded code → kind."""
    found: dict[str, str] = {}
    for value, label in Place.Kind.choices:
        with translation.override("vi"):
            found[fold(str(label))] = value
        found[fold(str(label))] = value
        found[fold(value)] = value
    return found


def _coordinate(value: Any) -> Decimal | object | None:
    """A coordinate from a number cell or a text cell written with a point or a comma."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, int | float):
        return Decimal(str(value))
    parsed = parse_decimal(str(value), grouping=False)
    return INVALID if parsed is None else parsed


def _header_ok(header: list[Any]) -> bool:
    cells = [fold(_as_text(c)) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    return cells == [fold(c) for c in COLUMNS]


def _row(
    index: int, cells: list[Any], *, commune: Area, groups: NameIndex, today: date
) -> tuple[PlaceRow | None, list[RowError]]:
    errors: list[RowError] = []
    kind_text, name = _as_text(cells[0]), _as_text(cells[1])
    group_text, address, description = (_as_text(c) for c in cells[2:5])
    kind = _kinds().get(fold(kind_text))
    if not kind_text:
        errors.append(RowError(index, KIND, _("Chọn loại điểm (không có mặc định).")))
    elif kind is None:
        labels = ", ".join(str(label) for _v, label in Place.Kind.choices)
        errors.append(RowError(index, KIND, _("Chỉ nhận: %(labels)s.") % {"labels": labels}))
    if not name:
        errors.append(RowError(index, NAME, _("Nhập tên hoặc mô tả ngắn của điểm.")))
    elif len(name) > 200:
        errors.append(RowError(index, NAME, _("Dài quá %(n)s ký tự.") % {"n": 200}))
    area: Area | None = commune
    if group_text:
        area = groups.find(group_text)
        if area is None:
            errors.append(
                RowError(
                    index,
                    GROUP,
                    _("Không có tổ dân phố, thôn “%(name)s” trong %(commune)s.")
                    % {"name": group_text, "commune": commune.display_name},
                )
            )
    if len(address) > 250:
        errors.append(RowError(index, ADDRESS, _("Dài quá %(n)s ký tự.") % {"n": 250}))
    discovered = _as_date(cells[5])
    if discovered is None:
        errors.append(RowError(index, DISCOVERED, _("Nhập ngày phát hiện.")))
    elif discovered is INVALID:
        errors.append(RowError(index, DISCOVERED, _("Ngày không hợp lệ (dùng dd/mm/yyyy).")))
    elif isinstance(discovered, date) and discovered > today:
        errors.append(RowError(index, DISCOVERED, _("Ngày phát hiện không được sau hôm nay.")))
    latitude, longitude = _coordinate(cells[6]), _coordinate(cells[7])
    for column, value in ((LATITUDE, latitude), (LONGITUDE, longitude)):
        if value is INVALID:
            errors.append(RowError(index, column, _("Không phải là số (ví dụ 20,8449).")))
    if latitude is not INVALID and longitude is not INVALID:
        try:
            latitude, longitude = check_coordinates(latitude, longitude)  # type: ignore[arg-type]
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors += [RowError(index, COLUMN_OF.get(field, ""), m) for m in messages]
    if errors or area is None or kind is None or not isinstance(discovered, date):
        return None, errors
    return (
        PlaceRow(
            row=index,
            area_id=area.pk,
            area_name=area.name,
            kind=kind,
            name=name,
            address=address,
            description=description,
            discovered_on=discovered,
            latitude=latitude,  # type: ignore[arg-type]
            longitude=longitude,  # type: ignore[arg-type]
        ),
        [],
    )


def parse_places(
    file: IO[bytes], *, commune: Area, today: date
) -> tuple[list[PlaceRow], list[RowError]]:
    """Read the sheet; return the places and every error, by row and column. Nothing is
    written. Groups are matched among ``commune``'s active groups; a blank group cell files the
    place under the commune itself."""
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
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if not all(_is_blank(c) for c in r)]
    if len(body) > settings.KMT_IMPORT_MAX_ROWS:
        limit = settings.KMT_IMPORT_MAX_ROWS
        return [], [RowError(1, "", _("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": limit})]
    if not body:
        return [], [RowError(2, "", _("Tệp không có dòng dữ liệu nào."))]
    groups = NameIndex(
        list(Area.objects.filter(commune=commune, level=Level.GROUP, is_active=True))
    )
    places: list[PlaceRow] = []
    errors: list[RowError] = []
    for index, raw in body:
        cells = [*list(raw), *([None] * len(COLUMNS))][: len(COLUMNS)]
        place, row_errors = _row(index, cells, commune=commune, groups=groups, today=today)
        errors.extend(row_errors)
        if place is not None:
            places.append(place)
    return places, errors


# One place in the template's columns, so an exported file imports elsewhere.
EXPORT_CELLS: dict[str, Callable[[Place], Any]] = {
    KIND: lambda p: str(Place.Kind(p.kind).label),
    NAME: lambda p: p.name,
    GROUP: lambda p: p.area.name if p.area.level == Level.GROUP else "",
    ADDRESS: lambda p: p.address,
    DESCRIPTION: lambda p: p.description,
    DISCOVERED: lambda p: f"{p.discovered_on:%d/%m/%Y}",
    LATITUDE: lambda p: "" if p.latitude is None else str(p.latitude),
    LONGITUDE: lambda p: "" if p.longitude is None else str(p.longitude),
}


def template_workbook() -> bytes:
    """The template to download: the header, two synthetic example rows, the kinds' list."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Diem, tu diem"
    sheet.append(list(COLUMNS))
    with translation.override("vi"):
        labels = [str(label) for _v, label in Place.Kind.choices]
    sheet.append(
        [labels[0], "Bãi đất trống Mẫu", "Tổ dân phố số 1", "Cuối ngõ 5 phố Mẫu",
         "Thường có người tụ tập buổi tối", "15/03/2026", "20,8449", "106,6881"]
    )  # fmt: skip
    sheet.append(
        [labels[1], "Phòng trọ Ví Dụ", "", "Số 9 ngõ Mẫu", "", "02/05/2026", None, None]
    )  # fmt: skip
    lists = book.create_sheet("Danh muc")
    lists.append([KIND])
    for label in labels:
        lists.append([label])
    kinds = DataValidation(
        type="list", formula1=f"'Danh muc'!$A$2:$A${len(labels) + 1}", allow_blank=False
    )
    sheet.add_data_validation(kinds)
    kinds.add("A2:A5001")
    for column, width in zip("ABCDEFGH", (44, 30, 22, 30, 36, 16, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    lists.column_dimensions["A"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
