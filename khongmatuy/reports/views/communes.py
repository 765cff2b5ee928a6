"""The city's view: its communes side by side (people, overdue items, recognition)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from khongmatuy.common.access import scoped
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.replicas import reads_from_replica
from khongmatuy.common.roles import Capability

from .. import selectors


@require_GET
@scoped(Capability.VIEW_PERSONS)
@reads_from_replica
def communes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The city's view: its communes side by side (people, overdue items, recognition)."""
    provinces = selectors.comparison_provinces(user=request.user)
    province = None
    chosen = parse_id(request.GET.get("province", ""))
    if chosen is not None:
        province = provinces.filter(pk=chosen).first()
        if province is None:
            raise Http404
    rows = selectors.commune_comparison(
        user=request.user, on=timezone.localdate(), province=province
    )
    return render(
        request,
        "reports/communes.html",
        {
            "rows": rows,
            "province": province,
            "provinces": provinces if rows is None or province is not None else None,
            "top": max((r.persons for r in rows), default=0) if rows else 0,
        },
    )
