"""Reads of evaluations: the live evaluation of an area (computed now, not stored) with the links
to the records behind each value, the rule sets that apply to an area, and the stored results.

Every read of stored rows starts from ``Evaluation.objects.for_user(user)``; the area of a live
evaluation comes from ``Area.objects.for_user`` (the view's 404). The facts of one area are one
``facts.gather`` pass (five queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.criteria import facts as facts_module
from khongmatuy.criteria.engine import (
    AreaFacts,
    CriterionResult,
    EvaluationResult,
    RuleSetSpec,
)
from khongmatuy.criteria.evaluate import (
    COMPARATOR_SIGNS,
    evaluate,
    window_months_of,
    with_unit,
)
from khongmatuy.criteria.models import Evaluation
from khongmatuy.criteria.rules import decision28, local, registry
from khongmatuy.places.models import Place

# The drug-free rule set of each level (Decision 28 for communes, the local one for groups).
DRUG_FREE_BY_LEVEL: dict[int, str] = {
    Level.COMMUNE: decision28.DRUG_FREE_COMMUNE,
    Level.GROUP: local.DRUG_FREE_GROUP,
}


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class CriterionRow:
    result: CriterionResult
    value_text: str
    threshold_text: str
    comparator_text: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Outcome:
    """A result as users read it: its words and its badge colour (``ok`` green, ``alert`` red,
    ``inactive`` red for "needs action")."""

    label: str
    badge: str


def outcome(*, rule_set_code: str, passed: bool | None) -> Outcome:
    """A hotspot rule set "passed" means the area is a hotspot: bad news, worded as such; for a
    drug-free rule set a pass is the good news."""
    if rule_set_code in decision28.HOTSPOT_CODES:
        if passed is None:
            return Outcome(_("Chưa kết luận"), "inactive")
        if passed:
            return Outcome(_("Thuộc diện trọng điểm"), "alert")
        return Outcome(_("Không thuộc diện trọng điểm"), "ok")
    if passed is None:
        return Outcome(_("Chưa thể kết luận"), "inactive")
    return Outcome(_("Đạt"), "ok") if passed else Outcome(_("Không đạt"), "alert")


@dataclass(frozen=True)
class LiveEvaluation:
    area: Area
    on: date
    rule_set: RuleSetSpec
    facts: AreaFacts
    result: EvaluationResult
    rows: tuple[CriterionRow, ...]

    @property
    def depends_on_unconfirmed(self) -> bool:
        return self.result.depends_on_unconfirmed

    @property
    def outcome(self) -> Outcome:
        return outcome(rule_set_code=self.rule_set.code, passed=self.result.passed)


def rule_sets_for(*, area: Area, on: date) -> list[RuleSetSpec]:
    """The rule sets in force on ``on`` for the area's level (two queries)."""
    return [
        e.in_force
        for e in registry.catalogue(on=on)
        if e.in_force is not None and e.in_force.level == area.level
    ]


def default_rule_set(*, area: Area, rule_sets: list[RuleSetSpec]) -> RuleSetSpec | None:
    """The rule set a live evaluation opens on: the drug-free one of the area's level (what the
    area is working towards), else the first that applies."""
    wanted = DRUG_FREE_BY_LEVEL.get(area.level)
    chosen = next((s for s in rule_sets if s.code == wanted), None)
    return chosen or (rule_sets[0] if rule_sets else None)


def rule_sets_under(*, area: Area, on: date) -> list[RuleSetSpec]:
    """The rule sets in force for the area's level or any level below (the bulk action)."""
    return [
        e.in_force
        for e in registry.catalogue(on=on)
        if e.in_force is not None and e.in_force.level >= area.level
    ]


