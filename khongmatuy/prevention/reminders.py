"""Reminders of prevention: a residential group not yet reached by communication this month.

The plans ask every residential group to be reached "ít nhất 01 lần/tháng" (Kế hoạch UBND
phường Gia Viên, mục III.1). From the day of the month ``KMT_ALERTS_COMMUNICATION_FROM_DAY``
(the 20th by default: a local practice, no law fixes it), each group due this month and not yet
reached reminds its leader and the commune police; the month's last day is its due date. One
query (the coverage page's own conditions, ``selectors.coverage``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .rules.periods import month_of
from .selectors.coverage import due_in, reached_in

KIND = "group_not_reached"


def groups_not_reached(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Groups due in ``on``'s month with no activity reaching them yet, from the set day on."""
    if on.day < settings.KMT_ALERTS_COMMUNICATION_FROM_DAY:
        return []
    period = month_of(on)
    groups = Area.objects.filter(level=Level.GROUP).filter(due_in(period))
    groups = groups.filter(~Q(reached_in(period)))
    if area_ids is not None:
        groups = groups.filter(Q(pk__in=area_ids) | Q(commune_id__in=area_ids))
    article = _("Kế hoạch phòng, chống ma túy của xã, phường: tuyên truyền ít nhất 01 lần/tháng")
    return [
        Reminder(
            kind=KIND,
            target_id=pk,
            area_id=pk,
            due_on=period.last,
            stage=f"{period.first:%Y-%m}",
            article=article,
        )
        for pk in groups.order_by().values_list("pk", flat=True)
    ]


RULES = (
    ReminderRule(
        kind=KIND,
        label=gettext_lazy("Tổ dân phố chưa được tuyên truyền trong tháng"),
        compute=groups_not_reached,
        capability=Capability.VIEW_PREVENTION,
        url_name="prevention:coverage",
        url_from="",
        audience=frozenset({Role.GROUP_LEADER, Role.COMMUNE_POLICE}),
        order=80,
    ),
)
