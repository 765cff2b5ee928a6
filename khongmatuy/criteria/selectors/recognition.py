"""Reads of the recognition lifecycle: where each area stands, its history, its live evaluation,
and the "at risk" flag (a recognised area whose live evaluation now fails).

Every read starts from ``Model.objects.for_user(user)``. The live evaluation gathers the facts of
all the areas concerned in one pass (``facts.gather``) and judges them with the rule set in force
on the date (``rules.registry.rule_set_for``, ``evaluate.evaluate``): the number of queries does
not grow with the number of areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.rules.naming import search_terms
from khongmatuy.areas.selectors import name_filter
from khongmatuy.common.dates import add_months
from khongmatuy.criteria.engine import AreaFacts, CriterionResult, EvaluationResult, RuleSetSpec
from khongmatuy.criteria.evaluate import evaluate, group_of, group_outcomes, window_months_of
from khongmatuy.criteria.facts import gather
from khongmatuy.criteria.models import Recognition, RecognitionEvent
from khongmatuy.criteria.rules import lifecycle
from khongmatuy.criteria.rules.decision28 import DRUG_FREE_COMMUNE
from khongmatuy.criteria.rules.local import DRUG_FREE_GROUP
from khongmatuy.criteria.rules.registry import rule_set_for

# The rule set each level of area is recognised against (Quyết định 28/2025/QĐ-TTg for
# communes, local criteria for residential groups).
GROUP_RULE_SET = DRUG_FREE_GROUP
COMMUNE_RULE_SET = DRUG_FREE_COMMUNE
RULE_SET_BY_LEVEL: dict[int, str] = {Level.COMMUNE: COMMUNE_RULE_SET, Level.GROUP: GROUP_RULE_SET}


def rule_set_code_for(area: Area) -> str | None:
    """The programme an area of this level is recognised under (None above the commune)."""
    return RULE_SET_BY_LEVEL.get(area.level)


# --- live evaluation ------------------------------------------------------------------------


def live_evaluations(
    *, areas: Sequence[Area], rule_set_code: str, on: date
) -> tuple[RuleSetSpec | None, dict[int, EvaluationResult]]:
    """The rule set in force on ``on`` (None: unknown code, or none in force yet) and each
    area's result as of ``on``: one facts pass for all the areas (all of the rule set's level)."""
    rule_set, judged = _judged(areas=areas, rule_set_code=rule_set_code, on=on)
    return rule_set, {pk: result for pk, (result, _facts) in judged.items()}


def _judged(
    *, areas: Sequence[Area], rule_set_code: str, on: date
) -> tuple[RuleSetSpec | None, dict[int, tuple[EvaluationResult, AreaFacts]]]:
    """``live_evaluations`` with the facts each result was judged on."""
    rule_set = rule_set_for(rule_set_code, on=on)
    if rule_set is None or not areas:
        return rule_set, {}
    facts = gather(areas=list(areas), on=on, window_months=window_months_of(rule_set))
    return rule_set, {pk: (evaluate(rule_set, f), f) for pk, f in facts.items()}


def hotspot_reasons(facts: AreaFacts) -> tuple[str, ...]:
    """Why a recognised area is at risk whatever its rule set holds: a hotspot existing on the
    date, or one that recurred in the window (the programme requires that hotspots do not form
    or recur: Quyết định 28/2025/QĐ-TTg; the Gia Viên plan, III.5–6)."""
    reasons: list[str] = []
    existing = int(facts.metrics.get("hotspots") or 0)
    recurred = int(facts.metrics.get("hotspots_recurred") or 0)
    if existing:
        reasons.append(
            _("Có %(n)s điểm, tụ điểm phức tạp về ma túy đang tồn tại tại ngày %(on)s.")
            % {"n": existing, "on": f"{facts.on:%d/%m/%Y}"}
        )
    if recurred:
        start = facts.window_start or facts.on
        reasons.append(
            _("Có %(n)s điểm, tụ điểm phức tạp về ma túy tái phát từ %(start)s đến %(end)s.")
            % {"n": recurred, "start": f"{start:%d/%m/%Y}", "end": f"{facts.on:%d/%m/%Y}"}
        )
    return tuple(reasons)


def live_check(
    *, area: Area, rule_set_code: str, on: date
) -> tuple[EvaluationResult | None, tuple[str, ...]]:
    """One area's live result and its hotspot reasons (one facts pass)."""
    _, judged = _judged(areas=[area], rule_set_code=rule_set_code, on=on)
    if area.pk not in judged:
        return None, ()
    result, area_facts = judged[area.pk]
    return result, hotspot_reasons(area_facts)


