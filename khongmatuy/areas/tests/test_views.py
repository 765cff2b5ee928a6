"""Area pages through the Django test client: content, forms, refusals, scope and query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from khongmatuy.areas import services
from khongmatuy.areas.models import Area, AreaChange, AreaFigure, Organisation
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role

from .conftest import changed, events_for, fresh, user_bound_to
from .factories import commune_with_groups

HX = {"HX-Request": "true"}
INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ. {} không phải là một trong các lựa chọn khả thi."


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def form_errors(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return {k: list(v) for k, v in response.context["form"].errors.items()}


def assert_shown(response, errors: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Each message is on the page, inside its field's error list when it has a field."""
    text = body(response)
    for field, messages in errors.items():
        for message in messages:
            assert escape(message) in text, message
            if field != "__all__":
                block = text.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]
                assert escape(message) in block, (field, message)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def state() -> tuple[object, ...]:
    """A fingerprint of every table the area pages write."""
    return (
        list(
            Area.objects.order_by("pk").values_list("pk", "name", "is_active", "commune_id", "code")
        ),
        list(AreaFigure.objects.order_by("pk").values_list("pk", "population", "is_current")),
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "area_id")),
        AreaChange.objects.count(),
        AuditEvent.objects.exclude(action__in=["login", "logout", "view"]).count(),
    )


@pytest.fixture
def leadership_client(leadership_a) -> Client:  # type: ignore[no-untyped-def]
    return client_for(leadership_a)


@pytest.fixture
def leader_client(leader_a) -> Client:  # type: ignore[no-untyped-def]
    return client_for(leader_a)


@pytest.fixture
def school(world) -> Organisation:  # type: ignore[no-untyped-def]
    return services.organisation_save(
        actor=None,
        organisation=None,
        area=world.group_a1,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường Mầm non Hoa Sen",
        head_name="Vũ Thị Mai",
    )


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


# --- edit, rename, merge --------------------------------------------------------------------------


def test_edit_saves_the_facts(officer_a_client, world):
    url = reverse("areas:edit", args=[world.ward_a.pk])
    assert officer_a_client.get(url).status_code == 200
    response = officer_a_client.post(
        url, {"kind": "ward", "code": "11360", "area_km2": "1.25", "valid_from": "01/07/2025"}
    )
    assert response.status_code == 302
    ward = fresh(world.ward_a)
    assert (ward.code, ward.area_km2, ward.valid_from) == (
        "11360",
        Decimal("1.25"),
        date(2025, 7, 1),
    )


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"kind": ["Trường này là bắt buộc."]}),
        (
            {"kind": "village"},
            {"kind": [INVALID_CHOICE.format("village")]},
        ),
        (
            {"kind": "ward", "code": "10510"},
            {"code": ["Mã “10510” đã được dùng cho một địa bàn khác cùng cấp."]},
        ),
        ({"kind": "ward", "area_km2": "abc"}, {"area_km2": ["Nhập một số."]}),
        (
            {"kind": "ward", "area_km2": "-1"},
            {"area_km2": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]},
        ),
        (
            {"kind": "ward", "area_km2": "1" * 30},
            {"area_km2": ["Đảm bảo rằng tối đa không có nhiều hơn 10 số."]},
        ),
        ({"kind": "ward", "area_km2": "NaN"}, {"area_km2": ["Nhập một số."]}),
        ({"kind": "ward", "valid_from": "31/02/2026"}, {"valid_from": ["Nhập một ngày hợp lệ."]}),
        (
            {"kind": "ward", "code": "x" * 21},
            {"code": ["Giá trị này chỉ có tối đa 20 kí tự (hiện có 21)"]},
        ),
    ],
)
def test_edit_refuses_bad_input(officer_a_client, world, data, errors):
    before = state()
    response = officer_a_client.post(reverse("areas:edit", args=[world.ward_a.pk]), data)
    assert form_errors(response) == errors
    assert_shown(response, errors)
    assert state() == before


