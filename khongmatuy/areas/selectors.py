"""Reads of the area tree. Everything starts from ``Area.objects.for_user``."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, overload

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from khongmatuy.common.errors import DomainError
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold

from .models import Area, AreaChange, AreaFigure, Level, Organisation
from .rules.naming import SearchTerms, search_terms

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def area_get_for_user(*, user: User, pk: int) -> Area:
    """The area, or 404 when it is outside the user's scope (its existence does not leak)."""
    qs = Area.objects.for_user(user).select_related("parent", "province", "commune")
    return get_object_or_404(qs, pk=pk)


@overload
def area_in_scope(user: User, area_id: int, field: str) -> Area: ...
@overload
def area_in_scope(user: User, area_id: int | None, field: str) -> Area | None: ...
def area_in_scope(user: User, area_id: int | None, field: str) -> Area | None:
    """The area ``area_id`` if the user sees it; an unseen one is refused like a missing one,
    naming ``field`` (API inputs that name an area by id). ``None`` stays ``None``."""
    if area_id is None:
        return None
    area = Area.objects.for_user(user).filter(pk=area_id).first()
    if area is None:
        raise DomainError({field: [_("Không có địa bàn này trong phạm vi của tài khoản.")]})
    return area


def organisation_get_for_user(*, user: User, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.for_user(user).select_related("area"), pk=pk)


def _latest_figure(field: str) -> Subquery:
    latest = AreaFigure.objects.filter(area=OuterRef("pk")).order_by("-as_of").values(field)[:1]
    return Subquery(latest)


def with_latest_figures(qs: QuerySet[Area]) -> QuerySet[Area]:
    """Annotate ``population`` and ``households`` from each area's latest figure."""
    return qs.annotate(
        population=_latest_figure("population"), households=_latest_figure("households")
    )


@dataclass(frozen=True)
class TreeRow:
    area: Area
    child_count: int
    group_count: int
    population: int | None
    households: int | None


def _group_counts(areas: Sequence[Area]) -> dict[int, int]:
    """Active residential groups below each area, in at most two aggregate queries."""
    counts: dict[int, int] = {}
    groups = Area.objects.filter(level=Level.GROUP, is_active=True)
    provinces = [a.pk for a in areas if a.level == Level.PROVINCE]
    communes = [a.pk for a in areas if a.level == Level.COMMUNE]
    if provinces:
        rows = (
            groups.filter(province_id__in=provinces).values("province_id").annotate(n=Count("pk"))
        )
        counts.update({r["province_id"]: r["n"] for r in rows})
    if communes:
        rows = groups.filter(commune_id__in=communes).values("commune_id").annotate(n=Count("pk"))
        counts.update({r["commune_id"]: r["n"] for r in rows})
    if any(a.level == Level.COUNTRY for a in areas):
        total = groups.count()
        counts.update({a.pk: total for a in areas if a.level == Level.COUNTRY})
    return counts


def tree_rows(areas: Iterable[Area]) -> list[TreeRow]:
    """Rows of the tree page with their counts; the areas must already be scoped."""
    annotated = list(
        with_latest_figures(Area.objects.filter(pk__in=[a.pk for a in areas])).annotate(
            child_count=Count("children", filter=Q(children__is_active=True))
        )
    )
    groups = _group_counts(annotated)
    return [
        TreeRow(
            area=a,
            child_count=a.child_count,
            group_count=groups.get(a.pk, 0),
            population=a.population,  # type: ignore[attr-defined]
            households=a.households,  # type: ignore[attr-defined]
        )
        for a in sorted(annotated, key=lambda a: (a.level, a.sort_key, a.name))
    ]


def root_areas_for_user(*, user: User) -> list[Area]:
    """The top of the user's tree: assigned areas that are not below another assigned area."""
    assigned = list(
        Area.objects.filter(assignments__user=user, is_active=True).select_related(
            "province", "commune"
        )
    )
    scope = scope_for(user)
    roots = []
    for area in assigned:
        covered_by_other = any(
            other.pk != area.pk and other.level < area.level and _is_below(area, other)
            for other in assigned
        )
        if not covered_by_other and scope.contains(area):
            roots.append(area)
    return roots


def _is_below(area: Area, ancestor: Area) -> bool:
    if ancestor.level == Level.COUNTRY:
        return True
    if ancestor.level == Level.PROVINCE:
        return area.province_id == ancestor.pk
    if ancestor.level == Level.COMMUNE:
        return area.commune_id == ancestor.pk
    return False


def children_for_user(*, user: User, area: Area, include_inactive: bool = False) -> QuerySet[Area]:
    qs = Area.objects.for_user(user).filter(parent=area)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_key", "name")


