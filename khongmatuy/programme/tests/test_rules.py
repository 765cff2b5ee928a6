"""The pure money, schedule and roll-up rules: exact Decimal, sums that reconcile, edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from khongmatuy.programme.rules import money, rollup, schedule
from khongmatuy.programme.rules.money import Ledger
from khongmatuy.programme.rules.rollup import Ratio

D = Decimal


def test_total_is_exact_and_refuses_float():
    amounts = [D("0.1")] * 10 + [D("1000000000000000")]
    assert money.total(amounts) == D("1000000000000001.0")
    with pytest.raises(TypeError):
        money.total([D(1), 0.1])  # type: ignore[list-item]


def test_ledger_sums_reconcile():
    a = Ledger(
        allocated=D(1_000_000), adjusted=D(-200_000), committed=D(500_000), disbursed=D(300_000)
    )
    b = Ledger(allocated=D(333_333), adjusted=D(0), committed=D(0), disbursed=D(111_111))
    both = a + b
    assert both.available == a.available + b.available == D(1_133_333)
    assert both.remaining == both.available - both.disbursed == D(722_222)
    assert both.disbursed == a.disbursed + b.disbursed
    # The rate is exact until display: 411111 / 1133333 × 100, not a float.
    assert isinstance(both.rate, Decimal)
    assert both.rate == D(411_111) * 100 / D(1_133_333)
    assert money.display_percent(both.rate) == D("36.2")


def test_a_third_is_rounded_down_only_for_display():
    rate = Ledger(allocated=D(3), disbursed=D(1)).rate
    assert rate == D(100) / D(3)  # 28 significant digits, rounded only when shown
    assert money.display_percent(rate) == D("33.3")


def test_excess_and_shortfall():
    ledger = Ledger(allocated=D(1_000_000), adjusted=D(0), disbursed=D(900_000))
    assert money.disbursement_excess(ledger, D(100_000)) == 0
    assert money.disbursement_excess(ledger, D(100_001)) == D(1)
    assert money.adjustment_shortfall(ledger, D(-100_000)) == 0
    assert money.adjustment_shortfall(ledger, D(-100_001)) == D(1)


def test_money_is_shown_in_the_users_locale():
    with translation.override("vi"):
        assert money.format_money(D(1_234_567)) == "1.234.567 đ"
        assert money.format_money(D("1234567.5")) == "1.234.568 đ"
    with translation.override("en"):
        assert money.format_money(D(1_234_567)) == "1,234,567 đ"
    assert money.format_money(None) == ""


def test_rate_of_nothing_is_unknown():
    assert Ledger().rate is None
    assert money.share(D(5), D(0)) is None


STEPS = [schedule.Step(date(2026, 3, 31), D(10)), schedule.Step(date(2026, 6, 30), D(40))]


def test_planned_share_is_a_staircase_at_its_edges():
    assert schedule.planned_share([], date(2026, 5, 1)) is None
    assert schedule.planned_share(STEPS, date(2026, 3, 30)) == 0
    assert schedule.planned_share(STEPS, date(2026, 3, 31)) == D(10)
    assert schedule.planned_share(STEPS, date(2026, 6, 29)) == D(10)
    assert schedule.planned_share(STEPS, date(2026, 6, 30)) == D(40)
    assert schedule.planned_share(STEPS, date(2026, 12, 31)) == D(40)


def test_behind_schedule_at_the_edges():
    ledger = Ledger(allocated=D(1_000_000), disbursed=D(400_000))
    on_plan = schedule.progress(ledger, STEPS, date(2026, 6, 30))
    assert on_plan.rate == D(40)
    assert on_plan.planned == D(40)
    assert not on_plan.behind
    one_short = schedule.progress(
        Ledger(allocated=D(1_000_000), disbursed=D(399_999)), STEPS, date(2026, 6, 30)
    )
    assert one_short.behind
    assert one_short.planned_amount == D(400_000)
    before_first = schedule.progress(Ledger(allocated=D(1)), STEPS, date(2026, 1, 1))
    assert not before_first.behind
    unscheduled = schedule.progress(Ledger(allocated=D(1)), [], date(2026, 12, 31))
    assert not unscheduled.behind
    assert unscheduled.planned is None


def test_schedule_validation():
    assert schedule.validate(STEPS) == []
    assert "decreasing" in schedule.validate(
        [schedule.Step(date(2026, 3, 31), D(50)), schedule.Step(date(2026, 6, 30), D(40))]
    )
    assert "range" in schedule.validate([schedule.Step(date(2026, 3, 31), D(101))])
    assert "duplicate" in schedule.validate(
        [schedule.Step(date(2026, 3, 31), D(1)), schedule.Step(date(2026, 3, 31), D(2))]
    )


def test_rollup_sums_parts_and_wholes_not_percentages():
    values = {1: Ratio(D(1), D(1)), 2: Ratio(D(0), D(3)), 3: Ratio(D(2), D(4))}
    parent_of: dict[int, int | None] = {1: 10, 2: 10, 3: 20, 10: 99, 20: 99}
    sums = rollup.rollup(values, parent_of)
    assert sums[10] == Ratio(D(1), D(4))
    assert sums[10].percent == D(25)  # not the mean of 100 % and 0 %
    assert sums[20] == Ratio(D(2), D(4))
    assert sums[99] == sums[None] == Ratio(D(3), D(8))


def test_meets_strictly_above():
    assert rollup.meets(D(70), D(70), strictly=True) is False
    assert rollup.meets(D("70.01"), D(70), strictly=True) is True
    assert rollup.meets(D(50), D(50), strictly=False) is True
    assert rollup.meets(None, D(50), strictly=False) is None


def test_no_float_in_the_money_columns_or_code():
    from pathlib import Path

    from django.db import models as dj

    from khongmatuy.programme import models

    for model in (models.Allocation, models.Adjustment, models.Commitment, models.Disbursement):
        field = model._meta.get_field("amount")
        assert isinstance(field, dj.DecimalField)
        assert field.decimal_places == 0
    package = Path(models.__file__).parent
    for path in package.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        assert "float(" not in text, path
        assert "FloatField" not in text, path
