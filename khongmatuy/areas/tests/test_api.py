"""Area API v1: scope, authentication, capabilities, validation, audit and query counts.

Personas come from the root ``conftest.py``: ``officer_a`` (police, ward A = Gia Viên),
``officer_b`` (police, ward B = Thành Đông), ``leadership_a`` (ward A, read only),
``city_user`` (city police of Hải Phòng, both wards).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from khongmatuy.accounts.models import User
from khongmatuy.accounts.tests.factories import api_key_for
from khongmatuy.areas import services
from khongmatuy.areas.models import AreaFigure, Kind, Organisation
from khongmatuy.audit.models import AuditEvent
from tests.personas import World, client_for

from .factories import OrganisationFactory

WARD_B_NAMES = ("Thành Đông", "Tổ dân phố Thành Công", "Trường Tiểu học Thành Đông")
OBJECT_ROUTES = (
    "api-area-detail",
    "api-area-children",
    "api-area-figures",
    "api-area-organisations",
)


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])  # every test page holds the whole list
    return body["results"]


def assert_no_ward_b(response: Any) -> None:
    text = response.content.decode()
    for name in WARD_B_NAMES:
        assert name not in text


@pytest.fixture
def orgs(world: World) -> dict[str, Organisation]:
    return {
        "a": OrganisationFactory(area=world.group_a1, name="Trường THCS Gia Viên"),
        "b": OrganisationFactory(area=world.ward_b, name="Trường Tiểu học Thành Đông"),
    }


# --- Scope --------------------------------------------------------------------------------


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_officer_reads_own_ward_and_gets_404_for_the_other(route, world, officer_a, orgs):
    client = token_client(officer_a)
    assert client.get(url(route, world.ward_a.pk)).status_code == 200
    assert client.get(url(route, world.group_a1.pk)).status_code == 200
    missing = client.get(url(route, 999_999))
    for other in (world.ward_b, world.group_b1, world.haiphong, world.ward_c):
        response = client.get(url(route, other.pk))
        assert response.status_code == 404
        # The same answer as for an id that does not exist: existence does not leak.
        assert response.json() == missing.json()
        assert_no_ward_b(response)


def test_list_holds_exactly_the_officers_areas(world, officer_a):
    rows = results(token_client(officer_a).get(url("api-areas")))
    assert [r["id"] for r in rows] == [world.ward_a.pk, world.group_a1.pk, world.group_a2.pk]
    assert [r["name"] for r in rows] == ["Gia Viên", "Tổ dân phố số 1", "Tổ dân phố số 2"]


def test_list_never_holds_ward_b_rows(world, officer_a):
    response = token_client(officer_a).get(url("api-areas"), {"limit": 500})
    ids = {r["id"] for r in results(response)}
    assert ids.isdisjoint({world.ward_b.pk, world.group_b1.pk, world.haiphong.pk, world.country.pk})
    assert_no_ward_b(response)


def test_city_user_sees_both_wards_and_not_another_province(world, city_user):
    rows = results(token_client(city_user).get(url("api-areas")))
    assert {r["id"] for r in rows} == {
        world.haiphong.pk,
        world.ward_a.pk,
        world.ward_b.pk,
        world.group_a1.pk,
        world.group_a2.pk,
        world.group_b1.pk,
    }
    assert "Cao Xanh" not in {r["name"] for r in rows}


def test_city_user_reads_children_and_organisations_of_both_wards(world, city_user, orgs):
    client = token_client(city_user)
    children = results(client.get(url("api-area-children", world.haiphong.pk)))
    assert [c["name"] for c in children] == ["Gia Viên", "Thành Đông"]
    organisations = results(client.get(url("api-area-organisations", world.haiphong.pk)))
    assert {o["id"] for o in organisations} == {orgs["a"].pk, orgs["b"].pk}
    assert client.get(url("api-area-detail", world.ward_b.pk)).status_code == 200


def test_officer_lists_of_an_area_hold_only_its_rows(world, officer_a, orgs):
    client = token_client(officer_a)
    children = results(client.get(url("api-area-children", world.ward_a.pk)))
    assert [c["id"] for c in children] == [world.group_a1.pk, world.group_a2.pk]
    organisations = results(client.get(url("api-area-organisations", world.ward_a.pk)))
    assert organisations == [
        {
            "id": orgs["a"].pk,
            "kind": "school",
            "name": "Trường THCS Gia Viên",
            "area": {"id": world.group_a1.pk, "name": "Tổ dân phố số 1"},
            "address": "",
            "head_name": "",
            "phone": "",
            "member_count": None,
            "is_active": True,
        }
    ]


# --- Authentication and capabilities ----------------------------------------------------------


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_anonymous_is_refused(route, world):
    client = APIClient()
    assert client.get(url("api-areas")).status_code == 401
    response = client.get(url(route, world.ward_a.pk))
    assert response.status_code == 401
    assert "Gia Viên" not in response.content.decode()


def test_anonymous_post_is_refused_and_changes_nothing(world):
    before = AreaFigure.objects.count()
    response = APIClient().post(
        url("api-area-figures", world.ward_a.pk),
        {"as_of": "2026-06-01", "population": 1, "households": 1},
        format="json",
    )
    assert response.status_code == 401
    assert AreaFigure.objects.count() == before


def test_bad_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get(url("api-areas")).status_code == 401


def test_session_login_works_for_the_browser(world, officer_a):
    response = client_for(officer_a).get(url("api-area-detail", world.ward_a.pk))
    assert response.status_code == 200
    assert response.json()["name"] == "Gia Viên"


def test_session_post_needs_the_csrf_token(world, officer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    response = client.post(
        url("api-area-figures", world.ward_a.pk),
        {"as_of": "2026-06-01", "population": 10, "households": 2},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not AreaFigure.objects.filter(as_of=date(2026, 6, 1)).exists()


def test_role_without_api_capability_is_403(world):
    from khongmatuy.common.roles import Role
    from tests.personas import client_for, make_user

    # A role without USE_API gets no token at all; its browser session is refused the API.
    officer = make_user("mattran_api", Role.MASS_ORG_OFFICER, [world.group_a1])
    response = client_for(officer).get(url("api-area-detail", world.group_a1.pk))
    assert response.status_code == 403


# --- Filters and pagination -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": 2}, ["ward_a", "ward_b"]),
        ({"level": 3, "parent": "WARD_B"}, ["group_b1"]),
        ({"kind": "residential_group", "q": "so 2"}, ["group_a2"]),
        ({"q": "THANH DONG"}, ["ward_b"]),
        ({"q": "thành đông"}, ["ward_b"]),
        ({"q": "Phường Thành Đông"}, ["ward_b"]),
        ({"q": "phuong thanh dong"}, ["ward_b"]),
        ({"q": "Xã Thành Đông"}, []),
        ({"q": "Thành phố Hải Phòng"}, ["haiphong"]),
        ({"active": "false"}, []),
        ({"active": "true", "level": 1}, ["haiphong"]),
    ],
)
def test_list_filters(params, expected, world, city_user):
    params = {k: (world.ward_b.pk if v == "WARD_B" else v) for k, v in params.items()}
    rows = results(token_client(city_user).get(url("api-areas"), params))
    assert [r["id"] for r in rows] == [getattr(world, name).pk for name in expected]


def test_search_does_not_reach_outside_the_scope(world, officer_a):
    assert results(token_client(officer_a).get(url("api-areas"), {"q": "thanh dong"})) == []


def test_inactive_areas_are_filtered_by_active(world, city_user):
    former = services.area_create(
        actor=None, parent=world.ward_a, name="Tổ cũ", kind=Kind.RESIDENTIAL_GROUP, is_active=False
    )
    client = token_client(city_user)
    assert [r["id"] for r in results(client.get(url("api-areas"), {"active": "false"}))] == [
        former.pk
    ]
    children = client.get(url("api-area-children", world.ward_a.pk), {"active": "true"})
    assert former.pk not in {r["id"] for r in results(children)}
    everything = client.get(url("api-area-children", world.ward_a.pk))
    assert former.pk in {r["id"] for r in results(everything)}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "9"}, "level"),
        ({"parent": "abc"}, "parent"),
        ({"parent": "99999999999999999999"}, "parent"),  # beyond a 64-bit key
        ({"active": "maybe"}, "active"),
    ],
)
def test_bad_filter_is_400_naming_it(params, field, world, officer_a):
    response = token_client(officer_a).get(url("api-areas"), params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_list_is_paginated_with_count(world, city_user):
    body = token_client(city_user).get(url("api-areas"), {"limit": 2, "offset": 2}).json()
    assert body["count"] == 6
    assert len(body["results"]) == 2
    assert "offset=4" in body["next"]
    assert body["previous"] is not None


# --- Detail and figures ------------------------------------------------------------------------


def test_detail_carries_ancestors_current_figures_and_counts(world, officer_a):
    body = token_client(officer_a).get(url("api-area-detail", world.ward_a.pk)).json()
    assert body == {
        "id": world.ward_a.pk,
        "name": "Gia Viên",
        "level": 2,
        "kind": "ward",
        "code": "11359",
        "is_active": True,
        "valid_from": None,
        "valid_until": None,
        "area_km2": None,
        "parent": {"id": world.haiphong.pk, "name": "Hải Phòng"},
        "province": {"id": world.haiphong.pk, "name": "Hải Phòng"},
        "commune": {"id": world.ward_a.pk, "name": "Gia Viên"},
        "child_count": 2,
        "group_count": 2,
        "population": 21000,
        "households": 5250,
        "figures_as_of": "2026-01-01",
    }


def test_detail_reads_the_latest_figure(world, officer_a):
    services.figure_set(
        actor=None, area=world.ward_a, as_of=date(2025, 1, 1), population=1, households=1
    )
    services.figure_set(
        actor=None, area=world.ward_a, as_of=date(2026, 7, 1), population=22000, households=5400
    )
    body = token_client(officer_a).get(url("api-area-detail", world.ward_a.pk)).json()
    assert (body["population"], body["households"], body["figures_as_of"]) == (
        22000,
        5400,
        "2026-07-01",
    )


def test_figures_are_a_time_series_newest_first(world, officer_a):
    services.figure_set(
        actor=None, area=world.group_a1, as_of=date(2026, 7, 1), population=520, households=130
    )
    rows = results(token_client(officer_a).get(url("api-area-figures", world.group_a1.pk)))
    assert [(r["as_of"], r["population"], r["households"], r["is_current"]) for r in rows] == [
        ("2026-07-01", 520, 130, True),
        ("2026-01-01", 512, 128, False),
    ]


# --- POST figures ------------------------------------------------------------------------------

GOOD = {"as_of": "2026-06-30", "population": 530, "households": 131, "source": "Công an phường"}


def test_post_figure_records_it_and_audits_it(world, officer_a):
    response = token_client(officer_a).post(
        url("api-area-figures", world.group_a1.pk), GOOD, format="json"
    )
    assert response.status_code == 201
    figure = AreaFigure.objects.get(area=world.group_a1, as_of=date(2026, 6, 30))
    assert response.json() == {
        "id": figure.pk,
        "as_of": "2026-06-30",
        "population": 530,
        "households": 131,
        "source": "Công an phường",
        "is_current": True,
    }
    event = AuditEvent.objects.get(model="areas.AreaFigure", object_id=str(figure.pk))
    assert (event.actor, event.action, event.area_id) == (officer_a, "create", world.group_a1.pk)
    assert event.after["population"] == 530


def test_post_on_an_existing_date_corrects_it(world, officer_a):
    client = token_client(officer_a)
    response = client.post(
        url("api-area-figures", world.group_a1.pk),
        {"as_of": "2026-01-01", "population": 515, "households": 129},
        format="json",
    )
    assert response.status_code == 200
    assert world.group_a1.figures.get(as_of=date(2026, 1, 1)).population == 515
    assert (
        AuditEvent.objects.filter(
            model="areas.AreaFigure", action="update", actor=officer_a
        ).count()
        == 1
    )


def test_post_figure_by_read_only_leadership_is_403_and_changes_nothing(world, leadership_a):
    client = token_client(leadership_a)
    assert client.get(url("api-area-figures", world.group_a1.pk)).status_code == 200
    before = (AreaFigure.objects.count(), AuditEvent.objects.count())
    response = client.post(url("api-area-figures", world.group_a1.pk), GOOD, format="json")
    assert response.status_code == 403
    assert (AreaFigure.objects.count(), AuditEvent.objects.count()) == before


def test_post_figure_on_the_other_ward_is_404_and_changes_nothing(world, officer_b):
    client = token_client(officer_b)
    before = (AreaFigure.objects.count(), AuditEvent.objects.count())
    response = client.post(url("api-area-figures", world.group_a1.pk), GOOD, format="json")
    assert response.status_code == 404
    assert (AreaFigure.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"population": 10, "households": 2},
            {"as_of": ["Trường này là bắt buộc."]},
        ),
        (
            {"as_of": "30/06/2026", "population": 10, "households": 2},
            {"as_of": ["Ngày không hợp lệ; dùng định dạng ISO 8601 (YYYY-MM-DD)."]},
        ),
        (
            {"as_of": "2026-06-30", "population": -1, "households": "x"},
            {"population": ["Không được nhỏ hơn 0."], "households": ["Phải là một số nguyên."]},
        ),
        (
            {"as_of": "2026-06-30", "population": 2**31, "households": 0},
            {"population": ["Không được lớn hơn 50000000."]},
        ),
        (
            {"as_of": "2026-06-30", "population": 10, "households": 2, "source": "x" * 201},
            {"source": ["Tối đa 200 ký tự."]},
        ),
        # Refused by the service (the rule lives there), turned into a 400 by the API.
        (
            {"as_of": "2026-06-30", "population": 10, "households": 11},
            {"households": ["Số hộ không thể lớn hơn dân số."]},
        ),
    ],
)
def test_bad_figure_is_400_naming_the_field_and_saves_nothing(payload, errors, world, officer_a):
    client = token_client(officer_a)
    before = (AreaFigure.objects.count(), AuditEvent.objects.count())
    response = client.post(url("api-area-figures", world.group_a1.pk), payload, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert (AreaFigure.objects.count(), AuditEvent.objects.count()) == before


def test_service_refusal_on_a_correction_keeps_the_old_figure(world, officer_a):
    response = token_client(officer_a).post(
        url("api-area-figures", world.group_a1.pk),
        {"as_of": "2026-01-01", "population": 10, "households": 11},
        format="json",
    )
    assert response.status_code == 400
    figure = world.group_a1.figures.get(as_of=date(2026, 1, 1))
    assert (figure.population, figure.households) == (512, 128)


# --- Query counts ------------------------------------------------------------------------------


def _grow(world: World, *, first: int, n: int) -> None:
    """Add groups ``first``..``first + n - 1`` to ward A, each with a figure and an organisation,
    and one older figure of ward A per group (so the figure series grows too)."""
    for i in range(first, first + n):
        group = services.area_create(
            actor=None, parent=world.ward_a, name=f"Tổ mới {i}", kind=Kind.RESIDENTIAL_GROUP
        )
        services.figure_set(
            actor=None, area=group, as_of=date(2026, 1, 1), population=100, households=25
        )
        services.figure_set(
            actor=None,
            area=world.ward_a,
            as_of=date(2020, 1, 1) + timedelta(days=i),
            population=9,
            households=2,
        )
        OrganisationFactory(area=group, kind=Organisation.OrgKind.CLAN, name=f"Họ {i}")


def _queries(client: APIClient, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# Token and scope (2), the token's rate count in the shared cache (6 on the database cache: read,
# cull check, and the write in its savepoint), then COUNT and page (2); area rows add their counts
# (2: children, groups) and their current figures (1). An area route first loads the area (1).
THROTTLE = 6


@pytest.mark.parametrize(
    ("route", "queries"),
    [
        ("api-areas", 7 + THROTTLE),
        ("api-area-children", 7 + THROTTLE),
        ("api-area-figures", 5 + THROTTLE),
        ("api-area-organisations", 5 + THROTTLE),
    ],
)
def test_list_query_count_does_not_grow_with_rows(
    route, queries, world, officer_a, django_assert_num_queries
):
    path = url(route) if route == "api-areas" else url(route, world.ward_a.pk)
    client = token_client(officer_a)
    client.get(path)  # the token's first use stamps it and starts its rate count
    _grow(world, first=0, n=2)
    small = _queries(client, path)
    _grow(world, first=2, n=20)
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.json()["count"] > 20
    assert small == queries
