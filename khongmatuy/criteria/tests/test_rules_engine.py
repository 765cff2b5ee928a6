"""The engine's tables (comparators, metrics) and the paths of ``evaluate`` that only a local rule
set composed by an administrator reaches: strict comparators, an invalid comparator, the window of
each metric. Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.criteria.engine import (
    METRICS,
    AreaFacts,
    ConditionSpec,
    CriterionResult,
    RuleSetSpec,
)
from khongmatuy.criteria.evaluate import (
    evaluate,
    format_number,
    group_of,
    other_met_text,
    rate,
    shown_value,
    threshold_text,
    window_months_of,
    with_unit,
)

ON = date(2026, 11, 23)
D = Decimal

# Metrics counted over a window ending on the evaluation date; the others are counted on the date.
WINDOWED = {
    "hotspots_recurred",
    "arrest_rate",
    "arrests",
    "plants_destroyed",
    "cultivation_m2",
    "new_users",
    "drug_offenders",
    "communication_rate",
}
UNITS = {
    "managed_rate": "percent",
    "managed_count": "person",
    "harbouring_places": "place",
    "hotspots": "place",
    "hotspots_recurred": "place",
    "arrest_rate": "percent",
    "arrests": "person",
    "plants_destroyed": "plant",
    "cultivation_m2": "m2",
    "new_users": "person",
    "users_outside_treatment": "person",
    "dealers": "person",
    "drug_offenders": "person",
    "on_key_route": "flag",
    "communication_rate": "share",
    "household_commitment_rate": "share",
    "broken_commitments": "commitment",
}


def local_set(*conditions: ConditionSpec, window_months: int = 12) -> RuleSetSpec:
    return RuleSetSpec(
        code="local",
        version="1",
        effective_from=date(2025, 1, 1),
        name="Bộ tiêu chí của xã",
        level=3,
        combination="all",
        at_least=None,
        conditions=conditions,
        window_months=window_months,
        evidence=(),
    )


def judged(comparator: str, threshold: str, value: str, metric: str = "dealers"):  # type: ignore[no-untyped-def]
    spec = local_set(ConditionSpec("1", "x", metric, comparator, D(threshold)))
    return evaluate(spec, AreaFacts(1, ON, 1000, {metric: D(value)})).results[0]


@pytest.mark.parametrize(
    ("comparator", "value", "passed"),
    [
        (">", "3", False),  # equal is not more than
        (">", "4", True),
        (">", "2", False),
        ("<", "3", False),  # equal is not less than
        ("<", "2", True),
        ("<", "4", False),
        (">=", "3", True),
        (">=", "2", False),
        ("<=", "3", True),
        ("<=", "4", False),
        ("==", "3", True),
        ("==", "2", False),
        ("==", "4", False),
    ],
)
def test_every_comparator_an_administrator_can_compose(
    comparator: str, value: str, passed: bool
) -> None:
    r = judged(comparator, "3", value)
    assert r.passed is passed
    assert r.comparator == comparator


def test_strict_comparators_are_shown_as_written() -> None:
    assert judged(">", "3", "4").explanation == "Giá trị 4 > 3: đạt."
    assert judged("<", "3", "3").explanation == "Giá trị 3 không thỏa điều kiện < 3: không đạt."


def test_an_invalid_comparator_cannot_be_judged() -> None:
    r = judged("~", "3", "3")
    assert r.passed is None
    assert r.explanation == "Phép so sánh không hợp lệ: chưa thể kết luận."
    assert (
        evaluate(local_set(ConditionSpec("1", "x", "dealers", "!", D(0))), facts()).passed is None
    )


def facts(**metrics: str) -> AreaFacts:
    return AreaFacts(1, ON, 1000, {k: D(v) for k, v in metrics.items()})


def test_the_windowed_metrics_and_the_units() -> None:
    assert {code for code, m in METRICS.items() if m.windowed} == WINDOWED
    assert {code: m.unit for code, m in METRICS.items()} == UNITS
    assert all(code == m.code for code, m in METRICS.items())


@pytest.mark.parametrize("metric", sorted(UNITS))
def test_a_windowed_metric_shows_its_window_and_a_point_metric_none(metric: str) -> None:
    spec = local_set(ConditionSpec("1", "x", metric, ">=", D(0), window_months=6))
    r = evaluate(spec, AreaFacts(1, ON, 1000, {metric: D(1)})).results[0]
    assert r.window_end == ON
    if metric in WINDOWED:
        assert r.window_start == date(2026, 5, 23)
        assert "Khoảng thời gian xét: 23/05/2026 – 23/11/2026." in r.explanation
    else:
        assert r.window_start is None
        assert "Khoảng thời gian xét" not in r.explanation


def test_an_unknown_metric_has_no_window_and_no_unit() -> None:
    r = judged(">=", "1", "2", metric="not_a_metric")
    assert r.window_start is None
    assert r.explanation == "Giá trị 2 ≥ 1: đạt."


def test_an_unconfirmed_threshold_says_so_and_taints_the_result() -> None:
    confirmed = ConditionSpec("1", "x", "dealers", "<=", D(0))
    unconfirmed = ConditionSpec("2", "y", "hotspots", "<=", D(0), confirmed=False)
    e = evaluate(local_set(confirmed, unconfirmed), facts(dealers="0", hotspots="0"))
    assert [r.confirmed for r in e.results] == [True, False]
    assert e.depends_on_unconfirmed is True
    assert "CHƯA XÁC NHẬN" not in e.results[0].explanation
    assert e.results[1].explanation == (
        "Giá trị 0 ≤ 0: đạt. (Ngưỡng CHƯA XÁC NHẬN từ văn bản chính thức.)"
    )
    assert evaluate(local_set(confirmed), facts(dealers="0")).depends_on_unconfirmed is False


def test_a_result_carries_its_condition() -> None:
    condition = ConditionSpec(
        "d.1", "Số cây", "plants_destroyed", ">=", D(3000), article="QĐ 28 (d)", with_other_met=None
    )
    spec = local_set(condition)
    r = evaluate(spec, AreaFacts(1, ON, 1000, {"plants_destroyed": D(3000)})).results[0]
    assert r == CriterionResult(
        code="d.1",
        label="Số cây",
        metric="plants_destroyed",
        value=D(3000),
        comparator=">=",
        threshold=D(3000),
        confirmed=True,
        window_start=date(2025, 11, 23),
        window_end=ON,
        passed=True,
        article="QĐ 28 (d)",
        explanation="Giá trị 3.000 ≥ 3.000: đạt. Khoảng thời gian xét: 23/11/2025 – 23/11/2026.",
        with_other_met=None,
    )


def test_a_rate_is_compared_exactly_and_shown_to_four_places() -> None:
    spec = local_set(ConditionSpec("1", "x", "managed_rate", ">=", D("0.5")))
    # 1 person in 300 is 0,3333… %: shown 0,3333, judged on the exact value.
    r = evaluate(spec, AreaFacts(1, ON, 300, {"managed_count": D(1)})).results[0]
    assert r.value == D("0.3333")
    assert r.explanation == "Giá trị 0,3333 % không thỏa điều kiện ≥ 0,5 %: không đạt."
    exact = local_set(ConditionSpec("1", "x", "managed_rate", ">", D("0.33333")))
    assert evaluate(exact, AreaFacts(1, ON, 300, {"managed_count": D(1)})).results[0].passed is True
    assert rate(1, 2_000_000) == D("0.0001")  # half up, not half even
    assert rate(1, 300, rounded=False) > D("0.33333")
    assert rate(1, 0) is None
    assert shown_value(D("0.00005"), "managed_rate") == D("0.0001")
    assert shown_value(D("0.123456"), "dealers") == D("0.123456")
    assert shown_value(D("0.123456"), "unknown") == D("0.123456")


def test_a_value_that_is_not_a_number_cannot_be_judged() -> None:
    spec = local_set(ConditionSpec("1", "x", "dealers", "<=", D(0)))
    r = evaluate(spec, AreaFacts(1, ON, 1000, {"dealers": "nhiều"})).results[0]  # type: ignore[dict-item]
    assert (r.passed, r.value) == (None, None)
    assert r.explanation == "Số liệu của chỉ số này không hợp lệ. Chưa thể kết luận."


def test_numbers_in_vietnamese_style() -> None:
    assert format_number(D(0)) == "0"
    assert format_number(D(123)) == "123"
    assert format_number(D(1000)) == "1.000"
    assert format_number(D("-1234.5")) == "-1.234,5"
    assert format_number(D("0.0000001")) == "0,0000001"
    assert with_unit(D(750), "cultivation_m2") == "750 m²"
    assert with_unit(D("0.5"), "arrest_rate") == "0,5 %"
    assert with_unit(D(2), "dealers") == "2"
    assert with_unit(D(2), "unknown") == "2"


def test_criteria_with_several_alternatives() -> None:
    assert group_of("d.1") == group_of("d.2") == "d"
    assert group_of("d.1.2") == "d"
    assert group_of("a") == "a"


def with_route(*others: ConditionSpec) -> RuleSetSpec:
    route = ConditionSpec("r", "route", "on_key_route", "==", D(1), with_other_met=2)
    return local_set(*others, route)


@pytest.mark.parametrize(
    ("values", "passed", "note"),
    [
        # met, unknown: 1 + 1 may still reach 2; 0 + 1 cannot; 2 + 0 does.
        ({"dealers": "0"}, None, "Tiêu chí khác đang đạt: 1 (cần ít nhất 2). Chưa thể kết luận."),
        ({"dealers": "5"}, False, "Tiêu chí khác đang đạt: 0 (cần ít nhất 2). Không đạt."),
        ({"dealers": "0", "hotspots": "0"}, True, "Tiêu chí khác đang đạt: 2 (cần ít nhất 2)."),
    ],
)
def test_and_at_least_n_other_criteria(
    values: dict[str, str], passed: bool | None, note: str
) -> None:
    spec = with_route(
        ConditionSpec("1", "x", "dealers", "<=", D(0)),
        ConditionSpec("2", "y", "hotspots", "<=", D(0)),
    )
    e = evaluate(spec, facts(on_key_route="1", **values))
    route = e.results[-1]
    assert route.passed is passed
    assert route.explanation == "Giá trị 1 = 1: đạt. " + note
    assert route.with_other_met == 2


def test_at_least_n_with_unknown_criteria() -> None:
    conditions = tuple(
        ConditionSpec(str(n), "x", metric, "<=", D(0))
        for n, metric in enumerate(("dealers", "hotspots", "arrests"), start=1)
    )
    spec = replace(local_set(*conditions), combination="at_least", at_least=3)
    # met 1, unknown 1: 2 cannot reach 3.
    assert evaluate(spec, facts(dealers="0", hotspots="1")).passed is False
    # met 2, unknown 1: may still reach 3.
    assert evaluate(spec, facts(dealers="0", hotspots="0")).passed is None
    assert evaluate(spec, facts(dealers="0", hotspots="0", arrests="0")).passed is True
    unknown_n = replace(spec, at_least=None)
    assert evaluate(unknown_n, facts(dealers="0", hotspots="0", arrests="0")).passed is None


def test_missing_evidence_is_listed_and_withholds_the_conclusion() -> None:
    spec = replace(
        local_set(ConditionSpec("1", "x", "dealers", "<=", D(0))),
        evidence=("population", "reconciliation"),
    )

    def judged(population: int | None, groups: int | None, reviewed: int | None):  # type: ignore[no-untyped-def]
        return evaluate(
            spec, AreaFacts(1, ON, population, {"dealers": D(0)}, None, groups, reviewed)
        )

    complete = judged(1000, 3, 3)
    assert (complete.passed, complete.missing_evidence) == (True, ())
    assert judged(1000, None, None).passed is True  # not gathered: not asked for
    assert judged(1000, 3, None).passed is True
    no_population = judged(None, 3, 3)
    assert no_population.passed is None
    assert no_population.missing_evidence == ("Chưa có số dân đang cư trú tại ngày đánh giá.",)
    assert judged(1000, 0, 0).missing_evidence == (
        "Chưa có tổ dân phố, thôn nào để rà soát dữ liệu.",
    )
    partial = judged(1000, 3, 2)
    assert partial.passed is None
    assert partial.missing_evidence == (
        "Chưa hoàn thành rà soát dữ liệu: 2/3 tổ dân phố, thôn đã rà soát trong khoảng "
        "23/11/2025 – 23/11/2026.",
    )
    assert judged(1000, 3, 4).missing_evidence == ()
    only_population = replace(spec, evidence=("population",))
    assert evaluate(only_population, AreaFacts(1, ON, 1000, {"dealers": D(0)}, None, 3, 0)).passed


def test_threshold_text_and_window_of_a_rule_set() -> None:
    assert threshold_text(ConditionSpec("a", "x", "managed_rate", ">=", D("0.5"))) == "≥ 0,5 %"
    assert threshold_text(ConditionSpec("a", "x", "dealers", "~", D(1))) == "~ 1"
    assert threshold_text(ConditionSpec("a", "x", "dealers", "<=", None)) is None
    route = ConditionSpec("đ", "x", "on_key_route", "==", D(1), with_other_met=2)
    assert threshold_text(route) == "= 1 và đạt ít nhất 2 tiêu chí khác"
    assert other_met_text(3) == "và đạt ít nhất 3 tiêu chí khác"
    own = ConditionSpec("1", "x", "arrests", "<=", D(0), window_months=6)
    assert window_months_of(local_set(own, window_months=24)) == 6
    other = ConditionSpec("2", "x", "arrests", "<=", D(0), window_months=3)
    assert window_months_of(local_set(own, other, window_months=24)) == 24
    assert window_months_of(local_set(window_months=24)) == 24
