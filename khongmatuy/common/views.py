"""Home page and health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from khongmatuy.accounts.access import public, scoped
from khongmatuy.common.http import AuthenticatedHttpRequest


@scoped()
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("areas:tree")


@public
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability, for the reverse proxy and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
