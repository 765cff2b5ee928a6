"""Home page and health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from khongmatuy.common.access import public, scoped
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability


@scoped()
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People work first (the overview); accounts without the registry see their areas."""
    if request.user.can(Capability.VIEW_PERSONS):
        return redirect("people:overview")
    return redirect("areas:tree")


@public
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability, for the reverse proxy and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
