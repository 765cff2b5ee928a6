"""The leadership dashboard (``reports.dashboard``): ``?area=<pk>`` from the user's scope (its
root area without one) and ``?kind=month|quarter|year`` (the running period, month by default).

The charts are drawn by Chart.js, served from the app (``static/vendor/chartjs``), by
``reports/dashboard.js`` from a ``json_script`` element (the CSP allows no inline script); the
same numbers are in the tables below each chart.
"""

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

from .. import dashboard as board_module
from .. import selectors


@require_GET
@scoped(Capability.VIEW_REPORTS)
@reads_from_replica
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    raw = request.GET.get("area", "").strip()
    area_id = parse_id(raw)
    if raw and area_id is None:
        raise Http404
    area = selectors.map_area(user=request.user, pk=area_id)
    kind = request.GET.get("kind", "")
    kind = kind if kind in board_module.KINDS else board_module.KINDS[0]
    board = board_module.build(user=request.user, area=area, kind=kind, today=timezone.localdate())
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "area": area,
            "kind": kind,
            "kinds": [(k, k.label) for k in board_module.KINDS],
            "ancestors": selectors.dashboard_ancestors(user=request.user, area=area),
            "chart": board_module.chart_data(board),
            "trend_rows": list(
                zip(board.months, zip(*(s.values for s in board.series), strict=True), strict=True)
            ),
        },
    )
