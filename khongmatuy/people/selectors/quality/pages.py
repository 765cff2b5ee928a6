"""The data-quality page, its drill-down lists, the person-page section and the merge screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.dates import today_or
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for

from ...models import (
    Person,
    ReconciliationItem,
)
from .duplicates import (
    duplicate_counts,
    likely_duplicates,
    managed_persons,
)
from .facts import (
    Completeness,
    completeness_of_row,
    contact_intervals,
    incomplete_condition,
    stale_before,
    stale_condition,
    stale_days,
    unverified_condition,
    with_quality_facts,
)

# --- the data-quality page ---------------------------------------------------------------------


@dataclass(frozen=True)
class QualityRow:
    """Counts of one area on the data-quality page."""

    area: Area | None  # None: persons recorded at the commune level (no residential group)
    total: int
    incomplete: int | None  # None: not counted at the national level (see ``is_nationwide``)
    stale: int
    unverified: int
    duplicates: int | None


def is_nationwide(*, user: User, area: Area | None) -> bool:
    """The whole country: completeness and duplicates are counted per province, on demand.

    Counting them for a few hundred thousand records takes seconds (a correlated subquery per
    fact per person); a province (about 7,000 persons) takes about a tenth of a second.
    """
    if area is not None:
        return area.level == Level.COUNTRY
    return scope_for(user).everything


def _flag(condition: Q) -> Case:
    """1 when ``condition`` holds, else 0 (summed per area)."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _child_key(area: Area | None) -> str:
    """How the rows below ``area`` are grouped: by province, commune or group."""
    if area is None or area.level == Level.COUNTRY:
        return "area__province_id"
    if area.level == Level.PROVINCE:
        return "area__commune_id"
    return "area_id"


def quality_rows(
    *,
    user: User,
    area: Area | None,
    on: date,
    verify_days: int,
    intervals: Mapping[str, int] | None = None,
) -> tuple[QualityRow, list[QualityRow]]:
    """The total for ``area`` and one row per area below it (provinces, communes or groups).

    Four queries: the aggregate (grouped), the likely duplicates (two), the areas of the rows
    (and the care intervals unless ``intervals`` is given). Nationwide, the incomplete and
    duplicate counts are left out (None): they are counted once a province is chosen.
    """
    nationwide = is_nationwide(user=user, area=area)
    key = _child_key(area)
    qs = managed_persons(user=user, area=area)
    flags = {
        "f_stale": _flag(stale_condition(on=on)),
        "f_unverified": _flag(unverified_condition(on=on, days=verify_days)),
    }
    sums = {"stale": Sum("f_stale"), "unverified": Sum("f_unverified")}
    if not nationwide:
        if intervals is None:
            intervals = contact_intervals()
        qs = with_quality_facts(qs, on=on, intervals=intervals)
        flags["f_incomplete"] = _flag(incomplete_condition())
        sums["incomplete"] = Sum("f_incomplete")
    grouped = qs.annotate(**flags).order_by().values(key).annotate(total=Count("pk"), **sums)
    counts = {row[key]: row for row in grouped}
    dup_key = {"area__province_id": "province_id", "area__commune_id": "commune_id"}.get(
        key, "area_id"
    )
    duplicates, duplicate_total = (
        ({}, 0) if nationwide else duplicate_counts(user=user, area=area, by=dup_key)
    )
    areas = {a.pk: a for a in Area.objects.filter(pk__in=list(counts)).order_by("sort_key", "name")}
    rows = []
    for area_id in sorted(counts, key=lambda pk: (areas[pk].level, areas[pk].sort_key)):
        row = counts[area_id]
        child = areas[area_id]
        rows.append(
            QualityRow(
                area=None if area is not None and child.pk == area.pk else child,
                total=row["total"],
                incomplete=None if nationwide else row["incomplete"] or 0,
                stale=row["stale"] or 0,
                unverified=row["unverified"] or 0,
                duplicates=None if nationwide else duplicates.get(area_id, 0),
            )
        )
    total = QualityRow(
        area=area,
        total=sum(r.total for r in rows),
        incomplete=None if nationwide else sum(r.incomplete or 0 for r in rows),
        stale=sum(r.stale for r in rows),
        unverified=sum(r.unverified for r in rows),
        duplicates=None if nationwide else duplicate_total,
    )
    return total, rows


