"""The prevention figures in the criteria's facts, and a local condition that reads them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from khongmatuy.criteria import facts
from khongmatuy.criteria.engine import AreaFacts, ConditionSpec, RuleSetSpec
from khongmatuy.criteria.evaluate import evaluate
from khongmatuy.prevention import services
from khongmatuy.prevention.rules.periods import complete_months

from .factories import activity

ON = date(2026, 11, 20)


def test_complete_months_leave_out_the_running_month():
    assert [p.first for p in complete_months(ON, 2)] == [date(2026, 9, 1), date(2026, 10, 1)]
    assert complete_months(date(2026, 11, 30), 1)[0].first == date(2026, 11, 1)


def test_gather_reads_communication_households_and_broken_commitments(world, officer_a):
    for month in (9, 10):
        activity(actor=officer_a, held_on=date(2026, month, 5), groups=[world.group_a1])
    activity(actor=officer_a, held_on=date(2026, 10, 6), groups=[world.group_a2])
    services.household_counts_set(
        actor=officer_a, group=world.group_a2, year=2026, households=107, signed=107, as_of=ON
    )

    got = facts.gather(areas=[world.ward_a, world.ward_b], on=ON, window_months=2)
    groups = facts.gather(areas=[world.group_a1, world.group_a2], on=ON, window_months=2)

    ward_a = got[world.ward_a.pk].metrics
    assert ward_a["communication_rate"] == Decimal(75)  # 3 of 4 group-months
    assert ward_a["household_commitment_rate"] == Decimal(10700) / Decimal(235)
    assert ward_a["broken_commitments"] == 0
    assert got[world.ward_b.pk].metrics["communication_rate"] == 0
    assert groups[world.group_a1.pk].metrics["communication_rate"] == 100
    assert groups[world.group_a2.pk].metrics["household_commitment_rate"] == 100


def test_a_local_condition_on_communication_every_month():
    spec = RuleSetSpec(
        code="local",
        version="1",
        effective_from=date(2026, 1, 1),
        name="Tổ dân phố không ma túy",
        level=3,
        combination="all",
        at_least=None,
        conditions=(
            ConditionSpec("1", "Tuyên truyền hằng tháng", "communication_rate", ">=", Decimal(100)),
        ),
        window_months=12,
        evidence=(),
    )
    reached = AreaFacts(1, ON, 500, {"communication_rate": Decimal(100)})
    missed = AreaFacts(2, ON, 500, {"communication_rate": Decimal("91.6")})

    assert evaluate(spec, reached).passed is True
    assert evaluate(spec, missed).passed is False
