"""The leadership dashboard in the browser, as the city: the charts draw from the app's own
Chart.js (no request leaves the app, no script error under the CSP); a subunit row opens the
ward's dashboard, and a figure opens the person list with the same count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from khongmatuy.people.choices import Category
from khongmatuy.people.tests.factories import TODAY, PersonFactory

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_drills_down_to_a_ward_then_to_the_records(  # type: ignore[no-untyped-def]
    page, live_server, world, city_user
):
    started = min(TODAY, timezone.localdate()) - timedelta(days=20)
    for name, group in (("Một", world.group_a1), ("Hai", world.group_a2), ("Ba", world.group_a1)):
        PersonFactory(area=group, full_name=f"Lê Văn {name}", category_started_on=started)
    PersonFactory(area=world.group_a1, full_name="Lê Văn Nghiện", category=Category.ADDICT,
                  category_started_on=date(2025, 3, 1))  # fmt: skip
    PersonFactory(area=world.group_b1, full_name="Lê Văn Khác", category_started_on=started)

    outside: list[str] = []
    problems: list[str] = []

    def only_the_app(route):  # type: ignore[no-untyped-def]
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    login(page, live_server, city_user.username)
    page.wait_for_load_state()
    page.get_by_role("navigation").get_by_role("link", name="Bảng điều hành", exact=True).click()
    page.wait_for_url(f"{live_server.url}/reports/dashboard/")
    assert "Hải Phòng" in page.locator("h1").inner_text()
    # Chart.js drew the trend on its canvas (it sizes the canvas when it draws).
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length > 0")
    assert page.locator("#trend-table tbody tr").count() == 12

    row = page.locator(f"#subunit-{world.ward_a.pk}")
    assert row.locator("td").nth(1).inner_text() == "4"
    row.get_by_role("link").click()
    page.wait_for_url(f"**/reports/dashboard/?area={world.ward_a.pk}*")
    assert "Gia Viên" in page.locator("h1").inner_text()
    assert page.locator(f"#subunit-{world.group_a1.pk}").count() == 1

    figure = page.locator("#figure-personsmanaged a.figure-link")
    value = figure.inner_text()
    assert value == "4"
    figure.click()
    page.wait_for_url("**/people/?*")
    assert f"{value} người" in page.locator("main").inner_text()
    assert "Lê Văn Khác" not in page.content()

    assert outside == []
    assert problems == []


def test_the_ward_dashboard_fits_a_phone(phone_page, live_server, world, officer_a):  # type: ignore[no-untyped-def]
    """The ward officer opens the dashboard from the overview on a phone: the charts are drawn
    at the screen's width and nothing scrolls sideways but the tables' own wrappers."""
    page = phone_page
    login(page, live_server, officer_a.username)
    page.wait_for_url(f"{live_server.url}/people/overview/")
    page.locator("#open-dashboard a").click()
    page.wait_for_url(f"{live_server.url}/reports/dashboard/")
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length > 0")
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    canvas = page.locator("#trend-chart").bounding_box()
    assert canvas is not None
    assert 0 < canvas["width"] <= width
    assert page.locator("#dashboard-subunits tbody tr").count() == 2  # the ward's two groups
