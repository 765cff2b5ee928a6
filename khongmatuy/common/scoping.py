"""The single scoping mechanism: which records a user may see.

A user is bound to areas (``AreaAssignment``). Seeing an area means seeing it and everything
below it. Every model that belongs to a place names the path to its area in
``scope_area_field`` (or a tuple of paths for a record that belongs to two places, such as a
transfer between communes) and uses ``AreaScopedQuerySet``; every view, export, search, count
and API route reads through ``Model.objects.for_user(user)``. Nothing else filters by area for
access.

Because each ``Area`` row stores its province and commune (itself at its own level), the filter is
one indexed ``IN`` on the area row: no recursive query, the same SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from khongmatuy.accounts.models import User

# Area levels, repeated here (as plain ints) so this module imports nothing from ``areas``.
_COUNTRY, _PROVINCE, _COMMUNE, _GROUP = 0, 1, 2, 3

_M = TypeVar("_M", bound=models.Model)


class AreaLike(Protocol):
    pk: Any
    province_id: int | None
    commune_id: int | None


@dataclass(frozen=True)
class Scope:
    """The areas a user sees, grouped by level so each level is one indexed ``IN``."""

    everything: bool = False
    province_ids: frozenset[int] = frozenset()
    commune_ids: frozenset[int] = frozenset()
    group_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.province_ids or self.commune_ids or self.group_ids)

    def q(self, area_field: str) -> Q:
        """A filter on the area reached through ``area_field`` ("" for ``Area`` itself)."""
        prefix = f"{area_field}__" if area_field else ""
        own_id = f"{area_field}_id__in" if area_field else "pk__in"
        condition = Q()
        if self.province_ids:
            condition |= Q(**{f"{prefix}province_id__in": sorted(self.province_ids)})
        if self.commune_ids:
            condition |= Q(**{f"{prefix}commune_id__in": sorted(self.commune_ids)})
        if self.group_ids:
            condition |= Q(**{own_id: sorted(self.group_ids)})
        return condition

    def contains(self, area: AreaLike) -> bool:
        return (
            self.everything
            or (area.province_id is not None and area.province_id in self.province_ids)
            or (area.commune_id is not None and area.commune_id in self.commune_ids)
            or area.pk in self.group_ids
        )


EMPTY_SCOPE = Scope()


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, computed once per user object (one query) and cached on it."""
    if not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached: Scope | None = getattr(user, "_kmt_scope", None)
    if cached is not None:
        return cached
    rows = user.area_assignments.filter(area__is_active=True).values_list("area_id", "area__level")
    by_level: dict[int, set[int]] = {
        _COUNTRY: set(),
        _PROVINCE: set(),
        _COMMUNE: set(),
        _GROUP: set(),
    }
    for area_id, level in rows:
        by_level[level].add(area_id)
    scope = Scope(
        everything=bool(by_level[_COUNTRY]),
        province_ids=frozenset(by_level[_PROVINCE]),
        commune_ids=frozenset(by_level[_COMMUNE]),
        group_ids=frozenset(by_level[_GROUP]),
    )
    user._kmt_scope = scope  # type: ignore[attr-defined]
    return scope


# The agency role's value (``roles.Role.AGENCY_OFFICER``), repeated so scoping stays import-free.
_AGENCY_ROLE = "agency_officer"


def agency_organisation_id(user: User | AnonymousUser) -> int | None:
    """The organisation an agency account is bound to, on top of its commune: such an account
    sees only the records of that organisation (the tasks it leads or coordinates). None for
    every other account, and for an agency account without an organisation (which then sees
    no task: ``plans`` refuses it)."""
    if getattr(user, "role", None) != _AGENCY_ROLE:
        return None
    return getattr(user, "organisation_id", None) or 0


def forget_scope(user: User) -> None:
    """Drop the cached scope after the user's areas change."""
    user.__dict__.pop("_kmt_scope", None)


class AreaScopedQuerySet(models.QuerySet[_M]):
    """QuerySet of a model that belongs to a place. ``for_user`` is the only access filter."""

    def for_user(self, user: User | AnonymousUser) -> AreaScopedQuerySet[_M]:
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        if scope.is_empty:
            return self.none()
        fields: str | tuple[str, ...] = self.model.scope_area_field  # type: ignore[attr-defined]
        if isinstance(fields, str):
            return self.filter(scope.q(fields))
        # A record that belongs to two places (a transfer between communes) is visible from
        # either; each path is a separate indexed condition.
        condition = Q()
        for area_field in fields:
            condition |= scope.q(area_field)
        return self.filter(condition).distinct()
