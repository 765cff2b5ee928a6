"""Reminders of places: conditional businesses not inspected within the local interval.

The interval is the local rule administrators set (``places.legal``; no law fixes it). One query
on the ``business_area_inspected`` index, as the uninspected list (``selectors``) reads it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability

from .models import Business
from .selectors import inspection_interval_days

KIND = "business_uninspected"


def businesses_uninspected(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Active businesses never inspected, or last inspected more than the interval ago: due the
    day after the interval ends (a business never inspected: the stage "never")."""
    days = inspection_interval_days()
    cutoff = on - timedelta(days=days)
    qs = Business.objects.filter(is_active=True).filter(
        Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=cutoff)
    )
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    article = _("Quy định của địa phương: kiểm tra ít nhất %(n)s ngày một lần") % {"n": days}
    return [
        Reminder(
            kind=KIND,
            target_id=pk,
            area_id=area_id,
            due_on=last + timedelta(days=days) if last else None,
            stage="overdue" if last else "never",
            article=article,
            days_overdue=(on - last).days - days if last else 0,
        )
        for pk, area_id, last in qs.order_by().values_list("pk", "area_id", "last_inspected_on")
    ]


RULES = (
    ReminderRule(
        kind=KIND,
        label=gettext_lazy("Cơ sở kinh doanh có điều kiện chưa được kiểm tra đúng định kỳ"),
        compute=businesses_uninspected,
        capability=Capability.VIEW_PLACES,
        url_name="places:business_detail",
        order=70,
    ),
)