def test_rename_keeps_history(officer_a_client, world):
    response = officer_a_client.post(
        reverse("areas:rename", args=[world.group_a2.pk]),
        {"new_name": "Tổ dân phố Hòa Bình", "effective_on": "01/03/2025", "legal_basis": "QĐ 12"},
    )
    assert response.status_code == 302
    assert fresh(world.group_a2).name == "Tổ dân phố Hòa Bình"
    change = AreaChange.objects.get(area=world.group_a2)
    assert (change.old_name, change.new_name, change.effective_on) == (
        "Tổ dân phố số 2",
        "Tổ dân phố Hòa Bình",
        date(2025, 3, 1),
    )


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {"new_name": ["Trường này là bắt buộc."], "effective_on": ["Trường này là bắt buộc."]},
        ),
        (
            {"new_name": "tổ dân phố số 1", "effective_on": "01/01/2026"},
            {"new_name": ["Đã có địa bàn tên “tổ dân phố số 1” trong Gia Viên."]},
        ),
        (
            {"new_name": "Tổ 9", "effective_on": "31/02/2026"},
            {"effective_on": ["Nhập một ngày hợp lệ."]},
        ),
        (
            {"new_name": "Tổ 9", "effective_on": "2026-13-01"},
            {"effective_on": ["Nhập một ngày hợp lệ."]},
        ),
        (
            {"new_name": "Tổ\x009", "effective_on": "01/01/2026"},
            {"new_name": ["Không được chứa ký tự điều khiển (NUL)."]},
        ),
        (
            {"new_name": "Tổ dân phố số 2", "effective_on": "01/01/2026"},
            {"new_name": ["Tên mới trùng với tên hiện tại."]},
        ),
    ],
)
def test_rename_refuses_bad_input(officer_a_client, world, data, errors):
    before = state()
    response = officer_a_client.post(reverse("areas:rename", args=[world.group_a2.pk]), data)
    assert form_errors(response) == errors
    assert_shown(response, errors)
    assert state() == before


def test_city_police_record_the_kien_minh_merger(merger, world, city_user):
    client = client_for(city_user)
    url = reverse("areas:merge", args=[merger.kien_minh.pk])
    page = body(client.get(url))
    for old in merger.predecessors:
        assert f'value="{old.pk}"' in page
    assert f'value="{world.ward_a.pk}"' in page  # any active commune of the city may be merged in
    response = client.post(
        url,
        {
            "predecessors": [old.pk for old in merger.predecessors],
            "effective_on": "01/07/2025",
            "legal_basis": "Nghị quyết 1669/NQ-UBTVQH15",
        },
    )
    assert response.status_code == 302
    assert sorted(
        AreaChange.objects.filter(area=merger.kien_minh).values_list("old_name", flat=True)
    ) == ["Minh Tân", "Đông Phương", "Đại Đồng"]
    officer = client_for(merger.officer)
    assert officer.get(reverse("areas:detail", args=[merger.dai_dong.pk])).status_code == 200
    assert officer.get(reverse("areas:detail", args=[merger.dai_dong_group.pk])).status_code == 200
    kien_minh_page = body(officer.get(reverse("areas:detail", args=[merger.kien_minh.pk])))
    assert "tiếp nhận" in kien_minh_page
    assert ">Đại Đồng</a>" in kien_minh_page
    assert "Trường Tiểu học Đông Phương" in kien_minh_page


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {
                "predecessors": ["Trường này là bắt buộc."],
                "effective_on": ["Trường này là bắt buộc."],
            },
        ),
        (
            {"predecessors": ["abc"], "effective_on": "01/01/2026"},
            {"predecessors": ["“abc” không phải là mã địa bàn hợp lệ."]},
        ),
        (
            {"predecessors": ["9" * 30], "effective_on": "01/01/2026"},
            {"predecessors": [f"“{'9' * 30}” không phải là mã địa bàn hợp lệ."]},
        ),
        (
            {"predecessors": ["group_b1"], "effective_on": "01/01/2026"},
            {"predecessors": [INVALID_CHOICE.format("{pk}")]},
        ),
        (
            {"predecessors": ["group_a1"], "effective_on": "31/02/2026"},
            {"effective_on": ["Nhập một ngày hợp lệ."]},
        ),
        (
            {"predecessors": ["group_a1"], "effective_on": "01/01/0001"},
            {"effective_on": ["Ngày hiệu lực không hợp lệ."]},
        ),
    ],
)
def test_merge_refuses_bad_input(officer_a_client, world, data, errors):
    pk = str(world.group_b1.pk)
    data = {
        k: [str(getattr(world, p).pk) if p in ("group_a1", "group_b1") else p for p in v]
        if k == "predecessors"
        else v
        for k, v in data.items()
    }
    errors = {k: [m.replace("{pk}", pk) for m in v] for k, v in errors.items()}
    before = state()
    response = officer_a_client.post(reverse("areas:merge", args=[world.group_a2.pk]), data)
    assert form_errors(response) == errors
    assert_shown(response, errors)
    assert state() == before


