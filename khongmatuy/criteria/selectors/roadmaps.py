"""Reads of roadmaps: the list, one roadmap, and its progress (target vs actual per target).

An area counts as achieved for a target when its ``Recognition`` under the roadmap's rule set is
recognised or kept and was recognised on or before the target's due date (or before ``on`` for a
target not yet due). Everything is read through ``for_user`` and by aggregate queries: the number
of queries does not grow with the number of areas (nor with the number of targets for the counts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.dates import add_months
from khongmatuy.criteria.models import Recognition, Roadmap, RoadmapTarget
from khongmatuy.criteria.rules import lifecycle
from khongmatuy.criteria.selectors.recognition import at_risk as recognition_at_risk
from khongmatuy.prevention.selectors import households

ACHIEVED = (Recognition.Status.RECOGNISED, Recognition.Status.KEPT)


def below_q_kwargs(area: Area, prefix: str = "") -> dict[str, int]:
    """The filter selecting the areas in ``area``'s subtree (itself included), by the
    denormalised ancestors (one indexed column, no recursion); with ``prefix`` (``"area__"``,
    ``"person__area__"``), the records whose area, through that path, is in it."""
    if area.level == Level.COUNTRY:
        return {}
    if area.level == Level.PROVINCE:
        return {f"{prefix}province_id": area.pk}
    if area.level == Level.COMMUNE:
        return {f"{prefix}commune_id": area.pk}
    return {f"{prefix}pk": area.pk}


def roadmap_list(*, user: User) -> QuerySet[Roadmap]:
    return (
        Roadmap.objects.for_user(user)
        .select_related("area")
        .annotate(target_count=Count("targets"))
        .order_by("area__level", "area__sort_key", "name_sort", "pk")
    )


def roadmap_get_for_user(*, user: User, pk: int) -> Roadmap:
    """The roadmap, or 404 when its area is outside the user's scope."""
    return get_object_or_404(Roadmap.objects.for_user(user).select_related("area"), pk=pk)


