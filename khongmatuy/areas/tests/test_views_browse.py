"""Area pages through the Django test client: tree, children, detail, search and the export."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.areas import services
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role

from .factories import user_bound_to
from .pages import HX, body, client_for

# --- tree, children, detail, search ---------------------------------------------------------------


def test_tree_of_a_ward_officer_expands_the_ward(officer_a_client, world):
    response = officer_a_client.get(reverse("areas:tree"))
    text = body(response)
    assert response.status_code == 200
    assert "Phường Gia Viên" in text
    assert "2 tổ dân phố, thôn" in text
    assert "21.000 nhân khẩu, 5.250 hộ" in text
    assert text.index(">Tổ dân phố số 1<") < text.index(">Tổ dân phố số 2<")
    assert "512 nhân khẩu, 128 hộ" in text
    assert "Thành Đông" not in text
    assert "Tổ dân phố Tổ dân phố" not in text  # a group's kind is not repeated before its name


def test_tree_of_the_city_lists_its_wards_only(city_client, world):
    text = body(city_client.get(reverse("areas:tree")))
    assert world.haiphong.display_name in text
    assert "Phường Gia Viên" in text
    assert "Phường Thành Đông" in text
    assert "Quảng Ninh" not in text
    assert "Cao Xanh" not in text


def test_tree_of_a_group_leader_shows_only_the_group(leader_client, world):
    text = body(leader_client.get(reverse("areas:tree")))
    assert "Tổ dân phố số 1" in text
    assert "Tổ dân phố số 2" not in text
    assert "Gia Viên" not in text.split("<main", 1)[1].split("Tổ dân phố số 1")[0]


def test_tree_without_areas_says_so(world):
    nobody = user_bound_to("chua_giao", Role.COMMUNE_POLICE, [])
    text = body(client_for(nobody).get(reverse("areas:tree")))
    assert "Tài khoản chưa được giao địa bàn nào." in text


def test_children_partial_for_htmx(city_client, world):
    response = city_client.get(reverse("areas:children", args=[world.ward_b.pk]), headers=HX)
    text = body(response)
    assert response.status_code == 200
    assert "<html" not in text
    assert "Tổ dân phố Thành Công" in text
    assert f'id="children-{world.group_b1.pk}"' in text
    assert "Gia Viên" not in text


def test_children_without_htmx_go_to_the_area_page(city_client, world):
    response = city_client.get(reverse("areas:children", args=[world.ward_b.pk]))
    assert response.status_code == 302
    assert response.url == reverse("areas:detail", args=[world.ward_b.pk])


def test_detail_of_a_ward(officer_a_client, world, school):
    services.figure_set(
        actor=None, area=world.ward_a, as_of=date(2025, 1, 1), population=20000, households=5000
    )
    response = officer_a_client.get(reverse("areas:detail", args=[world.ward_a.pk]))
    text = body(response)
    assert response.status_code == 200
    assert "<h1>Phường Gia Viên" in text
    assert "21.000" in text
    assert "5.250" in text
    assert "(đến 01/01/2026)" in text
    assert text.index("01/01/2026</td>") < text.index("01/01/2025</td>")  # newest first
    assert "Trường Mầm non Hoa Sen" in text
    assert reverse("areas:edit", args=[world.ward_a.pk]) in text
    assert reverse("areas:groups_bulk", args=[world.ward_a.pk]) in text
    assert reverse("areas:export", args=[world.ward_a.pk]) in text
    rows = [r.area.name for r in response.context["child_rows"]]
    assert rows == ["Tổ dân phố số 1", "Tổ dân phố số 2"]


def test_detail_for_leadership_has_no_write_links(leadership_client, world, school):
    text = body(leadership_client.get(reverse("areas:detail", args=[world.ward_a.pk])))
    assert "Phường Gia Viên" in text
    for name in ("edit", "rename", "figure_create", "group_create", "groups_bulk", "merge"):
        assert reverse(f"areas:{name}", args=[world.ward_a.pk]) not in text
    assert reverse("areas:organisation_edit", args=[school.pk]) not in text


def test_detail_shows_history_of_a_rename_and_a_merge(officer_a_client, officer_a, world):
    services.area_rename(
        actor=officer_a,
        area=world.group_a2,
        new_name="Tổ dân phố Hòa Bình",
        effective_on=date(2025, 3, 1),
        legal_basis="Quyết định 12/QĐ-UBND",
    )
    services.area_merge(
        actor=officer_a,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 1, 1),
    )
    text = body(officer_a_client.get(reverse("areas:detail", args=[world.group_a2.pk])))
    assert "“Tổ dân phố số 2” → “Tổ dân phố Hòa Bình”" in text
    assert "(Quyết định 12/QĐ-UBND)" in text
    assert "tiếp nhận" in text
    assert ">Tổ dân phố số 1</a>" in text
    former = body(officer_a_client.get(reverse("areas:detail", args=[world.group_a1.pk])))
    assert "Đã giải thể / sáp nhập" in former
    assert "Hết hiệu lực 31/12/2025" in former
    assert "sáp nhập vào" in former
    ward = body(officer_a_client.get(reverse("areas:detail", args=[world.ward_a.pk])))
    assert "không còn hoạt động" in ward


def test_search_page_and_htmx_partial(officer_a_client, world):
    text = body(officer_a_client.get(reverse("areas:search"), {"q": "gia vien"}))
    assert f'href="{reverse("areas:detail", args=[world.ward_a.pk])}">Phường Gia Viên</a>' in text
    partial = officer_a_client.get(reverse("areas:search"), {"q": "to dan pho so"}, headers=HX)
    partial_text = body(partial)
    assert "<html" not in partial_text
    assert partial_text.strip().startswith('<div id="search-results">')
    assert "Tổ dân phố số 1" in partial_text
    assert "Tổ dân phố số 2" in partial_text
    assert "– Phường Gia Viên" in partial_text


def test_search_out_of_scope_finds_nothing(officer_a_client, world):
    text = body(officer_a_client.get(reverse("areas:search"), {"q": "thanh dong"}))
    assert "Không tìm thấy địa bàn phù hợp." in text
    assert "Thành Đông" not in text


# --- export ---------------------------------------------------------------------------------------


def test_export_is_a_workbook_of_the_children(officer_a_client, officer_a, world):
    response = officer_a_client.get(reverse("areas:export", args=[world.ward_a.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["Địa bàn", "Loại", "Mã", "Số đơn vị trực thuộc", "Số tổ dân phố, thôn", "Dân số", "Số hộ"],
        ["Tổ dân phố số 1", "Tổ dân phố", "", 0, 0, 512, 128],
        ["Tổ dân phố số 2", "Tổ dân phố", "", 0, 0, 430, 107],
    ]
    (event,) = AuditEvent.objects.filter(action="export")
    assert (event.actor_id, event.area_id, event.model) == (
        officer_a.pk,
        world.ward_a.pk,
        "areas.Area",
    )
    assert event.note == "2 địa bàn trực thuộc; không mật khẩu; lọc: không"


def test_city_export_counts_groups_per_ward(city_client, world):
    response = city_client.get(reverse("areas:export", args=[world.haiphong.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("Gia Viên", "Phường", "11359", 2, 2, 21000),
        ("Thành Đông", "Phường", "10510", 1, 1, None),
    ]
