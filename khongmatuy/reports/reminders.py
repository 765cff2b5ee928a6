"""Reminders of the official reports: a reporting period closing with no report of the commune.

The ward police compiles the periodic report (Kế hoạch UBND phường Gia Viên, mục VI.2); the
periods end on the cut-off day of Decree 09/2019/NĐ-CP, Art. 12 (``rules.periods``). From
``KMT_ALERTS_REPORT_DRAFT_DAYS`` days before a monthly, quarterly, 6-month or yearly period's
cut-off until that day, every commune with no report of that period (draft, approved or issued)
reminds its police officers. The 9-month period is left out: Art. 12 does not set it. One
query per period kind closing (at most four).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .models import Report
from .rules.periods import PeriodKind, current

KIND = "report_period_no_draft"
KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)


def periods_without_report(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Communes with no report of a period whose cut-off is today or within the set days."""
    days = settings.KMT_ALERTS_REPORT_DRAFT_DAYS
    out: list[Reminder] = []
    for kind in KINDS:
        period = current(kind, on=on)
        if not 0 <= (period.end - on).days <= days:
            continue
        reported = Report.objects.filter(
            area_id=OuterRef("pk"),
            kind=Report.Kind.PERIODIC,
            period_kind=kind,
            year=period.year,
            number_in_year=period.number,
        )
        communes = Area.objects.filter(level=Level.COMMUNE, is_active=True).filter(
            ~Q(Exists(reported))
        )
        if area_ids is not None:
            communes = communes.filter(pk__in=area_ids)
        article = _("Nghị định 09/2019/NĐ-CP, Điều 12: thời gian chốt số liệu báo cáo định kỳ")
        out += [
            Reminder(
                kind=KIND,
                target_id=pk,
                area_id=pk,
                due_on=period.end,
                stage=f"{kind}-{period.year}-{period.number}",
                article=article,
            )
            for pk in communes.order_by().values_list("pk", flat=True)
        ]
    return out


RULES = (
    ReminderRule(
        kind=KIND,
        label=gettext_lazy("Kỳ báo cáo sắp chốt số liệu mà chưa có dự thảo báo cáo"),
        compute=periods_without_report,
        capability=Capability.DRAFT_REPORTS,
        url_name="reports:create",
        url_from="",
        audience=frozenset({Role.COMMUNE_POLICE}),
        order=90,
    ),
)
