"""Typed request for views that require login, so ``request.user`` is our ``User``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from khongmatuy.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``: what pagination links and exports append to."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
