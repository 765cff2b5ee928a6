"""Fixtures of the criteria tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.personas import World

from .factories import Facts, build_world, reviewed, today

# The data reviews the shared world has on record, so its evaluations can conclude: one early
# enough for evaluations "as of" a past date, one within the last year.
REVIEWED_ON = (date(2025, 6, 1), date(2026, 10, 24))


@pytest.fixture
def world(world: World) -> World:
    """The shared world, every residential group's data reviewed (the evidence a conclusion
    needs); tests of an inconclusive evaluation use an area of their own."""
    for day in (*REVIEWED_ON, today() - timedelta(days=30)):
        for ward in (world.ward_a, world.ward_b):
            reviewed(ward, day)
    return world


@pytest.fixture
def facts_world(world: World) -> Facts:
    return build_world(world)
