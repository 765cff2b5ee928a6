"""Storing evaluations: one area, or every area of the rule set's level under a root area, in one
pass (facts gathered once for all of them, each judged in Python, rows written with one
``bulk_create``). Each stored row records the rule set's code and the version in force on the date.

Keyword-only, one transaction, audited: a single evaluation is one audit entry (the row itself);
a bulk run is one summary entry on the root area (how many areas, passed, failed, unknown), not one
per row. Refusals are ``DomainError`` keyed by the form field, in Vietnamese. ``actor`` is
``None`` only for system runs (the demo, the bench); a user needs ``EVALUATE`` and must see the
area (``PermissionDenied`` otherwise; views already fetched it through ``for_user``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.common.replicas import replica_reads
from khongmatuy.common.roles import Capability
from khongmatuy.criteria.engine import METRICS, AreaFacts, EvaluationResult, RuleSetSpec
from khongmatuy.criteria.evaluate import evaluate, window_months_of
from khongmatuy.criteria.facts import gather
from khongmatuy.criteria.models import Evaluation
from khongmatuy.criteria.rules.registry import rule_set_for
from khongmatuy.criteria.services.access import require

BATCH = 2000


@dataclass(frozen=True)
class BulkOutcome:
    root: Area
    rule_set: RuleSetSpec
    on: date
    evaluated: int
    passed: int
    failed: int
    unknown: int


# --- checks and helpers (no writes) ----------------------------------------------------------


def rule_set_in_force(code: str, *, on: date) -> RuleSetSpec:
    spec = rule_set_for(code, on=on)
    if spec is None:
        raise DomainError(
            {
                "rule_set": _("Không có bộ tiêu chí “%(code)s” có hiệu lực ngày %(on)s.")
                % {"code": code, "on": f"{on:%d/%m/%Y}"}
            }
        )
    return spec


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def result_rows(result: EvaluationResult) -> list[dict[str, Any]]:
    """Each criterion as a JSON row (``Evaluation.results``): code, label, value, threshold,
    comparator, confirmed, window, passed, article (and metric, explanation)."""
    rows = []
    for r in result.results:
        window = None
        if r.window_start is not None:
            window = f"{r.window_start:%d/%m/%Y} – {r.window_end:%d/%m/%Y}"
        rows.append(
            {
                "code": r.code,
                "label": str(r.label),
                "metric": r.metric,
                "value": _jsonable(r.value),
                "comparator": r.comparator,
                "threshold": _jsonable(r.threshold),
                "confirmed": r.confirmed,
                "window": window,
                "window_start": _jsonable(r.window_start),
                "window_end": _jsonable(r.window_end),
                "passed": r.passed,
                "article": r.article,
                "explanation": r.explanation,
            }
        )
    return rows


class Judge:
    """``evaluate`` with a memory: areas whose facts are the same for the rule set's conditions
    get the same result (``evaluate`` is pure), so 100,000 residential groups with nothing to
    report are judged once. The key is the date, the values of the metrics the conditions read,
    the population (or, when no condition reads a rate, whether there is one) and the data
    review counts (the evidence a conclusion needs)."""

    def __init__(self, spec: RuleSetSpec) -> None:
        self.spec = spec
        self.metrics = tuple(dict.fromkeys(c.metric for c in spec.conditions))
        self.uses_population = any(
            METRICS[m].unit == "percent" for m in self.metrics if m in METRICS
        )
        self.results: dict[tuple[Any, ...], EvaluationResult] = {}
        self.rows: dict[int, list[dict[str, Any]]] = {}

    def __call__(self, facts: AreaFacts) -> EvaluationResult:
        key = (
            facts.on,
            facts.window_start,
            tuple(facts.metrics.get(m) for m in self.metrics),
            facts.population if self.uses_population else bool(facts.population),
            facts.groups,
            facts.reviewed_groups,
        )
        result = self.results.get(key)
        if result is None:
            result = self.results[key] = evaluate(self.spec, facts)
            self.rows[id(result)] = result_rows(result)
        return result


def _row(
    actor: User | None,
    area_id: int,
    spec: RuleSetSpec,
    result: EvaluationResult,
    *,
    rows: dict[int, list[dict[str, Any]]] | None = None,
) -> Any:
    results = rows[id(result)] if rows is not None else result_rows(result)
    return Evaluation(
        area_id=area_id,
        rule_set_code=spec.code,
        rule_set_version=spec.version,
        on=result.on,
        passed=result.passed,
        met=result.met,
        depends_on_unconfirmed=result.depends_on_unconfirmed,
        results=results,
        missing_evidence=list(result.missing_evidence),
        evaluated_by=actor if actor is not None and actor.pk else None,
    )


def areas_under(root: Area, level: int) -> QuerySet[Area]:
    """Active areas of ``level`` at or under ``root`` (one indexed filter)."""
    qs = Area.objects.filter(level=level, is_active=True)
    if root.level == Level.COUNTRY:
        return qs
    if root.level == level:
        return qs.filter(pk=root.pk)
    if root.level == Level.PROVINCE:
        return qs.filter(province_id=root.pk)
    if root.level == Level.COMMUNE:
        return qs.filter(commune_id=root.pk)
    return qs.none()


def _check_level(area: Area, spec: RuleSetSpec, *, under: bool) -> None:
    ok = area.level <= spec.level if under else area.level == spec.level
    if not ok:
        raise DomainError(
            {
                "rule_set": _("Bộ tiêu chí “%(name)s” không áp dụng cho %(area)s.")
                % {"name": spec.name, "area": area.display_name}
            }
        )


def _unknown(evaluation: Evaluation) -> list[str]:
    """``passed`` is None when the result cannot be judged; the field is nullable but not
    ``blank=True``, so ``full_clean`` must skip it then."""
    return ["passed"] if evaluation.passed is None else []


# --- writes ------------------------------------------------------------------------------------


@transaction.atomic
def evaluate_area(*, actor: User | None, area: Area, rule_set_code: str, on: date) -> Evaluation:
    """Judge ``area`` against the version of the rule set in force on ``on`` and store it."""
    require(actor, Capability.EVALUATE, area)
    spec = rule_set_in_force(rule_set_code, on=on)
    _check_level(area, spec, under=False)
    facts = gather(areas=[area], on=on, window_months=window_months_of(spec))
    evaluation: Evaluation = _row(actor, area.pk, spec, evaluate(spec, facts[area.pk]))
    evaluation.full_clean(exclude=_unknown(evaluation))
    evaluation.save()
    audit.record_change(actor=actor, obj=evaluation, before=None)
    return evaluation


def evaluate_all(*, actor: User | None, root: Area, rule_set_code: str, on: date) -> BulkOutcome:
    """Judge every area of the rule set's level at or under ``root`` (a commune, city, province
    or the country) in one pass, store one row each, audit one summary entry.

    The facts are read first, from the replica when one is configured (``common.replicas``);
    the rows and the audit entry are then written in one transaction of the primary."""
    require(actor, Capability.EVALUATE, root)
    spec = rule_set_in_force(rule_set_code, on=on)
    _check_level(root, spec, under=True)
    with replica_reads():
        areas = list(areas_under(root, spec.level).only("pk", "level", "province_id", "commune_id"))
        facts = gather(areas=areas, on=on, window_months=window_months_of(spec))
    judged = Judge(spec)
    rows = [_row(actor, area_id, spec, judged(f), rows=judged.rows) for area_id, f in facts.items()]
    with transaction.atomic():
        return _store_all(actor=actor, root=root, spec=spec, on=on, rows=rows)


def _store_all(
    *, actor: User | None, root: Area, spec: RuleSetSpec, on: date, rows: list[Evaluation]
) -> BulkOutcome:
    if rows:
        # Every row is built by the same code: the first is validated in full (its foreign keys
        # too), then the fields of one row per distinct result; a foreign key check per row would
        # be a query per area.
        rows[0].full_clean(exclude=_unknown(rows[0]))
        seen: set[int] = set()
        for row in rows:
            if id(row.results) not in seen:
                seen.add(id(row.results))
                row.clean_fields(exclude=["area", "evaluated_by", *_unknown(row)])
    Evaluation.objects.bulk_create(rows, batch_size=BATCH)
    outcome = BulkOutcome(
        root=root,
        rule_set=spec,
        on=on,
        evaluated=len(rows),
        passed=sum(1 for r in rows if r.passed is True),
        failed=sum(1 for r in rows if r.passed is False),
        unknown=sum(1 for r in rows if r.passed is None),
    )
    audit.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        model_label=Evaluation._meta.label,
        object_repr=f"{spec.code} v{spec.version} {on:%d/%m/%Y}: {root}"[:250],
        area_id=root.pk,
        note=(
            f"Đánh giá hàng loạt {outcome.evaluated} địa bàn: {outcome.passed} đạt, "
            f"{outcome.failed} không đạt, {outcome.unknown} chưa kết luận"
        ),
    )
    return outcome
