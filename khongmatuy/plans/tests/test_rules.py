"""Pure rules: document numbers, recurrence at month ends, overdue at the edges, the workflow."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.common.errors import InvalidTransition
from khongmatuy.plans.rules import deadlines, numbering, recurrence, workflow


@pytest.mark.parametrize(
    ("raw", "text", "party"),
    [
        ("15/KH-UBND", "15/KH-UBND", False),
        ("Số: 313/KH-UBND", "313/KH-UBND", False),
        ("5 / KH - UBND", "05/KH-UBND", False),
        ("483/KH-CAHP-PC04", "483/KH-CAHP-PC04", False),
        ("2318/UBND-NC", "2318/UBND-NC", False),
        ("03-NQ/ĐU", "03-NQ/ĐU", True),
        ("25/QĐ-UBND", "25/QĐ-UBND", False),
    ],
)
def test_numbers_as_the_decree_writes_them(raw: str, text: str, party: bool) -> None:
    parsed = numbering.parse(raw)
    assert parsed is not None
    assert parsed.text == text
    assert parsed.party is party


@pytest.mark.parametrize(
    "raw", ["", "KH-UBND", "15/kh-ubnd", "15/KH-UBND-", "15/KH-", "abc/KH-UBND"]
)
def test_numbers_out_of_layout_are_refused(raw: str) -> None:
    assert numbering.parse(raw) is None


def test_the_type_must_fit_the_kind() -> None:
    plan = numbering.parse("15/KH-UBND")
    assert plan is not None
    assert numbering.fits_kind(plan, "plan")
    assert not numbering.fits_kind(plan, "resolution")
    party = numbering.parse("03-NQ/ĐU")
    assert party is not None
    assert numbering.fits_kind(party, "resolution")


def test_monthly_from_the_31st_clamps_without_drifting() -> None:
    first = date(2026, 1, 31)
    assert recurrence.next_due(first, "monthly", after=first) == date(2026, 2, 28)
    assert recurrence.next_due(first, "monthly", after=date(2026, 2, 28)) == date(2026, 3, 31)
    assert recurrence.next_due(date(2028, 1, 31), "monthly", after=date(2028, 1, 31)) == date(
        2028, 2, 29
    )


def test_quarterly_yearly_once_and_until() -> None:
    first = date(2026, 3, 31)
    assert recurrence.next_due(first, "quarterly", after=first) == date(2026, 6, 30)
    assert recurrence.next_due(first, "quarterly", after=date(2026, 6, 30)) == date(2026, 9, 30)
    assert recurrence.next_due(date(2028, 2, 29), "yearly", after=date(2028, 2, 29)) == date(
        2029, 2, 28
    )
    assert recurrence.next_due(first, "once", after=first) is None
    assert recurrence.next_due(first, "monthly", after=first, until=date(2026, 4, 29)) is None


def test_due_today_is_not_overdue_yesterday_is() -> None:
    wednesday = date(2026, 11, 25)
    assert not deadlines.is_overdue(wednesday, wednesday)
    assert deadlines.is_overdue(date(2026, 11, 24), wednesday)
    assert deadlines.overdue_threshold(wednesday) == date(2026, 11, 24)


def test_overdue_across_a_month_end() -> None:
    # Due Monday 30/11/2026: not overdue that day, overdue on Tuesday 01/12.
    assert not deadlines.is_overdue(date(2026, 11, 30), date(2026, 11, 30))
    assert deadlines.is_overdue(date(2026, 11, 30), date(2026, 12, 1))
    assert deadlines.days_overdue(date(2026, 11, 30), date(2026, 12, 3)) == 3


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day() -> None:
    saturday = date(2026, 10, 31)
    monday = date(2026, 11, 2)
    assert deadlines.effective_due(saturday) == monday
    assert not deadlines.is_overdue(saturday, monday)
    assert deadlines.is_overdue(saturday, date(2026, 11, 3))
    # the threshold agrees with the rule: on Monday, Friday's tasks are overdue, Saturday's not
    assert deadlines.overdue_threshold(monday) == date(2026, 10, 30)
    holiday = date(2026, 9, 2)
    assert not deadlines.is_overdue(holiday, date(2026, 9, 3), holidays={holiday})
    assert deadlines.is_overdue(holiday, date(2026, 9, 3))


def test_threshold_matches_the_rule_every_day_of_a_year() -> None:
    for offset in range(366):
        on = date.fromordinal(date(2026, 1, 1).toordinal() + offset)
        threshold = deadlines.overdue_threshold(on)
        for back in range(10):
            due = date.fromordinal(on.toordinal() - back)
            assert deadlines.is_overdue(due, on) == (due <= threshold), (due, on)


def test_workflow_steps() -> None:
    table = workflow.WORKFLOW
    assert table.available(workflow.OPEN) == [workflow.REPORT, workflow.SUBMIT]
    assert table.available(workflow.SUBMITTED) == [workflow.ACCEPT, workflow.RETURN]
    assert table.available(workflow.ACCEPTED) == []
    assert table.allows(workflow.RETURNED, workflow.SUBMIT)
    with pytest.raises(InvalidTransition):
        table.guard(workflow.OPEN, workflow.ACCEPT)
