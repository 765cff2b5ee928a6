"""Reads of drug cases. Every query starts from ``for_user``; out of scope is a 404.

The list, its .xlsx export and the counts for the criteria read the same querysets here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.numbers import format_decimal
from khongmatuy.common.text import fold, natural_key
from khongmatuy.people.models import Person

from .models import Case, CasePerson, Seizure, Substance

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

PERSON_CHOICES_LIMIT = 200


def quantity_text(value: Decimal) -> str:
    """12.500 as "12,5" and 1234.5 as "1.234,5" (Vietnamese; "1,234.5" in English), 100.000 as
    "100": no trailing zeros, no exponent (``common.numbers.format_decimal``)."""
    return format_decimal(value)


@dataclass(frozen=True)
class CaseFilters:
    """The list's filters; the period is on ``occurred_on``, both ends inclusive."""

    kind: str = ""
    status: str = ""
    offence: str = ""
    area: Area | None = None
    start: date | None = None
    end: date | None = None


def _in_area(area: Area, field: str = "area") -> Q:
    """Records of ``area`` and everything below it (communes and groups store their commune)."""
    if area.level == Level.GROUP:
        return Q(**{f"{field}_id": area.pk})
    if area.level == Level.COMMUNE:
        return Q(**{f"{field}__commune_id": area.pk})
    if area.level == Level.PROVINCE:
        return Q(**{f"{field}__province_id": area.pk})
    return Q()


