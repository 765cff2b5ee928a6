"""Storing evaluations: one area, or every area of the rule set's level under a root area, in one
pass (facts gathered once for all of them, each judged in Python, the rows written in one
statement: COPY on PostgreSQL). Each stored row records the rule set's code and the version in
force on the date; the per-criterion results and the missing evidence go to an
``EvaluationDetail`` stored once per distinct content (a national run of ~107,000 areas finds a
few thousand), so a row is a few dozen bytes rather than kilobytes of JSON.

Keyword-only, one transaction, audited: a single evaluation is one audit entry (the row itself);
a bulk run is one summary entry on the root area (how many areas, passed, failed, unknown), not one
per row. Refusals are ``DomainError`` keyed by the form field, in Vietnamese. ``actor`` is
``None`` only for system runs (the demo, the bench); a user needs ``EVALUATE`` and must see the
area (``PermissionDenied`` otherwise; views already fetched it through ``for_user``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.db import bulk
from khongmatuy.common.digests import json_digest
from khongmatuy.common.errors import DomainError
from khongmatuy.common.replicas import replica_reads
from khongmatuy.common.roles import Capability
from khongmatuy.criteria.engine import METRICS, AreaFacts, EvaluationResult, RuleSetSpec
from khongmatuy.criteria.evaluate import evaluate, window_months_of
from khongmatuy.criteria.facts import AreaKey, gather
from khongmatuy.criteria.models import Evaluation, EvaluationDetail
from khongmatuy.criteria.rules.registry import rule_set_for
from khongmatuy.criteria.services.access import require

# Digests per query when looking details up (bound parameters stay far below SQLite's 32,766).
BATCH = 2000
# The columns a bulk run writes, in the order of its row tuples.
COLUMNS = (
    "area_id",
    "rule_set_code",
    "rule_set_version",
    "on",
    "passed",
    "met",
    "depends_on_unconfirmed",
    "detail_id",
    "evaluated_at",
    "evaluated_by_id",
)


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


def detail_digest(results: list[dict[str, Any]], missing_evidence: list[str]) -> str:
    """The identity of an ``EvaluationDetail``'s content (migration 0010 computes it the same
    way for the rows stored before details existed)."""
    return json_digest([results, missing_evidence])


@dataclass(frozen=True)
class Content:
    """What one result stores in its ``EvaluationDetail``."""

    results: list[dict[str, Any]]
    missing_evidence: list[str]
    digest: str


def content_of(result: EvaluationResult) -> Content:
    results, missing = result_rows(result), list(result.missing_evidence)
    return Content(results, missing, detail_digest(results, missing))


class Judge:
    """``evaluate`` with a memory: areas whose facts are the same for the rule set's conditions
    get the same result (``evaluate`` is pure), so 100,000 residential groups with nothing to
    report are judged once. The key is the date, the values of the metrics the conditions read,
    the population (or, when no condition reads a rate, whether there is one) and the data
    review counts (the evidence a conclusion needs). ``contents`` holds what each distinct
    result stores, by the result's ``id``."""

    def __init__(self, spec: RuleSetSpec) -> None:
        self.spec = spec
        self.metrics = tuple(dict.fromkeys(c.metric for c in spec.conditions))
        self.uses_population = any(
            METRICS[m].unit == "percent" for m in self.metrics if m in METRICS
        )
        self.results: dict[tuple[Any, ...], EvaluationResult] = {}
        self.contents: dict[int, Content] = {}

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
            self.contents[id(result)] = content_of(result)
        return result


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


def detail_ids(contents: Iterable[Content], *, actor: User | None, area_id: int) -> dict[str, int]:
    """The ``EvaluationDetail`` id of each content by digest, stored when new.

    Per ``BATCH`` distinct contents, whatever the number of evaluations: one read of the stored
    digests, and for the new ones an insert that skips any a concurrent run stored meanwhile
    (``common.db.bulk.insert_rows``: COPY on PostgreSQL) and a read of their ids; then one
    summary audit entry (filed under ``area_id``) when any was new. The content needs no other
    validation: its digest was computed from its JSON text."""
    unique = {c.digest: c for c in contents}
    digests = sorted(unique)
    ids: dict[str, int] = {}
    stored = 0
    for start in range(0, len(digests), BATCH):
        chunk = digests[start : start + BATCH]
        ids.update(EvaluationDetail.objects.filter(digest__in=chunk).values_list("digest", "pk"))
        new = [d for d in chunk if d not in ids]
        if not new:
            continue
        bulk.insert_rows(
            EvaluationDetail,
            ("digest", "results", "missing_evidence"),
            [(d, unique[d].results, unique[d].missing_evidence) for d in new],
            skip_conflicts=True,
        )
        ids.update(EvaluationDetail.objects.filter(digest__in=new).values_list("digest", "pk"))
        stored += len(new)
    if stored:
        audit.record_bulk(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            model=EvaluationDetail,
            count=stored,
            area_id=area_id,
        )
    return ids


