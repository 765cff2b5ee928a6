"""Fixtures of the criteria tests."""

from __future__ import annotations

import pytest

from tests.personas import World

from .factories import Facts, build_world


@pytest.fixture
def facts_world(world: World) -> Facts:
    return build_world(world)