def test_a_province_cannot_be_merged_from_the_page(city_client, world):
    assert city_client.get(reverse("areas:merge", args=[world.haiphong.pk])).status_code == 403


# --- residential groups: one, many, from Excel ----------------------------------------------------


def test_group_create_with_figures(officer_a_client, world):
    response = officer_a_client.post(
        reverse("areas:group_create", args=[world.ward_a.pk]),
        {
            "name": "Thôn Đông",
            "kind": "village",
            "population": "300",
            "households": "80",
            "as_of": "01/01/2026",
        },
    )
    assert response.status_code == 302
    group = Area.objects.get(parent=world.ward_a, name="Thôn Đông")
    assert (group.kind, group.commune_id) == ("village", world.ward_a.pk)
    assert list(
        AreaFigure.objects.filter(area=group).values_list("population", "households", "is_current")
    ) == [(300, 80, True)]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"name": ["Trường này là bắt buộc."], "kind": ["Trường này là bắt buộc."]}),
        (
            {"name": "to dan pho so 1", "kind": "village"},
            {"name": ["“to dan pho so 1” đã có trong Gia Viên."]},
        ),
        (
            {"name": "Tổ 9", "kind": "ward"},
            {"kind": [INVALID_CHOICE.format("ward")]},
        ),
        (
            {
                "name": "Tổ 9",
                "kind": "village",
                "population": "abc",
                "households": "1",
                "as_of": "01/01/2026",
            },
            {"population": ["Nhập một số nguyên."]},
        ),
        (
            {
                "name": "Tổ 9",
                "kind": "village",
                "population": "9" * 25,
                "households": "1",
                "as_of": "01/01/2026",
            },
            {"population": ["Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 50000000 ."]},
        ),
        (
            {
                "name": "Tổ 9",
                "kind": "village",
                "population": "10",
                "households": "11",
                "as_of": "01/01/2026",
            },
            {"households": ["Số hộ không thể lớn hơn dân số."]},
        ),
        (
            {"name": "Tổ 9", "kind": "village", "population": "10"},
            {
                "households": ["Nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba."],
                "as_of": ["Nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba."],
            },
        ),
        (
            {
                "name": "Tổ 9",
                "kind": "village",
                "population": "10",
                "households": "1",
                "as_of": "31/02/2026",
            },
            {"as_of": ["Nhập một ngày hợp lệ."]},
        ),
    ],
)
def test_group_create_refuses_bad_input(officer_a_client, world, data, errors):
    before = state()
    response = officer_a_client.post(reverse("areas:group_create", args=[world.ward_a.pk]), data)
    assert form_errors(response) == errors
    assert_shown(response, errors)
    assert state() == before


