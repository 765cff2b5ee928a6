"""The programme's indicators, per commune and rolled up (commune → province or city → country).

Each measure is counted for every commune of the scope in one query (grouped by commune), from
the registry that holds the data: recognitions (criteria), places, communication reach and
workforce (prevention), care of persons (people); indicators no registry holds are entered per
commune with a source (``IndicatorValue``). A value is a pair (part, whole) so that the roll-up
sums communes exactly (``rules.rollup``). The number of queries does not depend on the number of
areas: one for the tree, one or two per measure, one for the entered values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery

from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.criteria.selectors.recognition import COMMUNE_RULE_SET, recognised_in_scope
from khongmatuy.people.models import Person, PersonCategory, SupportService
from khongmatuy.people.rules import care
from khongmatuy.places.models import Place, PlaceQuerySet
from khongmatuy.prevention.models import OrganisationReach, Workforce
from khongmatuy.prevention.rules.periods import school_year_of, year_of
from khongmatuy.prevention.selectors.coverage import below

from ..choices import Measure
from ..models import Indicator, IndicatorValue
from ..rules.rollup import NOTHING, Ratio, meets, rollup

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

PerCommune = dict[int, Ratio]


def _ratio(part: int | Decimal | None, whole: int | Decimal | None) -> Ratio:
    return Ratio(Decimal(part or 0), Decimal(whole or 0))


@dataclass(frozen=True)
class Tree:
    """The communes of the scope under an area, and each one's province."""

    province_of: dict[int, int | None]
    drug_free: PerCommune  # counted in the same query


def tree(*, user: User, area: Area | None) -> Tree:
    """Active communes under ``area`` with whether each is recognised drug-free (one query).

    Recognised: a recognition of the commune in a recognised status
    (``criteria.selectors.recognition.recognised_in_scope``: recognised or kept).
    """
    recognised = recognised_in_scope(user=user).filter(
        area_id=OuterRef("pk"), rule_set_code=COMMUNE_RULE_SET
    )
    rows = (
        Area.objects.for_user(user)
        .filter(below(area), level=Level.COMMUNE, is_active=True)
        .annotate(ok=Exists(recognised))
        .values_list("pk", "province_id", "ok")
    )
    province_of: dict[int, int | None] = {}
    drug_free: PerCommune = {}
    for pk, province_id, ok in rows.iterator(chunk_size=5000):
        province_of[pk] = province_id
        drug_free[pk] = _ratio(1 if ok else 0, 1)
    return Tree(province_of=province_of, drug_free=drug_free)


def hotspots_eliminated(*, user: User, area: Area | None, on: date) -> PerCommune:
    """Places discovered by ``on`` that no longer exist on ``on`` (eliminated or watched:
    ``Place.objects.existing_on``), over every place discovered by ``on``. Two queries."""
    places = cast(PlaceQuerySet, Place.objects.for_user(user).filter(below(area, "area")))
    found = (
        places.filter(discovered_on__lte=on)
        .order_by()
        .values("area__commune_id")
        .annotate(n=Count("pk"))
        .values_list("area__commune_id", "n")
    )
    existing = dict(
        places.existing_on(on)
        .order_by()
        .values("area__commune_id")
        .annotate(n=Count("pk"))
        .values_list("area__commune_id", "n")
    )
    return {c: _ratio(n - existing.get(c, 0), n) for c, n in found if c is not None}


def schools_reached(*, user: User, area: Area | None, on: date) -> PerCommune:
    """Active schools reached at least once in the school year of ``on`` (the definition of
    ``prevention.selectors.coverage.schools_reached``), per commune, one query."""
    period = school_year_of(on)
    reached = Exists(
        OrganisationReach.objects.filter(
            organisation_id=OuterRef("pk"), held_on__gte=period.first, held_on__lte=on
        )
    )
    rows = (
        Organisation.objects.for_user(user)
        .filter(below(area, "area"), kind=Organisation.OrgKind.SCHOOL, is_active=True)
        .order_by()
        .values("area__commune_id")
        .annotate(whole=Count("pk"), part=Count("pk", filter=Q(reached)))
        .values_list("area__commune_id", "part", "whole")
    )
    return {c: _ratio(p, w) for c, p, w in rows if c is not None}


