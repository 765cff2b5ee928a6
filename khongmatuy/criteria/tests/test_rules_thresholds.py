"""Every threshold of every built-in rule set, judged at, just below and just above it, with every
comparator an administrator may compose; rates compared exactly, never after rounding. Pure."""

from __future__ import annotations

import operator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.criteria.engine import METRICS, AreaFacts, ConditionSpec, RuleSetSpec
from khongmatuy.criteria.evaluate import evaluate, rate
from khongmatuy.criteria.rules import decision28, local

ON = date(2026, 11, 23)
EXPECTED = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
# How far "just below" and "just above" are: one unit of a count, a ten-thousandth of a percent.
STEP = {"percent": Decimal("0.0001"), "m2": Decimal("0.1")}


def _conditions() -> list[tuple[RuleSetSpec, ConditionSpec]]:
    return [
        (spec, condition)
        for spec in (*decision28.RULE_SETS, *local.RULE_SETS)
        for condition in spec.conditions
        if condition.threshold is not None and condition.metric in METRICS
    ]


CONDITIONS = _conditions()


def _judge(spec: RuleSetSpec, condition: ConditionSpec, value: Decimal) -> bool | None:
    facts = AreaFacts(area_id=1, on=ON, population=100_000, metrics={condition.metric: value})
    single = replace(spec, conditions=(condition,), combination="all", at_least=None)
    return evaluate(single, facts).results[0].passed


def test_the_built_in_rule_sets_have_thresholds_to_test() -> None:
    # Decision 28 type I (a)-(d), type II's known bounds, the province's 2-4, the drug-free
    # commune's four proposals and the group's three conditions.
    assert len(CONDITIONS) >= 17


def _edges() -> list[tuple[RuleSetSpec, ConditionSpec, Decimal, str]]:
    """Each threshold and its two neighbours (a count or a rate is never negative)."""
    edges = []
    for spec, condition in CONDITIONS:
        assert condition.threshold is not None
        step = STEP.get(METRICS[condition.metric].unit, Decimal(1))
        for name, offset in (("below", -1), ("at", 0), ("above", 1)):
            value = condition.threshold + offset * step
            if value >= 0:
                edges.append((spec, condition, value, f"{spec.code}-{condition.code}-{name}"))
    return edges


EDGES = _edges()


@pytest.mark.parametrize(
    ("spec", "condition", "value"),
    [edge[:3] for edge in EDGES],
    ids=[edge[3] for edge in EDGES],
)
@pytest.mark.parametrize("comparator", sorted(EXPECTED))
def test_threshold_edges(
    spec: RuleSetSpec, condition: ConditionSpec, value: Decimal, comparator: str
) -> None:
    assert condition.threshold is not None
    # the comparison alone: a rule set of one condition has no "other criteria" to meet
    composed = replace(condition, comparator=comparator, with_other_met=None)
    assert _judge(spec, composed, value) is EXPECTED[comparator](value, condition.threshold)


@pytest.mark.parametrize(
    ("count", "population", "threshold", "passed"),
    [
        # 5 000 of 1 000 001 is 0,49999950 %: shown as 0,5000 % but below 0,5 %.
        (5000, 1_000_001, "0.5", False),
        (5000, 1_000_000, "0.5", True),
        (5001, 1_000_001, "0.5", True),
        # A province's 0,2 % and the arrest rate's 0,1 %, 0,05 %.
        (2000, 1_000_001, "0.2", False),
        (1000, 1_000_001, "0.1", False),
        (1000, 999_999, "0.1", True),
        (500, 1_000_001, "0.05", False),
    ],
)
def test_a_rate_just_below_a_threshold_is_below_it(
    count: int, population: int, threshold: str, passed: bool
) -> None:
    exact = rate(count, population, rounded=False)
    assert exact is not None
    condition = ConditionSpec(
        code="a",
        label="",
        metric="managed_rate",
        comparator=">=",
        threshold=Decimal(threshold),
    )
    spec = replace(decision28.TYPE_I, conditions=(condition,), combination="all")
    facts = AreaFacts(area_id=1, on=ON, population=population, metrics={"managed_rate": exact})
    result = evaluate(spec, facts).results[0]
    assert result.passed is passed
    # what is shown and stored is rounded to 4 places
    assert result.value == exact.quantize(Decimal("0.0001"))


def test_a_rate_computed_from_the_count_is_exact_too() -> None:
    condition = ConditionSpec(
        code="a", label="", metric="managed_rate", comparator=">=", threshold=Decimal("0.5")
    )
    spec = replace(decision28.TYPE_I, conditions=(condition,), combination="all")
    facts = AreaFacts(
        area_id=1, on=ON, population=1_000_001, metrics={"managed_count": Decimal(5000)}
    )
    result = evaluate(spec, facts).results[0]
    assert result.passed is False
    assert result.value == Decimal("0.5000")


def test_every_decision28_condition_cites_its_clause() -> None:
    """A commune hotspot condition names its clause (khoản: the type) and point (điểm: the
    criterion); where the article or clause could not be read, the citation says so."""
    clauses = {
        decision28.COMMUNE_HOTSPOT_I: "khoản 1 (loại I)",
        decision28.COMMUNE_HOTSPOT_II: "khoản 2 (loại II)",
        decision28.COMMUNE_HOTSPOT_III: "khoản 3 (loại III)",
    }
    for spec in decision28.RULE_SETS:
        for condition in spec.conditions:
            assert "28/2025/QĐ-TTg" in condition.article
            if spec.code in clauses:
                letter = condition.code.split(".")[0]
                assert f"{clauses[spec.code]}, điểm {letter}" in condition.article
                assert "số điều chưa xác nhận" in condition.article
            else:
                assert "số điều, khoản chưa xác nhận" in condition.article
            assert len(condition.article) <= 250  # a stored row keeps it whole
