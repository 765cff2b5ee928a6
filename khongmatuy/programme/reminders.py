"""Reminders of the programme: a commune project whose disbursement is behind its schedule
(Kế hoạch UBND phường Thủy Nguyên I.4: "giải ngân vốn đầu tư công đúng tiến độ"; IV.2: the ward
police guides, checks and chases, "hướng dẫn, kiểm tra, đôn đốc").

Set-based: one query sums the year's money of every commune project that has a schedule step
passed by ``on``, one more reads those steps. The reminder's due date is the last passed step,
so a new step that is missed reminds again.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils.translation import gettext_lazy as _

from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .models import CommuneProject, ScheduleStep
from .rules.schedule import progress
from .selectors.ledger import MONEY_FIELDS, ledger_from, schedules, with_money

KIND = "programme_behind"
ARTICLE = "Kế hoạch UBND phường Thủy Nguyên, mục I.4"


def disbursement_behind(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Commune projects whose disbursement rate of ``on``'s year is below the share their
    schedule plans by ``on``."""
    year = on.year
    scheduled = ScheduleStep.objects.filter(year=year, until__lte=on).values("commune_project_id")
    qs = CommuneProject.objects.filter(pk__in=scheduled)
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    rows = list(with_money(qs, year=year).values("pk", "area_id", *MONEY_FIELDS))
    steps = schedules(project_ids=[r["pk"] for r in rows], year=year)
    reminders = []
    for row in rows:
        project_steps = steps.get(row["pk"], [])
        if not progress(ledger_from(row), project_steps, on).behind:
            continue
        due = max(s.until for s in project_steps if s.until <= on)
        reminders.append(
            Reminder(
                kind=KIND,
                target_id=row["pk"],
                area_id=row["area_id"],
                due_on=due,
                stage="behind",
                article=ARTICLE,
                days_overdue=(on - due).days,
            )
        )
    return reminders


RULES = (
    ReminderRule(
        kind=KIND,
        label=_("Dự án Chương trình MTQG giải ngân chậm so với tiến độ"),
        compute=disbursement_behind,
        capability=Capability.MANAGE_PROGRAMME,
        url_name="programme:project",
        audience=frozenset({Role.COMMUNE_POLICE}),
        escalate_to=frozenset({Role.COMMUNE_LEADERSHIP}),
        order=70,
    ),
)
