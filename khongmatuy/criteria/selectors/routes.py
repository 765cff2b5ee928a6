"""Reads of key drug routes: the routes a user sees (those its province recorded, and those
passing through its communes), and one route to edit (only from the recording province)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from khongmatuy.accounts.models import User
from khongmatuy.common.scoping import scope_for
from khongmatuy.criteria.models import KeyRoute


def key_route_list(*, user: User) -> QuerySet[KeyRoute]:
    """Every route the user sees, by name (Vietnamese order), with its province and communes."""
    qs: QuerySet[KeyRoute] = KeyRoute.objects.for_user(user)
    return qs.select_related("province").prefetch_related("communes").order_by("sort_key", "pk")


def key_route_get_for_user(*, user: User, pk: int) -> KeyRoute:
    """A route the user may edit: seen, and recorded by a province the user sees (404 else)."""
    route = KeyRoute.objects.for_user(user).select_related("province").filter(pk=pk).first()
    if route is None or not scope_for(user).contains(route.province):
        raise Http404
    return route


def can_record(*, user: User, route: KeyRoute) -> bool:
    return scope_for(user).contains(route.province)