def workers_reached(*, user: User, area: Area | None, on: date) -> PerCommune:
    """Workers reached in the year of ``on`` over the enterprises' workers (the definition of
    ``prevention.selectors.coverage.workers_reached``: latest workforce figure, the largest
    audience counted at the enterprise, capped), per commune, one query."""
    period = year_of(on)
    workers = Workforce.objects.filter(organisation_id=OuterRef("pk"), as_of__lte=on).order_by(
        "-as_of"
    )
    audience = (
        OrganisationReach.objects.filter(
            organisation_id=OuterRef("pk"), held_on__gte=period.first, held_on__lte=on
        )
        .order_by()
        .values("organisation_id")
        .annotate(m=Max("people"))
        .values("m")
    )
    rows = (
        Organisation.objects.for_user(user)
        .filter(below(area, "area"), kind=Organisation.OrgKind.ENTERPRISE, is_active=True)
        .annotate(workers=Subquery(workers.values("workers")[:1]), audience=Subquery(audience))
        .filter(workers__isnull=False)
        .values_list("area__commune_id", "workers", "audience")
    )
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for commune_id, staff, people in rows.iterator(chunk_size=5000):
        if commune_id is None:
            continue
        sums[commune_id][0] += min(people or 0, staff)
        sums[commune_id][1] += staff
    return {c: _ratio(p, w) for c, (p, w) in sums.items()}


def supported(*, user: User, area: Area | None, on: date) -> PerCommune:
    """Active persons holding on ``on`` a category of ``care.SUPPORT_INDICATOR_CATEGORIES``,
    counselled and given medical or psychological support (the definition of
    ``people.selectors.care.support_indicator``), per commune, one query."""
    open_category = PersonCategory.objects.filter(
        person=OuterRef("pk"),
        started_on__lte=on,
        category__in=care.SUPPORT_INDICATOR_CATEGORIES,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    support = SupportService.objects.filter(person=OuterRef("pk"), provided_on__lte=on)
    rows = (
        Person.objects.for_user(user)
        .active()
        .filter(below(area, "area"))
        .filter(Exists(open_category))
        .annotate(
            has_counselling=Exists(support.filter(kind__in=care.COUNSELLING_KINDS)),
            has_medical=Exists(support.filter(kind__in=care.MEDICAL_KINDS)),
        )
        .order_by()
        .values("area__commune_id")
        .annotate(
            whole=Count("pk", distinct=True),
            part=Count("pk", distinct=True, filter=Q(has_counselling=True, has_medical=True)),
        )
        .values_list("area__commune_id", "part", "whole")
    )
    return {c: _ratio(p, w) for c, p, w in rows if c is not None}


def entered(*, user: User, area: Area | None, year: int) -> dict[int, PerCommune]:
    """Entered values of the year, per indicator and commune (one query)."""
    values: dict[int, PerCommune] = defaultdict(dict)
    rows = (
        IndicatorValue.objects.for_user(user)
        .filter(below(area, "area"), year=year)
        .values_list("indicator_id", "area_id", "part", "whole")
    )
    for indicator_id, area_id, part, whole in rows:
        values[indicator_id][area_id] = _ratio(part, whole)
    return values


LIVE: dict[str, Callable[..., PerCommune]] = {
    Measure.HOTSPOTS_ELIMINATED: hotspots_eliminated,
    Measure.SCHOOLS_REACHED: schools_reached,
    Measure.WORKERS_REACHED: workers_reached,
    Measure.SUPPORT: supported,
}


def as_of(year: int, today: date) -> date:
    """The day a year's live values are counted on: today in the current year, the last day of
    a past year."""
    return today if year >= today.year else date(year, 12, 31)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    target: Decimal | None  # the target of the year (the latest target set up to it)
    final_target: Decimal | None  # the target for 2030
    values: Mapping[int | None, Ratio]  # per commune, per province, None: the whole scope
    live: bool

    def value_at(self, area_id: int | None) -> Ratio:
        return self.values.get(area_id, NOTHING)

    def meets_at(self, area_id: int | None) -> bool | None:
        return meets(
            self.value_at(area_id).percent, self.target, strictly=self.indicator.strictly_above
        )


def indicator_rows(
    *, user: User, area: Area | None, year: int, today: date
) -> tuple[Tree, list[IndicatorRow]]:
    """Every indicator with its values for each commune under ``area`` and their roll-up."""
    on = as_of(year, today)
    the_tree = tree(user=user, area=area)
    parent_of: dict[int, int | None] = dict(the_tree.province_of)
    entered_values = entered(user=user, area=area, year=year)
    rows: list[IndicatorRow] = []
    for indicator in Indicator.objects.prefetch_related("targets"):
        targets = sorted((t.year, t.value) for t in indicator.targets.all())
        in_force = [v for y, v in targets if y <= year]
        final = [v for y, v in targets if y == max(y for y, _v in targets)] if targets else []
        if indicator.measure == Measure.DRUG_FREE_COMMUNES:
            per_commune = the_tree.drug_free
        elif indicator.measure in LIVE:
            per_commune = LIVE[indicator.measure](user=user, area=area, on=on)
        else:
            per_commune = entered_values.get(indicator.pk, {})
        per_commune = {c: r for c, r in per_commune.items() if c in parent_of}
        rows.append(
            IndicatorRow(
                indicator=indicator,
                target=in_force[-1] if in_force else None,
                final_target=final[0] if final else None,
                values=rollup(per_commune, parent_of),
                live=indicator.measure != Measure.ENTERED,
            )
        )
    return the_tree, rows