def test_groups_are_added_only_to_a_commune(officer_a_client, world):
    response = officer_a_client.get(reverse("areas:group_create", args=[world.group_a1.pk]))
    assert response.status_code == 403


def test_bulk_creates_73_groups_in_natural_order(officer_a_client, world):
    response = officer_a_client.post(
        reverse("areas:groups_bulk", args=[world.ward_a.pk]),
        {"name_prefix": "Tổ", "first": "1", "last": "73", "kind": "residential_group"},
    )
    assert response.status_code == 302
    names = list(
        Area.objects.filter(parent=world.ward_a, name__startswith="Tổ ")
        .exclude(name__startswith="Tổ dân")
        .values_list("name", flat=True)
    )
    assert sorted(names) == sorted(f"Tổ {n}" for n in range(1, 74))
    page = body(officer_a_client.get(reverse("areas:detail", args=[world.ward_a.pk])))
    shown = [f"Tổ {n}" for n in range(1, 74)]
    positions = [page.index(f">{name}</a>") for name in shown]
    assert positions == sorted(positions)
    assert page.index(">Tổ 9</a>") < page.index(">Tổ 10</a>") < page.index(">Tổ dân phố số 1</a>")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"name_prefix": "Tổ", "first": "5", "last": "1", "kind": "residential_group"},
            {"last": ["“Đến số” phải lớn hơn hoặc bằng “Từ số”."]},
        ),
        (
            {"name_prefix": "Tổ", "first": "1", "last": "501", "kind": "residential_group"},
            {"last": ["Mỗi lần tạo tối đa 500 tổ dân phố, thôn."]},
        ),
        (
            {"name_prefix": "Tổ", "first": "một", "last": "9" * 40, "kind": "residential_group"},
            {
                "first": ["Nhập một số nguyên."],
                "last": ["Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 9999 ."],
            },
        ),
        (
            {
                "name_prefix": "Tổ dân phố số",
                "first": "1",
                "last": "3",
                "kind": "residential_group",
            },
            {
                "name": [
                    "“Tổ dân phố số 1” đã có trong Gia Viên.",
                    "“Tổ dân phố số 2” đã có trong Gia Viên.",
                ]
            },
        ),
    ],
)
def test_bulk_refuses_bad_input_and_creates_nothing(officer_a_client, world, data, errors):
    before = state()
    response = officer_a_client.post(reverse("areas:groups_bulk", args=[world.ward_a.pk]), data)
    form = response.context["form"]
    got = {k: list(v) for k, v in form.errors.items()}
    if "name" in errors:  # a service refusal on an input the form has not: shown on top
        assert got == {"__all__": errors["name"]}
        for message in errors["name"]:
            assert message in body(response)
    else:
        assert got == errors
    assert state() == before


# --- figures, organisations -----------------------------------------------------------------------


def test_figure_create_keeps_one_current(officer_a_client, world):
    url = reverse("areas:figure_create", args=[world.ward_a.pk])
    for as_of, population in (("01/01/2027", "22000"), ("01/01/2025", "20000")):
        response = officer_a_client.post(
            url,
            {"as_of": as_of, "population": population, "households": "5000", "source": "Công an"},
        )
        assert response.status_code == 302
    assert list(
        AreaFigure.objects.filter(area=world.ward_a)
        .order_by("as_of")
        .values_list("as_of", "is_current")
    ) == [(date(2025, 1, 1), False), (date(2026, 1, 1), False), (date(2027, 1, 1), True)]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {
                "as_of": ["Trường này là bắt buộc."],
                "population": ["Trường này là bắt buộc."],
                "households": ["Trường này là bắt buộc."],
            },
        ),
        (
            {"as_of": "01/01/2027", "population": "100", "households": "101"},
            {"households": ["Số hộ không thể lớn hơn dân số."]},
        ),
        (
            {"as_of": "31/02/2026", "population": "-5", "households": "1e3"},
            {
                "as_of": ["Nhập một ngày hợp lệ."],
                "population": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."],
                "households": ["Nhập một số nguyên."],
            },
        ),
        (
            {"as_of": "01/01/2027", "population": "9" * 400, "households": "1"},
            {"population": ["Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 50000000 ."]},
        ),
    ],
)
def test_figure_create_refuses_bad_input(officer_a_client, world, data, errors):
    before = state()
    response = officer_a_client.post(reverse("areas:figure_create", args=[world.ward_a.pk]), data)
    assert form_errors(response) == errors
    assert_shown(response, errors)
    assert state() == before


