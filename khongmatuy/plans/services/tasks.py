"""Tasks with the six "rõ": assign, edit, report progress, accept or return.

Kế hoạch UBND phường Thủy Nguyên I.3-4: every piece of work has its content, deadline, progress
and responsible body, "rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, rõ thẩm
quyền". A task missing any of the six is refused, each missing one named at its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability

from ..choices import Recurrence, TaskStatus
from ..models import Meeting, PlanDocument, Task, TaskCoordinator, TaskEvent, TaskReport
from ..rules import recurrence as recurrence_rules
from ..rules import workflow
from .common import check_commune, store_file, text

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def _inside(organisation: Organisation, area: Area) -> bool:
    """Whether an organisation is located in the area a task is filed under."""
    located = organisation.area
    if area.level == Level.PROVINCE:
        return located.province_id == area.pk
    return located.commune_id == area.pk


def _six(
    *,
    errors: Errors,
    area: Area | None,
    content: str,
    lead: Organisation | None,
    coordinators: Sequence[Organisation],
    officer_name: str,
    recurrence: str,
    first_due_on: date | None,
    repeat_until: date | None,
    expected_output: str,
    accepting_authority: str,
) -> dict[str, object]:
    """The six "rõ", each refused at its own field when missing."""
    values: dict[str, object] = {
        "content": text(
            errors,
            content,
            field="content",
            message=_("Rõ việc: ghi nội dung nhiệm vụ."),
            max_length=5000,
        ),
        "officer_name": text(
            errors,
            officer_name,
            field="officer_name",
            message=_("Rõ người: ghi người chịu trách nhiệm thực hiện."),
            max_length=150,
        ),
        "expected_output": text(
            errors,
            expected_output,
            field="expected_output",
            message=_("Rõ sản phẩm: ghi sản phẩm phải có (báo cáo, kế hoạch, số liệu…)."),
            max_length=500,
        ),
        "accepting_authority": text(
            errors,
            accepting_authority,
            field="accepting_authority",
            message=_("Rõ thẩm quyền: ghi cấp nghiệm thu, đánh giá kết quả."),
            max_length=200,
        ),
    }
    if lead is None:
        add_error(errors, "lead", _("Rõ trách nhiệm: chọn đơn vị chủ trì."))
    elif area is not None and not _inside(lead, area):
        add_error(errors, "lead", _("Đơn vị chủ trì không thuộc địa bàn của nhiệm vụ."))
    for organisation in coordinators:
        if lead is not None and organisation.pk == lead.pk:
            add_error(
                errors, "coordinators", _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
            )
        elif area is not None and not _inside(organisation, area):
            add_error(
                errors,
                "coordinators",
                _("“%(name)s” không thuộc địa bàn của nhiệm vụ.") % {"name": organisation},
            )
    if recurrence not in Recurrence.values:
        add_error(
            errors,
            "recurrence",
            _("Rõ thời gian: chọn thời hạn một lần hay hằng tháng, hằng quý, hằng năm."),
        )
    if first_due_on is None:
        add_error(errors, "first_due_on", _("Rõ thời gian: ghi thời hạn (hạn đầu tiên)."))
    elif repeat_until is not None and repeat_until < first_due_on:
        add_error(errors, "repeat_until", _("Ngày kết thúc lặp lại phải sau hạn đầu tiên."))
    if repeat_until is not None and recurrence == Recurrence.ONCE:
        add_error(errors, "repeat_until", _("Nhiệm vụ một lần không lặp lại."))
    return values


def _set_coordinators(task: Task, coordinators: Sequence[Organisation]) -> None:
    wanted = {o.pk for o in coordinators}
    have = set(task.coordinations.values_list("organisation_id", flat=True))
    for organisation_id in wanted - have:
        row = TaskCoordinator.objects.create(task=task, organisation_id=organisation_id)
        audit.record_change(actor=None, obj=row, before=None)
    for row in task.coordinations.filter(organisation_id__in=have - wanted):
        audit.record_delete(actor=None, obj=row)
        row.delete()


@transaction.atomic
def task_create(
    *,
    actor: User,
    content: str,
    lead: Organisation | None,
    officer_name: str,
    recurrence: str,
    first_due_on: date | None,
    expected_output: str,
    accepting_authority: str,
    document: PlanDocument | None = None,
    meeting: Meeting | None = None,
    area: Area | None = None,
    coordinators: Sequence[Organisation] = (),
    officer_position: str = "",
    officer: User | None = None,
    repeat_until: date | None = None,
    section: str = "",
) -> Task:
    """Assign a task under a document (or a meeting's conclusion), filed under its area."""
    errors: Errors = {}
    if document is not None:
        area = document.area
    elif meeting is not None:
        area = meeting.area
    check_commune(actor=actor, area=area, errors=errors)
    coordinators = list(dict.fromkeys(coordinators))
    values = _six(
        errors=errors,
        area=area,
        content=content,
        lead=lead,
        coordinators=coordinators,
        officer_name=officer_name,
        recurrence=recurrence,
        first_due_on=first_due_on,
        repeat_until=repeat_until,
        expected_output=expected_output,
        accepting_authority=accepting_authority,
    )
    raise_if(errors)
    assert first_due_on is not None  # noqa: S101 - _six refused it otherwise
    task = Task(
        area=area,
        document=document,
        meeting=meeting,
        section=section.strip()[:50],
        lead=lead,
        officer_position=officer_position.strip()[:150],
        officer=officer,
        recurrence=recurrence,
        first_due_on=first_due_on,
        due_on=first_due_on,
        repeat_until=repeat_until,
        created_by=actor,
        **values,
    )
    task.full_clean()
    task.save()
    audit.record_change(actor=actor, obj=task, before=None)
    _set_coordinators(task, coordinators)
    return task


@transaction.atomic
def task_update(
    *,
    actor: User,
    task: Task,
    content: str,
    lead: Organisation | None,
    officer_name: str,
    recurrence: str,
    first_due_on: date | None,
    expected_output: str,
    accepting_authority: str,
    coordinators: Sequence[Organisation] = (),
    officer_position: str = "",
    officer: User | None = None,
    repeat_until: date | None = None,
    section: str = "",
    version: int | None = None,
) -> Task:
    """Edit a task; a changed first deadline resets the current one when nothing was accepted."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    audit.version_check(task, version, yours={"content": content, "officer_name": officer_name})
    errors: Errors = {}
    coordinators = list(dict.fromkeys(coordinators))
    values = _six(
        errors=errors,
        area=task.area,
        content=content,
        lead=lead,
        coordinators=coordinators,
        officer_name=officer_name,
        recurrence=recurrence,
        first_due_on=first_due_on,
        repeat_until=repeat_until,
        expected_output=expected_output,
        accepting_authority=accepting_authority,
    )
    raise_if(errors)
    assert first_due_on is not None  # noqa: S101 - _six refused it otherwise
    before = audit.snapshot(task)
    for key, value in values.items():
        setattr(task, key, value)
    if first_due_on != task.first_due_on or recurrence != task.recurrence:
        task.first_due_on = first_due_on
        task.due_on = first_due_on
    task.lead = lead  # type: ignore[assignment]
    task.recurrence = recurrence
    task.repeat_until = repeat_until
    task.officer_position = officer_position.strip()[:150]
    task.officer = officer
    task.section = section.strip()[:50]
    task.full_clean()
    task.save()
    audit.record_change(actor=actor, obj=task, before=before)
    _set_coordinators(task, coordinators)
    return task


def _event(*, actor: User, task: Task, step: str, source: str, on: date, note: str) -> None:
    event = TaskEvent(
        task=task,
        step=step,
        on=on,
        from_status=source,
        to_status=task.status,
        due_on=task.due_on,
        note=note[:250],
    )
    event.actor = actor
    event.save()
    audit.record_change(actor=actor, obj=event, before=None)


def _locked_for(actor: User, task: Task) -> Task:
    """The task's row, locked, if the actor sees it (an agency: only its own tasks)."""
    try:
        return Task.objects.for_user(actor).select_for_update().get(pk=task.pk)
    except Task.DoesNotExist:
        raise DomainError({"task": _("Bạn không được giao nhiệm vụ này.")}) from None


@transaction.atomic
def task_report(
    *,
    actor: User,
    task: Task,
    percent: int | None,
    text_done: str,
    done: bool,
    today: date,
    evidence: UploadedFile | None = None,
) -> TaskReport:
    """The agency's progress report: percentage, what was done, evidence; ``done`` submits the
    task to its accepting authority (which needs 100 %)."""
    if not actor.can(Capability.REPORT_TASKS):
        raise DomainError({"task": _("Bạn không được báo cáo tiến độ nhiệm vụ.")})
    task = _locked_for(actor, task)
    errors: Errors = {}
    step = workflow.SUBMIT if done else workflow.REPORT
    if not workflow.WORKFLOW.allows(task.status, step):
        add_error(errors, "done", _("Nhiệm vụ đang chờ nghiệm thu hoặc đã nghiệm thu."))
    if percent is None:
        add_error(errors, "percent", _("Ghi tiến độ (%)."))
    elif not 0 <= percent <= 100:
        add_error(errors, "percent", _("Tiến độ từ 0 đến 100 %."))
    elif done and percent != 100:
        add_error(errors, "percent", _("Báo cáo hoàn thành khi tiến độ là 100 %."))
    body = text(
        errors, text_done, field="text", message=_("Ghi kết quả thực hiện."), max_length=5000
    )
    raise_if(errors)
    assert percent is not None  # noqa: S101 - refused above otherwise
    stored, content_type = store_file(evidence, folder="plans/evidence", field="evidence")
    report = TaskReport(
        task=task,
        reported_on=today,
        due_on=task.due_on,
        percent=percent,
        text=body,
        done=done,
        evidence=stored,
        evidence_type=content_type,
        reported_by=actor,
    )
    report.save()
    audit.record_change(actor=actor, obj=report, before=None)
    before = audit.snapshot(task)
    source = task.status
    task.status = workflow.WORKFLOW[step].target or task.status
    task.percent = percent
    task.last_reported_on = today
    task.save()
    audit.record_change(actor=actor, obj=task, before=before)
    _event(actor=actor, task=task, step=step, source=source, on=today, note=body)
    return report


@transaction.atomic
def task_accept(*, actor: User, task: Task, today: date, note: str = "") -> Task:
    """The accepting authority accepts the reported result. A recurring task then falls due
    again at its next occurrence (``rules.recurrence``) and starts over."""
    if not actor.can(Capability.ACCEPT_TASKS):
        raise DomainError({"status": _("Bạn không có thẩm quyền nghiệm thu nhiệm vụ.")})
    task = _locked_for(actor, task)
    workflow.WORKFLOW.guard(
        task.status, workflow.ACCEPT, message=_("Chỉ nghiệm thu nhiệm vụ đã báo cáo hoàn thành.")
    )
    before = audit.snapshot(task)
    source = task.status
    task.status = TaskStatus.ACCEPTED
    task.save()
    _event(actor=actor, task=task, step=workflow.ACCEPT, source=source, on=today, note=note)
    following = recurrence_rules.next_due(
        task.first_due_on, task.recurrence, after=task.due_on, until=task.repeat_until
    )
    if following is not None:
        task.status = TaskStatus.OPEN
        task.due_on = following
        task.percent = 0
        task.save()
    audit.record_change(actor=actor, obj=task, before=before)
    return task


@transaction.atomic
def task_return(*, actor: User, task: Task, reason: str, today: date) -> Task:
    """The accepting authority returns the result to be redone, with the reason."""
    if not actor.can(Capability.ACCEPT_TASKS):
        raise DomainError({"status": _("Bạn không có thẩm quyền nghiệm thu nhiệm vụ.")})
    task = _locked_for(actor, task)
    errors: Errors = {}
    reason = text(errors, reason, field="reason", message=_("Ghi lý do trả lại."), max_length=250)
    raise_if(errors)
    workflow.WORKFLOW.guard(
        task.status, workflow.RETURN, message=_("Chỉ trả lại nhiệm vụ đã báo cáo hoàn thành.")
    )
    before = audit.snapshot(task)
    source = task.status
    task.status = TaskStatus.RETURNED
    task.save()
    audit.record_change(actor=actor, obj=task, before=before)
    _event(actor=actor, task=task, step=workflow.RETURN, source=source, on=today, note=reason)
    return task
