"""What the signed-in user's role may do (``nav_can``), for templates that show an action only to
roles allowed to take it. The menu itself is ``common.menu``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from khongmatuy.common.roles import Capability


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_can": {cap.value: user.can(cap) for cap in Capability},
    }
