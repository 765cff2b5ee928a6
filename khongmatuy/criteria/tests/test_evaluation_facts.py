"""Facts gathered for the criteria: a hand-built world, today and as of a past date, exact numbers;
rates at the 0.5 % boundary; the number of queries does not grow with the number of areas."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.criteria import facts
from khongmatuy.criteria.engine import METRICS, AreaFacts
from khongmatuy.criteria.evaluate import rate
from khongmatuy.people.choices import Category
from tests.personas import World

from .factories import PAST, TODAY, D, Facts, register


def numbers(f: AreaFacts) -> dict[str, Decimal]:
    """The metrics, rates rounded to 4 places as shown (the facts hold them exact)."""
    return {
        k: v.quantize(Decimal("0.0001")) if k.endswith("_rate") else v for k, v in f.metrics.items()
    }


# Counts are zero without records; the route flag is absent while no route is recorded.
GROUP_RATES = ("communication_rate", "household_commitment_rate")
ZERO = {
    code: D(0) for code in METRICS if code not in ("managed_rate", "arrest_rate", "on_key_route")
}


def test_facts_today_groups(facts_world: Facts) -> None:
    w = facts_world.world
    got = facts.gather(areas=[w.group_a1, w.group_a2, w.group_b1], on=TODAY)
    assert got[w.group_a1.pk].population == 512
    assert got[w.group_a1.pk].window_start == date(2025, 11, 23)
    # rates are kept exact: 2 of 512 is 0,390625 %, 1 of 512 is 0,1953125 %
    assert got[w.group_a1.pk].metrics["managed_rate"] == Decimal("0.390625")
    assert got[w.group_a1.pk].metrics["arrest_rate"] == Decimal("0.1953125")
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
    # Cao Xanh has no residential group: no communication or household rate (no data, not 0).
    no_groups = {k: v for k, v in ZERO.items() if k not in GROUP_RATES}
    assert numbers(got[w.ward_c.pk]) == no_groups


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
    # No households figure at that date: no household commitment rate (not 0).
    assert numbers(a2) == {
        **{k: v for k, v in ZERO.items() if k != "household_commitment_rate"},
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
    # 8: the hotspots that recurred in the window are one more aggregate; 3 more: prevention
    assert _queries(groups[:3]) == _queries(groups) == 11
    # Above the IN-list limit the query narrows by province and drops the rest in Python.
    original = facts.MAX_IN
    facts.MAX_IN = 2
    try:
        assert _queries(groups) == 11
        got = facts.gather(areas=groups, on=TODAY)
    finally:
        facts.MAX_IN = original
    assert sum(f.metrics["managed_count"] for f in got.values()) == 5
    assert set(got) == {g.pk for g in groups}


def test_mixed_levels_refused(world: World) -> None:
    with pytest.raises(ValueError, match="one level"):
        facts.gather(areas=[world.ward_a, world.group_a1], on=TODAY)
    assert facts.gather(areas=[], on=TODAY) == {}
