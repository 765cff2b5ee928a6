"""An agency account (the culture-social office) reports progress on its task, and the ward's plan
page, opened by the ward police, shows the new status and percentage (Kế hoạch UBND phường Thủy
Nguyên III.5 and IV.1: the offices report their results through the ward police)."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.common.roles import Role
from khongmatuy.plans.models import TaskReport
from khongmatuy.plans.tests.factories import document, organisation, task
from tests.personas import make_user

from .test_login_and_tree import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_agency_reports_and_the_plan_page_shows_it(  # type: ignore[no-untyped-def]
    page, browser, live_server, world, officer_a
):
    culture = organisation(world.ward_a, "Phòng Văn hóa - Xã hội phường Gia Viên")
    economy = organisation(world.ward_a, "Phòng Kinh tế phường Gia Viên")
    plan = document(officer_a, world.ward_a)
    mine = task(
        officer_a,
        plan,
        culture,
        content="Duy trì chuyên mục tuyên truyền trên loa truyền thanh",
        first_due_on=date(2027, 1, 31),
    )
    task(officer_a, plan, economy, content="Cân đối ngân sách cho Chương trình MTQG")
    agency = make_user("vhxh_giavien", Role.AGENCY_OFFICER, [world.ward_a], organisation=culture)

    login(page, live_server, agency.username)
    page.wait_for_url("**/plans/tasks/")
    listing = page.locator("main").inner_text()
    assert "Duy trì chuyên mục tuyên truyền" in listing
    assert "Cân đối ngân sách" not in listing  # another office's task
    page.get_by_role("link", name="Duy trì chuyên mục tuyên truyền").click()
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.fill("#id_percent", "60")
    page.fill("#id_text_done", "Đã phát 6 buổi trên loa truyền thanh của 3 tổ dân phố")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/plans/tasks/{mine.pk}/")
    assert "Đang thực hiện · 60 %" in page.locator("#task-status").inner_text()
    assert TaskReport.objects.get(task=mine).reported_by == agency

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    police = context.new_page()
    login(police, live_server, officer_a.username)
    police.wait_for_load_state("networkidle")
    police.goto(live_server.url + plan.get_absolute_url())
    rows = police.locator(".tasks-table tbody tr", has_text="Duy trì chuyên mục tuyên truyền")
    assert "Đang thực hiện" in rows.inner_text()
    assert "60 %" in rows.inner_text()
    assert "30 %" in police.locator("#document-progress").inner_text()  # mean of 60 % and 0 %
    context.close()