def ancestors(area: Area) -> list[Area]:
    """From the country down to the area's parent (at most three parent hops)."""
    chain: list[Area] = []
    node = area.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def figures_for_area(*, area: Area) -> QuerySet[AreaFigure]:
    return AreaFigure.objects.filter(area=area).order_by("-as_of")


def active_child_names(*, area: Area) -> set[str]:
    """Folded names of the area's active children (the names a new child may not take)."""
    return set(
        Area.objects.filter(parent=area, is_active=True).values_list("name_folded", flat=True)
    )


def figure_at(*, area: Area, on: date) -> AreaFigure | None:
    """The figure in force on ``on``: the latest one dated on or before it."""
    return AreaFigure.objects.filter(area=area, as_of__lte=on).order_by("-as_of").first()


def history_for_area(*, area: Area) -> QuerySet[AreaChange]:
    """Changes of this area and changes where it was the predecessor."""
    return (
        AreaChange.objects.filter(Q(area=area) | Q(predecessor=area))
        .select_related("area", "predecessor")
        .order_by("-effective_on", "pk")
    )


def organisations_for_area(*, user: User, area: Area) -> QuerySet[Organisation]:
    """Organisations located in the area or below it, by kind, then name in Vietnamese order.

    A commune's own rows and its groups are matched by parent as well as by ``commune``: after a
    merger the former commune's rows carry the successor as their commune, and the former
    commune's page must still list what is located there (the successor's page lists it too).
    """
    qs = Organisation.objects.for_user(user).select_related("area")
    if area.level == Level.COMMUNE:
        qs = qs.filter(Q(area__commune_id=area.pk) | Q(area=area) | Q(area__parent=area))
    elif area.level == Level.PROVINCE:
        qs = qs.filter(area__province_id=area.pk)
    elif area.level == Level.GROUP:
        qs = qs.filter(area=area)
    return qs.order_by("kind", "name_sort", "pk")


def name_filter(terms: SearchTerms, *, prefix: str = "") -> Q:
    """Every word in the area's folded name; a query that began with an official unit word
    ("Phường Gia Viên") also matches the name without it, among units of that kind.

    ``prefix`` is the path to the area (``"area__"`` from a record that has one).
    """
    field = f"{prefix}name_folded__contains"
    typed = Q()
    for word in terms.words:
        typed &= Q(**{field: word})
    if not terms.stripped:
        return typed
    stripped = Q(**{f"{prefix}kind": terms.kind})
    for word in terms.stripped:
        stripped &= Q(**{field: word})
    return typed | stripped


def area_search(
    *, user: User, query: str, limit: int = 20, levels: Collection[int] = ()
) -> list[Area]:
    """Areas in scope whose name contains every word of the query, ignoring diacritics and case;
    ``levels`` keeps only those levels (the autocomplete of a field that takes communes and groups).

    "to 1 gia vien" is not how names are written, but "to 12" finds "Tổ dân phố số 12", and
    "Phường Gia Viên" finds the ward stored as "Gia Viên" (``rules.naming.search_terms``).
    """
    if len(fold(query)) < 2:
        return []
    qs = (
        Area.objects.for_user(user)
        .filter(name_filter(search_terms(query)), is_active=True)
        .select_related("parent")
        .order_by("level", "sort_key")
    )
    if levels:
        qs = qs.filter(level__in=levels)
    return list(qs[:limit])


def area_choice_label(area: Area) -> str:
    """An area as a choice reads: "Tổ dân phố số 1 (Phường Gia Viên)", "Phường Gia Viên
    (Thành phố Hải Phòng)"; the parent tells apart the many groups and communes of one name."""
    if area.parent is None or area.level <= Level.PROVINCE:
        return area.display_name
    return f"{area.display_name} ({area.parent.display_name})"


@dataclass(frozen=True)
class AreaCount:
    """Counts per commune-level unit in the user's scope: the shape dashboards will extend."""

    commune_id: int
    commune_name: str
    groups: int
    population: int


def commune_counts(*, user: User) -> list[AreaCount]:
    """Residential groups and their summed current population per commune: one query.

    The bench times this against the same aggregate written as raw SQL (bench/bench_areas.py).
    """
    rows = (
        Area.objects.for_user(user)
        .filter(level=Level.GROUP, is_active=True)
        .values("commune_id", "commune__name", "commune__sort_key")
        .annotate(
            n=Count("pk", distinct=True),
            population=Sum("figures__population", filter=Q(figures__is_current=True)),
        )
        .order_by("commune__sort_key")
    )
    return [
        AreaCount(
            commune_id=r["commune_id"],
            commune_name=r["commune__name"],
            groups=r["n"],
            population=r["population"] or 0,
        )
        for r in rows
    ]