def in_force_q(on: date, prefix: str = "") -> Q:
    """Areas that existed on ``on``: started by then, not ended before, and not dissolved
    without a date (an inactive row without ``valid_until``)."""
    p = prefix
    return (
        (Q(**{f"{p}valid_from__isnull": True}) | Q(**{f"{p}valid_from__lte": on}))
        & (Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gte": on}))
        & (Q(**{f"{p}is_active": True}) | Q(**{f"{p}valid_until__isnull": False}))
    )


@dataclass
class TargetProgress:
    target: RoadmapTarget
    kind: str  # "areas", "percent", "count" or "households"
    base: int  # areas at the roadmap's level below its area on the due date (or households)
    expected: int  # how many areas (households) must be achieved
    actual: int  # achieved by the due date (or by ``on`` when not yet due)
    measured_on: date
    is_due: bool
    missing: list[Area] = field(default_factory=list)  # named areas not achieved

    @property
    def behind(self) -> bool:
        return self.is_due and self.actual < self.expected

    @property
    def reached(self) -> bool:
        return self.actual >= self.expected

    @property
    def actual_percent(self) -> Decimal | None:
        if not self.base:
            return None
        return (Decimal(self.actual) * 100 / self.base).quantize(Decimal("0.1"))

    @property
    def label(self) -> str:
        return str(self.target.due_on.year)


@dataclass(frozen=True)
class AtRisk:
    area: Area
    recognition: Recognition
    reasons: tuple[str, ...]


@dataclass
class Progress:
    roadmap: Roadmap
    on: date
    targets: list[TargetProgress]
    at_risk: list[AtRisk]

    @property
    def behind(self) -> list[TargetProgress]:
        return [t for t in self.targets if t.behind]

    @property
    def behind_areas(self) -> list[Area]:
        """The named areas whose due date has passed without being achieved."""
        seen: dict[int, Area] = {}
        for t in self.targets:
            if t.is_due and t.kind == "areas":
                for area in t.missing:
                    seen.setdefault(area.pk, area)
        return list(seen.values())


def target_count(*, percent: Decimal | None, count: int | None, named: int, base: int) -> int:
    """The number of areas a target asks for; a percentage is rounded up (40 % of 45 is 18,
    70 % of 45 is 31.5, so 32)."""
    if percent is not None:
        return math.ceil(Decimal(percent) * base / 100)
    if count is not None:
        return count
    return named


def _kind(target: RoadmapTarget, named: set[int]) -> str:
    if target.percent is not None:
        return "percent"
    if target.count is not None:
        return "count"
    return "areas"


def progress(*, user: User, roadmap: Roadmap, on: date) -> Progress:
    """Target vs actual for every target of ``roadmap`` as of ``on``, and the areas at risk."""
    every = list(RoadmapTarget.objects.for_user(user).filter(roadmap=roadmap).order_by("due_on"))
    targets = [t for t in every if t.measure == RoadmapTarget.Measure.RECOGNISED]
    level = roadmap.target_level
    below = below_q_kwargs(roadmap.area)
    areas = Area.objects.for_user(user).filter(level=level, **below)
    recognitions = Recognition.objects.for_user(user).filter(
        rule_set_code=roadmap.rule_set_code,
        status__in=ACHIEVED,
        recognised_on__isnull=False,
        area__level=level,
        **{f"area__{k}": v for k, v in below.items()},
    )
    measured = [min(t.due_on, on) for t in targets]
    # 1. The areas at the level on each due date, and 2. those achieved by each date: one
    # aggregate query each, whatever the number of areas.
    bases: dict[str, Any] = {}
    achieved: dict[str, Any] = {}
    if targets:
        bases = areas.aggregate(
            **{f"t{i}": Count("pk", filter=in_force_q(t.due_on)) for i, t in enumerate(targets)}
        )
        windows = {}
        for i, t in enumerate(targets):
            window = Q(recognised_on__lte=measured[i])
            if not t.cumulative and i > 0:
                window &= Q(recognised_on__gt=targets[i - 1].due_on)
            windows[f"t{i}"] = Count("pk", filter=window)
        achieved = recognitions.aggregate(**windows)
    # 3. Named areas of every target, and when each was recognised: two queries.
    through = RoadmapTarget.areas.through
    names_by_target: dict[int, set[int]] = {t.pk: set() for t in targets}
    for target_id, area_id in through.objects.filter(roadmaptarget__roadmap=roadmap).values_list(
        "roadmaptarget_id", "area_id"
    ):
        names_by_target[target_id].add(area_id)
    all_named = set().union(*names_by_target.values()) if names_by_target else set()
    recognised_on: dict[int, date] = {
        area_id: day
        for area_id, day in recognitions.filter(area_id__in=all_named).values_list(
            "area_id", "recognised_on"
        )
        if day is not None
    }
    rows: list[TargetProgress] = []
    missing_by_row: list[list[int]] = []
    cumulative_names: set[int] = set()
    for i, t in enumerate(targets):
        named = names_by_target[t.pk]
        cumulative_names |= named
        required = (cumulative_names if t.cumulative else named) if named else set()
        kind = _kind(t, named)
        base = bases.get(f"t{i}", 0) or 0
        if kind == "areas":
            done = {a for a in required if recognised_on.get(a, date.max) <= measured[i]}
            actual = len(done)
            missing_by_row.append(sorted(required - done))
        else:
            actual = achieved.get(f"t{i}", 0) or 0
            missing_by_row.append([])
        expected = target_count(percent=t.percent, count=t.count, named=len(required), base=base)
        rows.append(
            TargetProgress(
                target=t,
                kind=kind,
                base=base,
                expected=expected,
                actual=actual,
                measured_on=measured[i],
                is_due=t.due_on <= on,
            )
        )
    for target in every:
        if target.measure == RoadmapTarget.Measure.HOUSEHOLD_COMMITMENTS:
            row, ids = _households_progress(user, roadmap, target, on=on)
            rows.append(row)
            missing_by_row.append(ids)
    order = sorted(
        range(len(rows)), key=lambda i: (rows[i].target.due_on, rows[i].kind == "households")
    )
    rows = [rows[i] for i in order]
    missing_by_row = [missing_by_row[i] for i in order]
    missing_ids = {pk for ids in missing_by_row for pk in ids}
    if missing_ids:
        by_pk = {a.pk: a for a in Area.objects.for_user(user).filter(pk__in=missing_ids)}
        for row, ids in zip(rows, missing_by_row, strict=True):
            row.missing = sorted(
                (by_pk[pk] for pk in ids if pk in by_pk), key=lambda a: (a.sort_key, a.name)
            )
    return Progress(
        roadmap=roadmap, on=on, targets=rows, at_risk=_at_risk(user, roadmap, recognitions, on=on)
    )


def _households_progress(
    user: User, roadmap: Roadmap, target: RoadmapTarget, *, on: date
) -> tuple[TargetProgress, list[int]]:
    """A household-commitment target: the households of every residential group below the
    roadmap's area with a commitment of the measured day's year signed by that day, against
    the groups' households figures (one query, ``prevention.selectors.households``); the groups
    under the target's percentage are its areas not achieved."""
    measured = min(target.due_on, on)
    groups = Area.objects.for_user(user).filter(level=Level.GROUP, **below_q_kwargs(roadmap.area))
    groups_rows = households.rows_of(groups, on=measured)
    ratio = households.total(groups_rows)
    percent = target.percent or Decimal(100)
    row = TargetProgress(
        target=target,
        kind="households",
        base=ratio.total,
        expected=target_count(percent=percent, count=None, named=0, base=ratio.total),
        actual=ratio.reached,
        measured_on=measured,
        is_due=target.due_on <= on,
    )
    below = [
        r.group_id
        for r in groups_rows
        if r.total == 0 or Decimal(r.reached) * 100 < percent * r.total
    ]
    return row, below


def _at_risk(
    user: User, roadmap: Roadmap, recognitions: QuerySet[Recognition], *, on: date
) -> list[AtRisk]:
    """Recognised or kept areas due for their yearly re-evaluation (the last keep evaluation,
    or the recognition, is ``lifecycle.KEEP_INTERVAL_MONTHS`` old or more), plus those the
    recognition app flags (``selectors.recognition.at_risk``: a live evaluation failing)."""
    limit = add_months(on, -lifecycle.KEEP_INTERVAL_MONTHS)
    stale: list[Recognition] = list(
        recognitions.annotate(last_check=Coalesce("last_kept_on", "recognised_on"))
        .filter(last_check__lte=limit, recognised_on__lte=on)
        .select_related("area")
        .order_by("area__sort_key", "area__name")
    )
    reasons: dict[int, list[str]] = {}
    found: dict[int, Recognition] = {}
    for rec in stale:
        last = rec.last_kept_on or rec.recognised_on or limit
        found[rec.area_id] = rec
        reasons.setdefault(rec.area_id, []).append(
            _("Đã quá %(n)s tháng chưa đánh giá giữ vững (lần gần nhất %(d)s).")
            % {"n": lifecycle.KEEP_INTERVAL_MONTHS, "d": f"{last:%d/%m/%Y}"}
        )
    for rec, reason in _flagged_by_recognition(user, roadmap, on=on):
        found.setdefault(rec.area_id, rec)
        reasons.setdefault(rec.area_id, []).append(reason)
    rows = [
        AtRisk(area=rec.area, recognition=rec, reasons=tuple(reasons[pk]))
        for pk, rec in found.items()
    ]
    return sorted(rows, key=lambda r: (r.area.sort_key, r.area.name))


def _flagged_by_recognition(
    user: User, roadmap: Roadmap, *, on: date
) -> list[tuple[Recognition, str]]:
    """The recognition app's own flag: a recognised area whose live evaluation fails on ``on``,
    or cannot conclude for want of evidence."""
    out: list[tuple[Recognition, str]] = []
    for item in recognition_at_risk(user=user, areas=[roadmap.area], on=on):
        rec = item.recognition
        if rec.rule_set_code != roadmap.rule_set_code or rec.area.level != roadmap.target_level:
            continue
        if item.missing_evidence:
            reason = _("Chưa kết luận được: %(missing)s") % {
                "missing": " ".join(item.missing_evidence)
            }
        elif item.result.passed is False:
            failed = "; ".join(f"{r.code}. {r.label}" for r in item.failing)
            reason = _("Đánh giá hiện tại không đạt: %(criteria)s.") % {"criteria": failed or "—"}
        else:
            reason = " ".join(item.hotspots)
        out.append((rec, reason))
    return out
