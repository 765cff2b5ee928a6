"""Every page that shows a person's data records that the user saw it.

Walks every GET route of the leak test as ward A's officer. When the answer shows the ward A
person (her name or citizen ID), the request must have written a VIEW entry for her record, or an
EXPORT entry for a file that lists her. A new page that shows persons without ``@records_views``
and ``shown()`` fails here.
"""

from __future__ import annotations

import pytest
from django.test import Client

from khongmatuy.audit.models import AuditEvent
from tests.leak_routes import CASES, Case, Data, body_text, call

# Routes still being brought under ``@records_views``; each must fail until it is (strict).
PENDING = {
    "cases:person_add",
}

PERSON_MARKERS = ("Đinh Thị Mẫu Rò", "031301009876")


def _key(case: Case) -> str:
    return f"{case.name}?{case.query}" if case.query else case.name


SHOWING_ROUTES = [
    pytest.param(c, marks=pytest.mark.xfail(strict=True)) if _key(c) in PENDING else c
    for c in CASES
    if c.method == "get" and c.owner_status == 200
]


@pytest.mark.parametrize("case", SHOWING_ROUTES, ids=lambda c: f"{c.name}-{c.kind}")
def test_a_page_that_shows_a_person_records_the_view(
    case: Case, clients: dict[str, Client], data: Data
) -> None:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = call(clients["officer_a"], case, data)
    assert response.status_code == 200
    if not any(marker in body_text(response) for marker in PERSON_MARKERS):
        return
    written = AuditEvent.objects.filter(pk__gt=last, actor__username="leak_officer_a")
    viewed = written.filter(
        action=AuditEvent.Action.VIEW, model="people.Person", object_id=str(data.person.pk)
    )
    exported = written.filter(action=AuditEvent.Action.EXPORT)
    assert viewed.exists() or exported.exists(), f"{case.name} shows the person unrecorded"


def test_the_walk_meets_the_person() -> None:
    """The walk covers the person's own pages, so a pass above is not vacuous."""
    names = {c.name for c in CASES if c.method == "get"}
    assert {"people:detail", "people:list", "people:edit", "people:visits"} <= names
