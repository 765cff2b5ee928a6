"""Whole pages run a number of queries that does not grow with the rows they show: each page is
requested with a few records in the ward and again with three times as many, and both requests
must run the same number of queries (an N+1 shows up as a difference)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.people.models import Category, Person
from khongmatuy.people.tests.factories import ContactFactory, register
from khongmatuy.places.tests.factories import BusinessFactory, PlaceFactory
from khongmatuy.tips.tests.factories import TipFactory
from tests.personas import World, client_for

pytestmark = pytest.mark.django_db


def _grow(world: World, officer: User, start: int, count: int) -> None:
    """``count`` more persons (two categories, a contact), tips, places and businesses in ward A,
    spread over its two groups."""
    for i in range(start, start + count):
        group = world.group_a1 if i % 2 else world.group_a2
        person = register(officer, group, f"Phạm Văn Đếm {i:02d}", started_on=date(2026, 3, 1))
        ContactFactory(actor=officer, person=person)
        TipFactory(actor=officer, area=world.ward_a)
        PlaceFactory(actor=officer, area=group, name=f"Điểm đếm {i:02d}")
        BusinessFactory(actor=officer, area=group, name=f"Karaoke Đếm {i:02d}")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _pages(world: World) -> dict[str, Callable[[], str]]:
    return {
        "overview": lambda: reverse("people:overview"),
        "person list": lambda: reverse("people:list"),
        "deadlines": lambda: reverse("people:deadlines"),
        "data quality": lambda: reverse("people:quality"),
        "tip queue": lambda: reverse("tips:queue"),
        "places": lambda: reverse("places:list"),
        "businesses": lambda: reverse("places:businesses"),
        "cases": lambda: reverse("cases:list"),
        "evaluation": lambda: reverse("criteria:evaluation", args=[world.ward_a.pk]),
        "dashboard": lambda: reverse("reports:dashboard"),
        "ward dashboard": lambda: f"{reverse('reports:dashboard')}?area={world.ward_a.pk}",
        "map points": lambda: f"{reverse('reports:map_points')}?area={world.ward_a.pk}",
        "person detail": lambda: reverse(
            "people:detail",
            args=[Person.objects.order_by("pk").first().pk],  # type: ignore[union-attr]
        ),
    }


@pytest.mark.parametrize("role", ["officer", "city"])
def test_page_queries_do_not_grow_with_rows(
    world: World, officer_a: User, city_user: User, role: str
) -> None:
    client = client_for(officer_a if role == "officer" else city_user)
    pages = _pages(world)
    if role == "city":  # the city's own evaluation, whose facts are grouped over its communes
        pages["city evaluation"] = lambda: reverse("criteria:evaluation", args=[world.haiphong.pk])
    _grow(world, officer_a, 0, 2)
    before = {name: _count(client, url()) for name, url in pages.items()}
    _grow(world, officer_a, 2, 4)
    after = {name: _count(client, url()) for name, url in pages.items()}
    # the lists really show the new rows
    assert "Phạm Văn Đếm 05" in client.get(pages["person list"]()).content.decode()
    assert "Điểm đếm 05" in client.get(pages["places"]()).content.decode()
    assert "Karaoke Đếm 05" in client.get(pages["businesses"]()).content.decode()
    grown = {name: (before[name], after[name]) for name in pages if after[name] != before[name]}
    assert not grown, f"queries grew with the rows (before, after): {grown}"


def test_person_detail_queries_do_not_grow_with_the_record(world: World, officer_a: User) -> None:
    client = client_for(officer_a)
    person = register(officer_a, world.group_a1, "Phạm Văn Hồ Sơ", started_on=date(2026, 3, 1))
    url = reverse("people:detail", args=[person.pk])
    before = _count(client, url)
    for _ in range(3):
        ContactFactory(actor=officer_a, person=person)
    register(
        officer_a,
        world.group_a1,
        "Phạm Văn Khác",
        category=Category.ADDICT,
        started_on=date(2026, 3, 1),
    )
    assert _count(client, url) == before
