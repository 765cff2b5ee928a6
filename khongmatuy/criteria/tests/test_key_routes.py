"""Key drug routes: recording them (service and pages, police only, province scope), and the
route metric they give criterion (đ) of Decision 28's commune hotspot type I."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Role
from khongmatuy.criteria import facts
from khongmatuy.criteria.evaluate import evaluate
from khongmatuy.criteria.models import KeyRoute
from khongmatuy.criteria.rules import decision28
from khongmatuy.criteria.services import routes
from tests.personas import World, client_for, make_user

ON = date(2026, 11, 23)


def record(world: World, *, actor: User | None = None, **kwargs: object) -> KeyRoute:
    args: dict[str, object] = {
        "name": "Tuyến Quốc lộ 5",
        "kind": KeyRoute.Kind.INTER_PROVINCIAL,
        "province": world.haiphong,
        "axis": "Quốc lộ 5, Hà Nội – Hải Phòng",
        "communes": [world.ward_a],
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
    }
    args.update(kwargs)
    return routes.key_route_create(actor=actor, **args)  # type: ignore[arg-type]


def route_flag(world: World, on: date = ON) -> dict[str, object]:
    got = facts.gather(areas=[world.ward_a, world.ward_b, world.ward_c], on=on)
    return {
        name: got[area.pk].metrics.get("on_key_route")
        for name, area in (("a", world.ward_a), ("b", world.ward_b), ("c", world.ward_c))
    }


def test_route_metric_per_commune_as_of_the_date(world: World) -> None:
    # no route recorded anywhere: unknown, not "off the route"
    assert route_flag(world) == {"a": None, "b": None, "c": None}
    record(world, valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    # Hải Phòng records routes: Gia Viên lies on one, Thành Đông on none; Quảng Ninh recorded none
    assert route_flag(world) == {"a": 1, "b": 0, "c": None}
    # before the route was in force, and after it ended, the province had no route in force
    assert route_flag(world, date(2025, 12, 31)) == {"a": None, "b": None, "c": None}
    assert route_flag(world, date(2027, 1, 1)) == {"a": None, "b": None, "c": None}


def test_a_commune_with_two_criteria_on_a_route_is_type_i(world: World) -> None:
    record(world)
    got = facts.gather(areas=[world.ward_a, world.ward_b], on=ON)
    two = {"managed_rate": 1, "harbouring_places": 2, "arrest_rate": 0, "plants_destroyed": 0}
    on_route = got[world.ward_a.pk].metrics | dict(two.items())
    off_route = got[world.ward_b.pk].metrics | dict(two.items())
    a = evaluate(decision28.TYPE_I, facts.AreaFacts(world.ward_a.pk, ON, 20000, on_route))
    b = evaluate(decision28.TYPE_I, facts.AreaFacts(world.ward_b.pk, ON, 20000, off_route))
    assert (a.passed, a.met) == (True, 3)
    assert (b.passed, b.met) == (False, 2)


def test_recording_is_audited_with_the_communes(world: World, city_user: User) -> None:
    route = record(world, actor=city_user)
    assert route.sort_key
    event = AuditEvent.objects.get(model="criteria.KeyRoute", action="create")
    assert event.after is not None
    assert event.after["communes"] == [world.ward_a.pk]
    assert event.area_id == world.haiphong.pk
    routes.key_route_update(
        actor=city_user,
        route=route,
        name="Tuyến Quốc lộ 5",
        kind=KeyRoute.Kind.INTER_PROVINCIAL,
        province=world.haiphong,
        axis="",
        communes=[world.ward_a, world.ward_b],
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 6, 30),
    )
    update = AuditEvent.objects.get(model="criteria.KeyRoute", action="update")
    assert update.before is not None
    assert update.after is not None
    assert (update.before["communes"], update.after["communes"]) == (
        [world.ward_a.pk],
        sorted([world.ward_a.pk, world.ward_b.pk]),
    )


def test_refusals_name_their_field(world: World, city_user: User) -> None:
    with pytest.raises(DomainError) as exc:
        record(
            world,
            actor=city_user,
            name=" ",
            kind="x",
            communes=[world.ward_c],
            valid_from=date(2026, 2, 1),
            valid_to=date(2026, 1, 1),
        )
    assert set(exc.value.message_dict) == {"name", "kind", "communes", "valid_to"}
    # a province the user does not see
    with pytest.raises(DomainError) as exc:
        record(world, actor=city_user, province=world.quangninh, communes=[world.ward_c])
    assert set(exc.value.message_dict) == {"province"}
    leader = make_user("lanhdao_route", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    with pytest.raises(PermissionDenied):
        record(world, actor=leader)
    assert not KeyRoute.objects.exists()


def test_pages_police_only_and_province_scope(
    world: World, city_client: Client, officer_a_client: Client, officer_b_client: Client
) -> None:
    new = city_client.post(
        reverse("criteria:key_route_create"),
        {
            "name": "Tuyến đường thủy sông Cấm",
            "kind": "intra_provincial",
            "province": world.haiphong.pk,
            "axis": "Sông Cấm",
            "communes": [world.ward_a.pk],
            "valid_from": "01/01/2026",
            "valid_to": "",
        },
    )
    assert new.status_code == 302
    route = KeyRoute.objects.get()
    assert list(route.communes.all()) == [world.ward_a]
    listing = city_client.get(reverse("criteria:key_routes")).content.decode()
    assert "Tuyến đường thủy sông Cấm" in listing
    assert reverse("criteria:key_route_edit", args=[route.pk]) in listing
    # the ward on the route reads it, without an edit link; the ward off the route does not
    ward_page = officer_a_client.get(reverse("criteria:key_routes")).content.decode()
    assert "Tuyến đường thủy sông Cấm" in ward_page
    assert reverse("criteria:key_route_edit", args=[route.pk]) not in ward_page
    assert (
        "Tuyến đường thủy sông Cấm"
        not in officer_b_client.get(reverse("criteria:key_routes")).content.decode()
    )
    edit = reverse("criteria:key_route_edit", args=[route.pk])
    assert city_client.get(edit).status_code == 200
    assert officer_a_client.get(edit).status_code == 404
    other_city = client_for(make_user("ca_qn_route", Role.CITY_POLICE, [world.quangninh]))
    assert other_city.get(edit).status_code == 404
    leadership = client_for(make_user("ld_route", Role.COMMUNE_LEADERSHIP, [world.ward_a]))
    assert leadership.get(reverse("criteria:key_routes")).status_code == 403
    # the menu link only for the roles that may open the page
    assert (
        reverse("criteria:key_routes")
        in city_client.get(reverse("criteria:roadmaps")).content.decode()
    )
    assert (
        reverse("criteria:key_routes")
        not in leadership.get(reverse("criteria:roadmaps")).content.decode()
    )
    # a form error stays on the page, nothing saved
    bad = city_client.post(edit, {"name": "", "kind": "intra_provincial"})
    assert bad.status_code == 200
    assert KeyRoute.objects.get().name == "Tuyến đường thủy sông Cấm"
