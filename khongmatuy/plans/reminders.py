"""Reminders of tasks: due soon or overdue (escalated to the commune's leadership as the alerts
registry does), and returned by the accepting authority.

Each rule is two queries whatever the number of tasks: the open tasks by deadline
(``task_status_due``), then the agency accounts of their lead organisations. A reminder goes to
the responsible officer's account when the task names one, to every agency account of the lead
organisation, and to the ward police, the standing agency that chases the tasks ("hướng dẫn,
kiểm tra, đôn đốc", Kế hoạch UBND phường Thủy Nguyên IV.2).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .choices import TaskStatus
from .models import Task
from .rules import deadlines

DUE_KIND = "plan_task_due"
RETURNED_KIND = "plan_task_returned"
ARTICLE = "Kế hoạch giao nhiệm vụ (rõ thời gian)"


def _agency_users(tasks: QuerySet[Task]) -> dict[int, list[int]]:
    """The active agency accounts of the lead organisations of ``tasks`` (one query: the tasks'
    leads are a subquery, never a list of ids sent back)."""
    users: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(
        role=Role.AGENCY_OFFICER,
        is_active=True,
        organisation_id__in=tasks.order_by().values("lead_id"),
    ).values_list("organisation_id", "pk")
    for organisation_id, pk in rows:
        users[organisation_id].append(pk)
    return users


def _fan_out(
    tasks: QuerySet[Task], *, kind: str, stage_of: Callable[[date], str], on: date
) -> list[Reminder]:
    """One reminder per task and responsible account; the days overdue are computed once per
    deadline (many tasks share one)."""
    agencies = _agency_users(tasks)
    holidays = public_holidays()
    late: dict[date, tuple[str, int]] = {}
    out = []
    rows = tasks.order_by().values_list("pk", "area_id", "due_on", "officer_id", "lead_id")
    for pk, area_id, due_on, officer_id, lead_id in rows:
        known = late.get(due_on)
        if known is None:
            known = late[due_on] = (
                stage_of(due_on),
                deadlines.days_overdue(due_on, on, holidays=holidays),
            )
        stage, days = known
        for responsible in {officer_id, *agencies.get(lead_id, ())}:
            out.append(
                Reminder(
                    kind=kind,
                    target_id=pk,
                    area_id=area_id,
                    due_on=due_on,
                    stage=stage,
                    article=ARTICLE,
                    responsible_id=responsible,
                    days_overdue=days,
                )
            )
    return out


def tasks_due(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Tasks not accepted whose deadline is within 7 days, or past (due today is not late)."""
    qs = Task.objects.exclude(status=TaskStatus.ACCEPTED).filter(
        due_on__lte=deadlines.due_soon_until(on)
    )
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    threshold = deadlines.overdue_threshold(on, holidays=public_holidays())
    return _fan_out(
        qs,
        kind=DUE_KIND,
        stage_of=lambda due_on: "overdue" if due_on <= threshold else "soon",
        on=on,
    )


def tasks_returned(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Tasks the accepting authority returned: the agency redoes and reports again."""
    qs = Task.objects.filter(status=TaskStatus.RETURNED)
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    return _fan_out(qs, kind=RETURNED_KIND, stage_of=lambda _due: "returned", on=on)


RULES = (
    ReminderRule(
        kind=DUE_KIND,
        label=_("Nhiệm vụ sắp đến hạn hoặc quá hạn"),
        compute=tasks_due,
        capability=Capability.VIEW_TASKS,
        url_name="plans:task",
        audience=frozenset({Role.COMMUNE_POLICE}),
        also_audience=True,
        escalate_to=frozenset({Role.COMMUNE_LEADERSHIP}),
        order=40,
    ),
    ReminderRule(
        kind=RETURNED_KIND,
        label=_("Nhiệm vụ bị trả lại, cần làm lại"),
        compute=tasks_returned,
        capability=Capability.VIEW_TASKS,
        url_name="plans:task",
        audience=frozenset({Role.COMMUNE_POLICE}),
        escalate_to=frozenset(),
        order=41,
    ),
)
