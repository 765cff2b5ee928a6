"""Property-based fuzzing of every API operation from the OpenAPI schema (schemathesis).

For each operation schemathesis generates requests from the schema and sends them with the
token of a police officer of ward A, then of ward B. Every answer must be below 500, have a
status code and a body the schema declares, and never hold anything of the other ward.

The requests go to the Django WSGI application in this process (schemathesis's WSGI transport):
the whole stack runs (middleware, token authentication, rate limit, scoping, services, audit)
without a socket, a server thread or a flushed database, so a call costs a few milliseconds and
the data is rolled back once at the end. ``KMT_FUZZ_EXAMPLES`` sets the examples per operation
and user; by default 50, so each of CI's two runs (SQLite, PostgreSQL) sends at least 100 cases per
operation, split between the two users (docs/api.md). The test fails if an operation got fewer than
twice the examples (100 at most), and prints its totals. The operations are shared between
four tests, which xdist's workers run side by side.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.renderers import JSONRenderer
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from khongmatuy.accounts.tests.factories import api_key_for
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Sex
from khongmatuy.people.services import persons as person_services
from khongmatuy.places import services as place_services
from tests.leak_data import build_data
from tests.leak_routes import MARKERS, body_text
from tests.personas import World, make_user

pytestmark = pytest.mark.fuzz

# Examples per operation and user; see the module docstring.
DEFAULT_EXAMPLES = 50
# The floor of generated cases per operation and CI run (both users together).
CI_FLOOR = 100
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Ward B's own data, which ward A's officer must never see.
MARKERS_B = ("Lý Thị Bê Rò", "Quán Bê Rò")
# Answers that are the same for every user (definitions, no area data): the built-in local rule
# set cites the ward plan it was drawn from ("kế hoạch phường Gia Viên"), ward A's marker.
SAME_FOR_EVERYONE = frozenset({"GET /api/v1/rule-sets/"})
# The operations are fuzzed in this many tests, each a share of them, so that xdist's workers
# share the run instead of one worker running all of it.
SHARDS = 4


def _schema() -> Any:
    """The OpenAPI document the schema route serves, as schemathesis reads it."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(JSONRenderer().render(document)))


def _ward_b_data(world: World) -> None:
    officer = make_user("fuzz_b_registrar", Role.COMMUNE_POLICE, [world.ward_b])
    person_services.person_register(
        actor=officer,
        area=world.group_b1,
        full_name=MARKERS_B[0],
        sex=Sex.FEMALE,
        citizen_id=None,
        today=date(2026, 11, 23),
    )
    place_services.place_create(
        actor=officer,
        area=world.group_b1,
        kind="hotspot",
        name=MARKERS_B[1],
        discovered_on=date(2026, 10, 1),
        today=date(2026, 11, 23),
    )


def examples() -> int:
    return int(os.environ.get("KMT_FUZZ_EXAMPLES") or DEFAULT_EXAMPLES)


def _fuzz(
    operation: Any,
    app: Any,
    key: str,
    foreign: tuple[str, ...],
    calls: Counter[tuple[str, str]],
    statuses: Counter[int],
    validated: list[int],
) -> Any:
    """The Hypothesis test of one operation as one user: each example is sent and checked."""

    @hypothesis_settings(
        max_examples=examples(),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = case.call(app=app, headers={"Authorization": f"Token {key}"})
        statuses[response.status_code] += 1
        calls[operation.label, key] += 1
        case.validate_response(response, checks=CHECKS)  # raises on a 5xx or a schema violation
        validated[0] += 1
        content = response.content
        # An .xlsx export is read cell by cell; JSON is written unescaped (DRF's UNICODE_JSON).
        text = body_text(response) if content[:2] == b"PK" else content.decode("utf-8", "replace")
        for marker in () if operation.label in SAME_FOR_EVERYONE else foreign:
            assert marker not in text, f"{operation.label} leaked {marker!r}"

    return run


@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_operation_as_two_wards(world: World, settings: Any, shard: int) -> None:
    """Every operation, in ``SHARDS`` shares by label (each share fuzzed by one test)."""
    settings.KMT_API_RATE = "100000000/hour"  # the per-token limit is tested elsewhere
    started = time.monotonic()
    build_data(world)
    _ward_b_data(world)
    users = {
        "ward_a": (
            api_key_for(make_user("fuzz_a", Role.COMMUNE_POLICE, [world.ward_a])),
            MARKERS_B,
        ),
        "ward_b": (
            api_key_for(make_user("fuzz_b", Role.COMMUNE_POLICE, [world.ward_b])),
            MARKERS,
        ),
    }
    app = get_wsgi_application()
    calls: Counter[tuple[str, str]] = Counter()
    statuses: Counter[int] = Counter()
    validated = [0]  # answers that passed every check
    everything = sorted(
        (result.ok() for result in _schema().get_all_operations()), key=lambda op: op.label
    )
    operations = everything[shard::SHARDS]
    # Refusals (400, 404) are the point of fuzzing: their warnings would only fill the log.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    # As Django's test client does: the test's connection (and its transaction) must outlive
    # each request, which would otherwise close it when it ends.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        for operation in operations:
            for key, foreign in users.values():
                _fuzz(operation, app, key, foreign, calls, statuses, validated)()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        request_log.setLevel(level)
    per_operation = Counter[str]()
    for (label, _key), n in calls.items():
        per_operation[label] += n
    fewest = min(per_operation, key=per_operation.__getitem__)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    print(  # noqa: T201  (the totals, one line, read by whoever runs the fuzzing)
        f"\nfuzz ({connection.vendor}, share {shard + 1} of {SHARDS}): "
        f"{len(operations)} of {len(everything)} operations, "
        f"{sum(calls.values())} cases (one call each), {examples()} examples per operation and "
        f"user, fewest cases of an operation {per_operation[fewest]} ({fewest}), "
        f"statuses {dict(sorted(statuses.items()))}, {server_errors} server errors, "
        f"{sum(calls.values()) - validated[0]} schema violations, "
        f"{time.monotonic() - started:.0f} s"
    )
    assert set(per_operation) == {operation.label for operation in operations}
    assert server_errors == 0
    assert validated[0] == sum(calls.values())
    # Hypothesis stops early when it runs out of distinct inputs: the floor is checked, not hoped.
    assert per_operation[fewest] >= min(CI_FLOOR, 2 * examples()), fewest
