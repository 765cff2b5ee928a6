"""The area-leak test: every URL and API route, walked as users of other areas.

Ward A (Gia Viên) holds the data. Two outsiders try every route with ward A's ids: a police
officer of ward B (Thành Đông, same city) and a city police user of another province (Quảng Ninh),
who holds more capabilities. Each must get a 404 for ward A's objects, and no page, export, search,
count or API answer may contain ward A's names. A ward A officer reaches the same routes, proving
the test walks real data. Every URL pattern must appear in ``CASES``: a new route without a case
fails ``test_every_route_has_a_leak_case``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World, client_for, make_user
from khongmatuy.accounts.access import iter_url_patterns
from khongmatuy.accounts.roles import Role
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Organisation

# Text that exists only in ward A's data.
MARKERS = ("Gia Viên", "Gia Vi&ecirc;n", "Tổ Hoa Phượng Đỏ", "Trường THCS Mẫu Leak")


@dataclass
class Data:
    world: World
    organisation: Organisation


@dataclass(frozen=True)
class Case:
    """How to call one route with ward A's objects, and what an outsider must get."""

    name: str
    args: Callable[[Data], list[Any]] = lambda d: []
    method: str = "get"
    query: str = ""
    post: dict[str, Any] = field(default_factory=dict)
    # "object": the route names a ward A object, so an outsider gets 404.
    # "listing": the route lists what the user sees; an outsider gets a page without ward A.
    # "own": the route serves only the caller's own account or public content.
    kind: str = "object"
    owner_status: int | None = 200
    htmx: bool = False


def ward_a(d: Data) -> list[Any]:
    return [d.world.ward_a.pk]


def group_a1(d: Data) -> list[Any]:
    return [d.world.group_a1.pk]


def ward_a_user(d: Data) -> list[Any]:
    from khongmatuy.accounts.models import User

    return [User.objects.get(username="leak_officer_a").pk]


CASES: list[Case] = [
    Case("home", kind="listing", owner_status=302),
    Case("healthz", kind="own"),
    Case("set_language", method="post", post={"language": "vi"}, kind="own", owner_status=302),
    Case("accounts:login", kind="own", owner_status=302),
    Case("accounts:logout", method="post", kind="own", owner_status=302),
    Case("accounts:profile", kind="own"),
    Case("accounts:password_change", kind="own"),
    Case("accounts:api_token", kind="own"),
    Case("accounts:api_token_create", method="post", kind="own"),
    Case("accounts:api_token_revoke", method="post", kind="own", owner_status=302),
    Case("accounts:two_factor_setup", kind="own"),
    Case("accounts:two_factor_verify", kind="own", owner_status=302),
    Case("accounts:two_factor_disable", method="post", kind="own", owner_status=302),
    # User management needs MANAGE_USERS: ward officers are refused (admin-vs-admin scoping is
    # covered in khongmatuy/accounts/tests/test_user_management.py).
    Case("accounts:user_list", kind="listing", query="q=gia", owner_status=403),
    Case("accounts:user_create", kind="listing", owner_status=403),
    Case("accounts:area_lookup", kind="listing", query="q=gia+vien", owner_status=403),
    Case("accounts:user_edit", ward_a_user, owner_status=403),
    Case("accounts:user_deactivate", ward_a_user, method="post", owner_status=403),
    Case("accounts:user_activate", ward_a_user, method="post", owner_status=403),
    Case(
        "accounts:user_reset_password",
        ward_a_user,
        method="post",
        post={"new_password1": "Leak-Mat-khau-2026", "new_password2": "Leak-Mat-khau-2026"},
        owner_status=403,
    ),
    Case("accounts:user_reset_two_factor", ward_a_user, method="post", owner_status=403),
    Case("areas:tree", kind="listing"),
    Case("areas:search", query="q=gia+vien", kind="listing"),
    Case("areas:groups_import_template", kind="own"),
    Case("areas:detail", ward_a),
    Case("areas:detail", group_a1),
    Case("areas:children", ward_a, htmx=True),
    Case("areas:children", ward_a, owner_status=302),
    Case("areas:export", ward_a),
    Case("areas:edit", ward_a),
    Case("areas:rename", ward_a),
    Case("areas:merge", ward_a),
    Case("areas:group_create", ward_a),
    Case("areas:groups_bulk", ward_a),
    Case("areas:groups_import", ward_a),
    Case("areas:figure_create", group_a1),
    Case("areas:organisation_create", ward_a),
    Case("areas:organisation_edit", lambda d: [d.organisation.pk]),
    Case("areas:edit", ward_a, method="post", post={"kind": "ward", "code": "X"}, owner_status=302),
    Case(
        "areas:figure_create",
        group_a1,
        method="post",
        post={"as_of": "01/06/2026", "population": "10", "households": "2"},
        owner_status=302,
    ),
    Case("audit:list", kind="listing", query="area=0", owner_status=403),
    Case("api-areas", kind="listing"),
    Case("api-areas", kind="listing", query="q=gia+vien"),
    Case("api-area-detail", ward_a),
    Case("api-area-detail", group_a1),
    Case("api-area-children", ward_a),
    Case("api-area-figures", group_a1),
    Case(
        "api-area-figures",
        group_a1,
        method="post",
        post={"as_of": "2026-06-01", "population": "10", "households": "2"},
        owner_status=201,
    ),
    Case("api-area-organisations", ward_a),
    Case("api-schema", kind="own"),
    Case("api-docs", kind="own"),
]

