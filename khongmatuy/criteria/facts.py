"""Facts for the criteria: every metric of ``engine.METRICS`` for many areas of one level, as of a
date, in a fixed number of aggregate queries (no loop over areas).

Thirteen queries at most, whatever the number of areas: the population in force on the date, the
persons (managed, outside treatment, new, dealers: one pass over ``PersonCategory``), the places
existing on the date (the event log, as ``places.selectors.place_counts_at``), the hotspots that
recurred in the window, the cultivation found in the window (as
``places.selectors.cultivation_totals``), the arrested offenders in the window (as
``cases.selectors.arrests_per_area``), the evidence a conclusion needs (the active residential
groups and those whose data review, a reconciliation round, completed in the window), and for
communes the key routes in force on the date (``on_key_route``: 1 on a route its province
recorded, 0 when the province recorded routes in force then but none passes through it, absent
when the province recorded none: no record is not "off the route"), and the prevention figures
(``prevention.selectors.facts``: communication every month of the window's complete months,
household commitment coverage, broken organisation commitments of the year).

"As of" a past date gives the answer the data gave then: a category counts by its
``started_on``/``ended_on``, a place by its dated events, an arrest by ``arrested_on``, a figure by
``as_of``. A commune's (province's, country's) counts cover the records filed in its residential
groups; a population is the area's own figure only (a commune whose figure is missing has no
population, and so no rates: the groups' figures are not summed).

The areas must come from ``Area.objects.for_user``: the facts of an area the user sees read all its
records (an evaluation does not depend on who runs it). Persons are counted where they are filed
now (``Person.area``); a transfer's earlier residence is not replayed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum

from khongmatuy.areas.models import Area, AreaFigure, Level
from khongmatuy.cases.models import CasePerson
from khongmatuy.common.dates import add_months
from khongmatuy.people import counting
from khongmatuy.people.counting import DEALERS, USERS
from khongmatuy.people.models import PersonCategory, ReconciliationRound
from khongmatuy.places.models import Cultivation, Place
from khongmatuy.prevention.models import OrganisationCommitment
from khongmatuy.prevention.selectors import facts as prevention_facts

from .engine import METRICS, AreaFacts
from .evaluate import rate
from .models import KeyRoute

ARRESTED = (CasePerson.Role.ARRESTED, CasePerson.Role.ACCUSED)
# Above this many areas the query narrows by province and drops the other rows in Python, rather
# than send one bound parameter per area (SQLite allows 32,766).
MAX_IN = 500

Rows = dict[int, dict[str, Any]]

# Where each level's key sits on an area row ("" = the area itself).
_KEY = {Level.GROUP: "", Level.COMMUNE: "commune", Level.PROVINCE: "province"}


@dataclass(frozen=True)
class Window:
    start: date
    end: date


def window(*, on: date, months: int) -> Window:
    """``[on − months, on]``, both ends inclusive (as ``evaluate`` shows it: 23/11/2025 →
    23/11/2026 for 12 months to 23/11/2026)."""
    return Window(start=add_months(on, -months), end=on)


class AreaRef(Protocol):
    """What the facts read of an area: an ``Area``, or an ``AreaKey`` for many of them."""

    @property
    def pk(self) -> Any: ...
    @property
    def level(self) -> int: ...
    @property
    def province_id(self) -> int | None: ...


class AreaKey(NamedTuple):
    """An area as the facts need it, read without building a model instance (a national run
    reads ~104,000): ``Area.objects.values_list(*AreaKey._fields)``."""

    pk: int
    level: int
    province_id: int | None


@dataclass(frozen=True)
class _Areas:
    """The areas being gathered for, indexed once (a national run has ~104,000 groups)."""

    level: int
    ids: frozenset[int]
    province_of: dict[int, int | None]
    provinces: list[int]

    @classmethod
    def of(cls, areas: Sequence[AreaRef], level: int) -> _Areas:
        province_of = {a.pk: a.province_id for a in areas}
        provinces = sorted({p for p in province_of.values() if p is not None})
        return cls(level, frozenset(province_of), province_of, provinces)


class _Grouping:
    """How rows of one model reach the areas of one level, through ``path`` (its area field)."""

    def __init__(self, *, areas: _Areas, path: str) -> None:
        self.level = level = areas.level
        self.ids = areas.ids
        self.provinces = areas.provinces
        self.path = path
        self.country = level == Level.COUNTRY
        suffix = _KEY.get(Level(level), "")
        if path:
            self.key = f"{path}__{suffix}" if suffix else path
        else:
            self.key = suffix or "pk"

    def narrow(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if self.country:
            return qs
        if len(self.ids) <= MAX_IN:
            return qs.filter(**{f"{self.key}__in": sorted(self.ids)})
        prefix = f"{self.path}__" if self.path else ""
        if self.level != Level.PROVINCE and len(self.provinces) <= MAX_IN:
            qs = qs.filter(**{f"{prefix}province_id__in": self.provinces})
        return qs

    def rows(self, qs: QuerySet[Any], **aggregates: Any) -> Rows:
        """The aggregates per area id (areas without rows are absent)."""
        qs = self.narrow(qs).order_by()
        if self.country:
            totals = qs.aggregate(**aggregates)
            return dict.fromkeys(self.ids, totals)
        found = qs.values(area_key=F(self.key)).annotate(**aggregates)
        return {row["area_key"]: row for row in found if row["area_key"] in self.ids}


def _populations(grouping: _Grouping, on: date) -> dict[int, int | None]:
    latest = (
        AreaFigure.objects.filter(area=OuterRef("pk"), as_of__lte=on)
        .order_by("-as_of")
        .values("population")[:1]
    )
    qs = Area.objects.filter(level=grouping.level)
    if len(grouping.ids) <= MAX_IN:
        qs = qs.filter(pk__in=sorted(grouping.ids))
    elif grouping.level > Level.PROVINCE and len(grouping.provinces) <= MAX_IN:
        qs = qs.filter(province_id__in=grouping.provinces)
    rows = qs.annotate(population=Subquery(latest)).order_by().values_list("pk", "population")
    return {pk: population for pk, population in rows if pk in grouping.ids}


def _persons(areas: _Areas, on: date, span: Window) -> Rows:
    """Managed, outside treatment, new and dealers, in one pass over the categories (the
    conditions of ``people.counting``, which the person list filters by too)."""
    grouping = _Grouping(areas=areas, path="person__area")
    qs = PersonCategory.objects.filter(category__in=USERS + DEALERS, started_on__lte=on)
    return grouping.rows(
        qs,
        managed_count=Count("person_id", distinct=True, filter=counting.managed_on(on)),
        users_outside_treatment=Count(
            "person_id", distinct=True, filter=counting.outside_treatment_on(on)
        ),
        new_users=Count(
            "person_id", distinct=True, filter=counting.new_user_between(span.start, span.end)
        ),
        dealers=Count("person_id", distinct=True, filter=counting.dealing_on(on)),
    )


def _places(areas: _Areas, on: date) -> Rows:
    grouping = _Grouping(areas=areas, path="area")
    qs = Place.objects.existing_on(on)
    return grouping.rows(
        qs,
        hotspots=Count("pk", filter=Q(kind=Place.Kind.HOTSPOT)),
        harbouring_places=Count("pk", filter=Q(kind=Place.Kind.HARBOURING)),
    )


def _recurred(areas: _Areas, span: Window) -> Rows:
    """Hotspots that recurred (a lifecycle step to "tái phát") inside the window, even when
    eliminated again before its end."""
    grouping = _Grouping(areas=areas, path="area")
    qs = Place.objects.filter(kind=Place.Kind.HOTSPOT).recurred_between(span.start, span.end)
    return grouping.rows(qs, hotspots_recurred=Count("pk"))


def key_routes_on(on: date) -> QuerySet[KeyRoute]:
    """The key routes in force on ``on``."""
    return KeyRoute.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on
    )


def _on_route(areas: _Areas, on: date) -> dict[int, Decimal]:
    """``on_key_route`` of each commune: 1, 0, or absent (its province recorded no route in force
    on ``on``). Other levels: absent (a route is recorded commune by commune)."""
    if areas.level != Level.COMMUNE:
        return {}
    in_force = key_routes_on(on)
    recording = set(
        in_force.filter(province_id__in=areas.provinces)
        .order_by()
        .values_list("province_id", flat=True)
        .distinct()
    )
    if not recording:
        return {}
    ids = sorted(pk for pk, province in areas.province_of.items() if province in recording)
    crossed = set(
        KeyRoute.communes.through.objects.filter(
            keyroute__in=in_force.filter(province_id__in=sorted(recording)),
            area_id__in=ids,
        ).values_list("area_id", flat=True)
    )
    return {pk: Decimal(1 if pk in crossed else 0) for pk in ids}


def _cultivation(areas: _Areas, span: Window) -> Rows:
    grouping = _Grouping(areas=areas, path="area")
    qs = Cultivation.objects.filter(discovered_on__gte=span.start, discovered_on__lte=span.end)
    return grouping.rows(qs, plants_destroyed=Sum("plant_count"), cultivation_m2=Sum("area_m2"))


def _arrests(areas: _Areas, span: Window) -> Rows:
    grouping = _Grouping(areas=areas, path="case__area")
    arrested = Q(role__in=ARRESTED, arrested_on__gte=span.start, arrested_on__lte=span.end)
    violated = Q(
        role=CasePerson.Role.VIOLATOR,
        case__occurred_on__gte=span.start,
        case__occurred_on__lte=span.end,
    )
    qs = CasePerson.objects.filter(arrested | violated)
    return grouping.rows(
        qs,
        arrests=Count("person_id", distinct=True, filter=arrested),
        drug_offenders=Count("person_id", distinct=True),
    )


def _reviews(areas: _Areas, span: Window) -> tuple[Rows, Rows]:
    """Active residential groups at or under each area, and how many of them completed a data
    review (reconciliation round) inside the window: the evidence a conclusion needs."""
    groups = _Grouping(areas=areas, path="").rows(
        Area.objects.filter(level=Level.GROUP, is_active=True), groups=Count("pk")
    )
    reviewed = _Grouping(areas=areas, path="area").rows(
        ReconciliationRound.objects.filter(
            area__level=Level.GROUP,
            area__is_active=True,
            completed_on__gte=span.start,
            completed_on__lte=span.end,
        ),
        reviewed_groups=Count("area_id", distinct=True),
    )
    return groups, reviewed


def _prevention(areas: _Areas, on: date, window_months: int) -> dict[int, dict[str, Decimal]]:
    """Communication every month, household commitments, broken organisation commitments
    (``prevention.selectors.facts``): three queries."""
    grouping = _Grouping(areas=areas, path="")
    groups = Area.objects.filter(level=Level.GROUP)
    found: dict[int, dict[str, Decimal]] = {pk: {} for pk in areas.ids}
    reached = grouping.rows(
        groups, **prevention_facts.communication_aggregates(on=on, months=window_months)
    )
    for pk, row in reached.items():
        value = prevention_facts.communication_rate(row)
        if value is not None:
            found[pk]["communication_rate"] = value
    key = {Level.GROUP: "group_id", Level.COMMUNE: "commune_id", Level.PROVINCE: "province_id"}
    rates = prevention_facts.household_rates(
        grouping.narrow(groups), on=on, key=key.get(Level(areas.level), "")
    )
    for pk in found:
        value = rates.get(0 if areas.level == Level.COUNTRY else pk)
        if value is not None:
            found[pk]["household_commitment_rate"] = value
    broken = _Grouping(areas=areas, path="organisation__area").rows(
        OrganisationCommitment.objects.filter(year=on.year),
        broken_commitments=prevention_facts.broken_aggregate(year=on.year),
    )
    for pk in found:
        found[pk]["broken_commitments"] = _decimal((broken.get(pk) or {}).get("broken_commitments"))
    return found


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value else Decimal(0)


def gather(*, areas: Sequence[AreaRef], on: date, window_months: int = 12) -> dict[int, AreaFacts]:
    """Every metric of ``METRICS`` for ``areas`` (all of one level) as of ``on``; windowed
    metrics count the ``window_months`` months ending on ``on``. Thirteen queries at most."""
    if not areas:
        return {}
    levels = {a.level for a in areas}
    if len(levels) != 1:
        raise ValueError("gather: the areas must all be of one level")
    target = _Areas.of(areas, levels.pop())
    span = window(on=on, months=window_months)
    populations = _populations(_Grouping(areas=target, path=""), on)
    # The counted metrics of each area that has any (most groups have none), as Decimals.
    counted: dict[int, dict[str, Decimal]] = {}
    for source in (
        _persons(target, on, span),
        _places(target, on),
        _recurred(target, span),
        _cultivation(target, span),
        _arrests(target, span),
    ):
        for pk, row in source.items():
            counted.setdefault(pk, {}).update(
                (k, _decimal(v)) for k, v in row.items() if k in _COUNTED
            )
    routes = _on_route(target, on)
    groups, reviewed = _reviews(target, span)
    prevention = _prevention(target, on, window_months)
    zero = {code: Decimal(0) for code in METRICS if code in _COUNTED}
    zero["cultivation_m2"] = Decimal("0.0")
    facts: dict[int, AreaFacts] = {}
    for area in areas:
        pk = area.pk
        metrics = dict(zero)
        found = counted.get(pk)
        if found is not None:
            metrics.update(found)
            metrics["cultivation_m2"] = metrics["cultivation_m2"].quantize(Decimal("0.1"))
        if pk in routes:
            metrics["on_key_route"] = routes[pk]
        metrics.update(prevention[pk])
        population = populations.get(pk)
        if population:
            for code, count in (("managed_rate", "managed_count"), ("arrest_rate", "arrests")):
                # Exact: a rate is compared unrounded and rounded only for display.
                value = rate(metrics[count], population, rounded=False)
                if value is not None:
                    metrics[code] = value
        facts[pk] = AreaFacts(
            area_id=pk,
            on=on,
            population=population,
            metrics=metrics,
            window_start=span.start,
            groups=int((groups.get(pk) or {}).get("groups") or 0),
            reviewed_groups=int((reviewed.get(pk) or {}).get("reviewed_groups") or 0),
        )
    return facts


_COUNTED = frozenset(
    {
        "managed_count",
        "users_outside_treatment",
        "new_users",
        "dealers",
        "hotspots",
        "hotspots_recurred",
        "harbouring_places",
        "plants_destroyed",
        "cultivation_m2",
        "arrests",
        "drug_offenders",
    }
)
