"""Shared data of the places tests: a frozen clock and helpers that write through the services
(so every row is audited, as the root conftest checks)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services
from khongmatuy.places import services
from khongmatuy.places.models import Business, Place
from tests.personas import World

TODAY = date(2026, 11, 23)


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


def make_place(
    area: Area,
    *,
    actor: User | None = None,
    name: str = "Nhà trọ Hải Đăng",
    kind: str = Place.Kind.HOTSPOT,
    discovered_on: date = date(2026, 1, 10),
    **kwargs: Any,
) -> Place:
    return services.place_create(
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        discovered_on=discovered_on,
        today=TODAY,
        **kwargs,
    )


def move(place: Place, to_status: str, on: date, *, actor: User | None = None) -> Place:
    return services.place_transition(
        actor=actor, place=place, to_status=to_status, on=on, note="", today=TODAY
    )


def make_business(area: Area, name: str = "Karaoke Hoa Hồng", **kwargs: Any) -> Business:
    values: dict[str, Any] = {"kind": Business.Kind.KARAOKE, "risk": Business.Risk.MEDIUM}
    values.update(kwargs)
    return services.business_create(actor=None, area=area, name=name, today=TODAY, **values)


def inspect(business: Business, on: date, **kwargs: Any) -> Any:
    return services.inspection_record(
        actor=None,
        business=business,
        inspected_on=on,
        team="Tổ công tác Công an phường",
        today=TODAY,
        **kwargs,
    )


def register(area: Area, full_name: str) -> Person:
    return person_services.person_register(
        actor=None,
        area=area,
        full_name=full_name,
        sex=Sex.MALE,
        date_of_birth=date(1990, 5, 17),
        categories=[person_services.CategorySpec(Category.ILLEGAL_USER, date(2026, 1, 10))],
        today=TODAY,
    )


@pytest.fixture
def hotspot_a(world: World) -> Place:
    """A hotspot in group A1 of ward A, found on 10/01/2026."""
    return make_place(world.group_a1, name="Bãi đất trống cạnh chợ Gia Viên")


@pytest.fixture
def business_a(world: World) -> Business:
    return make_business(world.group_a1, "Karaoke Hoa Hồng")