def live_evaluation(*, area: Area, rule_set_code: str, on: date) -> EvaluationResult | None:
    """One area's live result (None when the facts pass returned nothing for it)."""
    _, results = live_evaluations(areas=[area], rule_set_code=rule_set_code, on=on)
    return results.get(area.pk)


def failing(result: EvaluationResult) -> list[CriterionResult]:
    """The conditions of the criteria not met (failed, or not judged) in ``result``; the rows
    of a criterion met through an alternative ("hoặc") are left out."""
    outcomes = group_outcomes(result.results)
    return [r for r in result.results if outcomes.get(group_of(r.code)) is not True]


# --- status and badges ----------------------------------------------------------------------


def recognition_status_for(*, user: User, areas: Iterable[Area]) -> dict[int, list[Recognition]]:
    """The recognitions of exactly these areas (every programme), for badges: one query."""
    ids = [a.pk for a in areas]
    rows: dict[int, list[Recognition]] = defaultdict(list)
    if not ids:
        return {}
    recognitions: QuerySet[Recognition] = Recognition.objects.for_user(user)
    for recognition in recognitions.filter(area_id__in=ids).order_by("area_id", "rule_set_code"):
        rows[recognition.area_id].append(recognition)
    return dict(rows)


def keep_due_on(recognition: Recognition) -> date | None:
    """When the next yearly keep evaluation is due (None when the area is not recognised)."""
    if recognition.status not in lifecycle.RECOGNISED:
        return None
    last = recognition.last_kept_on or recognition.recognised_on
    return add_months(last, lifecycle.KEEP_INTERVAL_MONTHS) if last else None


# --- at risk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AtRisk:
    recognition: Recognition
    result: EvaluationResult
    # A hotspot existing or recurred: flagged even when the rule set has no hotspot condition.
    hotspots: tuple[str, ...] = ()

    @property
    def area(self) -> Area:
        return self.recognition.area

    @property
    def failing(self) -> list[CriterionResult]:
        return failing(self.result)

    @property
    def missing_evidence(self) -> tuple[str, ...]:
        return self.result.missing_evidence


def _under(areas: Sequence[Area]) -> Q:
    """Recognitions of these areas or of any area below them."""
    condition = Q(pk__in=[])
    for area in areas:
        if area.level == Level.COUNTRY:
            return Q()
        if area.level == Level.PROVINCE:
            condition |= Q(area__province_id=area.pk)
        elif area.level == Level.COMMUNE:
            condition |= Q(area__commune_id=area.pk)
        else:
            condition |= Q(area_id=area.pk)
    return condition


def recognised_in_scope(
    *, user: User, areas: Sequence[Area] | None = None
) -> QuerySet[Recognition]:
    qs: QuerySet[Recognition] = Recognition.objects.for_user(user).filter(
        status__in=lifecycle.RECOGNISED
    )
    if areas is not None:
        qs = qs.filter(_under(areas))
    return qs.select_related("area", "area__commune").order_by("area__sort_key", "area_id")


def at_risk(*, user: User, areas: Sequence[Area] | None = None, on: date) -> list[AtRisk]:
    """Recognised or kept areas in the user's scope (under ``areas`` when given) whose live
    evaluation on ``on`` fails, or can no longer conclude (its data review or population figure
    is missing, so the status cannot be kept), or that have a hotspot existing on ``on`` or
    recurred in the window (``hotspot_reasons``, whatever the rule set): one recognition
    query, then one facts pass per programme."""
    return flag_at_risk(list(recognised_in_scope(user=user, areas=areas)), on=on)


def flag_at_risk(recognitions: Sequence[Recognition], *, on: date) -> list[AtRisk]:
    """The ones of ``recognitions`` at risk on ``on`` (see ``at_risk``): one facts pass per
    programme. Takes rows already read (scoped by the caller, or all of them for reminders)."""
    by_code: dict[str, list[Recognition]] = defaultdict(list)
    for recognition in recognitions:
        by_code[recognition.rule_set_code].append(recognition)
    flagged: list[AtRisk] = []
    for code, rows in sorted(by_code.items()):
        _, judged = _judged(areas=[r.area for r in rows], rule_set_code=code, on=on)
        for recognition in rows:
            if recognition.area_id not in judged:
                continue
            result, area_facts = judged[recognition.area_id]
            hotspots = hotspot_reasons(area_facts)
            if result.passed is False or result.missing_evidence or hotspots:
                flagged.append(AtRisk(recognition=recognition, result=result, hotspots=hotspots))
    return flagged


