"""A group leader records this month's communication session from a phone (390 x 844), and the
ward's coverage tile on the officer's overview changes from 0/2 to 1/2 (seed 001 III.1: every
residential group at least once a month)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khongmatuy.prevention.models import Activity

from .test_login_and_tree import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _tile_text(page, live_server) -> str:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + reverse("people:overview"))
    tile = page.locator("#coverage-tile")
    tile.wait_for()
    page.wait_for_load_state("networkidle")
    return str(tile.inner_text())


def test_leader_records_a_session_on_a_phone_and_the_tile_changes(  # type: ignore[no-untyped-def]
    page, phone_page, live_server, world, officer_a, leader_a
):
    login(page, live_server, officer_a.username)
    page.wait_for_url("**/people/overview/")
    assert _tile_text(page, live_server).startswith("0/2")

    login(phone_page, live_server, leader_a.username)
    phone_page.wait_for_load_state("networkidle")
    phone_page.goto(live_server.url + reverse("prevention:record"))
    # The leader's only group is ticked and today's date is filled: the topic is all to type.
    assert phone_page.locator("#field-groups input[type=checkbox]").first.is_checked()
    phone_page.fill("#id_topic", "Tác hại của ma túy đá, thuốc lá điện tử")
    phone_page.fill("#id_audience_count", "38")
    submit = phone_page.get_by_role("button", name="Lưu")
    box = submit.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390  # reachable without scrolling sideways
    submit.click()
    phone_page.wait_for_url("**/prevention/*/")
    assert "Tác hại của ma túy đá" in phone_page.locator("h1").inner_text()
    assert Activity.objects.get().area == world.group_a1

    assert _tile_text(page, live_server).startswith("1/2")
