"""Issue #5's browser test: a recognised residential group turns to "at risk" as soon as the
officer registers a new illegal drug user there (seed 001 III.5–6: no new users in a drug-free
group). The group is taken through the lifecycle by the service (register → cleaning → proposed →
recognised), passing while it has no users; the user is registered through the people register
page; the flag shows on the group's recognition page and in the htmx at-risk panel."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from khongmatuy.criteria.models import Recognition
from khongmatuy.criteria.tests.factories import recognise
from khongmatuy.people.models import Person

from .test_login_and_tree import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

CITIZEN_ID = "031095007788"  # synthetic: Hải Phòng, male born 1995
GROUP_RULE_SET = "to_dan_pho_khong_ma_tuy"


def _date(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def _visit(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``url`` and let its htmx requests (the overdue-tip badge, the panel) finish, so no
    request of this page runs beside the next one on the test database."""
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _area_page_has_panel() -> bool:
    template = Path(settings.BASE_DIR) / "khongmatuy/areas/templates/areas/detail.html"
    return "criteria:at_risk_panel" in template.read_text(encoding="utf-8")


def test_a_recognised_group_turns_at_risk(page, live_server, world, officer_a):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    group = world.group_a1
    recognise(group, actor=officer_a, on=today - timedelta(days=30))
    assert Recognition.objects.get(area=group).status == "recognised"
    detail = live_server.url + reverse(
        "criteria:recognition_detail", args=[group.pk, GROUP_RULE_SET]
    )
    listing = live_server.url + reverse("criteria:recognitions")

    # 1. Recognised and passing: no flag.
    login(page, live_server, officer_a.username)
    page.wait_for_url("**/people/overview/")
    page.wait_for_load_state("networkidle")
    _visit(page, detail)
    status = page.locator("#recognition-status")
    assert "Được công nhận" in status.inner_text()
    assert "125/QĐ-UBND" in status.inner_text()
    assert page.locator("#recognition-status .at-risk").count() == 0
    _visit(page, listing)
    page.locator("#at-risk-panel #no-at-risk").wait_for()

    # 2. The officer registers a new illegal drug user in the group.
    _visit(page, f"{live_server.url}/people/register/")
    page.fill("#id_full_name", "Đặng Văn Mới")
    page.select_option("#id_sex", "male")
    page.fill("#id_date_of_birth", "02/04/1995")
    page.fill("#id_citizen_id", CITIZEN_ID)
    page.select_option("#id_area", label="Tổ dân phố số 1 (Phường Gia Viên)")
    page.select_option("#id_category", "illegal_user")
    page.fill("#id_category_started_on", _date(today))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/people/*/")
    page.wait_for_load_state("networkidle")
    assert Person.objects.get(citizen_id=CITIZEN_ID).area == group

    # 3. At once: the group's recognition page flags it, with the failing criterion.
    _visit(page, detail)
    assert page.locator("#recognition-status .at-risk").inner_text() == "Nguy cơ mất công nhận"
    criteria = page.locator("#criteria-table").inner_text()
    assert "Không phát sinh mới người nghiện, người sử dụng trái phép chất ma túy" in criteria
    assert "Không đạt" in criteria

    # 4. The htmx panel (dashboards, the commune's page) lists the group as at risk.
    _visit(page, listing)
    row = page.locator(f"#at-risk-table tr[data-area='{group.pk}']")
    row.wait_for()
    assert "Tổ dân phố số 1" in row.inner_text()
    assert "Nguy cơ mất công nhận" in row.inner_text()
    assert page.locator("#at-risk-table tbody tr").count() == 1

    # 5. The group's own page, once the lead has included the panel there.
    if _area_page_has_panel():
        _visit(page, f"{live_server.url}/areas/{group.pk}/")
        page.locator("#at-risk-panel .at-risk").first.wait_for()
        assert "Nguy cơ mất công nhận" in page.locator("#at-risk-panel").inner_text()
