"""Every API route walked as a group leader and as a supervisor of ward A's person: citizen IDs,
health facts and test results never appear in any answer, while the person herself does (so the
walk reaches real data)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.common.access import ScopedAPIView, iter_url_patterns
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import SupervisorKind
from khongmatuy.people.services import care
from khongmatuy.people.services import persons as person_services
from tests.leak_routes import CASES, Data, body_text
from tests.personas import make_user

CITIZEN_ID = "031301009876"
# Keys that carry a citizen ID, a health fact, a test result or a police note: null or absent.
SENSITIVE_KEYS = frozenset(
    {
        "citizen_id",
        "notes",
        "psychosis_note",
        "result",
        "substances",
        "kit_or_lab",
        "method",
        "outcome",
        "facility",
        "summary",
    }
)
SECRETS = (CITIZEN_ID, "Kích động Mẫu Rò", "Ghi chú nghiệp vụ Mẫu Rò")


def _pairs(value: Any) -> list[tuple[str, Any]]:
    """Every (key, value) of a JSON document, at any depth."""
    if isinstance(value, dict):
        found = list(value.items())
        for item in value.values():
            found += _pairs(item)
        return found
    if isinstance(value, list):
        return [pair for item in value for pair in _pairs(item)]
    return []


def _api_routes() -> list[tuple[str, type[ScopedAPIView]]]:
    routes = []
    for route, name, view in iter_url_patterns():
        view_class = getattr(view, "cls", None)
        if route.startswith("api/v1/") and view_class and issubclass(view_class, ScopedAPIView):
            routes.append((name, view_class))
    return routes


@pytest.fixture
def readers(data: Data) -> dict[str, Any]:
    world, person = data.world, data.person
    officer = make_user("walk_officer", Role.COMMUNE_POLICE, [world.ward_a])
    person_services.person_update(actor=officer, person=person, notes="Ghi chú nghiệp vụ Mẫu Rò")
    person_services.person_flag_psychosis(
        actor=officer, person=person, psychosis=True, note="Kích động Mẫu Rò"
    )
    leader = make_user("walk_leader", Role.GROUP_LEADER, [world.group_a1])
    supervisor = make_user("walk_supervisor", Role.SUPERVISOR, [world.group_a1])
    care.supervision_assign(
        actor=officer,
        person=person,
        name="Người giúp đỡ",
        kind=SupervisorKind.VETERAN,
        phone="",
        started_on=date(2026, 11, 1),
        supervisor_user=supervisor,
        today=date(2026, 11, 23),
    )
    return {"leader": leader, "supervisor": supervisor}


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_no_citizen_id_health_fact_or_test_result_in_any_answer(
    persona: str, readers: dict[str, Any], data: Data
) -> None:
    client = token_client(readers[persona])
    walked: set[str] = set()
    reached_person = False
    for name, view_class in _api_routes():
        for case in [c for c in CASES if c.name == name]:
            url = reverse(name, args=case.args(data))
            if case.query:
                url = f"{url}?{case.query}"
            if case.method == "get" and hasattr(view_class, "get"):
                response = client.get(url)
            elif case.method in ("post", "patch", "put"):
                # Empty bodies: refused before anything is written, the answer still checked.
                response = getattr(client, case.method)(url, {}, format="json")
            else:
                continue
            assert response.status_code < 500, (name, response.status_code)
            walked.add(name)
            text = body_text(response)  # an .xlsx export is read cell by cell
            for secret in SECRETS:
                assert secret not in text, f"{name} showed {secret!r} to a {persona}"
            if response.get("Content-Type", "").startswith("application/json"):
                for key, value in _pairs(json.loads(text or "null")):
                    if key in SENSITIVE_KEYS:
                        assert value in (None, ""), f"{name}: {key}={value!r} to a {persona}"
            reached_person = reached_person or "Đinh Thị Mẫu Rò" in text
    assert walked == {name for name, _cls in _api_routes()}
    assert reached_person
