"""Pure care rules (people/care.py): intervals, due dates and their boundaries, defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.people.choices import Category
from khongmatuy.people.rules import care


def test_every_category_has_a_default_with_a_source():
    assert set(care.DEFAULT_POLICIES) == set(Category.values)
    assert all(str(policy.source) for policy in care.DEFAULT_POLICIES.values())


def test_monthly_residence_check_of_decree_105_is_the_only_legal_contact_figure():
    legal = {c for c, p in care.DEFAULT_POLICIES.items() if p.contact_by_law}
    assert legal == {Category.ILLEGAL_USER}
    assert care.DEFAULT_POLICIES[Category.ILLEGAL_USER].contact_interval_days == 30
    assert not any(p.test_by_law for p in care.DEFAULT_POLICIES.values())


def test_overrides_replace_defaults_and_zero_means_not_tracked():
    policies = care.effective_policies({"methadone": (60, 30), "addict": (0, None)})
    assert (
        policies["methadone"].contact_interval_days,
        policies["methadone"].test_interval_days,
    ) == (
        60,
        30,
    )
    assert policies["methadone"].overridden is True
    assert policies["addict"].contact_interval_days is None
    assert "addict" not in care.contact_intervals(policies)
    assert care.contact_intervals(policies)["illegal_user"] == 30
    # confirming the legal value keeps it marked as legal
    assert care.effective_policies({"illegal_user": (30, 90)})["illegal_user"].contact_by_law


def test_shortest_interval_governs():
    intervals = {"illegal_user": 30, "methadone": 90}
    assert care.shortest_interval(["methadone", "illegal_user"], intervals) == 30
    assert care.shortest_interval(["dealer"], intervals) is None


@pytest.mark.parametrize(
    ("last", "overdue"),
    [
        (date(2026, 10, 24), False),  # exactly 30 days: on time
        (date(2026, 10, 23), True),  # 31 days
        (None, True),  # never, managed since 10/01
    ],
)
def test_contact_due_boundary(last, overdue):
    on = date(2026, 11, 23)
    due = care.due_on(last=last, since=date(2026, 1, 10), interval_days=30)
    assert care.is_overdue(due=due, on=on) is overdue
    # the SQL cut-off says the same: overdue when the reference is before on - interval
    reference = last or date(2026, 1, 10)
    assert (reference < care.cutoff(on=on, interval_days=30)) is overdue


def test_due_soon_window():
    on = date(2026, 11, 23)
    assert care.is_due_soon(due=date(2026, 11, 30), on=on, window_days=7)
    assert not care.is_due_soon(due=date(2026, 12, 1), on=on, window_days=7)


def test_percent_rounds_half_up_to_one_decimal():
    assert care.percent(2, 3) == Decimal("66.7")
    assert care.percent(1, 8) == Decimal("12.5")
    assert care.percent(3, 3) == Decimal("100.0")
    assert care.percent(0, 0) is None


def test_transfer_time_limits_change_with_law_120():
    before = care.transfer_time_limits(on=date(2026, 6, 30))
    after = care.transfer_time_limits(on=date(2026, 7, 1))
    assert before.basis == "Luật 73/2021/QH14, Điều 26; Nghị định 105/2021/NĐ-CP, Điều 47"
    assert "5 ngày làm việc" in before.police_notice
    assert after.basis == "Luật Phòng, chống ma túy số 120/2025/QH15 (hiệu lực từ 01/7/2026)"
    assert "24 giờ" in after.police_notice
