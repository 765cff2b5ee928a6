"""Reconciliation rounds: a residential group's list checked person by person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level

from ...choices import ReconciliationOutcome
from ...models import (
    Person,
    ReconciliationItem,
    ReconciliationRound,
)

# --- reconciliation rounds ---------------------------------------------------------------------


def rounds_for_user(*, user: User, area: Area | None = None) -> QuerySet[ReconciliationRound]:
    """Rounds the user sees, newest first, with their counts of checked and non-confirmed rows."""
    qs = ReconciliationRound.objects.for_user(user).select_related(
        "area", "area__parent", "started_by"
    )
    if area is not None and area.level != Level.COUNTRY:
        field = {
            int(Level.PROVINCE): "area__province_id",
            int(Level.COMMUNE): "area__commune_id",
        }.get(area.level, "area_id")
        qs = qs.filter(**{field: area.pk})
    return qs.annotate(
        checked=Count("items"),
        discrepancies=Count("items", filter=~Q(items__outcome=ReconciliationOutcome.CONFIRMED)),
    ).order_by("-started_on", "-pk")


def round_get_for_user(*, user: User, pk: int) -> ReconciliationRound:
    qs = ReconciliationRound.objects.for_user(user).select_related(
        "area", "area__parent", "started_by"
    )
    return get_object_or_404(qs, pk=pk)


def round_persons(round: ReconciliationRound) -> QuerySet[Person]:
    """Who the round covers: the active persons recorded exactly at its area (a group, or the
    commune for persons without a group), plus anyone already checked in it (who may since have
    moved or been removed)."""
    checked = ReconciliationItem.objects.filter(round=round, person=OuterRef("pk"))
    return Person.objects.filter(
        Q(area_id=round.area_id, is_active=True, merged_into__isnull=True) | Q(Exists(checked))
    )


@dataclass(frozen=True)
class RoundRow:
    person: Person
    item: ReconciliationItem | None


def round_rows(*, user: User, round: ReconciliationRound) -> list[RoundRow]:
    """Every person of the round the user sees, with their result so far (two queries)."""
    persons = (
        round_persons(round)
        .filter(pk__in=Person.objects.for_user(user).values("pk"))
        .order_by("name_sort", "pk")
    )
    items = {i.person_id: i for i in ReconciliationItem.objects.filter(round=round)}
    return [RoundRow(p, items.get(p.pk)) for p in persons]


def round_row(*, user: User, round: ReconciliationRound, person_pk: int) -> RoundRow:
    """One row of the round (404 when the person is not in it or not visible)."""
    person = get_object_or_404(
        round_persons(round).filter(pk__in=Person.objects.for_user(user).values("pk")),
        pk=person_pk,
    )
    return RoundRow(person, ReconciliationItem.objects.filter(round=round, person=person).first())


def round_discrepancies(round: ReconciliationRound) -> list[ReconciliationItem]:
    """The non-confirmed results of a round (what differs from reality), in name order."""
    return list(
        ReconciliationItem.objects.filter(round=round)
        .exclude(outcome=ReconciliationOutcome.CONFIRMED)
        .select_related("person", "checked_by")
        .order_by("person__name_sort", "pk")
    )