def _with_unit(value: Any, metric: str) -> str:
    if value is None:
        return "—"
    return with_unit(value, metric)


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def record_links(*, area: Area, metric: str, on: date, window_start: date | None) -> list[Link]:
    """Where the records behind a metric's value are listed: exactly the records counted, as of
    ``on`` and in the window (the lists filter through the same QuerySet conditions as
    ``facts``: ``people.counting``, ``Place.objects.existing_on`` / ``recurred_between``, the
    cultivation and arrest periods)."""
    area_param = area.pk if area.level >= Level.COMMUNE else ""
    day = f"{on:%d/%m/%Y}"
    start = f"{window_start:%d/%m/%Y}" if window_start else ""

    def people(label: str, **group: str) -> list[Link]:
        # Every status: a person removed from the list since ``on`` was counted then.
        return [Link(_url("people:list", area=area_param, status="all", **group), label)]

    if metric in ("managed_count", "managed_rate"):
        return people(_("Người sử dụng trái phép, nghiện ma túy"), users="1", as_of=day)
    if metric == "users_outside_treatment":
        return people(
            _("Người sử dụng, nghiện không đang cai nghiện, điều trị"),
            outside_treatment="1",
            as_of=day,
        )
    if metric == "new_users":
        return people(_("Người mới phát hiện sử dụng"), new_from=start or day, new_to=day)
    if metric == "dealers":
        return people(_("Đối tượng mua bán, nghi vấn mua bán"), dealers="1", as_of=day)
    if metric in ("harbouring_places", "hotspots"):
        kind = Place.Kind.HARBOURING if metric == "harbouring_places" else Place.Kind.HOTSPOT
        return [
            Link(_url("places:list", area=area_param, kind=kind, existing_on=day), str(kind.label))
        ]
    if metric == "hotspots_recurred":
        return [
            Link(
                _url(
                    "places:list",
                    area=area_param,
                    kind=Place.Kind.HOTSPOT,
                    recurred_from=start or day,
                    recurred_to=day,
                ),
                _("Điểm, tụ điểm tái phát"),
            )
        ]
    # ``drug_offenders`` also counts persons handled for administrative violations, which no list
    # shows together with the arrested yet: no link rather than one that lists other records.
    if metric in ("arrests", "arrest_rate"):
        return [
            Link(
                _url("cases:arrests", start=start, end=day, area=area_param), _("Người bị bắt giữ")
            )
        ]
    if metric in ("plants_destroyed", "cultivation_m2"):
        return [
            Link(
                _url("places:cultivations", area=area_param, start=start, end=day),
                _("Cây trồng có chứa chất ma túy"),
            )
        ]
    return []


def live_evaluation(*, area: Area, rule_set: RuleSetSpec, on: date) -> LiveEvaluation:
    """The area judged now against ``rule_set`` as of ``on``; nothing is stored."""
    gathered = facts_module.gather(areas=[area], on=on, window_months=window_months_of(rule_set))
    area_facts = gathered[area.pk]
    result = evaluate(rule_set, area_facts)
    rows = tuple(
        CriterionRow(
            result=r,
            value_text=_with_unit(r.value, r.metric),
            threshold_text=_with_unit(r.threshold, r.metric),
            comparator_text=COMPARATOR_SIGNS.get(r.comparator, r.comparator),
            links=tuple(
                record_links(area=area, metric=r.metric, on=on, window_start=r.window_start)
            ),
        )
        for r in result.results
    )
    return LiveEvaluation(area, on, rule_set, area_facts, result, rows)


@dataclass(frozen=True)
class EvaluationFilters:
    area: Area | None = None
    rule_set_code: str = ""
    passed: bool | None = None
    unknown: bool = False
    start: date | None = None
    end: date | None = None


def evaluation_list(*, user: User, filters: EvaluationFilters) -> QuerySet[Evaluation]:
    """Stored results the user sees, newest first, with their area."""
    qs: QuerySet[Evaluation] = Evaluation.objects.for_user(user)
    area = filters.area
    if area is not None:
        if area.level == Level.GROUP:
            qs = qs.filter(area=area)
        elif area.level == Level.COMMUNE:
            qs = qs.filter(area__commune_id=area.pk)
        elif area.level == Level.PROVINCE:
            qs = qs.filter(area__province_id=area.pk)
    if filters.rule_set_code:
        qs = qs.filter(rule_set_code=filters.rule_set_code)
    if filters.unknown:
        qs = qs.filter(passed__isnull=True)
    elif filters.passed is not None:
        qs = qs.filter(passed=filters.passed)
    if filters.start is not None:
        qs = qs.filter(on__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(on__lte=filters.end)
    return qs.select_related("area", "area__commune", "evaluated_by", "detail").order_by(
        "-on", "-evaluated_at", "-pk"
    )


def rule_set_codes(*, on: date) -> list[tuple[str, str]]:
    """Every rule set code with its name (the list's filter)."""
    return [(e.code, str(e.current.name)) for e in registry.catalogue(on=on)]
