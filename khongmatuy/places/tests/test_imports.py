"""Places bulk exchange: the .xlsx template, the import page (preview, then all or nothing), the
API import (row errors in the answer, nothing saved) and export (the template's columns, so an
exported file imports again). Every test opens a real .xlsx file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.places import imports, services
from khongmatuy.places.models import Place

TODAY = date(2026, 11, 23)
HOTSPOT = "Điểm, tụ điểm phức tạp về ma túy"
HARBOURING = "Điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"


def xlsx(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header or imports.COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "diem.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


GOOD = [
    [HOTSPOT, "Bãi đất trống sau chợ", "To 1", "Ngõ 5", "Tụ tập buổi tối", "15/03/2026",
     "20,8449", "106.6881"],
    [HARBOURING, "Phòng trọ số 9", "", "Số 9 ngõ Mẫu", "", "02/05/2026", None, None],
]  # fmt: skip


def test_every_bad_cell_is_named_by_row_and_column(world):
    rows, errors = imports.parse_places(
        upload(
            xlsx(
                [
                    ["", "Không loại", "", "", "", "01/01/2026", None, None],
                    [HOTSPOT, "", "Tổ không có", "", "", "31/02/2026", "abc", None],
                    [HOTSPOT, "Tương lai", "", "", "", "01/12/2026", "20,8", None],
                    *GOOD,
                ]
            )
        ),
        commune=world.ward_a,
        today=TODAY,
    )
    assert [str(e) for e in errors] == [
        "Dòng 2, cột “Loại”: Chọn loại điểm (không có mặc định).",
        "Dòng 3, cột “Tên, mô tả ngắn”: Nhập tên hoặc mô tả ngắn của điểm.",
        "Dòng 3, cột “Tổ dân phố, thôn”: Không có tổ dân phố, thôn “Tổ không có” trong "
        "Phường Gia Viên.",
        "Dòng 3, cột “Ngày phát hiện”: Ngày không hợp lệ (dùng dd/mm/yyyy).",
        "Dòng 3, cột “Vĩ độ”: Không phải là số (ví dụ 20,8449).",
        "Dòng 4, cột “Ngày phát hiện”: Ngày phát hiện không được sau hôm nay.",
        "Dòng 4, cột “Kinh độ”: Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai.",
    ]
    assert [r.row for r in rows] == [5, 6]
    assert rows[0].area_id == world.group_a1.pk  # "To 1" names "Tổ dân phố số 1"
    assert rows[0].latitude == Decimal("20.8449")  # a decimal comma or point
    assert rows[1].area_id == world.ward_a.pk  # blank group: the commune itself


def test_template_header_and_foreign_file_refused(world):
    book = load_workbook(io.BytesIO(imports.template_workbook()))
    assert [c.value for c in book.worksheets[0][1]] == list(imports.COLUMNS)
    _rows, errors = imports.parse_places(
        upload(xlsx(GOOD, header=["Họ tên", "Địa chỉ"])), commune=world.ward_a, today=TODAY
    )
    assert [str(e) for e in errors] == [
        "Dòng 1: Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và điền lại."
    ]


def test_service_refusal_keeps_nothing_and_names_the_row(world, officer_a):
    rows, errors = imports.parse_places(upload(xlsx(GOOD)), commune=world.ward_a, today=TODAY)
    assert not errors
    # The service's own day is earlier than the second row's discovery: refused there.
    with pytest.raises(DomainError) as refused:
        services.places_import(actor=officer_a, rows=rows, today=date(2026, 4, 1))
    assert refused.value.messages == [
        "Dòng 3, cột “Ngày phát hiện”: Ngày 02/05/2026 ở tương lai; hôm nay là 01/04/2026."
    ]
    assert not Place.objects.exists()


def test_page_previews_then_commits_all_rows(frozen, world, officer_a_client):
    url = reverse("places:import")
    preview = officer_a_client.post(url, {"commune": world.ward_a.pk, "file": upload(xlsx(GOOD))})
    assert preview.status_code == 200
    assert "Bãi đất trống sau chợ" in preview.content.decode()
    assert not Place.objects.exists()  # the preview saves nothing
    token = preview.context["token"]
    done = officer_a_client.post(url, {"token": token})
    assert done.status_code == 302
    assert sorted(Place.objects.values_list("name", flat=True)) == [
        "Bãi đất trống sau chợ",
        "Phòng trọ số 9",
    ]
    assert Place.objects.filter(status=Place.Status.DETECTED).count() == 2


def test_page_shows_row_errors_and_saves_nothing(frozen, world, officer_a_client):
    response = officer_a_client.post(
        reverse("places:import"),
        {"commune": world.ward_a.pk, "file": upload(xlsx([[HOTSPOT, "", "", "", "", "", None]]))},
    )
    body = response.content.decode()
    assert "Dòng 2, cột “Tên, mô tả ngắn”" in body
    assert "Dòng 2, cột “Ngày phát hiện”" in body
    assert not Place.objects.exists()


def test_api_import_all_or_nothing_with_row_errors(frozen, world, officer_a, officer_b):
    client = token_client(officer_a)
    bad = client.post(
        "/api/v1/places/import/",
        {"commune": world.ward_a.pk, "file": upload(xlsx([*GOOD, ["x", "Y", "", "", "", ""]]))},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {
            "row": 4,
            "column": "Loại",
            "message": f"Chỉ nhận: {HOTSPOT}, {HARBOURING}.",
        },
        {"row": 4, "column": "Ngày phát hiện", "message": "Nhập ngày phát hiện."},
    ]
    assert not Place.objects.exists()
    done = client.post(
        "/api/v1/places/import/",
        {"commune": world.ward_a.pk, "file": upload(xlsx(GOOD))},
        format="multipart",
    )
    assert done.status_code == 201, done.json()
    assert done.json()["created"] == 2
    for pk in done.json()["ids"]:
        assert AuditEvent.objects.filter(
            model="places.Place", object_id=str(pk), action="create", actor=officer_a
        ).exists()
    foreign = token_client(officer_b).post(
        "/api/v1/places/import/",
        {"commune": world.ward_a.pk, "file": upload(xlsx(GOOD))},
        format="multipart",
    )
    assert foreign.status_code == 400
    assert foreign.json()["errors"][0]["column"] == "commune"
    assert Place.objects.count() == 2


def test_api_export_imports_again(frozen, world, officer_a, officer_b, hotspot_a):
    services.place_create(
        actor=officer_a,
        area=world.ward_a,
        kind="harbouring",
        name="Phòng trọ Ví Dụ",
        discovered_on=date(2026, 5, 2),
        latitude="20.8449",
        longitude="106.6881",
    )
    response = token_client(officer_a).get("/api/v1/places/export/", {"area": world.ward_a.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert values[0] == list(imports.COLUMNS)
    assert AuditEvent.objects.filter(action="export", model="places.Place").exists()
    rows, errors = imports.parse_places(upload(response.content), commune=world.ward_a, today=TODAY)
    assert not errors
    assert sorted((r.name, r.area_id, r.latitude) for r in rows) == sorted(
        [
            (hotspot_a.name, world.group_a1.pk, None),
            ("Phòng trọ Ví Dụ", world.ward_a.pk, Decimal("20.844900")),
        ]
    )
    outsider = token_client(officer_b).get("/api/v1/places/export/")
    assert hotspot_a.name not in str(
        [list(r) for r in load_workbook(io.BytesIO(outsider.content)).worksheets[0].values]
    )
