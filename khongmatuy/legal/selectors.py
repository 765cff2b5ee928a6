"""Reads of the administrators' legal values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Subquery
from django.db.models.fields.json import KT

from . import registry
from .models import LegalValue


def values_of(source: str) -> dict[tuple[str, date], LegalValue]:
    """Every stored row of one source, keyed by (code, version). One query."""
    prefix = f"{source}:"
    return {
        (row.code, row.effective_from): row
        for row in LegalValue.objects.filter(rule__startswith=prefix).select_related("confirmed_by")
    }


def value_subquery(*, source: str, code: str, effective_from: date, name: str) -> Subquery:
    """One stored value as text (``None`` while no row is stored), to annotate another read so
    that a page fetching one record gets the value in the same query."""
    rows = LegalValue.objects.filter(rule=f"{source}:{code}", effective_from=effective_from)
    return Subquery(rows.annotate(stored=KT(f"values__{name}")).values("stored")[:1])


def item_get(*, source: str, code: str, effective_from: date) -> registry.LegalItem | None:
    """One version of one rule of a source, or None when the source has no such version."""
    found = registry.get(source)
    if found is None:
        return None
    return next(
        (
            item
            for item in found.items(values=values_of(source))
            if item.code == code and item.effective_from == effective_from
        ),
        None,
    )


@dataclass(frozen=True)
class SourceItems:
    source: registry.LegalSource
    items: list[registry.LegalItem]
    unconfirmed: int


def all_items(*, only_unconfirmed: bool = False) -> list[SourceItems]:
    """Every registered source with its items (one query per source), in registration order."""
    rows: list[SourceItems] = []
    for source in registry.sources():
        items = source.items(values=values_of(source.key))
        unconfirmed = sum(1 for i in items if not i.confirmed)
        if only_unconfirmed:
            items = [i for i in items if not i.confirmed]
        rows.append(SourceItems(source=source, items=items, unconfirmed=unconfirmed))
    return rows


def unconfirmed_count() -> int:
    return sum(group.unconfirmed for group in all_items())
