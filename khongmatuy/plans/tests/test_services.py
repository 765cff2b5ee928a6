"""Services: the six "rõ", documents, progress, acceptance and return, agency scoping."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Role
from khongmatuy.plans import services
from khongmatuy.plans.models import PlanDocument, Task, TaskEvent
from tests.personas import make_user

from .factories import TODAY, agency_user, document, organisation, six, task


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    officer = make_user("plans_officer", Role.COMMUNE_POLICE, [world.ward_a])
    culture = organisation(world.ward_a, "Phòng Văn hóa - Xã hội Mẫu")
    economy = organisation(world.ward_a, "Phòng Kinh tế Mẫu")
    doc = document(officer, world.ward_a)
    return officer, culture, economy, doc


SIX = [
    ("content", ""),
    ("lead", None),
    ("officer_name", "  "),
    ("recurrence", ""),
    ("first_due_on", None),
    ("expected_output", ""),
    ("accepting_authority", ""),
]


@pytest.mark.parametrize(("field", "value"), SIX)
def test_each_missing_ro_is_refused_at_its_field(setup, field, value):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = setup
    values = six(culture, **{field: value})
    with pytest.raises(DomainError) as refused:
        services.task_create(actor=officer, document=doc, **values)
    assert set(refused.value.message_dict) == {field}
    assert not Task.objects.exists()


def test_all_missing_are_named_at_once(setup):  # type: ignore[no-untyped-def]
    officer, _culture, _economy, doc = setup
    with pytest.raises(DomainError) as refused:
        services.task_create(
            actor=officer,
            document=doc,
            content="",
            lead=None,
            officer_name="",
            recurrence="",
            first_due_on=None,
            expected_output="",
            accepting_authority="",
        )
    assert set(refused.value.message_dict) == {f for f, _ in SIX}


def test_a_lead_of_another_commune_is_refused(world, setup):  # type: ignore[no-untyped-def]
    officer, _culture, _economy, doc = setup
    elsewhere = organisation(world.ward_b, "Phòng Văn hóa phường khác")
    with pytest.raises(DomainError) as refused:
        services.task_create(actor=officer, document=doc, **six(elsewhere))
    assert "lead" in refused.value.message_dict


def test_document_number_checked(world, setup):  # type: ignore[no-untyped-def]
    officer, *_ = setup
    with pytest.raises(DomainError) as refused:
        document(officer, world.ward_a, number="KH 15 UBND")
    assert "number" in refused.value.message_dict
    with pytest.raises(DomainError) as wrong_kind:
        document(officer, world.ward_a, number="16/NQ-UBND")
    assert "number" in wrong_kind.value.message_dict
    stored = document(officer, world.ward_a, number="Số: 7/KH-UBND")
    assert stored.number == "07/KH-UBND"
    assert PlanDocument.objects.count() == 2


def test_report_submit_accept(setup):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = setup
    leader = make_user("plans_leader", Role.COMMUNE_LEADERSHIP, [doc.area])
    t = task(officer, doc, culture)
    services.task_report(
        actor=officer, task=t, percent=40, text_done="Đã họp 3 tổ", done=False, today=TODAY
    )
    t.refresh_from_db()
    assert (t.status, t.percent) == ("in_progress", 40)
    with pytest.raises(DomainError) as refused:
        services.task_report(
            actor=officer, task=t, percent=80, text_done="Xong", done=True, today=TODAY
        )
    assert "percent" in refused.value.message_dict
    services.task_report(
        actor=officer, task=t, percent=100, text_done="Xong", done=True, today=TODAY
    )
    with pytest.raises(DomainError):
        services.task_accept(
            actor=agency_user("plans_agency_x", doc.area, culture), task=t, today=TODAY
        )
    services.task_accept(actor=leader, task=t, today=TODAY, note="Đạt")
    t.refresh_from_db()
    assert t.status == "accepted"
    steps = list(TaskEvent.objects.filter(task=t).values_list("step", "to_status"))
    assert steps == [("report", "in_progress"), ("submit", "submitted"), ("accept", "accepted")]
    with pytest.raises(InvalidTransition):
        services.task_return(actor=leader, task=t, reason="Làm lại", today=TODAY)


def test_return_then_redo(setup):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = setup
    t = task(officer, doc, culture)
    with pytest.raises(InvalidTransition):
        services.task_accept(actor=officer, task=t, today=TODAY)
    services.task_report(
        actor=officer, task=t, percent=100, text_done="Xong", done=True, today=TODAY
    )
    with pytest.raises(DomainError) as no_reason:
        services.task_return(actor=officer, task=t, reason="", today=TODAY)
    assert "reason" in no_reason.value.message_dict
    services.task_return(actor=officer, task=t, reason="Thiếu số liệu", today=TODAY)
    t.refresh_from_db()
    assert t.status == "returned"
    services.task_report(
        actor=officer, task=t, percent=100, text_done="Bổ sung", done=True, today=TODAY
    )
    t.refresh_from_db()
    assert t.status == "submitted"


def test_accepting_a_monthly_task_opens_its_next_occurrence(setup):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = setup
    t = task(officer, doc, culture, recurrence="monthly", first_due_on=date(2027, 1, 31))
    services.task_report(
        actor=officer, task=t, percent=100, text_done="Tháng 1", done=True, today=TODAY
    )
    services.task_accept(actor=officer, task=t, today=TODAY)
    t.refresh_from_db()
    assert (t.status, t.due_on, t.percent) == ("open", date(2027, 2, 28), 0)


def test_an_agency_sees_and_reports_only_its_tasks(world, setup):  # type: ignore[no-untyped-def]
    officer, culture, economy, doc = setup
    led = task(officer, doc, culture, content="Chủ trì văn hóa")
    coordinated = task(officer, doc, economy, content="Phối hợp", coordinators=[culture])
    other = task(officer, doc, economy, content="Việc của phòng kinh tế")
    agency = agency_user("plans_vhxh", world.ward_a, culture)
    seen = set(Task.objects.for_user(agency).values_list("pk", flat=True))
    assert seen == {led.pk, coordinated.pk}
    with pytest.raises(DomainError) as refused:
        services.task_report(
            actor=agency, task=other, percent=10, text_done="x", done=False, today=TODAY
        )
    assert "task" in refused.value.message_dict
    services.task_report(
        actor=agency, task=led, percent=10, text_done="Đã triển khai", done=False, today=TODAY
    )
    # without an organisation an agency account sees nothing
    with pytest.raises(DomainError) as no_organisation:
        agency_user("plans_bare", world.ward_a, None)
    assert "organisation" in no_organisation.value.message_dict
    with pytest.raises(DomainError) as elsewhere:
        agency_user("plans_elsewhere", world.ward_b, culture)
    assert "organisation" in elsewhere.value.message_dict
    # an agency of the same name in another commune sees nothing of ward A
    far = agency_user(
        "plans_far", world.ward_b, organisation(world.ward_b, "Phòng Văn hóa - Xã hội Mẫu")
    )
    assert not Task.objects.for_user(far).exists()


def test_meeting_conclusion_becomes_a_task_and_rewards(setup):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = setup
    meeting = services.meeting_create(
        actor=officer,
        area=doc.area,
        kind="briefing",
        held_on=date(2026, 11, 5),
        title="Giao ban tháng 11",
        chair="Chủ tịch UBND phường",
        attendees="Các phòng, ban, đoàn thể",
        conclusions="Giao Phòng Văn hóa rà soát",
        today=TODAY,
    )
    t = services.conclusion_to_task(actor=officer, meeting=meeting, **six(culture))
    assert t.meeting == meeting
    assert t.area == doc.area
    with pytest.raises(DomainError) as refused:
        services.reward_create(
            actor=officer,
            area=doc.area,
            kind="reward",
            stage="decided",
            subject="collective",
            recipient="Tổ dân phố số 1",
            form="Giấy khen",
            reason="Hoàn thành xuất sắc",
            proposed_on=date(2026, 11, 1),
            today=TODAY,
        )
    assert {"decision_number", "decision_date", "decision_authority"} <= set(
        refused.value.message_dict
    )
    reward = services.reward_create(
        actor=officer,
        area=doc.area,
        kind="reward",
        stage="proposed",
        subject="collective",
        recipient="Tổ dân phố số 1",
        form="Giấy khen",
        reason="Hoàn thành xuất sắc",
        proposed_on=date(2026, 11, 1),
        today=TODAY,
        task=t,
    )
    services.reward_decide(
        actor=officer,
        reward=reward,
        decision_number="25/QĐ-UBND",
        decision_date=date(2026, 11, 20),
        decision_authority="Chủ tịch UBND phường",
        today=TODAY,
    )
    reward.refresh_from_db()
    assert reward.stage == "decided"
