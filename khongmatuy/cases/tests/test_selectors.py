"""Case selectors: arrests per area (exact, boundaries inclusive, one query), seizure totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.cases import selectors, services
from khongmatuy.cases.models import CasePerson
from khongmatuy.common.roles import Role
from khongmatuy.common.scoping import scope_for
from tests.personas import make_user

from .factories import CaseFactory, CasePersonFactory, SeizureFactory, register

START, END = date(2026, 10, 1), date(2026, 10, 31)
ARRESTED, ACCUSED, SUSPECT = (
    CasePerson.Role.ARRESTED,
    CasePerson.Role.ACCUSED,
    CasePerson.Role.SUSPECT,
)


@pytest.fixture
def arrests(world):  # type: ignore[no-untyped-def]
    """Ward A: cases in group A1, group A2 and at the commune; ward B: one case in group B1."""
    a1 = CaseFactory(area=world.group_a1, occurred_on=date(2026, 9, 30))
    a1_again = CaseFactory(area=world.group_a1, offence="249", occurred_on=date(2026, 10, 20))
    a2 = CaseFactory(area=world.group_a2, occurred_on=date(2026, 10, 15))
    ward = CaseFactory(area=world.ward_a, occurred_on=date(2026, 10, 31))
    b1 = CaseFactory(area=world.group_b1, occurred_on=date(2026, 10, 10))
    p = {
        name: register(None, area, name)
        for name, area in (
            ("Nguyễn Văn An", world.group_a1),
            ("Trần Văn Bảo", world.group_a1),
            ("Lê Văn Cường", world.group_a2),
            ("Phạm Văn Dũng", world.group_a2),
            ("Hoàng Văn Giang", world.ward_a),
            ("Vũ Văn Hải", world.group_b1),
            ("Đặng Văn Khoa", world.group_a1),
        )
    }
    for case, name, role, arrested_on in (
        (a1, "Nguyễn Văn An", ARRESTED, START),  # first day: counted
        (a1_again, "Nguyễn Văn An", ACCUSED, date(2026, 10, 20)),  # same person again: once
        (a1, "Trần Văn Bảo", ARRESTED, date(2026, 9, 30)),  # the day before: not counted
        (a1_again, "Đặng Văn Khoa", SUSPECT, None),  # a suspect is not an arrest
        (a2, "Nguyễn Văn An", ARRESTED, date(2026, 10, 15)),  # in A2 too: once in the ward
        (a2, "Lê Văn Cường", ACCUSED, None),  # accused, never arrested: no date, not counted
        (a2, "Phạm Văn Dũng", ARRESTED, END),  # last day: counted
        (ward, "Hoàng Văn Giang", ARRESTED, date(2026, 11, 1)),  # the day after: not counted
        (ward, "Trần Văn Bảo", ACCUSED, date(2026, 10, 31)),  # commune-level case: counted
        (b1, "Vũ Văn Hải", ARRESTED, date(2026, 10, 10)),
    ):
        CasePersonFactory(case=case, person=p[name], role=role, arrested_on=arrested_on)
    return p


def _table(rows):  # type: ignore[no-untyped-def]
    return [(row.name, row.level, row.persons) for row in rows]


def test_arrests_per_area_are_exact_with_inclusive_boundaries(world, arrests, officer_a):
    rows = selectors.arrests_per_area(user=officer_a, start=START, end=END)
    assert _table(rows) == [
        ("Gia Viên", 2, 3),  # An, Dũng, Bảo (commune-level case)
        ("Tổ dân phố số 1", 3, 1),  # An (twice in A1: once)
        ("Tổ dân phố số 2", 3, 2),  # An, Dũng
    ]
    assert {row.commune_id for row in rows} == {world.ward_a.pk}


def test_arrests_per_area_for_a_city_user_and_an_area_filter(world, arrests, city_user):
    rows = selectors.arrests_per_area(user=city_user, start=START, end=END)
    assert _table(rows) == [
        ("Gia Viên", 2, 3),
        ("Tổ dân phố số 1", 3, 1),
        ("Tổ dân phố số 2", 3, 2),
        ("Thành Đông", 2, 1),
        ("Tổ dân phố Thành Công", 3, 1),
    ]
    one_group = selectors.arrests_per_area(
        user=city_user, start=START, end=END, area=world.group_a2
    )
    assert _table(one_group) == [("Gia Viên", 2, 2), ("Tổ dân phố số 2", 3, 2)]
    one_day = selectors.arrests_per_area(user=city_user, start=END, end=END)
    assert _table(one_day) == [("Gia Viên", 2, 2), ("Tổ dân phố số 2", 3, 1)]


def test_arrests_per_area_of_another_province_is_empty(world, arrests):
    quangninh = make_user("ca_quangninh", Role.CITY_POLICE, [world.quangninh])
    assert selectors.arrests_per_area(user=quangninh, start=START, end=END) == []


def test_arrests_per_area_is_one_query(world, arrests, officer_a, django_assert_num_queries):
    scope_for(officer_a)  # the scope is cached on the user (one query per request)
    with django_assert_num_queries(1):
        selectors.arrests_per_area(user=officer_a, start=START, end=END)


def test_seizure_totals_per_substance_and_unit(world, officer_a, city_user):
    inside = CaseFactory(area=world.group_a1, occurred_on=date(2026, 10, 1))
    inside_2 = CaseFactory(area=world.group_a2, occurred_on=date(2026, 10, 31))
    outside = CaseFactory(area=world.group_a1, occurred_on=date(2026, 11, 1))
    other_ward = CaseFactory(area=world.group_b1, occurred_on=date(2026, 10, 10))
    for case, substance, quantity, unit in (
        (inside, "Heroin", "1.25", "g"),
        (inside_2, "Heroin", "0.75", "g"),
        (inside_2, "Heroin", "3", "pill"),
        (inside, "MDMA", "12", "pill"),
        (outside, "Heroin", "100", "g"),
        (other_ward, "Heroin", "7", "g"),
    ):
        SeizureFactory(case=case, substance=substance, quantity=Decimal(quantity), unit=unit)
    totals = selectors.seizure_totals(user=officer_a, start=START, end=END)
    assert [(t.substance, t.unit, t.quantity, t.cases) for t in totals] == [
        ("Heroin", "g", Decimal("2.000"), 2),
        ("Heroin", "pill", Decimal("3.000"), 1),
        ("MDMA", "pill", Decimal("12.000"), 1),
    ]
    assert [t.quantity_text for t in totals] == ["2", "3", "12"]
    city = selectors.seizure_totals(user=city_user, start=START, end=END)
    assert city[0].quantity == Decimal("9.000")


def test_quantity_text_is_vietnamese_without_trailing_zeros():
    assert selectors.quantity_text(Decimal("12.500")) == "12,5"
    assert selectors.quantity_text(Decimal("100.000")) == "100"


def test_case_list_filters(world, officer_a):
    crime = CaseFactory(area=world.group_a1, occurred_on=date(2026, 10, 1))
    admin = CaseFactory(
        area=world.group_a2,
        kind="administrative",
        offence="nd144-23-use",
        occurred_on=date(2026, 10, 31),
    )
    CaseFactory(area=world.group_b1)
    services.case_set_status(actor=None, case=admin, status="sanctioned")

    def listed(**kwargs):  # type: ignore[no-untyped-def]
        filters = selectors.CaseFilters(**kwargs)
        return list(selectors.case_list(user=officer_a, filters=filters))

    assert listed() == [admin, crime]
    assert listed(kind="crime") == [crime]
    assert listed(status="sanctioned") == [admin]
    assert listed(offence="251") == [crime]
    assert listed(area=world.group_a1) == [crime]
    assert listed(area=world.ward_a) == [admin, crime]
    assert listed(area=world.ward_b) == []
    assert listed(start=date(2026, 10, 31)) == [admin]
    assert listed(end=date(2026, 10, 1)) == [crime]


def test_arrested_between_keeps_arrests_in_the_window_both_days_included(world, arrests):
    links = CasePerson.objects.arrested_between(START, END)
    assert sorted((link.person.full_name, link.arrested_on) for link in links) == [
        ("Nguyễn Văn An", START),
        ("Nguyễn Văn An", date(2026, 10, 15)),
        ("Nguyễn Văn An", date(2026, 10, 20)),
        ("Phạm Văn Dũng", END),
        ("Trần Văn Bảo", date(2026, 10, 31)),
        ("Vũ Văn Hải", date(2026, 10, 10)),
    ]