OUTSIDERS = ("officer_b", "qn_city")


@pytest.fixture
def data(world: World) -> Data:
    area_services.area_create(
        actor=None, parent=world.ward_a, name="Tổ Hoa Phượng Đỏ", kind="residential_group"
    )
    organisation = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Mẫu Leak",
    )
    return Data(world=world, organisation=organisation)


@pytest.fixture
def clients(data: Data) -> dict[str, Client]:
    w = data.world
    users = {
        "officer_a": make_user("leak_officer_a", Role.COMMUNE_POLICE, [w.ward_a]),
        "officer_b": make_user("leak_officer_b", Role.COMMUNE_POLICE, [w.ward_b]),
        "qn_city": make_user("leak_qn_city", Role.CITY_POLICE, [w.quangninh]),
    }
    return {key: client_for(user) for key, user in users.items()}


def _call(client: Client, case: Case, data: Data) -> Any:
    url = reverse(case.name, args=case.args(data))
    if case.query:
        url = f"{url}?{case.query}"
    headers = {"HX-Request": "true"} if case.htmx else {}
    if case.method == "post":
        return client.post(url, case.post, headers=headers)
    return client.get(url, headers=headers)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    content = response.content
    if content[:2] == b"PK":  # .xlsx: read the cells, not the zip bytes
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8", "replace")


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
    response = _call(clients[outsider], case, data)
    assert response.status_code < 500
    if case.kind == "object":
        assert response.status_code in (403, 404), response.status_code
        if response.status_code == 403:
            # A role without the capability is refused before the object is looked up.
            assert case.name.split(":")[0] in {"areas", "audit", "accounts"}
    body = _body(response)
    for marker in MARKERS:
        assert marker not in body, f"{case.name} leaked {marker!r} to {outsider}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}-{c.name}-{c.kind}")
def test_owner_reaches_the_route(case: Case, clients: dict[str, Client], data: Data) -> None:
    """The same calls as ward A's officer succeed, so the outsiders' 404s are meaningful."""
    if case.owner_status is None:
        return
    response = _call(clients["officer_a"], case, data)
    assert response.status_code == case.owner_status


def test_outsider_posts_change_nothing(clients: dict[str, Client], data: Data) -> None:
    ward = data.world.ward_a
    before = (ward.code, ward.figures.count(), data.world.group_a1.figures.count())
    for case in CASES:
        if case.method == "post" and case.kind == "object":
            for outsider in OUTSIDERS:
                _call(clients[outsider], case, data)
    ward.refresh_from_db()
    assert (ward.code, ward.figures.count(), data.world.group_a1.figures.count()) == before
