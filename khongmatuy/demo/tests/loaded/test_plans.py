"""The demo's plans: the Thủy Nguyên plan with the ward police's projects as tasks, the Gia Viên
plan with tasks to each office (some overdue, one returned), a briefing whose conclusions became
tasks, and the culture-social office's agency account seeing its own tasks only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.plans.models import Meeting, PlanDocument, Task
from khongmatuy.plans.rules import deadlines

pytestmark = pytest.mark.django_db


def test_demo_plans() -> None:
    today = timezone.localdate()
    thuy_nguyen = PlanDocument.objects.get(area__code="11560")
    assert thuy_nguyen.implements is not None
    assert thuy_nguyen.implements.number == "313/KH-UBND"
    police = Task.objects.filter(document=thuy_nguyen, lead__name__startswith="Công an")
    projects = {t.content for t in police if "Dự án" in t.content}
    assert len(projects) == 6
    gia_vien = PlanDocument.objects.get(area__code="11359")
    assert gia_vien.roadmap is not None  # its targets by year: the ward's roadmap
    assert gia_vien.roadmap.area_id == gia_vien.area_id
    tasks = list(Task.objects.filter(document=gia_vien))
    assert any(t.status == "returned" for t in tasks)
    assert any(t.status != "accepted" and deadlines.is_overdue(t.due_on, today) for t in tasks)
    meeting = Meeting.objects.get(area__code="11359")
    assert meeting.tasks.count() == 2
    agency = User.objects.get(username="vhxh_thuynguyen")
    seen = list(Task.objects.for_user(agency))
    assert seen
    assert all(
        t.lead_id == agency.organisation_id
        or t.coordinations.filter(organisation_id=agency.organisation_id).exists()
        for t in seen
    )
    assert Task.objects.filter(area__code="11560").count() > len(seen)
