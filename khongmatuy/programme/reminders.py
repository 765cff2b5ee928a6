"""Reminders of the programme: a commune project whose disbursement is behind its schedule
(Kế hoạch UBND phường Thủy Nguyên I.4: "giải ngân vốn đầu tư công đúng tiến độ"; IV.2: the ward
police guides, checks and chases, "hướng dẫn, kiểm tra, đôn đốc").

Set-based: one query sums the year's money of every commune project, reads the last schedule step
passed by ``on`` and keeps the projects behind it (``selectors.ledger.behind_schedule``). The
reminder's due date is the last passed step, so a new step that is missed reminds again.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils.translation import gettext_lazy as _

from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .models import CommuneProject
from .selectors.ledger import behind_schedule

KIND = "programme_behind"
ARTICLE = "Kế hoạch UBND phường Thủy Nguyên, mục I.4"


def disbursement_behind(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Commune projects whose disbursement rate of ``on``'s year is below the share their
    schedule plans by ``on`` (``rules.schedule.Progress.behind``, judged in the query)."""
    qs = CommuneProject.objects.order_by()  # no sort, no join for the default ordering
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    # ``due`` is an annotation of ``behind_schedule``, unknown to the stubs.
    rows = behind_schedule(qs, on=on).values_list("pk", "area_id", "due")  # type: ignore[misc]
    return [
        Reminder(
            kind=KIND,
            target_id=pk,
            area_id=area_id,
            due_on=due,
            stage="behind",
            article=ARTICLE,
            days_overdue=(on - due).days,
        )
        for pk, area_id, due in rows
    ]


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
