"""The landing page's figures match the lists behind their links, and stay in scope."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Category, EpisodeKind, Sex
from khongmatuy.people.selectors import overview as selectors
from khongmatuy.people.services import episodes, persons
from tests.personas import client_for, make_user

TODAY = date(2026, 11, 23)


def _person(officer, area, name, started):  # type: ignore[no-untyped-def]
    person = persons.person_register(
        actor=officer,
        area=area,
        full_name=name,
        sex=Sex.MALE,
        date_of_birth=date(1990, 1, 1),
        categories=[persons.CategorySpec(Category.ILLEGAL_USER, started)],
        today=TODAY,
    )
    episodes.episode_open(
        person=person,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=started,
        actor=officer,
        today=TODAY,
    )
    return person


def test_overview_counts(world, officer_a, officer_b) -> None:
    _person(officer_a, world.group_a1, "Nguyễn Văn Quá", date(2025, 11, 1))  # overdue
    _person(officer_a, world.group_a1, "Trần Văn Sắp", date(2025, 12, 10))  # ends 10/12/2026
    _person(officer_a, world.group_a2, "Lê Văn Còn", date(2026, 6, 1))  # ends 01/06/2027
    _person(officer_b, world.group_b1, "Phạm Văn Khác", date(2025, 11, 1))  # ward B
    o = selectors.overview(user=officer_a, on=TODAY)
    assert (o.persons, o.overdue, o.ending_soon, o.psychosis) == (3, 1, 1, 0)
    assert [(c.category, c.count) for c in o.categories] == [("illegal_user", 3)]
    assert [a.pk for a in o.areas] == [world.ward_a.pk]


@time_machine.travel("2026-11-23 09:00 +0700")
def test_overview_page_and_home_redirects(
    world, officer_a, officer_a_client, django_assert_max_num_queries
) -> None:
    _person(officer_a, world.group_a1, "Nguyễn Văn Quá", date(2025, 11, 1))
    assert officer_a_client.get(reverse("home"))["Location"] == reverse("people:overview")
    with django_assert_max_num_queries(20):
        body = officer_a_client.get(reverse("people:overview")).content.decode()
    assert "Biện pháp quản lý đã quá hạn" in body
    supervisor = make_user("gs_overview", Role.SUPERVISOR, [world.group_a1])
    response = client_for(supervisor).get(reverse("people:overview"))
    assert response["Location"] == reverse("people:visits")
    mass_org = make_user("mt_overview", Role.MASS_ORG_OFFICER, [world.ward_a])
    assert client_for(mass_org).get(reverse("home"))["Location"] == reverse("areas:tree")
