"""The menu by task: every link a role sees opens (200), and nothing it cannot open is shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.common.menu import MENU, Entry, Group, menu_for, visible
from khongmatuy.common.roles import Capability, Role
from tests.personas import World, client_for, make_user, open_every_menu_link

pytestmark = pytest.mark.django_db


def _personas(world: World) -> list[User]:
    return [
        make_user("m_admin", Role.ADMIN, [world.country]),
        make_user("m_city", Role.CITY_POLICE, [world.haiphong]),
        make_user("m_officer", Role.COMMUNE_POLICE, [world.ward_a]),
        make_user("m_leadership", Role.COMMUNE_LEADERSHIP, [world.ward_a]),
        make_user("m_leader", Role.GROUP_LEADER, [world.group_a1]),
        make_user("m_supervisor", Role.SUPERVISOR, [world.group_a1]),
        make_user("m_massorg", Role.MASS_ORG_OFFICER, [world.ward_a]),
        make_user("m_agency", Role.AGENCY_OFFICER, [world.ward_a]),
    ]


def test_every_link_of_every_persona_answers_200(world):  # type: ignore[no-untyped-def]
    for user in _personas(world):
        opened = open_every_menu_link(user)
        assert opened, user.role
        assert len(opened) == len(set(opened)), f"{user.role} sees a link twice"


def test_every_page_shows_the_menu_of_the_role(world):  # type: ignore[no-untyped-def]
    officer = make_user("m_officer", Role.COMMUNE_POLICE, [world.ward_a])
    body = client_for(officer).get(reverse("areas:tree")).content.decode()
    assert 'id="mainnav"' in body
    assert f'href="{reverse("people:register")}"' in body
    assert f'href="{reverse("criteria:evaluations")}"' in body  # the evaluation, from the menu
    assert 'aria-current="page"' in body


def test_a_page_answering_403_is_never_in_the_menu(world):  # type: ignore[no-untyped-def]
    """The leader's "Thăm gặp" (no RECORD_CONTACTS), places for a group leader."""
    leadership = make_user("m_leadership", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    leader = make_user("m_leader", Role.GROUP_LEADER, [world.group_a1])
    for user, hidden in (
        (leadership, ["people:visits", "tips:queue", "people:register", "audit:list"]),
        (leader, ["places:list", "reports:map", "people:register", "people:tests_due"]),
    ):
        shown = {link.url_name for group in menu_for(user.role) for link in group.links}
        assert not shown & set(hidden), (user.role, shown & set(hidden))
        for name in hidden:
            assert Client().get(reverse(name)).status_code == 302  # login first
            assert client_for(user).get(reverse(name)).status_code == 403


def test_supervisor_gets_her_people_and_no_area_search(world):  # type: ignore[no-untyped-def]
    supervisor = make_user("m_supervisor", Role.SUPERVISOR, [world.group_a1])
    groups = menu_for(supervisor.role)
    assert groups[0].links[0].url_name == "people:visits"
    body = client_for(supervisor).get(reverse("people:visits")).content.decode()
    assert "Người tôi giúp đỡ" in body
    assert reverse("areas:search") not in body


def test_an_entry_of_an_app_not_installed_is_skipped_and_its_group_hidden():  # type: ignore[no-untyped-def]
    menu = (Group("later", "Later", (Entry("Soon", "prevention:no-such-page"),)), *MENU)
    assert "later" not in {group.key for group in menu_for(Role.ADMIN, menu=menu)}


def test_the_capability_is_read_from_the_view():  # type: ignore[no-untyped-def]
    assert visible(Entry("x", "people:visits"), Role.SUPERVISOR)
    assert not visible(Entry("x", "people:visits"), Role.COMMUNE_LEADERSHIP)
    assert not visible(
        Entry("x", "people:list", capability=Capability.MANAGE_PERSONS), Role.GROUP_LEADER
    )


def test_the_evaluation_drills_down_only_to_lists_the_role_may_open(world, officer_a):  # type: ignore[no-untyped-def]
    """The group leader's evaluation has no link to the places list (403 for her role)."""
    leader = make_user("m_leader", Role.GROUP_LEADER, [world.group_a1])
    url = reverse("criteria:evaluation", args=[world.group_a1.pk])
    places = reverse("places:list") + "?"
    assert places in client_for(officer_a).get(url).content.decode()
    body = client_for(leader).get(url).content.decode()
    assert places not in body
    assert reverse("people:list") + "?" in body  # her people's list she may open


def test_the_language_switch_names_each_language_in_itself(officer_a_client):  # type: ignore[no-untyped-def]
    from unicodedata import normalize

    from django.conf import settings

    vietnamese = officer_a_client.get(reverse("areas:tree")).content.decode()
    assert 'value="en" class="linklike" lang="en">English</button>' in vietnamese
    officer_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = normalize("NFC", officer_a_client.get(reverse("areas:tree")).content.decode())
    assert 'value="vi" class="linklike" lang="vi">Tiếng Việt</button>' in english