def evaluation_of(
    *, actor: User | None, area: Area, rule_set_code: str, result: EvaluationResult
) -> Evaluation:
    """An unsaved ``Evaluation`` of ``result``, its detail found or stored."""
    content = content_of(result)
    return Evaluation(
        area=area,
        rule_set_code=rule_set_code,
        rule_set_version=result.version,
        on=result.on,
        passed=result.passed,
        met=result.met,
        depends_on_unconfirmed=result.depends_on_unconfirmed,
        detail_id=detail_ids([content], actor=actor, area_id=area.pk)[content.digest],
        evaluated_by=actor if actor is not None and actor.pk else None,
    )


@transaction.atomic
def evaluate_area(*, actor: User | None, area: Area, rule_set_code: str, on: date) -> Evaluation:
    """Judge ``area`` against the version of the rule set in force on ``on`` and store it."""
    require(actor, Capability.EVALUATE, area)
    spec = rule_set_in_force(rule_set_code, on=on)
    _check_level(area, spec, under=False)
    facts = gather(areas=[area], on=on, window_months=window_months_of(spec))
    evaluation = evaluation_of(
        actor=actor, area=area, rule_set_code=spec.code, result=evaluate(spec, facts[area.pk])
    )
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
        keys = areas_under(root, spec.level).values_list(*AreaKey._fields)
        areas = [AreaKey(*key) for key in keys]
        facts = gather(areas=areas, on=on, window_months=window_months_of(spec))
    judge = Judge(spec)
    judged = [(area_id, judge(f)) for area_id, f in facts.items()]
    with transaction.atomic():
        return _store_all(
            actor=actor, root=root, spec=spec, on=on, judged=judged, contents=judge.contents
        )


def _store_all(
    *,
    actor: User | None,
    root: Area,
    spec: RuleSetSpec,
    on: date,
    judged: list[tuple[int, EvaluationResult]],
    contents: dict[int, Content],
) -> BulkOutcome:
    """The details, then every evaluation in one statement (``common.db.bulk.insert_rows``),
    then the summary audit entry: a constant number of queries for up to ``BATCH`` distinct
    results."""
    ids = detail_ids(contents.values(), actor=actor, area_id=root.pk)
    by = actor.pk if actor is not None and actor.pk else None
    now = timezone.now()
    # The columns one distinct result decides (passed, met, unconfirmed, detail), then the rows.
    shapes: dict[int, tuple[bool | None, int, bool, int]] = {}
    rows = []
    for pk, r in judged:
        shape = shapes.get(id(r))
        if shape is None:
            shape = shapes[id(r)] = (
                r.passed,
                r.met,
                r.depends_on_unconfirmed,
                ids[contents[id(r)].digest],
            )
        rows.append((pk, spec.code, spec.version, on, *shape, now, by))
    if rows:
        # Every row is built by the same code: the first is validated in full (its foreign keys
        # too), then the fields of each distinct combination of values; a foreign key check per
        # row would be a query per area.
        first = dict(zip(COLUMNS, rows[0], strict=True))
        evaluation = Evaluation(**first)
        evaluation.full_clean(exclude=_unknown(evaluation))
        for passed, met, unconfirmed, _detail in set(shapes.values()):
            evaluation = Evaluation(
                **{**first, "passed": passed, "met": met, "depends_on_unconfirmed": unconfirmed}
            )
            evaluation.clean_fields(
                exclude=["area", "detail", "evaluated_by", *_unknown(evaluation)]
            )
    bulk.insert_rows(Evaluation, COLUMNS, rows)
    outcome = BulkOutcome(
        root=root,
        rule_set=spec,
        on=on,
        evaluated=len(rows),
        passed=sum(1 for _area, r in judged if r.passed is True),
        failed=sum(1 for _area, r in judged if r.passed is False),
        unknown=sum(1 for _area, r in judged if r.passed is None),
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
