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

# Ward A's data, built once for the module (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("ward_a_once")

PERSON_NAME = "Đinh Thị Mẫu Rò"  # also the name of her duplicate record (same ward)
PERSON_CITIZEN_ID = "031301009876"  # hers only

SHOWING_ROUTES = [c for c in CASES if c.method == "get" and c.owner_status == 200]


@pytest.mark.parametrize("case", SHOWING_ROUTES, ids=lambda c: f"{c.name}-{c.kind}")
def test_a_page_that_shows_a_person_records_the_view(
    case: Case, clients: dict[str, Client], data: Data
) -> None:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = call(clients["officer_a"], case, data)
    assert response.status_code == 200
    body = body_text(response)
    if PERSON_CITIZEN_ID in body:
        shown_pks = {data.person.pk}  # her citizen ID: her record
    elif PERSON_NAME in body:
        shown_pks = {data.person.pk, data.duplicate.pk}  # the name alone: either record
    else:
        return
    written = AuditEvent.objects.filter(pk__gt=last, actor__username="leak_officer_a")
    viewed = written.filter(
        action=AuditEvent.Action.VIEW,
        model="people.Person",
        object_id__in=[str(pk) for pk in shown_pks],
    )
    exported = written.filter(action=AuditEvent.Action.EXPORT)
    assert viewed.exists() or exported.exists(), f"{case.name} shows the person unrecorded"


def test_the_walk_meets_the_person() -> None:
    """The walk covers the person's own pages, so a pass above is not vacuous."""
    names = {c.name for c in CASES if c.method == "get"}
    assert {"people:detail", "people:list", "people:edit", "people:visits"} <= names
