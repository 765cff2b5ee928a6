"""The city's view compares its communes: people, overdue items, recognition per commune."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from khongmatuy.common.roles import Role
from khongmatuy.people.tests.factories import PersonFactory
from khongmatuy.reports import selectors
from tests.personas import client_for, make_user

pytestmark = pytest.mark.django_db


def test_city_sees_each_commune_ranked_by_people(world, city_user, officer_a, officer_b):  # type: ignore[no-untyped-def]
    for name in ("Nguyễn Văn An", "Trần Thị Bích"):
        PersonFactory(actor=officer_a, area=world.group_a1, full_name=name)
    PersonFactory(actor=officer_b, area=world.group_b1, full_name="Lê Văn Cường")
    rows = selectors.commune_comparison(user=city_user, on=date(2026, 6, 1))
    assert rows is not None
    assert [(r.commune.name, r.persons, r.groups) for r in rows] == [
        ("Gia Viên", 2, 2),
        ("Thành Đông", 1, 1),
    ]
    body = client_for(city_user).get(reverse("reports:communes")).content.decode()
    assert body.index("Phường Gia Viên") < body.index("Phường Thành Đông")
    assert "Cao Xanh" not in body  # another province


def test_the_comparison_takes_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    world, city_user, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        selectors.commune_comparison(user=city_user, on=date(2026, 6, 1))


def test_a_national_account_compares_one_province_at_a_time(world, admin_user, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "COMPARISON_MAX_COMMUNES", 2)
    client = client_for(admin_user)
    body = client.get(reverse("reports:communes")).content.decode()
    assert "chọn một tỉnh, thành phố" in body
    chosen = client.get(reverse("reports:communes"), {"province": world.quangninh.pk})
    assert "Phường Cao Xanh" in chosen.content.decode()
    assert client.get(reverse("reports:communes"), {"province": 999_999}).status_code == 404


def test_only_city_and_administrators_see_it_in_the_menu(world):  # type: ignore[no-untyped-def]
    officer = make_user("m_officer", Role.COMMUNE_POLICE, [world.ward_a])
    body = client_for(officer).get(reverse("areas:tree")).content.decode()
    assert reverse("reports:communes") not in body


def test_the_city_overview_leads_to_the_comparison(world, city_user, officer_a):  # type: ignore[no-untyped-def]
    link = f'href="{reverse("reports:communes")}"'
    assert (
        'id="compare-communes"'
        in client_for(city_user).get(reverse("people:overview")).content.decode()
    )
    assert link not in client_for(officer_a).get(reverse("people:overview")).content.decode()