def test_organisation_create_and_edit(officer_a_client, officer_a, world):
    response = officer_a_client.post(
        reverse("areas:organisation_create", args=[world.ward_a.pk]),
        {
            "area": world.group_a2.pk,
            "kind": "parish",
            "name": "Giáo xứ Gia Viên",
            "head_name": "Linh mục Phêrô Nguyễn Văn Hùng",
            "phone": "0225 3 842 123",
            "member_count": "1200",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    parish = Organisation.objects.get(name="Giáo xứ Gia Viên")
    assert (parish.area_id, parish.kind, parish.member_count, parish.is_active) == (
        world.group_a2.pk,
        "parish",
        1200,
        True,
    )
    url = reverse("areas:organisation_edit", args=[parish.pk])
    assert "Giáo xứ Gia Viên" in body(officer_a_client.get(url))
    response = officer_a_client.post(
        url,
        {
            "area": world.ward_a.pk,
            "kind": "parish",
            "name": "Giáo xứ Gia Viên",
            "member_count": "1250",
        },
    )
    assert response.status_code == 302
    parish.refresh_from_db()
    assert (parish.area_id, parish.member_count, parish.is_active, parish.head_name) == (
        world.ward_a.pk,
        1250,
        False,
        "",
    )
    event = events_for(parish)[-1]
    assert event.actor_id == officer_a.pk
    assert changed(event) == {
        "area_id": (world.group_a2.pk, world.ward_a.pk),
        "member_count": (1200, 1250),
        "is_active": (True, False),
        "head_name": ("Linh mục Phêrô Nguyễn Văn Hùng", ""),
        "phone": ("0225 3 842 123", ""),
    }


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {
                "area": ["Trường này là bắt buộc."],
                "kind": ["Trường này là bắt buộc."],
                "name": ["Trường này là bắt buộc."],
            },
        ),
        (
            {"area": "group_b1", "kind": "school", "name": "Trường A"},
            {"area": [INVALID_CHOICE.format("Lựa chọn đó")]},
        ),
        (
            {"area": "9" * 30, "kind": "school", "name": "Trường A"},
            {"area": [INVALID_CHOICE.format("Lựa chọn đó")]},
        ),
        (
            {"area": "group_a1", "kind": "school", "name": "TRUONG MAM NON HOA SEN"},
            {
                "name": [
                    "Đã có tổ chức, cơ quan tên “TRUONG MAM NON HOA SEN” cùng loại tại "
                    "Tổ dân phố số 1."
                ]
            },
        ),
        (
            {"area": "group_a1", "kind": "school", "name": "Trường A", "member_count": "-1"},
            {"member_count": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]},
        ),
        (
            {"area": "group_a1", "kind": "school", "name": "Trường A", "member_count": "nhiều"},
            {"member_count": ["Nhập một số nguyên."]},
        ),
        (
            {"area": "group_a1", "kind": "school", "name": "Trường A", "phone": "gọi tôi"},
            {"phone": ["Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + - . ( )."]},
        ),
    ],
)
def test_organisation_create_refuses_bad_input(officer_a_client, world, school, data, errors):
    data = {
        k: str(getattr(world, v).pk) if k == "area" and hasattr(world, v) else v
        for k, v in data.items()
    }
    before = state()
    response = officer_a_client.post(
        reverse("areas:organisation_create", args=[world.ward_a.pk]), data
    )
    assert form_errors(response) == errors
    assert_shown(response, errors)
    assert state() == before


