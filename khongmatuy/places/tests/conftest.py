"""Fixtures of the places tests: a frozen clock and one record of each kind in ward A, written
through the services (so every row is audited, as the root conftest checks)."""

from __future__ import annotations

from typing import Any

import pytest

from khongmatuy.places.models import Business, Place
from tests.personas import World

from .factories import BusinessFactory, PlaceFactory


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


@pytest.fixture
def hotspot_a(world: World) -> Place:
    """A hotspot in group A1 of ward A, found on 10/01/2026."""
    return PlaceFactory(area=world.group_a1, name="Bãi đất trống cạnh chợ Gia Viên")


@pytest.fixture
def business_a(world: World) -> Business:
    return BusinessFactory(area=world.group_a1, name="Karaoke Hoa Hồng")
