"""Request helpers: the typed request for views that require login (so ``request.user`` is our
``User``), the client's address, the safe ``next`` target, and the query string for pagination
links."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from khongmatuy.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def safe_next(request: HttpRequest, *, default: str) -> str:
    """The ``next`` parameter (POST, then GET) when it is a path on this site, else ``default``.

    Only a relative path starting with one ``/`` is followed: never another host, another scheme
    (``javascript:``), or a bare word, which ``redirect()`` would try to reverse as a view name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure() or settings.SECURE_SSL_REDIRECT,
        )
    ):
        return target
    return default


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``: what pagination links and exports append to."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, as far as it can be trusted; ``None`` when there is no valid one.

    With ``KMT_PROXY_HOPS`` = *n* > 0 reverse proxies in front of the app, each appends the address
    of whoever connected to it to ``X-Forwarded-For``; the outermost trusted proxy's entry, the
    *n*-th from the right, is the client. Everything to its left was sent by the client and can be
    forged, so it is never read. With 0 hops, or a header with fewer entries than hops, or an
    entry that is not an IP address, the address is ``REMOTE_ADDR`` (the peer of this process).
    Used by the audit log, the tip rate limits and the login lockout log.
    """
    hops = int(getattr(settings, "KMT_PROXY_HOPS", 0))
    if hops > 0:
        entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(entries) >= hops:
            forwarded = _valid_ip(entries[-hops])
            if forwarded is not None:
                return forwarded
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _valid_ip(raw: str) -> str | None:
    """``raw`` as a canonical IP address string (IPv4-mapped IPv6 as IPv4), or ``None``."""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id is not None:  # "fe80::1%eth0": no database column takes a zone
            return None
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
    return str(address)
