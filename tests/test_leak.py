"""The area-leak test: every URL and API route, walked as users of other areas.

Ward A (Gia Viên) holds the data (``tests.leak_routes``). Two outsiders try every route with ward
A's ids: a police officer of ward B (Thành Đông, same city) and a city police user of another
province (Quảng Ninh), who holds more capabilities. Each must get a 404 for ward A's objects, and
no page, export, search, count or API answer may contain ward A's names. A ward A officer reaches
the same routes, proving the test walks real data. Every URL pattern must appear in ``CASES``: a
new route without a case fails ``test_every_route_has_a_leak_case``.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.common.access import iter_url_patterns
from tests.leak_routes import (
    CASES,
    EXPORT_PASSWORD,
    MARKERS,
    OUTSIDERS,
    Case,
    Data,
    body_text,
    call,
)
from tests.workbooks import OLE_MAGIC

# Ward A's data, built once for the module (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("ward_a_once")


def test_every_route_has_a_leak_case() -> None:
    covered = {case.name for case in CASES}
    routes = {name or route for route, name, _ in iter_url_patterns()}
    missing = sorted(routes - covered)
    assert missing == [], f"routes without a leak case: {missing}"


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}-{c.name}-{c.kind}")
def test_outsider_sees_nothing_of_ward_a(
    case: Case, outsider: str, clients: dict[str, Client], data: Data
) -> None:
    response = call(clients[outsider], case, data)
    assert response.status_code < 500
    if case.kind == "object":
        assert response.status_code in (403, 404), response.status_code
        if response.status_code == 403:
            # A role without the capability is refused before the object is looked up (city
            # police have no household lists: prevention.HOUSEHOLDS; they read the programme's
            # money without recording it: programme.MANAGE_PROGRAMME).
            assert case.name.split(":")[0] in {
                "programme",
                "areas",
                "audit",
                "accounts",
                "prevention",
                "plans",
                "reports",
                "api-audit-events-detail",
                "api-plan-task-progress",  # city police neither report nor accept a task
                "api-plan-task-accept",
                "api-plan-task-return",
                "api-programme-allocation-create",
                "api-programme-disbursement-create",
                # household lists are personal data (prevention.HOUSEHOLDS), as on the pages
                "api-households-detail",
                "api-household-commitment-create",
                "api-household-remove",
                "api-household-commitments-detail",
                "api-household-counts-detail",
            }
    body = body_text(response)
    for marker in MARKERS:
        assert marker not in body, f"{case.name} leaked {marker!r} to {outsider}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}-{c.name}-{c.kind}")
def test_owner_reaches_the_route(case: Case, clients: dict[str, Client], data: Data) -> None:
    """The same calls as ward A's officer succeed, so the outsiders' 404s are meaningful."""
    if case.owner_status is None:
        return
    response = call(clients["officer_a"], case, data)
    assert response.status_code == case.owner_status


def test_outsider_posts_change_nothing(clients: dict[str, Client], data: Data) -> None:
    ward = data.world.ward_a
    before = (ward.code, ward.figures.count(), data.world.group_a1.figures.count())
    for case in CASES:
        if case.method == "post" and case.kind == "object":
            for outsider in OUTSIDERS:
                call(clients[outsider], case, data)
    ward.refresh_from_db()
    assert (ward.code, ward.figures.count(), data.world.group_a1.figures.count()) == before


@pytest.mark.parametrize(
    ("url_name", "query", "marker"),
    [
        ("areas:tree", "", "Gia Viên"),
        ("areas:search", "q=gia+vien", "Gia Viên"),
        ("api-areas", "q=gia+vien", "Gia Viên"),
        ("people:list", "q=mau+ro", "Đinh Thị Mẫu Rò"),
        ("people:export", "q=mau+ro", "Đinh Thị Mẫu Rò"),
        ("people:autocomplete", "q=mau+ro", "Đinh Thị Mẫu Rò"),
        ("people:followups", "", "Đinh Thị Mẫu Rò"),
        ("alerts:centre", "", "Đinh Thị Mẫu Rò"),
        ("people:transfers", "", "Đinh Thị Mẫu Rò"),
        ("people:duplicates", "", "Đinh Thị Mẫu Rò"),
        ("places:list", "", "Nhà trọ Mẫu Rò"),
        ("places:businesses", "", "Karaoke Mẫu Rò"),
        ("cases:list", "", "Mẫu Rò"),
        ("reports:map_points", "", "Nhà trọ Mẫu Rò"),
        ("criteria:roadmaps", "", "Lộ trình Mẫu Rò"),
        ("criteria:key_routes", "", "Tuyến Mẫu Rò"),
        ("programme:list", "year=2026", "Tổ công tác Mẫu Rò"),
        ("programme:project_create", "", "Tổ công tác Mẫu Rò"),
    ],
)
def test_markers_are_visible_to_the_owner(
    url_name: str, query: str, marker: str, clients: dict[str, Client], data: Data
) -> None:
    """The markers the outsiders must not see are really on these pages for ward A."""
    response = clients["officer_a"].get(f"{reverse(url_name)}?{query}")
    assert response.status_code == 200
    body = body_text(response)
    assert marker in body


def test_encrypted_exports_hold_the_markers_for_the_owner(
    clients: dict[str, Client], data: Data
) -> None:
    """The encrypted exports the outsiders get are read (decrypted) by the check above, and
    really carry ward A's person for ward A's officer."""
    for url_name in ("people:export", "cases:export"):
        response = clients["officer_a"].post(reverse(url_name), {"password": EXPORT_PASSWORD})
        assert response.content.startswith(OLE_MAGIC)
        assert "Mẫu Rò" in body_text(response)


# Text of ward A's persons and of its task led by the school: an agency account of ward A bound
# to another organisation must see none of it, on any route.
AGENCY_HIDDEN = ("Đinh Thị Mẫu Rò", "dinh thi mau ro", "031301009876", "Nhiệm vụ Mẫu Rò")


@pytest.mark.django_db
def test_an_agency_of_ward_a_sees_no_person_and_no_other_task(
    clients: dict[str, Client], data: Data
) -> None:
    """The agency role (``Role.AGENCY_OFFICER``) sees only the tasks its organisation leads or
    coordinates: walked over every route, it gets no person and not the school's task."""
    from khongmatuy.accounts import services as account_services
    from khongmatuy.areas import services as area_services
    from khongmatuy.common.roles import Role
    from tests.personas import client_for

    office = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=data.world.ward_a,
        kind="agency",
        name="Phòng Kinh tế phường",
    )
    agency = account_services.user_create(
        actor=None,
        username="leak_agency_a",
        password="Leak-Mat-khau-2026",
        full_name="Cán bộ Phòng Kinh tế",
        role=Role.AGENCY_OFFICER,
        areas=[data.world.ward_a],
        organisation=office,
        validate=False,
    )
    client = client_for(agency)
    for case in CASES:
        response = call(client, case, data)
        assert response.status_code < 500, case.name
        body = body_text(response)
        for marker in AGENCY_HIDDEN:
            assert marker not in body, f"{case.name} showed {marker!r} to an agency"
