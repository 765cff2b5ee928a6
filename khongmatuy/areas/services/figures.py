"""Entering and correcting an area's resident figures."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import (
    Area,
    AreaFigure,
)
from khongmatuy.audit import services as audit
from khongmatuy.common.text import normalize

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
from khongmatuy.areas.services.checks import (
    check_figures,
)

# --- figures --------------------------------------------------------------------------------


@transaction.atomic
def figure_set(
    *,
    actor: User | None,
    area: Area,
    as_of: date,
    population: int,
    households: int,
    source: str = "",
) -> AreaFigure:
    """Record (or correct) the population and households of an area at a date.

    Keeps exactly one ``is_current`` figure per area: the one with the latest ``as_of``.
    """
    # Lock the area: two figures written at once must not both become current.
    area = Area.objects.select_for_update().get(pk=area.pk)
    return figure_write(
        actor=actor,
        area=area,
        as_of=as_of,
        population=population,
        households=households,
        source=source,
    )


def figure_write(
    *, actor: User | None, area: Area, as_of: date, population: int, households: int, source: str
) -> AreaFigure:
    """``figure_set`` without the area lock (the caller holds it or has just created the area)."""
    check_figures(population=population, households=households)
    figure = AreaFigure.objects.select_for_update().filter(area=area, as_of=as_of).first()
    before = audit.snapshot(figure) if figure is not None else None
    if figure is None:
        figure = AreaFigure(area=area, as_of=as_of)
    figure.population, figure.households, figure.source = population, households, normalize(source)
    figure.full_clean(exclude=["is_current"], validate_constraints=False)
    others = AreaFigure.objects.filter(area=area).exclude(pk=figure.pk)
    latest = others.order_by("-as_of").first()
    figure.is_current = latest is None or latest.as_of < as_of
    if figure.is_current:
        # Unset the previous current figure first: the one-current constraint is not deferred.
        for previous in others.filter(is_current=True).select_for_update():
            previous_before = audit.snapshot(previous)
            previous.is_current = False
            previous.save(update_fields=["is_current"])
            audit.record_change(
                actor=actor,
                obj=previous,
                before=previous_before,
                note=_("Có số liệu mới hơn (%(d)s)") % {"d": f"{as_of:%d/%m/%Y}"},
            )
    figure.save()
    audit.record_change(actor=actor, obj=figure, before=before)
    return figure
