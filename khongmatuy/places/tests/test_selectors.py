"""Reads: places existing at past dates, uninspected businesses, cultivation totals and the
tip-box / hotline-board indicator, with exact figures and query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from khongmatuy.common.scoping import scope_for
from khongmatuy.places import selectors, services
from khongmatuy.places.models import Business, Place
from khongmatuy.places.selectors import PlaceCount

from .factories import (
    TODAY,
    BusinessFactory,
    CultivationFactory,
    InspectionFactory,
    PlaceFactory,
    move,
)

S = Place.Status
K = Place.Kind


@pytest.fixture
def history(world):  # type: ignore[no-untyped-def]
    """A hotspot in A1 that is fought, eliminated, watched and recurs; a harbouring place in A2
    found later; a hotspot in ward B."""
    a1 = PlaceFactory(area=world.group_a1, name="Bãi đất trống", discovered_on=date(2026, 1, 10))
    move(a1, S.UNDER_ACTION, date(2026, 2, 1))
    move(a1, S.ELIMINATED, date(2026, 3, 1))
    move(a1, S.WATCHED, date(2026, 3, 15))
    move(a1, S.RECURRED, date(2026, 6, 1))
    PlaceFactory(
        area=world.group_a2,
        name="Phòng trọ số 7",
        kind=K.HARBOURING,
        discovered_on=date(2026, 5, 1),
    )
    PlaceFactory(area=world.group_b1, name="Gầm cầu Thành Đông", discovered_on=date(2026, 1, 1))
    return a1


def _counts(user, on, **kwargs):  # type: ignore[no-untyped-def]
    return selectors.place_counts_at(user=user, on=on, **kwargs)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 1, 9), {}),  # before discovery
        (date(2026, 1, 10), {"a1": (1, 0, 0)}),  # the day it is found
        (date(2026, 2, 15), {"a1": (1, 0, 0)}),  # under action still exists
        (date(2026, 3, 1), {}),  # eliminated that day
        (date(2026, 4, 30), {}),  # watched: not existing
        (date(2026, 5, 1), {"a2": (0, 1, 0)}),
        (date(2026, 6, 1), {"a1": (1, 0, 1), "a2": (0, 1, 0)}),  # recurred counts again
        (TODAY, {"a1": (1, 0, 1), "a2": (0, 1, 0)}),
    ],
)
def test_place_counts_at_past_dates(world, officer_a, history, on, expected):
    areas = {"a1": world.group_a1.pk, "a2": world.group_a2.pk}
    assert _counts(officer_a, on) == {
        areas[key]: PlaceCount(areas[key], hotspots=h, harbouring=b, recurred=r)
        for key, (h, b, r) in expected.items()
    }


def test_place_counts_by_commune_and_scope(world, officer_a, officer_b, city_user, history):
    on = date(2026, 6, 1)
    assert _counts(officer_a, on, by="commune") == {
        world.ward_a.pk: PlaceCount(world.ward_a.pk, hotspots=1, harbouring=1, recurred=1)
    }
    assert _counts(officer_b, on, by="commune") == {
        world.ward_b.pk: PlaceCount(world.ward_b.pk, hotspots=1, harbouring=0, recurred=0)
    }
    city = _counts(city_user, on, by="commune")
    assert sorted(city) == sorted([world.ward_a.pk, world.ward_b.pk])
    assert _counts(city_user, on, area=world.group_a2) == {
        world.group_a2.pk: PlaceCount(world.group_a2.pk, hotspots=0, harbouring=1, recurred=0)
    }
    assert _counts(city_user, on, area=world.ward_b)[world.group_b1.pk].total == 1


def test_place_counts_is_one_query(world, officer_a, history, django_assert_num_queries):
    scope_for(officer_a)  # the scope is read once per user object
    with django_assert_num_queries(1):
        _counts(officer_a, date(2026, 6, 1))


# --- businesses not inspected ---------------------------------------------------------------


@pytest.fixture
def businesses(world):  # type: ignore[no-untyped-def]
    never = BusinessFactory(area=world.group_a1, name="Karaoke Ánh Dương", risk=Business.Risk.HIGH)
    recent = BusinessFactory(area=world.group_a1, name="Nhà nghỉ Hòa Bình")
    InspectionFactory(business=recent, inspected_on=date(2026, 6, 1))  # 175 days before 23/11/2026
    boundary = BusinessFactory(
        area=world.group_a2, name="Quán bar Sao Đêm", risk=Business.Risk.HIGH
    )
    InspectionFactory(business=boundary, inspected_on=date(2026, 5, 27))  # exactly 180 days before
    old = BusinessFactory(
        area=world.group_a2, name="Nhà trọ Cô Lan", kind=Business.Kind.RENTED_ROOMS
    )
    InspectionFactory(business=old, inspected_on=date(2026, 5, 26))  # 181 days before
    closed = BusinessFactory(area=world.group_a2, name="Massage Thư Giãn", is_active=False)
    other_ward = BusinessFactory(area=world.group_b1, name="Karaoke Thành Đông")
    return {
        "never": never,
        "recent": recent,
        "boundary": boundary,
        "old": old,
        "closed": closed,
        "other_ward": other_ward,
    }


def _names(qs):  # type: ignore[no-untyped-def]
    return [b.name for b in qs]


def test_uninspected_at_a_frozen_date(world, officer_a, businesses):
    rows = selectors.businesses_uninspected(user=officer_a, on=TODAY)
    assert _names(rows) == ["Karaoke Ánh Dương", "Nhà trọ Cô Lan"]
    high = selectors.businesses_uninspected(user=officer_a, on=TODAY, risk=Business.Risk.HIGH)
    assert _names(high) == ["Karaoke Ánh Dương"]
    assert _names(selectors.businesses_uninspected(user=officer_a, on=date(2026, 11, 22))) == [
        "Karaoke Ánh Dương"
    ]


@override_settings(KMT_INSPECTION_INTERVAL_DAYS=30)
def test_uninspected_interval_comes_from_settings(world, officer_a, businesses):
    assert selectors.inspection_interval_days() == 30
    rows = selectors.businesses_uninspected(user=officer_a, on=TODAY)
    assert _names(rows) == [
        "Karaoke Ánh Dương",
        "Nhà trọ Cô Lan",
        "Quán bar Sao Đêm",
        "Nhà nghỉ Hòa Bình",
    ]


# --- cultivation ----------------------------------------------------------------------------


def test_cultivation_totals_per_area_and_period(world, city_user):
    for area, plants, m2, on in (
        (world.group_a1, 40, "12.5", date(2026, 3, 1)),
        (world.group_a1, 10, "0", date(2026, 9, 1)),
        (world.group_a2, 0, "30.0", date(2026, 9, 2)),
        (world.group_b1, 5, "1.5", date(2026, 9, 3)),
    ):
        CultivationFactory(
            area=area, site="Vườn", plant_count=plants, area_m2=Decimal(m2), discovered_on=on
        )
    totals = selectors.cultivation_totals(
        user=city_user, start=date(2026, 1, 1), end=date(2026, 12, 31), by="commune"
    )
    assert {k: (t.sites, t.plants, t.area_m2) for k, t in totals.items()} == {
        world.ward_a.pk: (3, 50, Decimal("42.5")),
        world.ward_b.pk: (1, 5, Decimal("1.5")),
    }
    autumn = selectors.cultivation_totals(
        user=city_user, start=date(2026, 9, 1), end=date(2026, 9, 2), area=world.ward_a
    )
    assert {k: (t.sites, t.plants, t.area_m2) for k, t in autumn.items()} == {
        world.group_a1.pk: (1, 10, Decimal("0.0")),
        world.group_a2.pk: (1, 0, Decimal("30.0")),
    }


# --- tip boxes and hotline boards -----------------------------------------------------------


def _check(area, on, tip_box, board):  # type: ignore[no-untyped-def]
    return services.facility_check_record(
        actor=None,
        area=area,
        checked_on=on,
        has_tip_box=tip_box,
        has_hotline_board=board,
        today=TODAY,
    )


def test_facility_indicator_exact_percentage(
    world, officer_a, city_user, django_assert_num_queries
):
    _check(world.group_a1, date(2026, 10, 1), True, False)
    _check(world.group_a1, date(2026, 11, 1), True, True)  # the latest check counts
    _check(world.group_a2, date(2026, 11, 2), True, False)
    # group B1 never checked
    city = selectors.group_facility_indicator(user=city_user, on=TODAY)
    assert (city.total, city.complete, city.percent) == (3, 1, Decimal("33.3"))
    assert not city.meets_target
    assert [(g.name, g.has_tip_box, g.has_board) for g in city.missing] == [
        ("Tổ dân phố số 2", True, False),
        ("Tổ dân phố Thành Công", None, None),
    ]
    ward = selectors.group_facility_indicator(user=officer_a, on=TODAY)
    assert (ward.total, ward.complete, ward.percent) == (2, 1, Decimal("50.0"))
    earlier = selectors.group_facility_indicator(user=officer_a, on=date(2026, 10, 15))
    assert (earlier.total, earlier.complete, earlier.percent) == (2, 0, Decimal("0.0"))
    only_b = selectors.group_facility_indicator(user=city_user, on=TODAY, commune=world.ward_b)
    assert (only_b.total, only_b.complete) == (1, 0)
    _check(world.group_a2, date(2026, 11, 20), True, True)
    full = selectors.group_facility_indicator(user=officer_a, on=TODAY)
    assert (full.percent, full.meets_target, list(full.missing)) == (Decimal("100.0"), True, [])
    scope_for(city_user)
    with django_assert_num_queries(1):
        selectors.group_facility_indicator(user=city_user, on=TODAY)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), set()),
        (
            date(2026, 2, 15),
            {("Bãi đất trống", S.UNDER_ACTION), ("Gầm cầu Thành Đông", S.DETECTED)},
        ),
        (date(2026, 4, 30), {("Gầm cầu Thành Đông", S.DETECTED)}),
        (
            date(2026, 6, 1),
            {
                ("Bãi đất trống", S.RECURRED),
                ("Phòng trọ số 7", S.DETECTED),
                ("Gầm cầu Thành Đông", S.DETECTED),
            },
        ),
    ],
)
def test_existing_on_answers_from_the_dated_lifecycle(world, history, on, expected):
    rows = Place.objects.existing_on(on).values_list("name", "status_then")
    assert set(rows) == expected
