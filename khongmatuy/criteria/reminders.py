"""Reminders of the recognition lifecycle: a recognised area whose live evaluation fails.

Evaluated at once after a write that changes an area's facts (``common.reminders.area_changed``
from the people and places services) and again at each periodic run. The judgement is the one
the at-risk panel shows (``selectors.recognition.flag_at_risk``): the rule set in force on the
date, one facts pass per programme, whatever the number of areas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area
from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from .models import Recognition
from .rules import lifecycle
from .rules.registry import rule_set_for
from .selectors.recognition import AtRisk, flag_at_risk

KIND = "recognition_at_risk"


def failure_stage(item: AtRisk) -> str:
    """What fails, as a short stable key: the same failure is reminded once, a new one again."""
    parts = sorted(r.code for r in item.failing)
    parts += [f"missing:{m}" for m in item.missing_evidence]
    parts += ["hotspots"] if item.hotspots else []
    text = "|".join(parts)
    return text if len(text) <= 60 else hashlib.sha256(text.encode()).hexdigest()[:16]


def recognised_failing(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Recognised or kept areas whose live evaluation on ``on`` fails, cannot conclude, or that
    hold a hotspot (Quyết định 28/2025/QĐ-TTg for communes; the local criteria for groups). With
    ``area_ids``: those areas and the communes they belong to (a group's record counts in both)."""
    qs = Recognition.objects.filter(status__in=lifecycle.RECOGNISED).select_related("area")
    if area_ids is not None:
        communes = Area.objects.filter(pk__in=area_ids).values("commune_id")
        qs = qs.filter(Q(area_id__in=area_ids) | Q(area_id__in=communes))
    reminders: list[Reminder] = []
    for item in flag_at_risk(list(qs), on=on):
        rule_set = rule_set_for(item.recognition.rule_set_code, on=on)
        reminders.append(
            Reminder(
                kind=KIND,
                target_id=item.recognition.pk,
                area_id=item.recognition.area_id,
                due_on=None,
                stage=failure_stage(item),
                article=str(rule_set.source) if rule_set is not None else "",
            )
        )
    return reminders


RULES = (
    ReminderRule(
        kind=KIND,
        label=gettext_lazy("Địa bàn đã được công nhận nay không còn đạt tiêu chí"),
        compute=recognised_failing,
        capability=Capability.VIEW_CRITERIA,
        url_name="criteria:evaluation",
        url_from="area",
        audience=frozenset({Role.COMMUNE_POLICE, Role.COMMUNE_LEADERSHIP, Role.GROUP_LEADER}),
        escalate_to=frozenset(),
        at_once=True,
        order=5,
    ),
)
