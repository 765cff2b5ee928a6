"""Import of persons from .xlsx: the template, a preview naming the row and column of every
error, and an all-or-nothing commit (also when the registry changes between preview and commit).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.models import Job
from khongmatuy.people import imports
from khongmatuy.people.choices import Category, EpisodeKind, EpisodeStatus
from khongmatuy.people.imports.columns import COLUMNS, PERMANENT
from khongmatuy.people.models import Episode, Person
from tests.workbooks import inflate_cell

from .factories import CID_AN, XLSX, register, xlsx

ILLEGAL_USER = "Người sử dụng trái phép chất ma túy"
ADDICT = "Người nghiện ma túy"
USER_MANAGEMENT = "Quản lý người sử dụng trái phép chất ma túy"


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


def row(name: str = "Đào Văn Một", **cells: object) -> list[object]:
    """A full row in template order; ``cells`` by column name."""
    values: dict[str, object] = {
        imports.NAME: name,
        imports.SEX: "Nam",
        imports.BORN: "12/04/1992",
        imports.GROUP: "Tổ dân phố số 1",
        imports.CATEGORY: ILLEGAL_USER,
        imports.CATEGORY_FROM: "01/10/2026",
    }
    values.update({getattr(imports, k): v for k, v in cells.items()})
    return [values.get(column) for column in imports.COLUMNS]


def upload(rows: list[list[object]], **kwargs) -> SimpleUploadedFile:  # type: ignore[no-untyped-def]
    return SimpleUploadedFile("nguoi.xlsx", xlsx(rows, **kwargs), content_type=XLSX)


def preview(client, world, rows, **kwargs):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("people:import"), {"commune": world.ward_a.pk, "file": upload(rows, **kwargs)}
    )


def error_list(response) -> list[str]:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    if 'id="import-errors"' not in html:
        return []
    block = html[html.index('id="import-errors"') :]
    block = block[: block.index("</ul>")]
    return [re.sub(r"&#x27;|&quot;", "'", li) for li in re.findall(r"<li>(.*?)</li>", block)]


def token_of(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match is not None, "no preview token"
    return match.group(1)


# --- the template ---------------------------------------------------------------------------------


def test_template_has_the_columns_and_the_allowed_values(officer_a_client):
    response = officer_a_client.get(reverse("people:import_template"))
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet, lists = book.worksheets
    assert [c.value for c in sheet[1]] == list(imports.COLUMNS)
    assert sheet["E2"].value == "031095000001"
    values = {c.value for r in lists.iter_rows(min_row=2) for c in r if c.value}
    assert {ILLEGAL_USER, ADDICT, USER_MANAGEMENT, "Nam", "Nữ"} <= values


def test_the_template_itself_previews_cleanly(officer_a_client, world):
    response = officer_a_client.post(
        reverse("people:import"),
        {
            "commune": world.ward_a.pk,
            "file": SimpleUploadedFile("mau.xlsx", imports.person_template_workbook()),
        },
    )
    assert error_list(response) == []
    assert 'id="import-preview"' in response.content.decode()


# --- the preview ----------------------------------------------------------------------------------


def test_preview_names_row_and_column_of_every_error(officer_a_client, world, an):
    response = preview(
        officer_a_client,
        world,
        [
            row("Đào Văn Một", CITIZEN_ID="031092000001"),
            row("Đào Văn Hai", CITIZEN_ID="03109200000A"),
            row("Đào Văn Ba", GROUP="Tổ dân phố số 99"),
            row("Đào Văn Bốn", BORN="31/02/1992", CATEGORY_FROM="01/12/2026"),
            row("Đào Văn Năm", CITIZEN_ID="031092000001"),
            row("Nguyễn Văn An", BORN="17/05/1990", CITIZEN_ID=CID_AN),
            row("", SEX="Khác", CATEGORY="Nghiện game"),
            row("Đào Văn Một"),
            row("Đào Văn Tám", BORN="01/01/2001", CATEGORY_FROM="01/01/2000"),
            row("Đào Văn Chín", CITIZEN_ID="999192000002"),
        ],
    )
    assert response.status_code == 200
    assert error_list(response) == [
        "Dòng 3, cột “Số CCCD”: Số CCCD chỉ được gồm các chữ số 0 đến 9 "
        "(không có chữ cái, ký hiệu).",
        "Dòng 4, cột “Tổ dân phố, thôn”: Không có tổ dân phố, thôn “Tổ dân phố số 99” "
        "trong Phường Gia Viên.",
        "Dòng 5, cột “Ngày sinh”: Ngày không hợp lệ (dùng dd/mm/yyyy).",
        "Dòng 5, cột “Thuộc diện từ ngày”: Ngày bắt đầu không được sau ngày hôm nay.",
        "Dòng 6, cột “Số CCCD”: Trùng số CCCD với dòng 2.",
        f"Dòng 7, cột “Số CCCD”: Số CCCD đã có trong hồ sơ của Nguyễn Văn An: /people/{an.pk}/",
        "Dòng 8, cột “Họ và tên”: Họ và tên không được để trống.",
        "Dòng 8, cột “Giới tính”: Giới tính phải là Nam hoặc Nữ.",
        "Dòng 8, cột “Diện quản lý”: Diện quản lý “Nghiện game” không có trong danh mục.",
        "Dòng 9, cột “Họ và tên”: Trùng họ tên và ngày sinh với dòng 2.",
        "Dòng 10, cột “Thuộc diện từ ngày”: Ngày bắt đầu không được trước ngày sinh.",
        "Dòng 11, cột “Số CCCD”: Ba số đầu “999” không phải mã tỉnh, thành phố "
        "nơi đăng ký khai sinh.",
        "Dòng 11, cột “Số CCCD”: Chữ số thứ 4 (“1”) là mã của nữ, không khớp giới tính nam.",
    ]
    assert 'name="token"' not in response.content.decode()
    assert Person.objects.count() == 1


def test_preview_refuses_an_id_held_out_of_scope_without_naming_the_holder(
    officer_b_client, world, an
):
    response = officer_b_client.post(
        reverse("people:import"),
        {
            "commune": world.ward_b.pk,
            "file": upload([row("Ai Đó", BORN="17/05/1990", GROUP="", CITIZEN_ID=CID_AN)]),
        },
    )
    assert error_list(response) == [
        "Dòng 2, cột “Số CCCD”: Số CCCD đã được đăng ký trong hồ sơ do địa bàn khác quản lý."
    ]
    assert "Nguyễn Văn An" not in response.content.decode()


def test_preview_flags_a_namesake_already_registered_without_id(officer_a_client, world, officer_a):
    existing = register(officer_a, world.group_a2, "Đào Văn Một", date_of_birth=date(1992, 4, 12))
    response = preview(officer_a_client, world, [row("đào văn một")])
    assert error_list(response) == [
        "Dòng 2, cột “Họ và tên”: Đã có người cùng họ tên và ngày sinh: "
        f"Đào Văn Một (/people/{existing.pk}/)."
    ]


def test_preview_refuses_an_episode_the_law_does_not_allow_for_a_new_record(
    officer_a_client, world
):
    response = preview(
        officer_a_client,
        world,
        [row(EPISODE="Quản lý sau cai nghiện tại nơi cư trú", EPISODE_FROM="01/10/2026")],
    )
    assert error_list(response) == [
        "Dòng 2, cột “Biện pháp quản lý”: Không thể áp dụng quản lý sau cai nghiện: người này "
        "chưa hoàn thành cai nghiện hoặc điều trị thay thế nào (Luật 73/2021 Điều 40)."
    ]


def test_preview_header_size_and_file_checks(officer_a_client, world):
    bad_header = preview(officer_a_client, world, [row()], header=["Tên", "Tuổi"])
    assert error_list(bad_header) == [
        "Dòng 1: Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và điền lại."
    ]
    assert error_list(preview(officer_a_client, world, [])) == [
        "Dòng 2: Tệp không có dòng dữ liệu nào."
    ]
    with override_settings(KMT_IMPORT_MAX_ROWS=2):
        assert error_list(
            preview(officer_a_client, world, [row("A B"), row("C D"), row("E F")])
        ) == ["Dòng 1: Tệp có quá nhiều dòng (tối đa 2)."]
    broken = officer_a_client.post(
        reverse("people:import"),
        {"commune": world.ward_a.pk, "file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    assert error_list(broken) == ["Dòng 1: Không đọc được tệp. Hãy dùng tệp mẫu .xlsx."]


def test_preview_refuses_a_zip_bomb_and_an_over_long_cell(officer_a_client, world):
    bomb = inflate_cell(xlsx([row("BOMB")]), marker="BOMB", size=60 * 2**20)
    response = officer_a_client.post(
        reverse("people:import"),
        {"commune": world.ward_a.pk, "file": SimpleUploadedFile("bom.xlsx", bomb)},
    )
    assert error_list(response) == [
        "Dòng 1: Tệp “bom.xlsx” khi giải nén lớn hơn 50 MB, vượt giới hạn nhập."
    ]
    long_address = row("Đào Văn Hai")
    long_address[COLUMNS.index(PERMANENT)] = "Số 1 " * 201
    assert error_list(preview(officer_a_client, world, [row(), long_address])) == [
        f"Dòng 3, cột “{PERMANENT}”: Ô dài quá 1000 ký tự."
    ]
    assert Person.objects.count() == 0


def test_preview_commune_must_be_in_scope(officer_a_client, world):
    response = officer_a_client.post(
        reverse("people:import"), {"commune": world.ward_b.pk, "file": upload([row()])}
    )
    assert "Chọn một địa bàn trong danh sách." in response.content.decode()


# --- the commit ----------------------------------------------------------------------------------


def test_the_group_column_takes_names_as_users_write_them(officer_a_client, officer_a, world):
    rows = [
        row("Đào Văn Một", GROUP="Tổ 2"),  # stored as "Tổ dân phố số 2"
        row("Đào Văn Hai", BORN="13/04/1992", GROUP="tổ dân phố 01"),
        row("Đào Văn Ba", BORN="14/04/1992", GROUP="Phường Gia Viên"),  # the ward itself
        row("Đào Văn Bốn", BORN="15/04/1992", GROUP="Gia Viên"),
        row("Đào Văn Năm", BORN="16/04/1992", GROUP="Xã Gia Viên"),  # not a commune: refused
    ]
    response = preview(officer_a_client, world, rows)
    assert error_list(response) == [
        "Dòng 6, cột “Tổ dân phố, thôn”: Không có tổ dân phố, thôn “Xã Gia Viên” trong "
        "Phường Gia Viên."
    ]
    response = preview(officer_a_client, world, rows[:4])
    assert error_list(response) == []
    officer_a_client.post(reverse("people:import"), {"token": token_of(response)})
    areas = dict(Person.objects.values_list("full_name", "area"))
    assert areas == {
        "Đào Văn Một": world.group_a2.pk,
        "Đào Văn Hai": world.group_a1.pk,
        "Đào Văn Ba": world.ward_a.pk,
        "Đào Văn Bốn": world.ward_a.pk,
    }


def test_one_bad_row_saves_nothing_then_the_fixed_file_saves_all(
    officer_a_client, officer_a, world
):
    rows = [
        row("Đào Văn Một", CITIZEN_ID=31092000001.0),  # a number cell: the leading zero is lost
        row(
            "Đào Thị Hai",
            SEX="nữ",
            BORN="2003-07-08",
            GROUP="to dan pho so 2",
            CATEGORY=f"{ADDICT}; Người có nguy cơ cao (thanh thiếu niên có hoàn cảnh đặc biệt)",
            PSYCHOSIS="Có",
            EPISODE=USER_MANAGEMENT,
            EPISODE_FROM="02/10/2026",
            DECISION_NUMBER="15/QĐ-UBND",
            DECISION_DATE="02/10/2026",
        ),
        row("Đào Văn Ba", BORN="31/13/1990"),
    ]
    bad = preview(officer_a_client, world, rows)
    assert error_list(bad) == ["Dòng 4, cột “Ngày sinh”: Ngày không hợp lệ (dùng dd/mm/yyyy)."]
    assert Person.objects.count() == 0

    rows[2] = row("Đào Văn Ba", BORN="30/12/1990")
    good = preview(officer_a_client, world, rows)
    assert error_list(good) == []
    assert Person.objects.count() == 0  # the preview saves nothing
    response = officer_a_client.post(reverse("people:import"), {"token": token_of(good)})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.messages, job.user) == (
        Job.Status.DONE,
        ["Đã nhập 3 người."],
        officer_a,
    )
    assert job.result_url == reverse("people:list")
    saved = {p.full_name: p for p in Person.objects.all()}
    assert sorted(saved) == ["Đào Thị Hai", "Đào Văn Ba", "Đào Văn Một"]
    assert saved["Đào Văn Một"].citizen_id == "031092000001"
    hai = saved["Đào Thị Hai"]
    assert (hai.area, hai.psychosis, hai.date_of_birth) == (world.group_a2, True, date(2003, 7, 8))
    assert sorted(hai.personcategorys.values_list("category", flat=True)) == [
        Category.ADDICT,
        Category.HIGH_RISK,
        Category.ILLEGAL_USER,  # opened by the episode (episodes module)
    ]
    (episode,) = Episode.objects.filter(person=hai)
    assert (episode.kind, episode.status, episode.decision_number) == (
        EpisodeKind.USER_MANAGEMENT,
        EpisodeStatus.ACTIVE,
        "15/QĐ-UBND",
    )
    created = AuditEvent.objects.filter(model="people.Person", action=AuditEvent.Action.CREATE)
    assert created.count() == 3
    assert {e.actor_id for e in created} == {officer_a.pk}


def test_commit_is_all_or_nothing_when_the_registry_changed_since_the_preview(
    officer_a_client, officer_a, world
):
    good = preview(
        officer_a_client,
        world,
        [row("Đào Văn Một"), row("Đào Văn Hai", BORN="01/01/1990", CITIZEN_ID="031090000222")],
    )
    token = token_of(good)
    register(officer_a, world.group_a1, "Người Khác", date_of_birth=date(1990, 1, 1),
             citizen_id="031090000222")  # fmt: skip
    response = officer_a_client.post(reverse("people:import"), {"token": token}, follow=True)
    job = response.context["job"]  # the commit ran as a background job, and failed whole
    assert job.status == Job.Status.FAILED
    (message,) = job.messages
    assert message.startswith("Dòng 3: Số CCCD này đã có trong hồ sơ của Người Khác")
    assert "payload" not in job.params  # the rows (personal data) are not kept
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Người Khác"]


def test_a_forged_or_foreign_token_is_refused(officer_a_client, officer_b_client, world):
    good = preview(officer_a_client, world, [row()])
    assert (
        officer_b_client.post(reverse("people:import"), {"token": token_of(good)}).status_code
        == 403
    )
    response = officer_a_client.post(reverse("people:import"), {"token": "forged"})
    assert response.status_code == 302
    assert Person.objects.count() == 0


def test_group_leaders_cannot_import(leader_client):
    assert leader_client.get(reverse("people:import")).status_code == 403
