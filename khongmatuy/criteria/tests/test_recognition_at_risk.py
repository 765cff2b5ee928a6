"""The at-risk flag: recognised or kept areas whose live evaluation now fails, exactly, only in the
user's scope, and with a number of queries that does not grow with the number of areas."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind
from khongmatuy.common.roles import Role
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.people.choices import Category
from tests.personas import World, make_user

from .factories import S, new_user, recognise, step, today


def _flagged(user: User, areas: list[Area] | None = None) -> list[tuple[str, str, list[str]]]:
    return [
        (row.area.name, row.recognition.status, [c.code for c in row.failing])
        for row in selectors.at_risk(user=user, areas=areas, on=today())
    ]


def test_a_new_user_in_a_recognised_group_flags_it(  # type: ignore[no-untyped-def]
    world: World, officer_a, officer_b, city_user
) -> None:
    for group in (world.group_a1, world.group_a2, world.group_b1):
        recognise(group, on=today() - timedelta(days=30))
    assert _flagged(officer_a) == []
    new_user(world.group_a1, "Vũ Văn Mới")
    assert _flagged(officer_a) == [("Tổ dân phố số 1", S.RECOGNISED, ["1"])]
    assert _flagged(officer_b) == []  # another ward
    assert _flagged(city_user) == [("Tổ dân phố số 1", S.RECOGNISED, ["1"])]
    # narrowed to an area: its commune, the group itself, a sibling group
    assert _flagged(officer_a, [world.ward_a]) == [("Tổ dân phố số 1", S.RECOGNISED, ["1"])]
    assert _flagged(officer_a, [world.group_a1]) == [("Tổ dân phố số 1", S.RECOGNISED, ["1"])]
    assert _flagged(officer_a, [world.group_a2]) == []
    assert _flagged(city_user, [world.ward_b]) == []


def test_kept_areas_are_watched_and_other_statuses_are_not(world: World, officer_a) -> None:  # type: ignore[no-untyped-def]
    recognise(world.group_a1, on=today() - timedelta(days=30))
    step(world.group_a1, S.KEPT, today() - timedelta(days=1))
    for status in (S.REGISTERED, S.CLEANING):
        step(world.group_a2, status, today() - timedelta(days=5))
    new_user(world.group_a1, "Vũ Văn Mới")
    new_user(world.group_a2, "Đỗ Văn Hai")
    assert _flagged(officer_a) == [("Tổ dân phố số 1", S.KEPT, ["1"])]


def test_a_user_older_than_the_window_does_not_flag(world: World, officer_a) -> None:  # type: ignore[no-untyped-def]
    new_user(world.group_a1, "Vũ Văn Cũ", started_on=today() - timedelta(days=800))
    # in treatment is irrelevant for the group rule set: only new users, places, dealers count
    recognise(world.group_a1, on=today() - timedelta(days=30))
    assert _flagged(officer_a) == []
    new_user(world.group_a1, "Lý Văn Bán", category=Category.DEALER)
    assert _flagged(officer_a) == [("Tổ dân phố số 1", S.RECOGNISED, ["3"])]


def test_a_recognised_commune_is_flagged_too(world: World, officer_a) -> None:  # type: ignore[no-untyped-def]
    recognise(world.ward_a, on=today() - timedelta(days=30))
    recognise(world.group_a2, on=today() - timedelta(days=30))
    new_user(world.group_a1, "Vũ Văn Mới")  # group 1 was never recognised
    assert _flagged(officer_a) == [("Gia Viên", S.RECOGNISED, ["1", "4"])]


def test_badges_for_areas(world: World, officer_a, officer_b) -> None:  # type: ignore[no-untyped-def]
    recognise(world.group_a1)
    step(world.group_b1, S.REGISTERED, today())
    areas = [world.group_a1, world.group_a2, world.group_b1]
    badges = selectors.recognition_status_for(user=officer_a, areas=areas)
    assert {k: [r.status for r in v] for k, v in badges.items()} == {
        world.group_a1.pk: [S.RECOGNISED]
    }
    badges = selectors.recognition_status_for(user=officer_b, areas=areas)
    assert {k: [r.status for r in v] for k, v in badges.items()} == {
        world.group_b1.pk: [S.REGISTERED]
    }


def test_query_count_does_not_grow_with_the_recognised_areas(world: World, officer_a) -> None:  # type: ignore[no-untyped-def]
    recognise(world.group_a1, on=today() - timedelta(days=30))
    recognise(world.ward_a, on=today() - timedelta(days=30))
    new_user(world.group_a1, "Vũ Văn Mới")

    made = iter(range(100))

    def count() -> tuple[int, int]:
        # a fresh user each time: its scope is not cached yet, as in a real request
        officer = make_user(f"cand_{next(made)}", Role.COMMUNE_POLICE, [world.ward_a])
        with CaptureQueriesContext(connection) as ctx:
            flagged = selectors.at_risk(user=officer, on=today())
        return len(ctx.captured_queries), len(flagged)

    few = count()
    for n in range(3, 13):
        group = area_services.area_create(
            actor=None, parent=world.ward_a, name=f"Tổ dân phố số {n}", kind=Kind.RESIDENTIAL_GROUP
        )
        recognise(group, on=today() - timedelta(days=30))
        new_user(group, f"Nguyễn Văn Số {n}")
    many = count()
    assert few[1] == 2
    assert many[1] == 12
    assert many[0] == few[0]
