"""Editing, renaming and merging areas through their pages: forms, refusals, history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from khongmatuy.areas.models import AreaChange

from .factories import fresh
from .pages import INVALID_CHOICE, assert_shown, body, client_for, form_errors, state

# --- edit, rename, merge --------------------------------------------------------------------------


def test_edit_saves_the_facts(officer_a_client, world):
    url = reverse("areas:edit", args=[world.ward_a.pk])
    assert officer_a_client.get(url).status_code == 200
    response = officer_a_client.post(
        url,
        {
            "kind": "ward",
            "code": "11360",
            "area_km2": "1.25",
            "valid_from": "01/07/2025",
            "version": world.ward_a.version,
        },
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
    response = officer_a_client.post(
        reverse("areas:edit", args=[world.ward_a.pk]), {**data, "version": world.ward_a.version}
    )
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
