"""Care lists: overdue contacts, periodic tests due, the support indicator; exact at TODAY."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.people import choices as c
from khongmatuy.people.selectors import care as selectors
from khongmatuy.people.services import care as services
from khongmatuy.people.services import persons as person_services

from ..factories import DrugTestFactory
from .factories import TODAY, add_category, register, visit


def _rows(qs, **kwargs):  # type: ignore[no-untyped-def]
    return [
        (r.person.full_name, r.last, r.interval_days, r.due_on, r.days_overdue)
        for r in (selectors.schedule_row(p, on=TODAY, **kwargs) for p in qs)
    ]


@pytest.fixture
def ward(world, officer_a, officer_b):  # type: ignore[no-untyped-def]
    """Persons of ward A (and one of ward B) with contacts around the 30- and 90-day limits."""
    g1, g2 = world.group_a1, world.group_a2
    people = {}
    # illegal user (30 days), last contact exactly 30 days ago: on time.
    people["on_time"] = register(officer_a, g1, "Phạm Văn Đúng")
    visit(people["on_time"], date(2026, 10, 24))
    # illegal user, last contact 31 days ago: overdue by 1 day.
    people["late"] = register(officer_a, g1, "Vũ Văn Muộn")
    visit(people["late"], date(2026, 9, 1))
    visit(people["late"], date(2026, 10, 23))
    # methadone only (90 days), 83 days ago: on time.
    people["methadone"] = register(officer_a, g2, "Đào Văn Mết", category=c.Category.METHADONE)
    visit(people["methadone"], date(2026, 9, 1))
    # methadone AND illegal user: the shorter interval (30) governs; 53 days ago: late by 23.
    people["both"] = register(officer_a, g2, "Hồ Văn Hai", category=c.Category.METHADONE)
    add_category(people["both"], c.Category.ILLEGAL_USER, date(2026, 6, 1))
    visit(people["both"], date(2026, 10, 1))
    # never contacted, category opened 22 days ago: not yet due.
    people["new"] = register(officer_a, g1, "Lý Văn Mới", started_on=date(2026, 11, 1))
    # never contacted, addict since 10/01/2026: due 09/02/2026, late by 287 days.
    people["never"] = register(officer_a, g2, "Ông Văn Chưa", category=c.Category.ADDICT)
    # a dealer is not "visited": not tracked.
    people["dealer"] = register(officer_a, g1, "Tạ Văn Buôn", category=c.Category.DEALER)
    # category ended: no longer expected.
    people["ended"] = register(officer_a, g1, "Mai Văn Xong")
    category = people["ended"].personcategorys.get()
    person_services.category_end(
        actor=None, category=category, ended_on=date(2026, 6, 1), today=TODAY
    )
    # ward B, overdue too, outside ward A's scope.
    people["b"] = register(officer_b, world.group_b1, "Kiều Văn Bê", category=c.Category.ADDICT)
    return people


def test_overdue_contacts_at_a_frozen_date(ward, officer_a):
    rows = _rows(selectors.contacts_overdue(user=officer_a, on=TODAY))
    # group A1 before A2, then Vietnamese name order (given name first: Chưa < Hai)
    assert rows == [
        ("Vũ Văn Muộn", date(2026, 10, 23), 30, date(2026, 11, 22), 1),
        ("Ông Văn Chưa", None, 30, date(2026, 2, 9), 287),
        ("Hồ Văn Hai", date(2026, 10, 1), 30, date(2026, 10, 31), 23),
    ]


def test_overdue_contacts_of_ward_b_only_for_ward_b(ward, officer_b):
    assert _rows(selectors.contacts_overdue(user=officer_b, on=TODAY)) == [
        ("Kiều Văn Bê", None, 30, date(2026, 2, 9), 287)
    ]


def test_overdue_contacts_filtered_to_one_group(ward, world, officer_a):
    rows = _rows(selectors.contacts_overdue(user=officer_a, on=TODAY, area=world.group_a2))
    assert [r[0] for r in rows] == ["Ông Văn Chưa", "Hồ Văn Hai"]


def test_an_administrator_interval_changes_the_list(ward, officer_a, admin_user):
    services.care_policy_set(
        actor=admin_user,
        category=c.Category.METHADONE,
        contact_interval_days=60,
        test_interval_days=None,
    )
    names = [r[0] for r in _rows(selectors.contacts_overdue(user=officer_a, on=TODAY))]
    assert names == ["Vũ Văn Muộn", "Ông Văn Chưa", "Hồ Văn Hai", "Đào Văn Mết"]
    # 0 = no periodic contact for the category
    services.care_policy_set(
        actor=admin_user, category=c.Category.ADDICT, contact_interval_days=0, test_interval_days=90
    )
    names = [r[0] for r in _rows(selectors.contacts_overdue(user=officer_a, on=TODAY))]
    assert names == ["Vũ Văn Muộn", "Hồ Văn Hai", "Đào Văn Mết"]


def test_overdue_list_agrees_with_the_person_page_rule(ward, world, officer_a, frozen):
    """The SQL list and the pure rule of the person page (``care.due_on``/``is_overdue``) agree."""
    listed = {p.pk for p in selectors.contacts_overdue(user=officer_a, on=TODAY)}
    assert len(listed) == 3
    for key, person in ward.items():
        if key == "b":
            continue
        status = selectors.person_section(user=officer_a, person=person)["care_contact_status"]
        overdue = status is not None and status["overdue"]
        assert overdue == (person.pk in listed), person.full_name


def test_a_supervisor_sees_only_their_persons_overdue(ward, supervisor_a, officer_a):
    from .factories import assign

    assign(ward["late"], supervisor_a, actor=officer_a)
    assert [r[0] for r in _rows(selectors.contacts_overdue(user=supervisor_a, on=TODAY))] == [
        "Vũ Văn Muộn"
    ]


# --- periodic tests -------------------------------------------------------------------------


def _test(person, on, actor):  # type: ignore[no-untyped-def]
    DrugTestFactory(person=person, tested_on=on, actor=actor)


def test_periodic_tests_due_and_overdue(world, officer_a):
    overdue = register(officer_a, world.group_a1, "An Văn Quá")
    _test(overdue, date(2026, 8, 20), officer_a)  # 90 days → 18/11: overdue by 5
    soon = register(officer_a, world.group_a1, "Bùi Văn Sắp")
    _test(soon, date(2026, 8, 30), officer_a)  # → 28/11: due within 7 days
    later = register(officer_a, world.group_a1, "Cao Văn Sau")
    _test(later, date(2026, 9, 10), officer_a)  # → 09/12: not listed
    register(officer_a, world.group_a1, "Đinh Văn Mét", category=c.Category.METHADONE)  # no test
    rows = _rows(
        selectors.periodic_tests_due(user=officer_a, on=TODAY, window_days=7), window_days=7
    )
    assert rows == [
        ("An Văn Quá", date(2026, 8, 20), 90, date(2026, 11, 18), 5),
        ("Bùi Văn Sắp", date(2026, 8, 30), 90, date(2026, 11, 28), -5),
    ]


def test_periodic_tests_are_hidden_from_group_leaders(world, officer_a, leader_a):
    overdue = register(officer_a, world.group_a1, "An Văn Quá")
    _test(overdue, date(2026, 1, 20), officer_a)
    assert list(selectors.periodic_tests_due(user=leader_a, on=TODAY)) == []
    assert list(selectors.followups(user=leader_a)) == []


# --- support indicator ----------------------------------------------------------------------


def _support(person, kind, on=date(2026, 10, 1)):  # type: ignore[no-untyped-def]
    services.support_record(
        actor=None, person=person, kind=kind, provided_on=on, provider="Trạm Y tế", today=TODAY
    )


def test_support_indicator_exact_percentage_and_missing_lists(world, officer_a, officer_b):
    full = register(officer_a, world.group_a1, "Nguyễn Văn Đủ")
    _support(full, c.SupportKind.COUNSELLING)
    _support(full, c.SupportKind.MEDICAL)
    psy = register(officer_a, world.group_a2, "Trần Thị Tâm", category=c.Category.POST_REHAB)
    _support(psy, c.SupportKind.COUNSELLING)
    _support(psy, c.SupportKind.PSYCHOLOGICAL)
    only_counselling = register(officer_a, world.group_a1, "Lê Văn Thiếu", category="addict")
    _support(only_counselling, c.SupportKind.COUNSELLING)
    _support(only_counselling, c.SupportKind.VOCATIONAL)
    register(officer_a, world.group_a2, "Phan Văn Không", category="methadone")
    # after the date: does not count yet
    late = register(officer_a, world.group_a2, "Hà Văn Sau", category="rehab_home")
    _support(late, c.SupportKind.COUNSELLING, on=date(2026, 11, 20))
    _support(late, c.SupportKind.MEDICAL, on=date(2026, 11, 20))
    # not counted: high-risk youth, a dealer, ward B
    register(officer_a, world.group_a1, "Đỗ Văn Nguy", category=c.Category.HIGH_RISK)
    register(officer_a, world.group_a1, "Tô Văn Buôn", category=c.Category.DEALER)
    register(officer_b, world.group_b1, "Kha Văn Bê")

    indicator = selectors.support_indicator(user=officer_a, on=date(2026, 11, 1))
    assert (indicator.total, indicator.complete, indicator.percent, indicator.target) == (
        5,
        2,
        Decimal("40.0"),
        Decimal(100),
    )
    assert indicator.meets_target is False
    assert [(p.full_name, p.has_counselling, p.has_medical) for p in indicator.missing] == [
        ("Phan Văn Không", False, False),
        ("Hà Văn Sau", False, False),
        ("Lê Văn Thiếu", True, False),
    ]
    on_today = selectors.support_indicator(user=officer_a, on=TODAY)
    assert (on_today.total, on_today.complete, on_today.percent) == (5, 3, Decimal("60.0"))


def test_support_indicator_with_nobody_managed(world, officer_a):
    indicator = selectors.support_indicator(user=officer_a, on=TODAY)
    assert (indicator.total, indicator.complete, indicator.percent) == (0, 0, None)


def test_lists_issue_one_query_whatever_the_number_of_rows(
    world, officer_a, django_assert_num_queries
):
    """The overdue list is one query (+1 prefetch of supervisors), for 2 or 12 persons."""
    for n in range(2):
        register(officer_a, world.group_a1, f"Người Số {n}", category=c.Category.ADDICT)
    with django_assert_num_queries(3):  # policies, persons, supervisors
        assert len(list(selectors.contacts_overdue(user=officer_a, on=TODAY))) == 2
    for n in range(2, 12):
        register(officer_a, world.group_a1, f"Người Số {n}", category=c.Category.ADDICT)
    with django_assert_num_queries(3):
        assert len(list(selectors.contacts_overdue(user=officer_a, on=TODAY))) == 12
    with django_assert_num_queries(1):  # the aggregate (the missing list is lazy)
        selectors.support_indicator(user=officer_a, on=TODAY)
