"""Who may write criteria records: one check shared by every criteria service."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for


def require(
    actor: User | None, capability: Capability = Capability.EVALUATE, area: Area | None = None
) -> None:
    """The actor holds ``capability`` and, when ``area`` is given, sees it.

    ``actor`` is ``None`` only for system writes (demo data), which are always allowed.
    """
    if actor is None:
        return
    if not actor.can(capability):
        raise PermissionDenied
    if area is not None and not scope_for(actor).contains(area):
        raise PermissionDenied
