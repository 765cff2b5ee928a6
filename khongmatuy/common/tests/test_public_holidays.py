"""Working days over Vietnam's public holidays (Labour Code 2019 Art. 112): Tết 2027 is
04-10/02/2027 (Thursday to Wednesday), the package's calendar plus the settings' extra days."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from khongmatuy.common.public_holidays import PublicHolidays, public_holidays
from khongmatuy.common.workdays import add_working_days, is_working_day, working_days_between

TET_2027 = [date(2027, 2, d) for d in range(4, 11)]


def test_tet_2027_and_the_fixed_holidays_are_days_off() -> None:
    days_off = public_holidays()
    assert all(day in days_off for day in TET_2027)
    for day in (date(2027, 1, 1), date(2027, 4, 30), date(2027, 5, 1), date(2027, 9, 2)):
        assert day in days_off
    assert date(2027, 2, 3) not in days_off
    assert date(2027, 2, 11) not in days_off
    assert "2027-02-04" not in days_off  # only dates
    assert not is_working_day(date(2027, 2, 8), holidays=days_off)  # a Monday in Tết
    assert is_working_day(date(2027, 2, 8))


def test_three_working_days_from_the_day_before_tet() -> None:
    # Wednesday 03/02/2027: Tết takes Thursday 04 to Wednesday 10, so 11, 12 and Monday 15.
    assert add_working_days(date(2027, 2, 3), 3, holidays=public_holidays()) == date(2027, 2, 15)
    assert add_working_days(date(2027, 2, 3), 3) == date(2027, 2, 8)  # weekends only
    assert (
        working_days_between(date(2027, 2, 3), date(2027, 2, 15), holidays=public_holidays()) == 3
    )
    assert working_days_between(date(2027, 2, 3), date(2027, 2, 15)) == 8


def test_extra_days_from_the_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_EXTRA_HOLIDAYS = ["2027-02-11", "2027-02-12"]
    days_off = public_holidays()
    assert date(2027, 2, 11) in days_off
    assert date(2027, 2, 4) in days_off  # the package's days stay
    assert add_working_days(date(2027, 2, 3), 3, holidays=days_off) == date(2027, 2, 17)
    settings.KMT_EXTRA_HOLIDAYS = []
    assert date(2027, 2, 11) not in public_holidays()


def test_a_bad_extra_day_is_a_configuration_error(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_EXTRA_HOLIDAYS = ["11/02/2027"]
    with pytest.raises(ImproperlyConfigured, match="KMT_EXTRA_HOLIDAYS"):
        public_holidays()


def test_the_collection_lists_the_days_it_knows() -> None:
    days_off = PublicHolidays(extra={date(2030, 1, 2)})
    assert date(2027, 2, 5) in days_off  # looking a year up loads it
    assert date(2030, 1, 2) in list(days_off)
    assert date(2027, 2, 5) in list(days_off)
    assert len(days_off) == len(list(days_off))
