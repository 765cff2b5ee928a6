"""Fixtures of the project-wide tests: ward A's data of every kind and the leak test's users."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.leak_data import build_data, make_clients
from tests.leak_routes import Data
from tests.personas import World


@pytest.fixture
def data(world: World) -> Data:
    return build_data(world)


@pytest.fixture
def clients(data: Data) -> dict[str, Client]:
    return make_clients(data)