def case_queryset(*, user: User, filters: CaseFilters) -> QuerySet[Case]:
    """The filtered list (newest first), with its area; the page and the export use it."""
    qs = Case.objects.for_user(user).select_related("area")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.offence:
        qs = qs.filter(offence=filters.offence)
    if filters.area is not None:
        qs = qs.filter(_in_area(filters.area))
    if filters.start is not None:
        qs = qs.filter(occurred_on__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(occurred_on__lte=filters.end)
    return qs.order_by("-occurred_on", "-pk")


def case_list(*, user: User, filters: CaseFilters) -> QuerySet[Case]:
    """The list page's rows, with the number of persons and of seizures of each case."""
    return case_queryset(user=user, filters=filters).annotate(
        person_count=Count("persons", distinct=True),
        seizure_count=Count("seizures", distinct=True),
    )


def case_export_rows(*, user: User, filters: CaseFilters) -> QuerySet[Case]:
    """The export: the list with its persons (and their area) and seizures, three queries."""
    persons = CasePerson.objects.select_related("person").order_by("pk")
    seizures = Seizure.objects.select_related("substance").order_by("pk")
    return (
        case_queryset(user=user, filters=filters)
        .prefetch_related(Prefetch("persons", queryset=persons))
        .prefetch_related(Prefetch("seizures", queryset=seizures))
    )


def case_get_for_user(*, user: User, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.for_user(user).select_related("area", "area__commune", "created_by"), pk=pk
    )


def case_detail(*, user: User, case: Case) -> dict[str, Any]:
    """The persons (with their residential group) and the seizures of a case in scope."""
    persons = list(
        CasePerson.objects.for_user(user)
        .filter(case=case)
        .select_related("person", "person__area")
        .order_by("pk")
    )
    seizures = [
        (seizure, quantity_text(seizure.quantity))
        for seizure in Seizure.objects.for_user(user)
        .filter(case=case)
        .select_related("substance")
        .order_by("pk")
    ]
    return {"persons": persons, "seizures": seizures}


def case_person_get_for_user(*, user: User, pk: int) -> CasePerson:
    return get_object_or_404(
        CasePerson.objects.for_user(user).select_related("case", "person"), pk=pk
    )


def seizure_get_for_user(*, user: User, pk: int) -> Seizure:
    return get_object_or_404(Seizure.objects.for_user(user).select_related("case"), pk=pk)


def person_choices(*, user: User, case: Case, query: str = "") -> QuerySet[Person]:
    """Persons to pick for a case: by default those managed in the case's commune; with a
    query, any active person in the user's scope whose name, alias, phone or address matches
    (diacritics ignored). At most ``PERSON_CHOICES_LIMIT``; no sensitive field is read."""
    qs = Person.objects.for_user(user).active().select_related("area")
    folded = fold(query.strip()[:100])
    if folded:
        qs = qs.filter(search_text__contains=folded)
    else:
        qs = qs.filter(area__commune_id=case.area.commune_id)
    return qs.exclude(case_links__case=case).order_by("name_sort", "pk")[:PERSON_CHOICES_LIMIT]


def areas_for_case(*, user: User) -> QuerySet[Area]:
    """Communes and residential groups a case may be filed under (the forms and filters)."""
    from khongmatuy.people.selectors.persons import scoped_areas_for_filter

    return scoped_areas_for_filter(user=user)


def areas_of_commune(*, user: User, case: Case) -> QuerySet[Area]:
    """The case's commune and its residential groups, in scope: where a new person is filed."""
    commune_id = case.area.commune_id
    return (
        Area.objects.for_user(user)
        .filter(Q(pk=commune_id) | Q(commune_id=commune_id), is_active=True)
        .order_by("level", "sort_key")
    )


# --- counts for the criteria ----------------------------------------------------------------


@dataclass(frozen=True)
class ArrestRow:
    """Distinct persons arrested in an area in a period; a commune row counts its groups too."""

    area_id: int
    name: str
    level: int
    commune_id: int
    persons: int


def arrests_per_area(
    *, user: User, start: date, end: date, area: Area | None = None
) -> list[ArrestRow]:
    """Persons arrested (role arrested or accused, ``arrested_on`` in ``[start, end]``), counted
    once per area, per commune and per residential group, in one aggregate query (a UNION of the
    two groupings). A person arrested twice in the period, or in two groups of one commune,
    counts once in the commune. Rows are ordered commune by commune, the commune before its
    groups. The criteria divide these counts by the population at the date.
    """
    base = CasePerson.objects.arrested_between(start, end).for_user(user)
    if area is not None:
        base = base.filter(_in_area(area, "case__area"))
    by_group = (
        base.filter(case__area__level=Level.GROUP)
        .values(
            row_area=F("case__area_id"),
            row_name=F("case__area__name"),
            row_level=F("case__area__level"),
            row_commune=F("case__area__commune_id"),
            row_sort=F("case__area__sort_key"),
        )
        .annotate(row_persons=Count("person_id", distinct=True))
        .order_by()
    )
    by_commune = (
        base.values(
            row_area=F("case__area__commune_id"),
            row_name=F("case__area__commune__name"),
            row_level=F("case__area__commune__level"),
            row_commune=F("case__area__commune_id"),
            row_sort=F("case__area__commune__sort_key"),
        )
        .annotate(row_persons=Count("person_id", distinct=True))
        .order_by()
    )
    rows = [
        (
            r["row_sort"],
            ArrestRow(
                area_id=r["row_area"],
                name=r["row_name"],
                level=r["row_level"],
                commune_id=r["row_commune"],
                persons=r["row_persons"],
            ),
        )
        for r in by_commune.union(by_group, all=True)
    ]
    communes = {row.commune_id: sort for sort, row in rows if row.level == Level.COMMUNE}
    rows.sort(key=lambda p: (communes.get(p[1].commune_id, ""), p[1].commune_id, p[1].level, p[0]))
    return [row for _sort, row in rows]


@dataclass(frozen=True)
class SeizureTotal:
    substance: str
    unit: str
    unit_label: str
    quantity: Decimal
    cases: int

    @property
    def quantity_text(self) -> str:
        return quantity_text(self.quantity)


def seizure_totals(*, user: User, start: date, end: date) -> list[SeizureTotal]:
    """Quantities seized per substance and unit in cases that occurred in ``[start, end]``.

    A seizure recorded before the list whose text matched no substance is grouped by that text.
    """
    labels = dict(Seizure.Unit.choices)
    rows = (
        Seizure.objects.for_user(user)
        .filter(case__occurred_on__gte=start, case__occurred_on__lte=end)
        .values("substance_id", "substance__name", "original_substance", "unit")
        .annotate(total=Sum("quantity"), cases=Count("case", distinct=True))
    )
    totals = [
        SeizureTotal(
            substance=r["substance__name"] or r["original_substance"],
            unit=r["unit"],
            unit_label=str(labels.get(r["unit"], r["unit"])),
            quantity=r["total"],
            cases=r["cases"],
        )
        for r in rows
    ]
    return sorted(totals, key=lambda t: (natural_key(t.substance), t.unit))


def substances() -> list[Substance]:
    """The national list, in Vietnamese order, retired substances included (the list page)."""
    return list(Substance.objects.order_by("name_sort", "name"))
