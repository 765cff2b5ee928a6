"""Which version of a rule set is in force on a date.

A rule set code has versions from two places: the built-in ones in code (Decision 28 in
``decision28.py``, the seeds' local rule set in ``local.py``; all version ``"1"``) and the rows an
administrator stored (``RuleSetVersion`` + ``ConditionRow``): a threshold confirmed or set from the
official text, a local rule set composed in the UI, or a new version of one. Stored versions of a
built-in code are numbered from 2.

The version in force on ``on`` is the one with the latest ``effective_from`` not after ``on``;
between versions effective the same day, the higher number wins (a confirmation effective from the
decision's own date replaces version 1 for every date). Each call makes at most two queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..engine import ConditionSpec, RuleSetSpec
from ..models import ConditionRow, RuleSetVersion
from . import decision28, local

BUILTIN: dict[str, RuleSetSpec] = {
    spec.code: spec for spec in (*decision28.RULE_SETS, *local.RULE_SETS)
}


def is_builtin(code: str) -> bool:
    return code in BUILTIN


def is_decision28(code: str) -> bool:
    return code in decision28.CODES


def spec_from_row(row: RuleSetVersion) -> RuleSetSpec:
    """A stored version as the engine's spec (its ``conditions`` should be prefetched)."""
    return RuleSetSpec(
        code=row.code,
        version=str(row.version),
        effective_from=row.effective_from,
        name=row.name,
        level=row.level,
        combination=row.combination,
        at_least=row.at_least,
        conditions=tuple(
            ConditionSpec(
                code=c.code,
                label=c.label,
                metric=c.metric,
                comparator=c.comparator,
                threshold=c.threshold,
                confirmed=c.confirmed,
                window_months=c.window_months,
                article=c.article,
                with_other_met=c.with_other_met,
            )
            for c in c_sorted(row)
        ),
        source=row.source,
        window_months=row.window_months,
    )


def c_sorted(row: RuleSetVersion) -> list[ConditionRow]:
    """The rows of a version in position order, from the prefetch (no query)."""
    return sorted(row.conditions.all(), key=lambda c: (c.position, c.pk))


def _stored(codes: Iterable[str] | None = None) -> list[RuleSetVersion]:
    rows = RuleSetVersion.objects.prefetch_related("conditions")
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return list(rows)


def _order(spec: RuleSetSpec) -> tuple[date, int]:
    return (spec.effective_from, int(spec.version))


def versions(code: str) -> list[RuleSetSpec]:
    """Every version of ``code``, oldest first (by effective date, then number)."""
    found = [spec_from_row(row) for row in _stored([code])]
    if code in BUILTIN:
        found.append(BUILTIN[code])
    return sorted(found, key=_order)


def latest(code: str) -> RuleSetSpec | None:
    """The highest-numbered version (the base of the next one), whatever its date."""
    found = versions(code)
    return max(found, key=lambda s: int(s.version)) if found else None


def rule_set_for(code: str, *, on: date) -> RuleSetSpec | None:
    """The version of ``code`` in force on ``on``; None if the code is unknown or not yet in
    force then."""
    in_force = [spec for spec in versions(code) if spec.effective_from <= on]
    return max(in_force, key=_order) if in_force else None


def rule_set_version(code: str, version: str | int) -> RuleSetSpec | None:
    """One exact version (an evaluation records which one it used)."""
    for spec in versions(code):
        if spec.version == str(version):
            return spec
    return None


def names(codes: Iterable[str]) -> dict[str, str]:
    """The name users see for each rule-set code (its latest version's; the code itself only when
    no version is known), in one query."""
    wanted = set(codes)
    found: dict[str, RuleSetSpec] = {c: BUILTIN[c] for c in wanted if c in BUILTIN}
    for row in _stored(wanted):
        spec = spec_from_row(row)
        current = found.get(spec.code)
        if current is None or int(spec.version) > int(current.version):
            found[spec.code] = spec
    return {code: str(found[code].name) if code in found else code for code in wanted}


@dataclass(frozen=True)
class Entry:
    """One rule set for the list page: its versions and the one in force on ``on``."""

    code: str
    versions: tuple[RuleSetSpec, ...]
    in_force: RuleSetSpec | None
    builtin: bool
    decision28: bool

    @property
    def current(self) -> RuleSetSpec:
        return self.in_force or self.versions[-1]


def catalogue(*, on: date) -> list[Entry]:
    """Every rule set code with all its versions (two queries in all)."""
    by_code: dict[str, list[RuleSetSpec]] = defaultdict(list)
    for code, spec in BUILTIN.items():
        by_code[code].append(spec)
    for row in _stored():
        by_code[row.code].append(spec_from_row(row))
    entries = []
    for code, specs in by_code.items():
        ordered = tuple(sorted(specs, key=_order))
        in_force = [s for s in ordered if s.effective_from <= on]
        entries.append(
            Entry(
                code=code,
                versions=ordered,
                in_force=max(in_force, key=_order) if in_force else None,
                builtin=is_builtin(code),
                decision28=is_decision28(code),
            )
        )
    builtin_order = list(BUILTIN)
    entries.sort(
        key=lambda e: (
            builtin_order.index(e.code) if e.builtin else len(builtin_order),
            str(e.current.name),
        )
    )
    return entries