LISTS = ("incomplete", "stale", "unverified", "duplicates")


@dataclass(frozen=True)
class PersonQualityRow:
    person: Person
    quality: Completeness


def drilldown(
    *,
    user: User,
    area: Area | None,
    which: str,
    on: date,
    verify_days: int,
    intervals: Mapping[str, int] | None = None,
) -> QuerySet[Person]:
    """The persons behind one count of the page, in Vietnamese name order, facts annotated."""
    if intervals is None:
        intervals = contact_intervals()
    qs = with_quality_facts(
        managed_persons(user=user, area=area), on=on, intervals=intervals
    ).select_related("area")
    if which == "incomplete":
        qs = qs.filter(incomplete_condition())
    elif which == "stale":
        qs = qs.filter(stale_condition(on=on))
    elif which == "unverified":
        qs = qs.filter(unverified_condition(on=on, days=verify_days))
    elif which == "duplicates":
        ids = {
            p.pk
            for pair in likely_duplicates(user=user, area=area)
            for p in (pair.first, pair.second)
        }
        qs = qs.filter(pk__in=sorted(ids))
    return qs.order_by("name_sort", "pk")


def quality_page_rows(persons: Sequence[Person], *, on: date) -> list[PersonQualityRow]:
    return [PersonQualityRow(p, completeness_of_row(p, on=on)) for p in persons]


# --- the person-page section -------------------------------------------------------------------


def person_section(*, user: User, person: Person, on: date | None = None) -> dict[str, Any]:
    """The quality section of the person page: completeness, verification, likely duplicates.

    Four queries: the facts, the duplicates, the last reconciliation item, the merged records.
    """
    on = today_or(on)
    row = with_quality_facts(
        Person.objects.filter(pk=person.pk), on=on, intervals=contact_intervals()
    ).get()
    quality = completeness_of_row(row, on=on)
    last_check = (
        ReconciliationItem.objects.for_user(user)
        .filter(person=person)
        .select_related("round", "checked_by")
        .order_by("-checked_at", "-pk")
        .first()
    )
    return {
        "quality": quality,
        "quality_stale": person.updated_at < stale_before(on=on),
        "quality_stale_days": stale_days(),
        "quality_last_check": last_check,
        "quality_duplicates": [
            pair.second if pair.first.pk == person.pk else pair.first
            for pair in likely_duplicates(user=user, person=person)
        ]
        if person.merged_into_id is None and person.is_active
        else [],
        "quality_merged_from": list(
            Person.objects.for_user(user).filter(merged_into=person).order_by("pk")
        ),
        "quality_can_merge": user.can(Capability.MANAGE_PERSONS),
    }


# --- merge -------------------------------------------------------------------------------------


def merge_pair_for_user(*, user: User, keep_pk: int, remove_pk: int) -> tuple[Person, Person]:
    """Both records of a merge, each 404 outside the user's scope."""
    qs = Person.objects.for_user(user).select_related("area", "area__commune", "permanent_area")
    return get_object_or_404(qs, pk=keep_pk), get_object_or_404(qs, pk=remove_pk)


def related_counts(person: Person) -> list[tuple[str, int]]:
    """(model's verbose name, rows of that model pointing at the person) for every relation.

    One COUNT per relation (about ten): shown on the merge page only.
    """
    out = []
    for relation in person._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many or model is Person or isinstance(model, str):
            continue
        count = model._base_manager.filter(**{relation.field.name: person}).count()
        if count:
            out.append((str(model._meta.verbose_name_plural), count))
    return out