def test_organisation_edit_refuses_a_duplicate(officer_a_client, world, school):
    other = services.organisation_save(
        actor=None,
        organisation=None,
        area=world.group_a1,
        kind="school",
        name="Trường Tiểu học Gia Viên",
    )
    before = state()
    response = officer_a_client.post(
        reverse("areas:organisation_edit", args=[other.pk]),
        {"area": world.group_a1.pk, "kind": "school", "name": "trường mầm non hoa sen"},
    )
    assert form_errors(response) == {
        "name": [
            "Đã có tổ chức, cơ quan tên “trường mầm non hoa sen” cùng loại tại Tổ dân phố số 1."
        ]
    }
    assert state() == before


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


def test_city_export_counts_groups_per_ward(city_client, world):
    response = city_client.get(reverse("areas:export", args=[world.haiphong.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("Gia Viên", "Phường", "11359", 2, 2, 21000),
        ("Thành Đông", "Phường", "10510", 1, 1, None),
    ]


# --- who may do what ------------------------------------------------------------------------------

WRITE_PAGES = [
    "edit",
    "rename",
    "merge",
    "group_create",
    "groups_bulk",
    "groups_import",
    "figure_create",
    "organisation_create",
]

VALID_POSTS = {
    "edit": {"kind": "ward", "code": "99999"},
    "rename": {"new_name": "Đổi", "effective_on": "01/01/2026"},
    "merge": {"predecessors": ["<group_a1>"], "effective_on": "01/01/2026"},
    "group_create": {"name": "Tổ 99", "kind": "residential_group"},
    "groups_bulk": {"name_prefix": "Tổ", "first": "1", "last": "3", "kind": "residential_group"},
    "groups_import": {},
    "figure_create": {"as_of": "01/01/2027", "population": "10", "households": "1"},
    "organisation_create": {"area": "<ward_a>", "kind": "school", "name": "Trường mới"},
}


def _valid_post(name: str, world) -> dict[str, object]:  # type: ignore[no-untyped-def]
    def value(v):  # type: ignore[no-untyped-def]
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, str) and v.startswith("<"):
            return str(getattr(world, v.strip("<>")).pk)
        return v

    return {k: value(v) for k, v in VALID_POSTS[name].items()}


@pytest.mark.parametrize("name", WRITE_PAGES)
@pytest.mark.parametrize("persona", ["leadership_client", "leader_client"])
def test_read_only_roles_get_403_on_every_write_page(request, world, school, name, persona):
    client = request.getfixturevalue(persona)
    url = reverse(f"areas:{name}", args=[world.ward_a.pk])
    before = state()
    assert client.get(url).status_code == 403
    assert client.post(url, _valid_post(name, world)).status_code == 403
    assert state() == before


@pytest.mark.parametrize("persona", ["leadership_client", "leader_client"])
def test_read_only_roles_get_403_on_organisation_edit_and_template(request, world, school, persona):
    client = request.getfixturevalue(persona)
    url = reverse("areas:organisation_edit", args=[school.pk])
    before = state()
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"area": world.group_a1.pk, "kind": "school", "name": "Khác"}).status_code
        == 403
    )
    assert client.get(reverse("areas:groups_import_template")).status_code == 403
    assert state() == before


@pytest.mark.parametrize("name", [*WRITE_PAGES, "detail", "children", "export"])
def test_other_ward_gets_404_and_changes_nothing(officer_b_client, world, name):
    url = reverse(f"areas:{name}", args=[world.ward_a.pk])
    before = state()
    assert officer_b_client.get(url, headers=HX).status_code == 404
    if name in WRITE_PAGES:
        assert officer_b_client.post(url, _valid_post(name, world)).status_code == 404
    assert state() == before


