"""Resident figures and organisations through their pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from khongmatuy.areas import services
from khongmatuy.areas.models import AreaFigure, Organisation

from .factories import changed, events_for
from .pages import INVALID_CHOICE, assert_shown, body, form_errors, state

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
            "version": parish.version,
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
        "version": (1, 2),
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
        {
            "area": world.group_a1.pk,
            "kind": "school",
            "name": "trường mầm non hoa sen",
            "version": other.version,
        },
    )
    assert form_errors(response) == {
        "name": [
            "Đã có tổ chức, cơ quan tên “trường mầm non hoa sen” cùng loại tại Tổ dân phố số 1."
        ]
    }
    assert state() == before
