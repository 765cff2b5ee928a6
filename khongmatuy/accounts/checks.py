"""System check: every URL pattern declares its access (deny by default)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register

from khongmatuy.common.access import undeclared_routes


@register(Tags.security, Tags.urls)
def check_every_route_declares_access(**kwargs: Any) -> list[CheckMessage]:
    return [
        Error(
            f"URL {route!r} has no access declaration",
            hint="Decorate the view with @public, @own_account or @scoped(), "
            "or derive the API view from ScopedAPIView.",
            id="kmt.E001",
        )
        for route in undeclared_routes()
    ]
