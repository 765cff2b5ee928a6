"""The shell on a desktop and a 390×844 phone, for every role: the menu shows only pages the role
may open (each answers 200), no page is wider than the screen, the phone's menu starts collapsed,
403 and 404 carry the app's navigation, and an area is chosen through the autocomplete."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from khongmatuy.common.menu import menu_for
from khongmatuy.common.roles import Role
from khongmatuy.people.tests.factories import PersonFactory
from tests.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def sign_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """The session of a logged-in test client, handed to the browser (the login page has its
    own test). The page's own requests end first: on SQLite the live server shares the test's
    connection, and a fragment still loading while the session is written here would run two
    transactions on it at once."""
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _personas(world):  # type: ignore[no-untyped-def]
    return [
        make_user("b_admin", Role.ADMIN, [world.country], "Quản Trị Viên"),
        make_user("b_city", Role.CITY_POLICE, [world.haiphong], "Hoàng Văn Em"),
        make_user("b_officer", Role.COMMUNE_POLICE, [world.ward_a], "Trần Văn Bình"),
        make_user("b_leadership", Role.COMMUNE_LEADERSHIP, [world.ward_a], "Phạm Văn Cường"),
        make_user("b_leader", Role.GROUP_LEADER, [world.group_a1], "Lê Thị Hoa"),
        make_user("b_supervisor", Role.SUPERVISOR, [world.group_a1], "Vũ Thị Lan"),
        make_user("b_massorg", Role.MASS_ORG_OFFICER, [world.ward_a], "Ngô Văn Hải"),
    ]


def _walk(page, live_server, user, *, phone: bool) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server, user)
    response = page.goto(f"{live_server.url}/")
    assert response is not None
    assert response.status == 200
    expected = [link.url for group in menu_for(user.role) for link in group.links]
    shown = page.eval_on_selector_all(
        "#mainnav a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert shown == expected, user.role
    if phone:
        assert not page.locator("#mainnav").is_visible()  # collapsed: the work list first
        page.get_by_role("button", name="Menu").click()
        assert page.locator("#mainnav").is_visible()
    for url in expected:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None
        assert response.status == 200, (user.role, url)
        assert page.evaluate(OVERFLOW) <= 0, (user.role, url, "wider than the screen")
    audit_status = 200 if user.role in (Role.ADMIN, Role.CITY_POLICE) else 403
    for url, status in (("/no-such-page/", 404), ("/audit/", audit_status)):
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None
        assert response.status == status
        assert page.locator("#mainnav").count() == 1
        assert page.evaluate(OVERFLOW) <= 0
        if status != 200:
            assert page.locator("#error-back").is_visible()


@pytest.fixture
def people(world, officer_a):  # type: ignore[no-untyped-def]
    for name in ("Nguyễn Văn Thành Trung Hiếu", "Trần Thị Bích Ngọc"):
        PersonFactory(actor=officer_a, area=world.group_a1, full_name=name)


def test_every_role_on_a_desktop(page, live_server, world, people):  # type: ignore[no-untyped-def]
    for user in _personas(world):
        page.context.clear_cookies()
        _walk(page, live_server, user, phone=False)


def test_every_role_on_a_phone(phone_page, live_server, world, people):  # type: ignore[no-untyped-def]
    for user in _personas(world):
        phone_page.context.clear_cookies()
        _walk(phone_page, live_server, user, phone=True)


def test_a_table_stacks_on_a_phone_and_keeps_its_last_column(  # type: ignore[no-untyped-def]
    phone_page, live_server, world, people, officer_a
):
    sign_in(phone_page, live_server, officer_a)
    phone_page.goto(f"{live_server.url}/people/")
    table = phone_page.locator("#person-results table")
    assert "stacked" in (table.get_attribute("class") or "")
    last = table.locator("tbody tr").first.locator("td").last
    assert last.is_visible()
    box = last.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    # The evaluation's "Hồ sơ" column (the drill-down links) stays on screen.
    phone_page.goto(f"{live_server.url}/criteria/areas/{world.ward_a.pk}/evaluation/")
    records = phone_page.locator('#criteria-table td[data-label="Hồ sơ"]').first
    records.scroll_into_view_if_needed()
    box = records.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    assert phone_page.evaluate(OVERFLOW) <= 0


@override_settings(KMT_AUTOCOMPLETE_OVER=1)
def test_an_area_is_chosen_by_typing_without_diacritics(  # type: ignore[no-untyped-def]
    page, live_server, world, officer_a
):
    sign_in(page, live_server, officer_a)
    page.goto(f"{live_server.url}/people/register/")
    page.get_by_label("Tổ dân phố, thôn quản lý").fill("to dan pho so 2")
    page.get_by_role("option", name="Tổ dân phố số 2 (Phường Gia Viên)").click()
    assert page.locator("#id_area").input_value() == str(world.group_a2.pk)
    page.fill("#id_date_of_birth", "")
    page.locator("#field-date_of_birth .date-picker").fill("1990-03-12")
    assert page.locator("#id_date_of_birth").input_value() == "12/03/1990"
