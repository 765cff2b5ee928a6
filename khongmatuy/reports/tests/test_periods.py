"""Reporting periods and their cut-off dates (Decree 09/2019/NĐ-CP, Art. 12), document numbers."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from khongmatuy.reports.rules import numbering, periods


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026-M07", date(2026, 6, 15), date(2026, 7, 14)),  # Art. 12(1)
        ("2026-M01", date(2025, 12, 15), date(2026, 1, 14)),  # across the year end
        ("2026-M03", date(2026, 2, 15), date(2026, 3, 14)),
        ("2026-Q1", date(2025, 12, 15), date(2026, 3, 14)),  # Art. 12(2)
        ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14)),
        ("2026-Q4", date(2026, 9, 15), date(2026, 12, 14)),
        ("2026-H1", date(2025, 12, 15), date(2026, 6, 14)),  # Art. 12(3)
        ("2026-9M", date(2025, 12, 15), date(2026, 9, 14)),  # provinces' rule (unconfirmed)
        ("2026", date(2025, 12, 15), date(2026, 12, 14)),  # Art. 12(4)
    ],
)
def test_each_period_runs_from_the_15th_to_the_14th(code: str, start: date, end: date) -> None:
    p = periods.parse(code)
    assert (p.start, p.end, p.code) == (start, end, code)
    assert p.last_year().end == end.replace(year=end.year - 1)


def test_consecutive_periods_leave_no_gap_and_do_not_overlap() -> None:
    months = [periods.period(periods.PeriodKind.MONTH, 2026, m) for m in range(1, 13)]
    for before, after in itertools.pairwise(months):
        assert (after.start - before.end).days == 1
    quarters = [periods.period(periods.PeriodKind.QUARTER, 2026, q) for q in range(1, 5)]
    assert quarters[0].start == months[0].start
    assert quarters[-1].end == months[-1].end == periods.parse("2026").end


def test_the_day_after_the_cut_off_belongs_to_the_next_period() -> None:
    assert periods.current("quarter", on=date(2026, 9, 14)).code == "2026-Q3"
    assert periods.current("quarter", on=date(2026, 9, 15)).code == "2026-Q4"
    assert periods.current("month", on=date(2026, 12, 15)).code == "2027-M01"
    assert periods.current("year", on=date(2026, 12, 15)).code == "2027"


def test_labels_and_citations() -> None:
    assert periods.parse("2026-Q3").label == "quý III năm 2026"
    assert periods.parse("2026-M07").label == "tháng 7 năm 2026"
    assert periods.parse("2026-Q3").citation.startswith("khoản 2 Điều 12 Nghị định số 09/2019")
    assert not periods.parse("2026-9M").confirmed
    assert periods.parse("2026-H1").confirmed


@pytest.mark.parametrize("code", ["2026-Q5", "2026-M13", "2026-M00", "26-Q1", "Q3", "2026-H2", ""])
def test_a_bad_period_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the message is the code itself)
        periods.parse(code)


def test_a_province_may_set_another_cut_off_day() -> None:
    p = periods.parse("2026-Q3", cutoff_day=20)
    assert (p.start, p.end) == (date(2026, 6, 21), date(2026, 9, 20))


def test_numbers_below_ten_take_a_leading_zero() -> None:
    assert numbering.number_text(5, body_code="CAP") == "05/BC-CAP"
    assert numbering.number_text(15, body_code="UBND") == "15/BC-UBND"
    with pytest.raises(ValueError):  # noqa: PT011
        numbering.number_text(0, body_code="CAP")
    assert numbering.valid_body_code("CAX-GV")
    assert not numbering.valid_body_code("cap")
    assert not numbering.valid_body_code("CA P")