# --- pages ----------------------------------------------------------------------------------


def recognition_list(
    *,
    user: User,
    status: str = "",
    rule_set_code: str = "",
    area: Area | None = None,
    q: str = "",
) -> QuerySet[Recognition]:
    qs: QuerySet[Recognition] = Recognition.objects.for_user(user)
    if area is not None:
        qs = qs.filter(_under([area]))
    if status:
        qs = qs.filter(status=status)
    if rule_set_code:
        qs = qs.filter(rule_set_code=rule_set_code)
    terms = search_terms(q or "", max_words=8)
    if terms.words:
        qs = qs.filter(name_filter(terms, prefix="area__"))
    return qs.select_related("area", "area__commune").order_by("area__sort_key", "rule_set_code")


def status_counts(*, user: User, area: Area | None = None) -> dict[str, int]:
    """How many areas stand in each status (one aggregate query)."""
    qs: QuerySet[Recognition] = Recognition.objects.for_user(user)
    if area is not None:
        qs = qs.filter(_under([area]))
    rows = qs.values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Recognition.Status.values, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    counts[Recognition.Status.NOT_REGISTERED] += unregistered_count(user=user, area=area)
    return counts


def unregistered_count(*, user: User, area: Area | None = None) -> int:
    """Active communes and residential groups the user sees (under ``area``) that have no
    recognition record of their level's programme: never registered, so "chưa đăng ký" too.
    One query per level."""
    total = 0
    for level, code in RULE_SET_BY_LEVEL.items():
        qs = Area.objects.for_user(user).filter(is_active=True, level=level)
        if area is not None:
            qs = qs.filter(_area_under(area))
        has_record = Recognition.objects.filter(area_id=OuterRef("pk"), rule_set_code=code)
        total += qs.filter(~Exists(has_record)).count()
    return total


def unregistered_areas(*, user: User, area: Area | None = None, q: str = "") -> QuerySet[Area]:
    """The areas the "chưa đăng ký" count counts: active communes and residential groups the
    user sees (under ``area``, matching ``q``) with no recognition record of their level's
    programme, or with one still "not registered"; in Vietnamese order."""
    qs = Area.objects.for_user(user).filter(is_active=True, level__in=list(RULE_SET_BY_LEVEL))
    if area is not None:
        qs = qs.filter(_area_under(area))
    terms = search_terms(q or "", max_words=8)
    if terms.words:
        qs = qs.filter(name_filter(terms))
    registered = Q()
    for level, code in RULE_SET_BY_LEVEL.items():
        active = Recognition.objects.filter(area_id=OuterRef("pk"), rule_set_code=code).exclude(
            status=Recognition.Status.NOT_REGISTERED
        )
        registered |= Q(Q(level=level), Exists(active))
    return qs.exclude(registered).select_related("commune").order_by("sort_key", "pk")


NOT_REGISTERED = Recognition.Status.NOT_REGISTERED


def as_unregistered(areas: Iterable[Area]) -> list[Recognition]:
    """Rows for the recognition list: an unsaved "not registered" recognition per area."""
    return [
        Recognition(
            area=a,
            rule_set_code=RULE_SET_BY_LEVEL[a.level],
            status=Recognition.Status.NOT_REGISTERED,
        )
        for a in areas
    ]


def _area_under(area: Area) -> Q:
    """Areas at or under ``area`` (on ``Area`` itself)."""
    if area.level == Level.COUNTRY:
        return Q()
    if area.level == Level.PROVINCE:
        return Q(province_id=area.pk)
    if area.level == Level.COMMUNE:
        return Q(commune_id=area.pk)
    return Q(pk=area.pk)


def recognition_for(*, user: User, area: Area, rule_set_code: str) -> Recognition | None:
    """The area's recognition under the programme (None: never registered). ``area`` comes from
    ``Area.objects.for_user``; this read is scoped too."""
    if rule_set_code_for(area) != rule_set_code:
        raise Http404
    qs: QuerySet[Recognition] = Recognition.objects.for_user(user)
    return qs.filter(area=area, rule_set_code=rule_set_code).first()


def recognition_history(*, user: User, recognition: Recognition | None) -> list[RecognitionEvent]:
    if recognition is None:
        return []
    events: QuerySet[RecognitionEvent] = RecognitionEvent.objects.for_user(user)
    rows = list(events.filter(recognition=recognition).select_related("actor").order_by("on", "pk"))
    labels = dict(Recognition.Status.choices)
    for event in rows:
        event.label = labels.get(event.to_status, event.to_status)  # type: ignore[attr-defined]
    return rows
