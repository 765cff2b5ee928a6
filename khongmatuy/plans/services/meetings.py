"""Leadership meetings and their conclusions (a conclusion becomes a task in one step), rewards
and discipline (Nghị quyết Đảng bộ phường Thành Đông III.1-2, IV; Nghị quyết Đảng bộ xã Kiến
Minh III.1-2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import Errors, add_error, raise_if

from ..choices import MeetingKind, RewardKind, RewardStage, RewardSubject
from ..models import Meeting, PlanDocument, Reward, Task
from ..rules import numbering
from .common import check_commune, text
from .tasks import task_create

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    area: Area | None,
    kind: str,
    held_on: date | None,
    title: str,
    chair: str,
    attendees: str,
    conclusions: str,
    today: date,
) -> Meeting:
    errors: Errors = {}
    check_commune(actor=actor, area=area, errors=errors)
    if kind not in MeetingKind.values:
        add_error(errors, "kind", _("Chọn loại cuộc họp."))
    if held_on is None:
        add_error(errors, "held_on", _("Ghi ngày họp."))
    elif held_on > today:
        add_error(errors, "held_on", _("Ngày họp không được sau hôm nay."))
    values = {
        "title": text(errors, title, field="title", message=_("Ghi tên cuộc họp."), max_length=250),
        "chair": text(
            errors, chair, field="chair", message=_("Ghi người chủ trì."), max_length=150
        ),
        "attendees": text(
            errors,
            attendees,
            field="attendees",
            message=_("Ghi thành phần tham dự."),
            max_length=5000,
        ),
    }
    raise_if(errors)
    assert held_on is not None  # noqa: S101 - refused above otherwise
    meeting = Meeting(
        area=area,
        kind=kind,
        held_on=held_on,
        conclusions=conclusions.strip(),
        created_by=actor,
        **values,
    )
    meeting.full_clean()
    meeting.save()
    audit.record_change(actor=actor, obj=meeting, before=None)
    return meeting


def conclusion_to_task(
    *,
    actor: User,
    meeting: Meeting,
    content: str,
    lead: Organisation | None,
    officer_name: str,
    recurrence: str,
    first_due_on: date | None,
    expected_output: str,
    accepting_authority: str,
    coordinators: Sequence[Organisation] = (),
    officer_position: str = "",
    repeat_until: date | None = None,
) -> Task:
    """A conclusion of the meeting becomes a task with the six "rõ", in one step."""
    return task_create(
        actor=actor,
        meeting=meeting,
        content=content,
        lead=lead,
        officer_name=officer_name,
        recurrence=recurrence,
        first_due_on=first_due_on,
        expected_output=expected_output,
        accepting_authority=accepting_authority,
        coordinators=coordinators,
        officer_position=officer_position,
        repeat_until=repeat_until,
    )


def _decision(
    errors: Errors,
    *,
    stage: str,
    decision_number: str,
    decision_date: date | None,
    decision_authority: str,
    today: date,
) -> str:
    number = numbering.clean(decision_number or "")
    if stage == RewardStage.DECIDED:
        if not number:
            add_error(errors, "decision_number", _("Ghi số quyết định."))
        elif numbering.parse(number) is None:
            add_error(
                errors,
                "decision_number",
                _("Số quyết định “%(number)s” không đúng thể thức (ví dụ 25/QĐ-UBND).")
                % {"number": number},
            )
        if decision_date is None:
            add_error(errors, "decision_date", _("Ghi ngày quyết định."))
        elif decision_date > today:
            add_error(errors, "decision_date", _("Ngày quyết định không được sau hôm nay."))
        if not decision_authority.strip():
            add_error(errors, "decision_authority", _("Ghi cấp quyết định."))
    return number


@transaction.atomic
def reward_create(
    *,
    actor: User,
    area: Area | None,
    kind: str,
    stage: str,
    subject: str,
    recipient: str,
    form: str,
    reason: str,
    proposed_on: date | None,
    today: date,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_authority: str = "",
    document: PlanDocument | None = None,
    task: Task | None = None,
) -> Reward:
    """A proposal of reward or discipline, or its decision (number, date, authority)."""
    errors: Errors = {}
    check_commune(actor=actor, area=area, errors=errors)
    if kind not in RewardKind.values:
        add_error(errors, "kind", _("Chọn khen thưởng hay kỷ luật."))
    if stage not in RewardStage.values:
        add_error(errors, "stage", _("Chọn đề nghị hay đã có quyết định."))
    if subject not in RewardSubject.values:
        add_error(errors, "subject", _("Chọn tập thể hay cá nhân."))
    if proposed_on is None:
        add_error(errors, "proposed_on", _("Ghi ngày đề nghị."))
    if document is not None and area is not None and document.area_id != area.pk:
        add_error(errors, "document", _("Kế hoạch phải là của cùng địa bàn."))
    if task is not None and area is not None and task.area_id != area.pk:
        add_error(errors, "task", _("Nhiệm vụ phải là của cùng địa bàn."))
    values = {
        "recipient": text(
            errors, recipient, field="recipient", message=_("Ghi tập thể, cá nhân."), max_length=200
        ),
        "form": text(errors, form, field="form", message=_("Ghi hình thức."), max_length=200),
        "reason": text(errors, reason, field="reason", message=_("Ghi lý do."), max_length=5000),
    }
    number = _decision(
        errors,
        stage=stage,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_authority=decision_authority,
        today=today,
    )
    raise_if(errors)
    assert proposed_on is not None  # noqa: S101 - refused above otherwise
    reward = Reward(
        area=area,
        kind=kind,
        stage=stage,
        subject=subject,
        proposed_on=proposed_on,
        decision_number=number,
        decision_date=decision_date,
        decision_authority=decision_authority.strip()[:200],
        document=document,
        task=task,
        created_by=actor,
        **values,
    )
    reward.full_clean()
    reward.save()
    audit.record_change(actor=actor, obj=reward, before=None)
    return reward


@transaction.atomic
def reward_decide(
    *,
    actor: User,
    reward: Reward,
    decision_number: str,
    decision_date: date | None,
    decision_authority: str,
    today: date,
) -> Reward:
    """The decision on a proposal: its number, date and authority."""
    reward = Reward.objects.select_for_update().get(pk=reward.pk)
    errors: Errors = {}
    if reward.stage == RewardStage.DECIDED:
        add_error(errors, "decision_number", _("Đề nghị này đã có quyết định."))
    number = _decision(
        errors,
        stage=RewardStage.DECIDED,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_authority=decision_authority,
        today=today,
    )
    raise_if(errors)
    before = audit.snapshot(reward)
    reward.stage = RewardStage.DECIDED
    reward.decision_number = number
    reward.decision_date = decision_date
    reward.decision_authority = decision_authority.strip()[:200]
    reward.save()
    audit.record_change(actor=actor, obj=reward, before=before)
    return reward
