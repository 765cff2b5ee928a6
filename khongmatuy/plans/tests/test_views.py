"""Pages: forms refuse a missing "rõ" at its field, an agency reports and the authority reviews,
the agency sees its own tasks only, exports, and the query counts stay flat as rows grow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khongmatuy.common.roles import Role
from khongmatuy.plans.models import Task, TaskReport
from tests.images import image_bytes
from tests.personas import client_for, make_user

from .factories import document, organisation, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(world):  # type: ignore[no-untyped-def]
    officer = make_user("pv_officer", Role.COMMUNE_POLICE, [world.ward_a])
    culture = organisation(world.ward_a, "Phòng Văn hóa - Xã hội Trang")
    economy = organisation(world.ward_a, "Phòng Kinh tế Trang")
    doc = document(officer, world.ward_a)
    return officer, culture, economy, doc


def _post_task(client: Client, doc_pk: int, lead_pk: int, **changes: str) -> object:
    data = {
        "content": "Rà soát người nghiện",
        "lead": str(lead_pk),
        "officer_name": "Trần Văn Rà",
        "recurrence": "once",
        "first_due_on": "15/12/2026",
        "expected_output": "Danh sách rà soát",
        "accepting_authority": "Chủ tịch UBND phường",
    }
    data.update(changes)
    return client.post(reverse("plans:task_create", args=[doc_pk]), data)


def test_the_task_form_names_the_missing_ro(ward):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = ward
    client = client_for(officer)
    response = _post_task(client, doc.pk, culture.pk, officer_name="", expected_output="")
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Rõ người: ghi người chịu trách nhiệm thực hiện." in body
    assert "Rõ sản phẩm" in body
    assert not Task.objects.exists()
    response = _post_task(client, doc.pk, culture.pk)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Task.objects.get().officer_name == "Trần Văn Rà"


def test_document_form_refuses_a_bad_number(world, ward):  # type: ignore[no-untyped-def]
    officer, *_ = ward
    response = client_for(officer).post(
        reverse("plans:document_create"),
        {
            "area": str(world.ward_a.pk),
            "kind": "plan",
            "number": "KH so 15",
            "issued_on": "01/03/2026",
            "issuing_body": "UBND phường",
            "signer_name": "Nguyễn Văn Ký",
            "summary": "Kế hoạch",
        },
    )
    assert response.status_code == 200
    assert "không đúng thể thức" in response.content.decode()


def test_agency_reports_and_the_authority_accepts(world, ward, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    officer, culture, economy, doc = ward
    mine = task(officer, doc, culture, content="Tuyên truyền trên loa Trang")
    theirs = task(officer, doc, economy, content="Cân đối ngân sách Trang")
    agency = make_user("pv_agency", Role.AGENCY_OFFICER, [world.ward_a], organisation=culture)
    client = client_for(agency)
    listing = client.get(reverse("plans:tasks")).content.decode()
    assert "Tuyên truyền trên loa Trang" in listing
    assert "Cân đối ngân sách Trang" not in listing
    assert client.get(reverse("plans:task", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("plans:documents")).status_code == 403
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("home"))["Location"] == reverse("plans:tasks")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("plans:task_progress", args=[mine.pk]),
        {
            "percent": "100",
            "text_done": "Phát 8 buổi loa",
            "done": "on",
            "evidence": SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    report = TaskReport.objects.get(task=mine)
    assert report.evidence_type == "image/png"
    assert client.get(reverse("plans:evidence", args=[report.pk])).status_code == 200
    history = client.get(mine.get_absolute_url()).content.decode()
    assert "Báo cáo hoàn thành → Đã báo cáo hoàn thành, chờ nghiệm thu" in history
    leader = make_user("pv_leader", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    page = client_for(leader).get(doc.get_absolute_url()).content.decode()
    assert "Phát 8 buổi loa" not in page  # the plan page shows status and percent
    assert "100 %" in page
    response = client_for(leader).post(
        reverse("plans:task_review", args=[mine.pk]), {"decision": "return", "note": ""}
    )
    assert "Ghi lý do trả lại." in response.content.decode()
    response = client_for(leader).post(
        reverse("plans:task_review", args=[mine.pk]), {"decision": "accept", "note": "Đạt"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "accepted"


def test_overdue_page_and_export(ward):  # type: ignore[no-untyped-def]
    officer, culture, economy, doc = ward
    today = timezone.localdate()
    task(officer, doc, culture, content="Việc trễ Trang", first_due_on=today - timedelta(days=9))
    task(
        officer, doc, economy, content="Việc sắp tới Trang", first_due_on=today + timedelta(days=2)
    )
    client = client_for(officer)
    page = client.get(reverse("plans:overdue")).content.decode()
    assert "Việc trễ Trang" in page
    assert "Việc sắp tới Trang" in page
    response = client.post(reverse("plans:tasks_export"), {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_page_queries_do_not_grow_with_tasks(world, ward):  # type: ignore[no-untyped-def]
    officer, culture, economy, doc = ward
    client = client_for(officer)

    def grow(n: int) -> None:
        for i in range(n):
            t = task(
                officer,
                doc,
                culture if i % 2 else economy,
                coordinators=[economy if i % 2 else culture],
                first_due_on=date(2026, 1, 1) + timedelta(days=i * 40),
            )
            TaskReport.objects.create(
                task=t, reported_on=date(2026, 1, 2), due_on=t.due_on, percent=10, text="x"
            )

    grow(2)
    first = Task.objects.order_by("pk").first()
    assert first is not None
    pages = {
        "documents": reverse("plans:documents"),
        "document": doc.get_absolute_url(),
        "tasks": reverse("plans:tasks"),
        "overdue": reverse("plans:overdue"),
        "task": first.get_absolute_url(),
    }
    before = {name: _count(client, url) for name, url in pages.items()}
    grow(6)
    after = {name: _count(client, url) for name, url in pages.items()}
    assert before == after


def test_the_plan_page_shows_its_roadmaps_targets_and_links_the_indicators(world, ward):  # type: ignore[no-untyped-def]
    from khongmatuy.areas.models import Level
    from khongmatuy.criteria.selectors.recognition import GROUP_RULE_SET
    from khongmatuy.criteria.services import roadmaps
    from khongmatuy.plans import services

    officer, *_ = ward
    roadmap = roadmaps.roadmap_create(
        actor=officer,
        area=world.ward_a,
        name="Lộ trình tổ dân phố không ma túy Trang",
        rule_set_code=GROUP_RULE_SET,
        target_level=Level.GROUP,
    )
    roadmaps.roadmap_target_set(
        actor=officer, roadmap=roadmap, phase="Giai đoạn Trang", due_on=date(2027, 12, 31), count=2
    )
    plan = services.document_create(
        actor=officer,
        area=world.ward_a,
        kind="plan",
        number="16/KH-UBND",
        issued_on=date(2026, 3, 1),
        issuing_body="UBND phường",
        signer_name="Nguyễn Văn Ký",
        summary="Kế hoạch có lộ trình",
        roadmap=roadmap,
        targets="Hai tổ dân phố đạt tiêu chí",
        today=date(2026, 11, 23),
    )
    for user in (officer, make_user("pv_leader2", Role.COMMUNE_LEADERSHIP, [world.ward_a])):
        body = client_for(user).get(plan.get_absolute_url()).content.decode()
        assert reverse("criteria:roadmap_detail", args=[roadmap.pk]) in body
        targets = body[body.index('id="roadmap-targets"') :]
        assert "Giai đoạn Trang" in targets
        assert "31/12/2027" in targets
        assert f"{reverse('programme:indicators')}?area={world.ward_a.pk}" in body


def test_a_conclusion_becomes_a_task_from_its_line(world, ward):  # type: ignore[no-untyped-def]
    from khongmatuy.plans import services

    officer, culture, _economy, _doc = ward
    meeting = services.meeting_create(
        actor=officer,
        area=world.ward_a,
        kind="briefing",
        held_on=date(2026, 11, 5),
        title="Giao ban tháng 11 Trang",
        chair="Chủ tịch UBND phường Trang",
        attendees="Các phòng, ban",
        conclusions="1. Công an rà soát người nghiện.\n\n2. Phòng Văn hóa phát 4 buổi loa.",
        today=date(2026, 11, 23),
    )
    client = client_for(officer)
    page = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("plans:conclusion_task", args=[meeting.pk])
    assert f"{url}?item=2" in page
    form = client.get(f"{url}?item=2").content.decode()
    assert "2. Phòng Văn hóa phát 4 buổi loa.</textarea>" in form
    assert 'value="Chủ tịch UBND phường Trang"' in form
    assert "1. Công an rà soát" not in form.split('id="plans-form"', 1)[1]
    response = client.post(
        f"{url}?item=2",
        {
            "content": "2. Phòng Văn hóa phát 4 buổi loa.",
            "lead": str(culture.pk),
            "officer_name": "Trần Thị Loa",
            "recurrence": "once",
            "first_due_on": "15/12/2026",
            "expected_output": "Báo cáo buổi phát loa",
            "accepting_authority": "Chủ tịch UBND phường Trang",
        },
    )
    assert response.status_code == 302
    made = Task.objects.get(meeting=meeting)
    assert (made.content, made.area_id) == ("2. Phòng Văn hóa phát 4 buổi loa.", world.ward_a.pk)


def test_a_reward_is_proposed_decided_listed_and_exported(world, ward):  # type: ignore[no-untyped-def]
    import io

    from openpyxl import load_workbook

    from khongmatuy.audit.models import AuditEvent
    from khongmatuy.plans.models import Reward

    officer, _culture, _economy, doc = ward
    client = client_for(officer)
    proposal = {
        "area": str(world.ward_a.pk),
        "kind": "",  # a consequential choice: no default
        "stage": "proposed",
        "subject": "collective",
        "recipient": "Tổ dân phố số 3 Trang",
        "form": "Giấy khen",
        "reason": "Giữ vững tổ dân phố không ma túy",
        "proposed_on": "20/11/2026",
        "document": str(doc.pk),
    }
    refused = client.post(reverse("plans:reward_create"), proposal)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert '<ul class="errorlist" id="id_kind_error"><li>Trường này là bắt buộc.</li></ul>' in page
    assert not Reward.objects.exists()

    created = client.post(reverse("plans:reward_create"), {**proposal, "kind": "reward"})
    assert created.status_code == 302
    reward = Reward.objects.get()
    assert (reward.stage, reward.document_id, reward.area_id) == (
        "proposed",
        doc.pk,
        world.ward_a.pk,
    )
    assert AuditEvent.objects.filter(model="plans.Reward", object_id=str(reward.pk)).exists()

    decide = reverse("plans:reward_decide", args=[reward.pk])
    bad = client.post(
        decide,
        {
            "decision_number": "quyết định 12",
            "decision_date": "21/11/2026",
            "decision_authority": "UBND phường",
        },
    )
    assert "không đúng thể thức" in bad.content.decode()
    reward.refresh_from_db()
    assert reward.stage == "proposed"
    decided = client.post(
        decide,
        {
            "decision_number": "Số: 12/QĐ-UBND",
            "decision_date": "21/11/2026",
            "decision_authority": "UBND phường",
        },
    )
    assert decided.status_code == 302
    reward.refresh_from_db()
    assert (reward.stage, reward.decision_number) == ("decided", "12/QĐ-UBND")
    assert "12/QĐ-UBND" in client.get(reward.get_absolute_url()).content.decode()

    rewards = reverse("plans:rewards")
    assert "Tổ dân phố số 3 Trang" in client.get(rewards, {"kind": "reward"}).content.decode()
    assert (
        "Tổ dân phố số 3 Trang" not in client.get(rewards, {"kind": "discipline"}).content.decode()
    )
    exported = client.post(reverse("plans:rewards_export"), {})
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Tổ dân phố số 3 Trang" in cells
    assert "12/QĐ-UBND" in cells
