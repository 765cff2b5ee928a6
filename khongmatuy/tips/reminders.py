"""Reminders of tips: due within 3 days, or overdue (Criminal Procedure Code 2015, Art. 147).

One indexed query (``tip_open_due_on``): open tips whose deadline falls on or before
``on + DUE_SOON_DAYS``. The handler assigned receives it, else the officers of the commune.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .models import Tip
from .rules import deadlines

KIND = "tip_due"
DUE_SOON_DAYS = 3


def tip_stage(*, due_on: date, on: date) -> str:
    """ "overdue" past the last day, else "soon" (the last day within ``DUE_SOON_DAYS``)."""
    return "overdue" if due_on < on else "soon"


def tips_due(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Open tips due from now to ``on + 3 days``, and those past their deadline (CPC Art. 147)."""
    qs = Tip.objects.exclude(status=Tip.Status.CLOSED).filter(
        due_on__lte=on + timedelta(days=DUE_SOON_DAYS)
    )
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    article = str(deadlines.rule_for(on=on).article)
    return [
        Reminder(
            kind=KIND,
            target_id=pk,
            area_id=area_id,
            due_on=due_on,
            stage=tip_stage(due_on=due_on, on=on),
            article=article,
            responsible_id=assigned_to_id,
            days_overdue=max((on - due_on).days, 0),
        )
        for pk, area_id, due_on, assigned_to_id in qs.order_by().values_list(
            "pk", "area_id", "due_on", "assigned_to_id"
        )
    ]


RULES = (
    ReminderRule(
        kind=KIND,
        label=_("Tin báo sắp đến hạn hoặc quá hạn giải quyết"),
        compute=tips_due,
        capability=Capability.HANDLE_TIPS,
        url_name="tips:detail",
        escalate_to=frozenset({Role.CITY_POLICE}),
        order=10,
    ),
)
