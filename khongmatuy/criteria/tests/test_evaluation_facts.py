"""Facts gathered for the criteria: a hand-built world, today and as of a past date, exact numbers;
rates at the 0.5 % boundary; the number of queries does not grow with the number of areas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.cases import services as case_services
from khongmatuy.cases.models import Case, CasePerson
from khongmatuy.criteria import facts
from khongmatuy.criteria.engine import METRICS, AreaFacts
from khongmatuy.criteria.evaluate import rate
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services
from khongmatuy.places import services as place_services
from khongmatuy.places.models import Place
from tests.personas import World

TODAY = date(2026, 11, 23)
PAST = date(2025, 6, 30)
D = Decimal


def register(area: Area, name: str, *categories: tuple[str, date, date | None]) -> Person:
    return person_services.person_register(
        actor=None,
        area=area,
        full_name=name,
        sex=Sex.MALE,
        date_of_birth=date(1990, 5, 17),
        categories=[person_services.CategorySpec(c, start, end) for c, start, end in categories],
        today=TODAY,
    )


def arrest(area: Area, person: Person, on: date, *, role: str = CasePerson.Role.ARRESTED) -> None:
    kind = Case.Kind.ADMINISTRATIVE if role == CasePerson.Role.VIOLATOR else Case.Kind.CRIME
    case = case_services.case_create(
        actor=None,
        area=area,
        kind=kind,
        number="",
        occurred_on=on,
        offence="nd144-23-use" if role == CasePerson.Role.VIOLATOR else "251",
        summary="Bắt quả tang",
        today=TODAY,
    )
    case_services.case_add_person(
        actor=None,
        case=case,
        person=person,
        role=role,
        arrested_on=on if role != CasePerson.Role.VIOLATOR else None,
        today=TODAY,
    )


@dataclass
class Facts:
    world: World
    persons: dict[str, Person]


@pytest.fixture
def facts_world(world: World) -> Facts:
    return build_world(world)


def build_world(world: World) -> Facts:
    """Gia Viên (ward A, 21.000 residents), its groups A1 (512; 500 in 2025) and A2 (430);
    Thành Đông (ward B, no figure of its own) with group B1 (777)."""
    area_services.figure_set(
        actor=None, area=world.group_a1, as_of=date(2025, 1, 1), population=500, households=120
    )
    u, a = Category.ILLEGAL_USER, Category.ADDICT
    p = {
        # A1: a new user this year, and an addict on methadone since 2025.
        "p1": register(world.group_a1, "Nguyễn Văn Một", (u, date(2026, 3, 1), None)),
        "p2": register(
            world.group_a1,
            "Trần Văn Hai",
            (a, date(2024, 6, 1), None),
            (Category.METHADONE, date(2025, 1, 10), None),
        ),
        # A2: a user whose category ended in 2025; a user since 2024 who became an addict.
        "p3": register(world.group_a2, "Lê Văn Ba", (u, date(2025, 2, 1), date(2025, 12, 31))),
        "p4": register(
            world.group_a2,
            "Phạm Văn Bốn",
            (u, date(2024, 1, 1), date(2026, 2, 1)),
            (a, date(2026, 2, 1), None),
        ),
        # Filed at the ward itself: a dealer since May 2026.
        "p5": register(world.ward_a, "Hoàng Văn Năm", (Category.DEALER, date(2026, 5, 1), None)),
        # B1: suspected dealer, and a user since June 2026.
        "p6": register(
            world.group_b1,
            "Vũ Văn Sáu",
            (Category.SUSPECTED_DEALER, date(2026, 1, 10), None),
            (u, date(2026, 6, 1), None),
        ),
    }
    harbour = Place.Kind.HARBOURING
    place_services.place_create(
        actor=None,
        area=world.group_a1,
        kind=harbour,
        name="Nhà trọ số 5",
        discovered_on=date(2026, 2, 1),
        today=TODAY,
    )
    old = place_services.place_create(
        actor=None,
        area=world.group_a1,
        kind=harbour,
        name="Quán nước ngõ 12",
        discovered_on=date(2025, 3, 1),
        today=TODAY,
    )
    place_services.place_transition(
        actor=None, place=old, to_status=Place.Status.ELIMINATED, on=date(2025, 9, 1), today=TODAY
    )
    place_services.place_create(
        actor=None,
        area=world.ward_a,
        kind=Place.Kind.HOTSPOT,
        name="Bãi đất trống ven sông",
        discovered_on=date(2026, 4, 1),
        today=TODAY,
    )
    for area, when, plants, m2 in (
        (world.group_a2, date(2026, 5, 10), 3000, D("100.5")),
        (world.group_a1, date(2025, 1, 5), 500, D("20.0")),
    ):
        place_services.cultivation_create(
            actor=None,
            area=area,
            site="Vườn sau nhà",
            plant="cannabis",
            plant_count=plants,
            area_m2=m2,
            discovered_on=when,
            today=TODAY,
        )
    arrest(world.group_a1, p["p1"], date(2026, 10, 5))
    arrest(world.group_a2, p["p4"], date(2025, 5, 1))
    arrest(world.group_b1, p["p6"], date(2026, 7, 1), role=CasePerson.Role.VIOLATOR)
    return Facts(world, p)


def numbers(f: AreaFacts) -> dict[str, Decimal]:
    return dict(f.metrics)


ZERO = {code: D(0) for code in METRICS if code not in ("managed_rate", "arrest_rate")}


def test_facts_today_groups(facts_world: Facts) -> None:
    w = facts_world.world
    got = facts.gather(areas=[w.group_a1, w.group_a2, w.group_b1], on=TODAY)
    assert got[w.group_a1.pk].population == 512
    assert got[w.group_a1.pk].window_start == date(2025, 11, 23)
    assert numbers(got[w.group_a1.pk]) == {
        **ZERO,
        "managed_count": D(2),
        "users_outside_treatment": D(1),
        "new_users": D(1),
        "harbouring_places": D(1),
        "arrests": D(1),
        "drug_offenders": D(1),
        "managed_rate": D("0.3906"),
        "arrest_rate": D("0.1953"),
    }
    assert numbers(got[w.group_a2.pk]) == {
        **ZERO,
        "managed_count": D(1),
        "users_outside_treatment": D(1),
        "plants_destroyed": D(3000),
        "cultivation_m2": D("100.5"),
        "managed_rate": D("0.2326"),
        "arrest_rate": D("0.0000"),
    }
    assert numbers(got[w.group_b1.pk]) == {
        **ZERO,
        "managed_count": D(1),
        "users_outside_treatment": D(1),
        "new_users": D(1),
        "dealers": D(1),
        "drug_offenders": D(1),
        "managed_rate": D("0.1287"),
        "arrest_rate": D("0.0000"),
    }


def test_facts_today_communes_cover_their_groups(facts_world: Facts) -> None:
    w = facts_world.world
    got = facts.gather(areas=[w.ward_a, w.ward_b, w.ward_c], on=TODAY)
    assert got[w.ward_a.pk].population == 21000
    assert numbers(got[w.ward_a.pk]) == {
        **ZERO,
        "managed_count": D(3),
        "users_outside_treatment": D(2),
        "new_users": D(1),
        "dealers": D(1),
        "harbouring_places": D(1),
        "hotspots": D(1),
        "arrests": D(1),
        "drug_offenders": D(1),
        "plants_destroyed": D(3000),
        "cultivation_m2": D("100.5"),
        "managed_rate": D("0.0143"),
        "arrest_rate": D("0.0048"),
    }
    # Thành Đông has no figure of its own: no population and no rates (groups not summed).
    assert got[w.ward_b.pk].population is None
    assert numbers(got[w.ward_b.pk]) == {
        **ZERO,
        "managed_count": D(1),
        "users_outside_treatment": D(1),
        "new_users": D(1),
        "dealers": D(1),
        "drug_offenders": D(1),
    }
    assert numbers(got[w.ward_c.pk]) == ZERO


def test_facts_higher_levels(facts_world: Facts) -> None:
    w = facts_world.world
    provinces = facts.gather(areas=[w.haiphong, w.quangninh], on=TODAY)
    assert provinces[w.haiphong.pk].metrics["managed_count"] == 4
    assert provinces[w.haiphong.pk].metrics["dealers"] == 2
    assert provinces[w.haiphong.pk].population is None
    assert provinces[w.quangninh.pk].metrics["managed_count"] == 0
    country = facts.gather(areas=[w.country], on=TODAY)
    assert country[w.country.pk].metrics["managed_count"] == 4
    assert country[w.country.pk].metrics["harbouring_places"] == 1
    assert country[w.country.pk].metrics["plants_destroyed"] == 3000


def test_facts_as_of_a_past_date(facts_world: Facts) -> None:
    w = facts_world.world
    got = facts.gather(areas=[w.group_a1, w.group_a2], on=PAST)
    a1, a2 = got[w.group_a1.pk], got[w.group_a2.pk]
    assert a1.window_start == date(2024, 6, 30)
    assert a1.population == 500  # the 2025 figure, not today's 512
    assert numbers(a1) == {
        **ZERO,
        "managed_count": D(1),
        "harbouring_places": D(1),  # eliminated only on 01/09/2025
        "plants_destroyed": D(500),
        "cultivation_m2": D("20.0"),
        "managed_rate": D("0.2000"),
        "arrest_rate": D("0.0000"),
    }
    assert a2.population is None
    assert numbers(a2) == {
        **ZERO,
        "managed_count": D(2),
        "users_outside_treatment": D(2),
        "new_users": D(1),
        "arrests": D(1),
        "drug_offenders": D(1),
    }
    ward = facts.gather(areas=[w.ward_a], on=PAST)[w.ward_a.pk]
    assert ward.metrics["dealers"] == 0
    assert ward.metrics["hotspots"] == 0
    assert ward.metrics["managed_count"] == 3


def test_window_months(facts_world: Facts) -> None:
    w = facts_world.world
    got = facts.gather(areas=[w.group_a2], on=TODAY, window_months=24)[w.group_a2.pk]
    assert got.window_start == date(2024, 11, 23)
    assert got.metrics["arrests"] == 1
    # Lê Văn Ba (first user 01/02/2025) is new; Phạm Văn Bốn (addict 2026, user since 2024) not.
    assert got.metrics["new_users"] == 1
    assert facts.window(on=date(2026, 3, 31), months=1).start == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("count", "population", "expected"),
    [
        (5, 1000, D("0.5000")),
        (4, 1000, D("0.4000")),
        (1, 201, D("0.4975")),
        (1, 199, D("0.5025")),
        (1, 200, D("0.5000")),
        (0, 200, D("0.0000")),
        (3, 0, None),
        (3, None, None),
    ],
)
def test_rate_at_the_half_percent_boundary(
    count: int, population: int | None, expected: Decimal | None
) -> None:
    assert rate(count, population) == expected


def test_rate_of_exactly_half_percent_in_the_facts(world: World) -> None:
    """A group of 400 residents with 2 managed users: 0,5000 %."""
    area_services.figure_set(
        actor=None, area=world.group_a2, as_of=date(2026, 6, 1), population=400, households=100
    )
    for name in ("Đỗ Văn Bảy", "Ngô Văn Tám"):
        register(world.group_a2, name, (Category.ILLEGAL_USER, date(2026, 7, 1), None))
    got = facts.gather(areas=[world.group_a2], on=TODAY)[world.group_a2.pk]
    assert got.population == 400
    assert got.metrics["managed_rate"] == D("0.5000")


def _queries(areas: list[Area]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        facts.gather(areas=areas, on=TODAY)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_areas(world: World) -> None:
    groups = [
        area_services.area_create(
            actor=None, parent=world.ward_a, name=f"Tổ dân phố số {n}", kind=Kind.RESIDENTIAL_GROUP
        )
        for n in range(3, 33)
    ]
    for group in groups[:5]:
        register(group, f"Người {group.name}", (Category.ILLEGAL_USER, date(2026, 1, 1), None))
    assert all(g.level == Level.GROUP for g in groups)
    assert _queries(groups[:3]) == _queries(groups) == 5
    # Above the IN-list limit the query narrows by province and drops the rest in Python.
    original = facts.MAX_IN
    facts.MAX_IN = 2
    try:
        assert _queries(groups) == 5
        got = facts.gather(areas=groups, on=TODAY)
    finally:
        facts.MAX_IN = original
    assert sum(f.metrics["managed_count"] for f in got.values()) == 5
    assert set(got) == {g.pk for g in groups}


def test_mixed_levels_refused(world: World) -> None:
    with pytest.raises(ValueError, match="one level"):
        facts.gather(areas=[world.ward_a, world.group_a1], on=TODAY)
    assert facts.gather(areas=[], on=TODAY) == {}
