"""Residential groups through their pages: one, many, and from an Excel file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khongmatuy.areas.models import Area, AreaFigure

from .pages import INVALID_CHOICE, assert_shown, body, form_errors, state

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
