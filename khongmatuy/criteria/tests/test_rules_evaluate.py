"""``evaluate`` against Decision 28 and the seeds' local rule set, at and around each threshold.
Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.common.dates import add_months
from khongmatuy.criteria.engine import AreaFacts, ConditionSpec, RuleSetSpec
from khongmatuy.criteria.evaluate import evaluate, format_number
from khongmatuy.criteria.rules import decision28, local

ON = date(2026, 11, 23)
D = Decimal

# A type I commune that meets nothing: every known criterion measured and failing.
NOTHING = {
    "managed_rate": D("0.1"),
    "harbouring_places": D(0),
    "arrest_rate": D("0.01"),
    "plants_destroyed": D(0),
    "cultivation_m2": D(0),
}


def facts(population: int | None = 20000, **metrics: object) -> AreaFacts:
    values = dict(NOTHING)
    values.update({k: D(str(v)) for k, v in metrics.items()})
    return AreaFacts(area_id=1, on=ON, population=population, metrics=values)


def result(rule_set: RuleSetSpec, f: AreaFacts, code: str):  # type: ignore[no-untyped-def]
    evaluation = evaluate(rule_set, f)
    return next(r for r in evaluation.results if r.code == code)


@pytest.mark.parametrize(
    ("value", "passed"),
    [("0.5", True), ("0.4999", False), ("0.5001", True), ("0", False), ("3", True)],
)
def test_type_i_a_managed_rate_at_half_a_percent(value: str, passed: bool) -> None:
    r = result(decision28.TYPE_I, facts(managed_rate=value), "a")
    assert r.passed is passed
    assert r.threshold == D("0.5")
    assert r.comparator == ">="
    assert r.confirmed is True
    assert r.window_start is None  # people with records: counted on the date
    assert r.window_end == ON


def test_type_i_a_from_counts_exactly_half_a_percent() -> None:
    base = {k: v for k, v in NOTHING.items() if k != "managed_rate"}
    exact = AreaFacts(1, ON, 21000, {**base, "managed_count": D(105)})
    below = AreaFacts(1, ON, 21000, {**base, "managed_count": D(104)})
    assert result(decision28.TYPE_I, exact, "a").value == D("0.5")
    assert result(decision28.TYPE_I, exact, "a").passed is True
    assert result(decision28.TYPE_I, below, "a").passed is False


def test_rate_without_population_cannot_be_judged() -> None:
    for population in (None, 0):
        r = result(decision28.TYPE_I, facts(population=population, managed_rate="3"), "a")
        assert r.passed is None
        assert r.value is None
        assert "Chưa có số dân đang cư trú" in r.explanation
    # a count criterion does not need the population
    r = result(decision28.TYPE_I, facts(population=None, harbouring_places=2), "b")
    assert r.passed is True


@pytest.mark.parametrize(("places", "passed"), [(2, True), (1, False), (3, True), (0, False)])
def test_type_i_b_two_harbouring_places(places: int, passed: bool) -> None:
    assert result(decision28.TYPE_I, facts(harbouring_places=places), "b").passed is passed


@pytest.mark.parametrize(("value", "passed"), [("0.1", True), ("0.0999", False)])
def test_type_i_c_arrest_rate_with_its_window(value: str, passed: bool) -> None:
    r = result(decision28.TYPE_I, facts(arrest_rate=value), "c")
    assert r.passed is passed
    assert (r.window_start, r.window_end) == (date(2025, 11, 23), ON)
    assert "23/11/2025 – 23/11/2026" in r.explanation


@pytest.mark.parametrize(
    ("plants", "m2", "met"),
    [
        (3000, 0, True),
        (2999, 0, False),
        (0, 750, True),
        (0, "749.99", False),
        (2999, "749.99", False),
        (5000, 1000, True),
    ],
)
def test_type_i_d_plants_or_area(plants: object, m2: object, met: bool) -> None:
    evaluation = evaluate(
        decision28.TYPE_I,
        facts(plants_destroyed=plants, cultivation_m2=m2, managed_rate="0.5", harbouring_places=2),
    )
    # (a) and (b) met; (d) decides between 2 (undecided: đ unknown) and 3 (hotspot type I)
    assert evaluation.met == (3 if met else 2)
    assert evaluation.passed is (True if met else None)
    d1 = next(r for r in evaluation.results if r.code == "d.1")
    d2 = next(r for r in evaluation.results if r.code == "d.2")
    assert (d1.threshold, d2.threshold) == (D(3000), D(750))


def test_type_i_at_least_three_with_unknowns() -> None:
    # 3 met: passed even though (đ) is unknown
    three = facts(managed_rate="0.5", harbouring_places=2, arrest_rate="0.1")
    assert (evaluate(decision28.TYPE_I, three).passed, evaluate(decision28.TYPE_I, three).met) == (
        True,
        3,
    )
    # 2 met, (d) and (đ) unknown: cannot be decided
    unknown_d = AreaFacts(
        1,
        ON,
        20000,
        {"managed_rate": D("0.5"), "harbouring_places": D(2), "arrest_rate": D(0)},
    )
    e = evaluate(decision28.TYPE_I, unknown_d)
    assert (e.passed, e.met) == (None, 2)
    # (đ) of type I is definitional (on a recorded route = 1), so type I depends on no
    # unconfirmed threshold any more: its unknowns here are missing data
    assert e.depends_on_unconfirmed is False
    # 1 met, only (đ) unknown: even if (đ) were met, 2 < 3
    one = facts(harbouring_places=5)
    assert (evaluate(decision28.TYPE_I, one).passed, evaluate(decision28.TYPE_I, one).met) == (
        False,
        1,
    )
    # 2 met and only (đ) unknown: undecided
    two = facts(harbouring_places=5, managed_rate=1)
    assert evaluate(decision28.TYPE_I, two).passed is None


def test_route_criterion_of_type_i_is_definitional_and_unknown_without_a_route() -> None:
    condition = next(c for c in decision28.TYPE_I.conditions if c.code == "đ")
    assert (condition.metric, condition.threshold, condition.confirmed) == (
        "on_key_route",
        D(1),
        True,
    )
    assert condition.with_other_met == 2
    assert "khoản 1 (loại I), điểm đ" in condition.article
    two = {"managed_rate": "0.5", "harbouring_places": 2}
    r = result(decision28.TYPE_I, facts(**two), "đ")
    assert (r.threshold, r.confirmed, r.passed) == (D(1), True, None)
    assert "Chưa có số liệu" in r.explanation
    # no route recorded and nothing else met: (đ) fails whatever the route
    assert result(decision28.TYPE_I, facts(), "đ").passed is False
    # types II and III: the wording of (đ) is UNCONFIRMED
    for spec in (decision28.TYPE_II, decision28.TYPE_III):
        r = result(spec, facts(), "đ")
        assert (r.threshold, r.confirmed, r.passed) == (None, False, None)
        assert "CHƯA XÁC NHẬN" in r.explanation


@pytest.mark.parametrize(
    ("metrics", "route", "passed", "met"),
    [
        # exactly two of (a)–(d) and on a route: (đ) is the third criterion, type I
        ({"managed_rate": "0.5", "harbouring_places": 2}, 1, True, 3),
        ({"arrest_rate": "0.1", "plants_destroyed": 3000}, 1, True, 3),
        # the same two off every recorded route: not type I
        ({"managed_rate": "0.5", "harbouring_places": 2}, 0, False, 2),
        # on a route with only one other criterion: (đ) is not met
        ({"harbouring_places": 2}, 1, False, 1),
        # three of (a)–(d) on a route: (đ) met too
        ({"managed_rate": "0.5", "harbouring_places": 2, "arrest_rate": "0.1"}, 1, True, 4),
    ],
)
def test_route_criterion_needs_two_other_criteria(
    metrics: dict[str, object], route: int, passed: bool, met: int
) -> None:
    e = evaluate(decision28.TYPE_I, facts(on_key_route=route, **metrics))
    assert (e.passed, e.met) == (passed, met)
    r = next(x for x in e.results if x.code == "đ")
    assert r.passed is (met >= 3 and route == 1)
    assert "cần ít nhất 2" in r.explanation


def test_type_ii_known_lower_bounds_and_unconfirmed_ones() -> None:
    spec = decision28.TYPE_II
    thresholds = {c.code: (c.threshold, c.confirmed) for c in spec.conditions}
    assert thresholds == {
        "a": (None, False),
        "b": (D(1), True),
        "c": (D("0.05"), True),
        "d.1": (None, False),
        "d.2": (D(125), True),
        "đ": (None, False),
    }
    assert (spec.combination, spec.at_least) == ("at_least", 3)
    e = evaluate(spec, facts(harbouring_places=1, arrest_rate="0.05", cultivation_m2=125))
    assert (e.passed, e.met) == (True, 3)
    e = evaluate(spec, facts(harbouring_places=1, arrest_rate="0.0499", cultivation_m2="124.9"))
    # b met; a, đ unknown; c, d failed (d.1 unknown but d.2 failed: the criterion is unknown)
    assert (e.passed, e.met) == (None, 1)


def test_type_iii_all_unknown() -> None:
    spec = decision28.TYPE_III
    assert all(c.threshold is None and not c.confirmed for c in spec.conditions)
    e = evaluate(spec, facts(managed_rate=5, harbouring_places=9))
    assert (e.passed, e.met, spec.at_least) == (None, 0, 1)


def test_province_hotspot_thresholds_and_unknown_count() -> None:
    spec = decision28.PROVINCE
    assert {c.code: c.threshold for c in spec.conditions} == {
        "1": None,
        "2": D("0.2"),
        "3": D(5),
        "4": D("0.05"),
        "5": None,
    }
    e = evaluate(
        spec,
        AreaFacts(
            1,
            ON,
            2_000_000,
            {"managed_rate": D("0.2"), "harbouring_places": D(5), "arrest_rate": D("0.05")},
        ),
    )
    assert [r.passed for r in e.results] == [None, True, True, True, None]
    assert (e.met, e.passed) == (3, None)  # how many to meet is UNCONFIRMED
    below = AreaFacts(
        1,
        ON,
        2_000_000,
        {"managed_rate": D("0.1999"), "harbouring_places": D(4), "arrest_rate": D("0.0499")},
    )
    assert [r.passed for r in evaluate(spec, below).results] == [None, False, False, False, None]


def test_drug_free_commune_proposed_conditions_are_unconfirmed() -> None:
    spec = decision28.DRUG_FREE
    assert [(c.metric, c.comparator, c.threshold, c.confirmed) for c in spec.conditions] == [
        ("users_outside_treatment", "==", D(0), False),
        ("harbouring_places", "==", D(0), False),
        ("dealers", "==", D(0), False),
        ("new_users", "==", D(0), False),
    ]
    assert all(
        any(source in c.article for source in ("Huế", "Quảng Ninh", "Gia Viên"))
        for c in spec.conditions
    )
    clean = AreaFacts(
        1,
        ON,
        20000,
        {
            "users_outside_treatment": D(0),
            "harbouring_places": D(0),
            "dealers": D(0),
            "new_users": D(0),
        },
    )
    e = evaluate(spec, clean)
    assert (e.passed, e.met, e.depends_on_unconfirmed) == (True, 4, True)


GROUP_CLEAN = {"new_users": D(0), "harbouring_places": D(0), "dealers": D(0)}


@pytest.mark.parametrize(
    ("metric", "value", "passed"),
    [
        (None, 0, True),
        ("new_users", 1, False),
        ("harbouring_places", 1, False),
        ("dealers", 1, False),
    ],
)
def test_drug_free_group_all_three_none(metric: str | None, value: int, passed: bool) -> None:
    metrics = dict(GROUP_CLEAN)
    if metric:
        metrics[metric] = D(value)
    e = evaluate(local.DRUG_FREE_GROUP_V1, AreaFacts(7, ON, 512, metrics))
    assert e.passed is passed
    assert e.met == (3 if passed else 2)
    assert e.depends_on_unconfirmed is False
    assert (e.rule_set, e.version, e.on) == ("to_dan_pho_khong_ma_tuy", "1", ON)
    new_users = e.results[0]
    assert (new_users.window_start, new_users.window_end) == (date(2025, 11, 23), ON)


def test_missing_value_under_all_is_undecided_unless_another_fails() -> None:
    partial = {"harbouring_places": D(0), "dealers": D(0)}
    e = evaluate(local.DRUG_FREE_GROUP_V1, AreaFacts(7, ON, 512, partial))
    assert (e.passed, e.met) == (None, 2)
    assert e.results[0].explanation.startswith("Chưa có số liệu")
    e = evaluate(local.DRUG_FREE_GROUP_V1, AreaFacts(7, ON, 512, {**partial, "dealers": D(1)}))
    assert (e.passed, e.met) == (False, 1)


def test_condition_window_overrides_rule_set_window() -> None:
    spec = replace(
        local.DRUG_FREE_GROUP_V1,
        conditions=(
            ConditionSpec("1", "x", "new_users", "==", D(0), window_months=6),
            ConditionSpec("2", "y", "arrests", "<=", D(2)),
        ),
        window_months=24,
    )
    e = evaluate(spec, AreaFacts(1, date(2026, 3, 31), 10, {"new_users": D(0), "arrests": D(2)}))
    assert [r.window_start for r in e.results] == [date(2025, 9, 30), date(2024, 3, 31)]
    assert e.passed is True


def test_window_start_clamps_the_day() -> None:
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_explanations_are_vietnamese_with_numbers_in_vietnamese_style() -> None:
    r = result(decision28.TYPE_I, facts(plants_destroyed=12345), "d.1")
    assert r.explanation.startswith("Giá trị 12.345 ≥ 3.000: đạt.")
    r = result(decision28.TYPE_I, facts(managed_rate="0.4999"), "a")
    assert r.explanation == "Giá trị 0,4999 % không thỏa điều kiện ≥ 0,5 %: không đạt."
    assert format_number(D("1234567.50")) == "1.234.567,5"
    assert format_number(D("0.5000")) == "0,5"