def test_other_ward_gets_404_on_groups_and_organisations(officer_b_client, world, school):
    for url in (
        reverse("areas:detail", args=[world.group_a1.pk]),
        reverse("areas:figure_create", args=[world.group_a1.pk]),
        reverse("areas:organisation_edit", args=[school.pk]),
        reverse("areas:detail", args=[world.haiphong.pk]),
        "/areas/99999999999999999999999/",
    ):
        assert officer_b_client.get(url).status_code == 404, url
    response = officer_b_client.post(
        reverse("areas:organisation_edit", args=[school.pk]),
        {"area": world.group_b1.pk, "kind": "school", "name": "Chiếm"},
    )
    assert response.status_code == 404
    assert Organisation.objects.get(pk=school.pk).area_id == world.group_a1.pk


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("areas:detail", args=[world.ward_a.pk]))
    assert response.status_code == 302
    assert "/accounts/login" in response.url


# --- no 500 from any bad input --------------------------------------------------------------------

# Arabic-Indic and mathematical digits are decimal digits to Python: they must not crash either.
JUNK = ["", "abc", "-1", "9" * 40, "31/02/2026", "1e400", "NaN", "0x10", "  ", "٣", "𝟗", "<x>"]


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("name", [n for n in WRITE_PAGES if n != "groups_import"])
def test_junk_in_any_field_is_never_a_500(officer_a_client, world, school, name, junk):
    """Each field in turn gets the junk value, the others stay valid: a form error or a save."""
    target = world.group_a2 if name == "merge" else world.ward_a
    url = reverse(f"areas:{name}", args=[target.pk])
    for field in [*_valid_post(name, world), *JUNK_FIELDS.get(name, [])]:
        data = _valid_post(name, world) | {field: [junk] if field == "predecessors" else junk}
        response = officer_a_client.post(url, data)
        assert response.status_code in (200, 302), (field, response.status_code)
        if response.status_code == 200:
            assert response.context["form"].errors, field


JUNK_FIELDS = {
    "edit": ["area_km2", "valid_from"],
    "rename": ["legal_basis"],
    "merge": ["legal_basis"],
    "group_create": ["population", "households", "as_of"],
    "figure_create": ["source"],
    "organisation_create": ["address", "head_name", "phone", "member_count"],
}


# --- query counts ---------------------------------------------------------------------------------


@pytest.fixture
def wards_5_and_50(world):  # type: ignore[no-untyped-def]
    clients = {}
    for n in (5, 50):
        ward = commune_with_groups(
            province=world.quangninh, name=f"Phường {n} tổ", groups=n, population=200
        )
        groups = list(Area.objects.filter(parent=ward).order_by("pk"))
        for i, group in enumerate(groups[: n // 2]):
            services.organisation_save(
                actor=None, organisation=None, area=group, kind="school", name=f"Trường {i}"
            )
        officer = user_bound_to(f"cand_{n}", Role.COMMUNE_POLICE, [ward])
        clients[n] = (client_for(officer), ward)
    return clients


def _count(client: Client, url: str, **kwargs) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "hx"),
    [
        ("tree", False),
        ("detail", False),
        ("children", True),
        ("export", False),
        ("search", False),
        ("search", True),
    ],
)
def test_pages_issue_the_same_queries_for_5_and_50_groups(
    wards_5_and_50, django_assert_max_num_queries, url_name, hx
):
    counts = {}
    for n, (client, ward) in wards_5_and_50.items():
        if url_name == "tree":
            url = reverse("areas:tree")
        elif url_name == "search":
            url = reverse("areas:search") + "?q=to"  # every group ("Tổ 1"…) and the ward match
        else:
            url = reverse(f"areas:{url_name}", args=[ward.pk])
        client.get(url, headers=HX if hx else {})  # warm the session
        with django_assert_max_num_queries(16):
            counts[n] = _count(client, url, headers=HX if hx else {})
    assert counts[5] == counts[50]
