"""Recording a new illegal drug user in a recognised residential group warns the group's leader
at once: the officer saves the person in one browser, and the leader, in another, sees the
unread count in the header, the warning in the notification centre, and opens the evaluation
that fails (seed 001 III.5–6: no new users in a drug-free group)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from khongmatuy.alerts.models import Notification
from khongmatuy.criteria.tests.factories import recognise

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN_ID = "031095006655"  # synthetic: Hải Phòng, male born 1995


def _context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_new_user_in_a_recognised_group_warns_its_leader(  # type: ignore[no-untyped-def]
    browser, live_server, world, officer_a, leader_a
) -> None:
    today = timezone.localdate()
    group = world.group_a1
    recognise(group, actor=officer_a, on=today - timedelta(days=30))
    officer_context, officer = _context(browser)
    leader_context, leader = _context(browser)
    try:
        login(leader, live_server, leader_a.username)
        leader.wait_for_load_state("networkidle")
        assert leader.locator("#unread-notifications").inner_text() == ""

        login(officer, live_server, officer_a.username)
        officer.wait_for_url("**/people/overview/")
        officer.goto(f"{live_server.url}/people/register/")
        officer.fill("#id_full_name", "Đặng Văn Mới")
        officer.select_option("#id_sex", "male")
        officer.fill("#id_date_of_birth", "02/04/1995")
        officer.fill("#id_citizen_id", CITIZEN_ID)
        officer.select_option("#id_area", label="Tổ dân phố số 1 (Phường Gia Viên)")
        officer.select_option("#id_category", "illegal_user")
        officer.fill("#id_category_started_on", f"{today:%d/%m/%Y}")
        officer.locator("main form button[type=submit]").first.click()
        officer.wait_for_url("**/people/*/")
        officer.wait_for_load_state("networkidle")
        # delivered by the save itself, before any periodic run
        assert Notification.objects.filter(recipient=leader_a).count() == 1

        leader.goto(f"{live_server.url}{reverse('areas:tree')}")
        leader.wait_for_load_state("networkidle")
        assert leader.locator("#unread-notifications").inner_text() == "1"
        leader.locator(".usermenu").get_by_role("link", name="Thông báo").click()
        leader.wait_for_url("**/alerts/")
        table = leader.locator("#notifications-table").inner_text()
        assert "Địa bàn đã được công nhận nay không còn đạt tiêu chí" in table
        assert "Tổ dân phố số 1" in table
        leader.get_by_role("button", name="Mở hồ sơ").click()
        leader.wait_for_url(f"**{reverse('criteria:evaluation', args=[group.pk])}")
        leader.wait_for_load_state("networkidle")
        assert "Không đạt" in leader.locator("main").inner_text()
        assert Notification.objects.get(recipient=leader_a).read_at is not None
    finally:
        officer_context.close()
        leader_context.close()
