"""Fixtures of the project-wide tests: ward A's data of every kind and the leak test's users.

A module whose tests only read ward A's data (or write inside their own savepoint) declares
``pytestmark = pytest.mark.usefixtures("ward_a_once")``: the world, the data and the logged-in
clients are then built once for the module, in a transaction rolled back after its last test
(``tests.database.rolled_back``), instead of once per test. Building them goes through the
services and costs about half a second, which the leak walk's 1,500 tests used to pay each.
Such a module holds no transactional test, and no test there changes the shared objects in
memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.database import rolled_back
from tests.leak_data import build_data, make_clients
from tests.leak_routes import Data
from tests.personas import World, build_world

# The data, and each logged-in client's session key.
Shared = tuple[Data, dict[str, str]]


@pytest.fixture(scope="module")
def ward_a_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[Shared]:
    with rolled_back(django_db_blocker):
        data = build_data(build_world())
        sessions = {
            key: client.cookies[settings.SESSION_COOKIE_NAME].value
            for key, client in make_clients(data).items()
        }
        yield data, sessions


def _client_of(session_key: str) -> Client:
    """A new client in a session logged in before: a test may log it out or change its
    language without the next test noticing (the session's row comes back with the rollback)."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def _shared(request: pytest.FixtureRequest) -> Shared | None:
    if "ward_a_once" in request.fixturenames:
        shared: Shared = request.getfixturevalue("ward_a_once")
        return shared
    return None


@pytest.fixture
def world(request: pytest.FixtureRequest, db: None) -> World:
    shared = _shared(request)
    return shared[0].world if shared else build_world()


@pytest.fixture
def data(request: pytest.FixtureRequest, world: World) -> Data:
    shared = _shared(request)
    return shared[0] if shared else build_data(world)


@pytest.fixture
def clients(request: pytest.FixtureRequest, data: Data) -> dict[str, Client]:
    shared = _shared(request)
    if shared:
        return {key: _client_of(session_key) for key, session_key in shared[1].items()}
    return make_clients(data)
