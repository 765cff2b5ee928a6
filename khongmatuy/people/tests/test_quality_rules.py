"""The completeness rule, the contact-interval fact and the stale cut-off: pure, no database."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from khongmatuy.areas.models import Level
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.selectors import quality

ON = date(2026, 11, 23)
GROUP, COMMUNE = Level.GROUP, Level.COMMUNE


def complete_person(**changes: object) -> Person:
    values: dict[str, object] = {
        "full_name": "Nguyễn Văn An",
        "sex": Sex.MALE,
        "date_of_birth": date(1990, 5, 17),
        "citizen_id": "031090000001",
        "current_address": "Số 12 ngõ 5",
        "phone": "0912345678",
        "family_contacts": "Mẹ: Nguyễn Thị Hoa",
    }
    values.update(changes)
    return Person(**values)


def test_a_complete_record_scores_100_with_nothing_missing():
    assert quality.completeness(
        complete_person(),
        open_categories=[Category.ILLEGAL_USER],
        has_supervisor=True,
        contact_on_time=True,
        area_level=GROUP,
    ) == (100, [])


def test_every_missing_fact_is_named_in_vietnamese_in_a_fixed_order():
    person = complete_person(
        citizen_id=None, date_of_birth=None, current_address=" ", phone="", family_contacts=""
    )
    score, missing = quality.completeness(
        person, open_categories=[], has_supervisor=False, contact_on_time=None, area_level=COMMUNE
    )
    # 8 facts apply (no supervisor, no contact expected without a category); only sex is there.
    assert (score, missing) == (
        13,
        [
            "Số CCCD / định danh cá nhân",
            "Ngày sinh",
            "Tổ dân phố, thôn nơi cư trú (đang ghi cấp xã)",
            "Nơi ở hiện tại",
            "Số điện thoại",
            "Người thân, liên hệ gia đình",
            "Diện quản lý đang áp dụng",
        ],
    )


@pytest.mark.parametrize(
    ("open_categories", "has_supervisor", "expected"),
    [
        ([Category.ADDICT], False, (89, ["Người được giao quản lý, giúp đỡ"])),
        ([Category.POST_REHAB], False, (89, ["Người được giao quản lý, giúp đỡ"])),
        ([Category.ILLEGAL_USER, Category.HIGH_RISK], True, (100, [])),
        # in a facility, the facility manages the addict: no supervisor required
        ([Category.ADDICT, Category.REHAB_COMPULSORY], False, (100, [])),
        ([Category.ADDICT, Category.REHAB_VOLUNTARY_FACILITY], False, (100, [])),
        # dealers and high-risk youth are not supervised by a responsible person
        ([Category.DEALER], False, (100, [])),
        ([Category.HIGH_RISK], False, (100, [])),
    ],
)
def test_a_supervisor_is_required_for_users_addicts_and_post_rehab_only(
    open_categories, has_supervisor, expected
):
    assert (
        quality.completeness(
            complete_person(),
            open_categories=open_categories,
            has_supervisor=has_supervisor,
            contact_on_time=None,
            area_level=GROUP,
        )
        == expected
    )


def test_an_overdue_contact_is_missing_and_counts_in_the_score():
    assert quality.completeness(
        complete_person(),
        open_categories=[Category.ILLEGAL_USER],
        has_supervisor=True,
        contact_on_time=False,
        area_level=GROUP,
    ) == (90, ["Tiếp xúc, thăm gặp trong định kỳ"])


def test_the_area_level_defaults_to_the_persons_area():
    class FakeArea:
        level = COMMUNE

    person = complete_person()
    person.__dict__["_state"].fields_cache["area"] = FakeArea()
    result = quality.check_completeness(
        person,
        has_open_category=True,
        needs_supervisor=False,
        has_supervisor=False,
        contact_on_time=None,
    )
    assert result.missing == ("group",)
    assert result.score == 88  # 7 of 8 facts


@pytest.mark.parametrize(
    ("last", "since", "interval", "expected"),
    [
        (date(2026, 10, 24), None, 30, True),  # due 23/11: a contact on the due date is on time
        (date(2026, 10, 23), None, 30, False),  # due 22/11: overdue since 23/11
        (None, date(2026, 11, 1), 30, True),  # never contacted, management started 01/11
        (None, date(2026, 10, 1), 30, False),
        (date(2026, 9, 1), date(2026, 1, 1), 90, True),  # methadone / high-risk: 90 days
        (date(2026, 10, 1), None, None, None),  # no contact expected (dealer, facility)
    ],
)
def test_contact_on_time_follows_the_care_rule(last, since, interval, expected):
    assert (
        quality.contact_on_time(last_contact_on=last, since=since, interval_days=interval, on=ON)
        is expected
    )


def test_stale_cut_off_is_the_start_of_the_day_n_days_before(settings):
    settings.KMT_STALE_DAYS = 30
    assert quality.stale_before(on=ON) == datetime(
        2026, 10, 24, 0, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
    )
    del settings.KMT_STALE_DAYS
    assert quality.stale_days() == 90  # the default while base.py does not set it
    assert quality.stale_before(on=ON) == datetime(
        2026, 8, 25, 0, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
    )
