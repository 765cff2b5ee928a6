"""Residential-group import from .xlsx: parsing, the preview/commit pages and the template."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khongmatuy.areas import imports
from khongmatuy.areas.imports import COLUMNS, parse_groups
from khongmatuy.areas.models import Area, AreaFigure, Kind
from khongmatuy.areas.services import GroupSpec
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.models import Job
from tests.workbooks import inflate_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(rows: list[list[object]], header: list[object] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS) if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(rows: list[list[object]], name: str = "to-dan-pho.xlsx", **kwargs) -> SimpleUploadedFile:  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, workbook_bytes(rows, **kwargs), content_type=XLSX)


def parse(rows: list[list[object]], **kwargs):  # type: ignore[no-untyped-def]
    header = kwargs.pop("header", None)
    return parse_groups(io.BytesIO(workbook_bytes(rows, header=header)), **kwargs)


def messages(errors) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e) for e in errors]


# --- parse_groups ---------------------------------------------------------------------------------


def test_parse_reads_names_kinds_figures_and_dates():
    specs, errors = parse(
        [
            ["Tổ dân phố số 1", "Tổ dân phố", 412, 118, "01/01/2026"],
            ["  Thôn   Đông ", "thon", None, None, None],
            ["Ấp 3", "ẤP", "1.250", "300", date(2025, 7, 1)],
            ["Bản Mới", "", 80.0, "20", "2026-01-15"],
            [5, "Khu phố", None, None, None],
        ]
    )
    assert errors == []
    assert specs == [
        GroupSpec("Tổ dân phố số 1", Kind.RESIDENTIAL_GROUP, 412, 118, date(2026, 1, 1)),
        GroupSpec("Thôn Đông", Kind.VILLAGE),
        GroupSpec("Ấp 3", Kind.HAMLET, 1250, 300, date(2025, 7, 1)),
        GroupSpec("Bản Mới", Kind.RESIDENTIAL_GROUP, 80, 20, date(2026, 1, 15)),
        GroupSpec("5", Kind.QUARTER),
    ]


def test_parse_skips_blank_rows_but_keeps_sheet_row_numbers():
    specs, errors = parse([["Tổ 1", "", None, None, None], [], [None, "  "], ["", "Thôn", "x"]])
    assert [s.name for s in specs] == ["Tổ 1"]
    assert messages(errors) == [
        "Dòng 5, cột “Tên tổ dân phố, thôn”: Tên không được để trống.",
        "Dòng 5, cột “Dân số”: Phải là số nguyên không âm.",
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["Tổ 1", "", "abc", 1, "01/01/2026"],
            ["Dòng 2, cột “Dân số”: Phải là số nguyên không âm."],
        ),
        (
            ["Tổ 1", "", 12.5, 1, "01/01/2026"],
            ["Dòng 2, cột “Dân số”: Phải là số nguyên không âm."],
        ),
        (
            ["Tổ 1", "", "12.5", 1, "01/01/2026"],
            ["Dòng 2, cột “Dân số”: Phải là số nguyên không âm."],
        ),
        (["Tổ 1", "", -3, 1, "01/01/2026"], ["Dòng 2, cột “Dân số”: Phải là số nguyên không âm."]),
        (
            ["Tổ 1", "", True, 1, "01/01/2026"],
            ["Dòng 2, cột “Dân số”: Phải là số nguyên không âm."],
        ),
        (
            ["Tổ 1", "", 10**20, 1, "01/01/2026"],
            ["Dòng 2, cột “Dân số”: Không được lớn hơn 50.000.000."],
        ),
        (
            ["Tổ 1", "", "9" * 400, 1, "01/01/2026"],
            ["Dòng 2, cột “Dân số”: Không được lớn hơn 50.000.000."],
        ),
        (
            ["Tổ 1", "", 10, 25_000_000, "01/01/2026"],
            ["Dòng 2, cột “Số hộ”: Không được lớn hơn 20.000.000."],
        ),
        (
            ["Tổ 1", "", 10, 1, "31/02/2026"],
            ["Dòng 2, cột “Số liệu tính đến ngày”: Ngày không hợp lệ (dùng dd/mm/yyyy)."],
        ),
        (
            ["Tổ 1", "", 10, 1, 46023],
            ["Dòng 2, cột “Số liệu tính đến ngày”: Ngày không hợp lệ (dùng dd/mm/yyyy)."],
        ),
        (
            ["Tổ 1", "Phường", None, None, None],
            ["Dòng 2, cột “Loại”: Loại phải là một trong: Tổ dân phố, Thôn, Ấp, Bản, Khu phố."],
        ),
        (
            ["Tổ 1", "", 10, 11, "01/01/2026"],
            ["Dòng 2, cột “Số hộ”: Số hộ không thể lớn hơn dân số."],
        ),
        (
            ["Tổ 1", "", 10, None, None],
            [
                "Dòng 2, cột “Số hộ”: Nhập đủ dân số, số hộ và ngày tính số liệu, "
                "hoặc để trống cả ba.",
                "Dòng 2, cột “Số liệu tính đến ngày”: Nhập đủ dân số, số hộ và ngày tính số liệu, "
                "hoặc để trống cả ba.",
            ],
        ),
        (
            ["x" * 151, "", None, None, None],
            ["Dòng 2, cột “Tên tổ dân phố, thôn”: Tên dài quá 150 ký tự."],
        ),
    ],
)
def test_parse_names_row_and_column_of_each_bad_cell(row, expected):
    specs, errors = parse([row])
    assert specs == []
    assert messages(errors) == expected


def test_parse_reports_duplicates_in_the_file_and_in_the_commune():
    specs, errors = parse(
        [["Tổ 1"], ["Tổ 2"], ["to 1"], ["TỔ DÂN PHỐ SỐ 1"]], taken_names={"to dan pho so 1"}
    )
    assert [s.name for s in specs] == ["Tổ 1", "Tổ 2"]
    assert messages(errors) == [
        "Dòng 4, cột “Tên tổ dân phố, thôn”: Trùng tên với dòng 2.",
        "Dòng 5, cột “Tên tổ dân phố, thôn”: Xã, phường đã có tổ dân phố, thôn tên này.",
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["Tên", "Loại"],
        ["Tên tổ dân phố, thôn", "Loại", "Số hộ", "Dân số"],  # figure columns swapped
        [],
    ],
)
def test_parse_refuses_a_header_that_is_not_the_template(header):
    specs, errors = parse([["Tổ 1", "Thôn", 10, 2, "01/01/2026"]], header=header)
    assert specs == []
    assert messages(errors) == ["Dòng 1: Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và điền lại."]


def test_parse_accepts_a_header_without_the_figure_columns():
    specs, errors = parse([["Tổ 1", "Thôn"]], header=["TÊN TỔ DÂN PHỐ, THÔN", "loại"])
    assert (specs, errors) == ([GroupSpec("Tổ 1", Kind.VILLAGE)], [])


def test_parse_refuses_a_file_that_is_not_a_workbook():
    specs, errors = parse_groups(io.BytesIO(b"Ten,Loai\nTo 1,Thon\n"))
    assert specs == []
    assert messages(errors) == ["Dòng 1: Không đọc được tệp. Hãy dùng tệp mẫu .xlsx."]


def test_parse_refuses_an_empty_sheet():
    _, errors = parse([])
    assert messages(errors) == ["Dòng 2: Tệp không có dòng dữ liệu nào."]


@override_settings(KMT_IMPORT_MAX_ROWS=3)
def test_parse_refuses_too_many_rows():
    specs, errors = parse([[f"Tổ {n}"] for n in range(4)])
    assert specs == []
    assert messages(errors) == ["Dòng 1: Tệp có quá nhiều dòng (tối đa 3)."]


def test_template_header_matches_the_columns_and_parses():
    book = load_workbook(io.BytesIO(imports.group_template_workbook()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    specs, errors = parse_groups(io.BytesIO(imports.group_template_workbook()))
    assert errors == []
    assert specs == [
        GroupSpec("Tổ dân phố số 1", Kind.RESIDENTIAL_GROUP, 412, 118, date(2026, 1, 1)),
        GroupSpec("Thôn Đông", Kind.VILLAGE),
    ]


# --- the import pages -----------------------------------------------------------------------------


def _url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("areas:groups_import", args=[world.ward_a.pk])


def test_valid_file_previews_then_commits_every_row(officer_a_client, officer_a, world):
    rows = [
        ["Tổ 3", "Tổ dân phố", 300, 80, "01/01/2026"],
        ["Thôn Đông", "Thôn", None, None, None],
        ["Tổ 10", "", "1.200", 310, date(2026, 1, 1)],
    ]
    before = Area.objects.count()
    preview = officer_a_client.post(_url(world), {"file": upload(rows)})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Xem trước: 3 dòng hợp lệ" in text
    assert "<td>Thôn</td>" in text  # the kind's label, not its code
    assert "village" not in text.split('id="import-preview"')[1].split("<form")[0]
    assert Area.objects.count() == before  # the preview saves nothing
    token = preview.context["token"]
    response = officer_a_client.post(_url(world), {"token": token})
    job = Job.objects.get()  # the commit ran as a background job
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.messages) == (Job.Status.DONE, ["Đã nhập 3 tổ dân phố, thôn."])
    assert job.result_url == reverse("areas:detail", args=[world.ward_a.pk])
    created = {a.name: a for a in Area.objects.filter(parent=world.ward_a)}
    assert sorted(created) == ["Thôn Đông", "Tổ 10", "Tổ 3", "Tổ dân phố số 1", "Tổ dân phố số 2"]
    assert created["Thôn Đông"].kind == "village"
    figures = AreaFigure.objects.filter(area__parent=world.ward_a, source="Nhập từ tệp Excel")
    assert sorted(figures.values_list("area__name", "population", "households", "as_of")) == [
        ("Tổ 10", 1200, 310, date(2026, 1, 1)),
        ("Tổ 3", 300, 80, date(2026, 1, 1)),
    ]
    assert (
        AuditEvent.objects.filter(model="areas.Area", action="create", actor=officer_a).count() == 3
    )


def test_a_file_with_errors_lists_each_one_and_creates_nothing(officer_a_client, world):
    rows = [
        ["Tổ 3", "Tổ dân phố", "ba trăm", 80, "01/01/2026"],
        ["Tổ 4", "Thôn", 100, 20, "31/02/2026"],
        ["tổ 3", "Thôn", None, None, None],
        ["Tổ 5", "Phường", None, None, None],
        ["Tổ dân phố số 1", "", None, None, None],
        ["Tổ 6", "", None, None, None],
    ]
    before = (Area.objects.count(), AuditEvent.objects.count())
    response = officer_a_client.post(_url(world), {"file": upload(rows)})
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Dòng 2, cột “Dân số”: Phải là số nguyên không âm.",
        "Dòng 3, cột “Số liệu tính đến ngày”: Ngày không hợp lệ (dùng dd/mm/yyyy).",
        "Dòng 4, cột “Tên tổ dân phố, thôn”: Trùng tên với dòng 2.",
        "Dòng 5, cột “Loại”: Loại phải là một trong: Tổ dân phố, Thôn, Ấp, Bản, Khu phố.",
        "Dòng 6, cột “Tên tổ dân phố, thôn”: Xã, phường đã có tổ dân phố, thôn tên này.",
    ]
    text = response.content.decode()
    assert "Tệp có lỗi, chưa lưu gì" in text
    assert "Dòng 3, cột “Số liệu tính đến ngày”" in text
    assert "token" not in response.context
    assert (Area.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("to-dan-pho.csv", b"Ten,Loai\nTo 1,Thon\n"), ("to-dan-pho.xls", b"\xd0\xcf\x11\xe0")],
)
def test_a_non_xlsx_upload_is_refused(officer_a_client, world, name, content):
    before = Area.objects.count()
    response = officer_a_client.post(
        _url(world), {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )
    assert response.status_code == 200
    assert {k: list(v) for k, v in response.context["form"].errors.items()} == {
        "file": ["Chỉ nhận tệp Excel định dạng .xlsx."]
    }
    assert "Chỉ nhận tệp Excel định dạng .xlsx." in response.content.decode()
    assert Area.objects.count() == before


def test_a_broken_xlsx_is_reported_not_a_500(officer_a_client, world):
    response = officer_a_client.post(
        _url(world),
        {"file": SimpleUploadedFile("hong.xlsx", b"PK\x03\x04 broken", content_type=XLSX)},
    )
    assert response.status_code == 200
    assert response.context["errors"] == ["Dòng 1: Không đọc được tệp. Hãy dùng tệp mẫu .xlsx."]


def test_an_empty_post_asks_for_the_file(officer_a_client, world):
    response = officer_a_client.post(_url(world), {})
    assert {k: list(v) for k, v in response.context["form"].errors.items()} == {
        "file": ["Trường này là bắt buộc."]
    }


def test_commit_is_all_or_nothing_when_the_commune_changed_meanwhile(officer_a_client, world):
    preview = officer_a_client.post(_url(world), {"file": upload([["Tổ 3"], ["Tổ 4"]])})
    token = preview.context["token"]
    officer_a_client.post(
        reverse("areas:group_create", args=[world.ward_a.pk]), {"name": "Tổ 4", "kind": "village"}
    )
    before = Area.objects.count()
    response = officer_a_client.post(_url(world), {"token": token}, follow=True)
    job = response.context["job"]
    assert (job.status, job.messages) == (Job.Status.FAILED, ["“Tổ 4” đã có trong Gia Viên."])
    assert "“Tổ 4” đã có trong Gia Viên." in response.content.decode()
    assert Area.objects.count() == before
    assert not Area.objects.filter(name="Tổ 3").exists()


def test_a_token_is_bound_to_its_commune_and_signed(officer_a_client, officer_b_client, world):
    preview = officer_a_client.post(_url(world), {"file": upload([["Tổ 3"]])})
    token = preview.context["token"]
    before = Area.objects.count()
    other_ward = reverse("areas:groups_import", args=[world.ward_b.pk])
    assert officer_b_client.post(other_ward, {"token": token}).status_code == 403
    tampered = officer_a_client.post(_url(world), {"token": token[:-3] + "abc"})
    assert tampered.status_code == 302
    assert tampered.url == _url(world)
    assert Area.objects.count() == before


def test_template_download_is_a_real_workbook(officer_a_client, world):
    response = officer_a_client.get(reverse("areas:groups_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-to-dan-pho.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert next(sheet.iter_rows(values_only=True)) == COLUMNS


def test_a_zip_bomb_is_refused_before_parsing_and_saves_nothing(officer_a_client, world):
    bomb = inflate_cell(
        workbook_bytes([["BOMB", "Thôn", None, None, None]]), marker="BOMB", size=200 * 2**20
    )
    assert len(bomb) < 300 * 1024
    before = Area.objects.count()
    started = time.monotonic()
    response = officer_a_client.post(
        _url(world), {"file": SimpleUploadedFile("bom.xlsx", bomb, content_type=XLSX)}
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Dòng 1: Tệp “bom.xlsx” khi giải nén lớn hơn 50 MB, vượt giới hạn nhập."
    ]
    assert "token" not in response.context
    assert Area.objects.count() == before


def test_an_over_long_cell_names_its_row_and_column():
    specs, errors = parse(
        [["Tổ 1", "Thôn", None, None, None], ["Tổ 2" + "x" * 1000, "Thôn", None, None, None]]
    )
    assert specs == []
    assert messages(errors) == ["Dòng 3, cột “Tên tổ dân phố, thôn”: Ô dài quá 1000 ký tự."]
