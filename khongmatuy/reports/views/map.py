"""The map page and the GeoJSON it reads.

The page renders the filters and an empty map element whose ``data-`` attributes carry the
configuration (points URL, tile URL, labels); ``reports/map.js`` (a static file: the CSP allows
scripts from the app only) draws the points with Leaflet, served from the ``django-leaflet``
package's static files, over the tiles of ``settings.KMT_MAP_TILE_URL`` when one is configured,
else over a plain coordinate grid, so the map works with no internet.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from khongmatuy.areas.models import Area
from khongmatuy.common.access import scoped
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.replicas import reads_from_replica
from khongmatuy.common.roles import Capability

from .. import selectors


def _area(request: AuthenticatedHttpRequest) -> Area:
    """``?area=<pk>`` within the user's scope (404 otherwise), else the user's root area."""
    raw = request.GET.get("area", "").strip()
    area_id = parse_id(raw)
    if raw and area_id is None:
        raise Http404
    return selectors.map_area(user=request.user, pk=area_id)


def _filters(request: AuthenticatedHttpRequest) -> selectors.MapFilters:
    return selectors.MapFilters.parse(
        user=request.user,
        layers=request.GET.getlist("layer"),
        statuses=request.GET.getlist("status"),
    )


@require_GET
@scoped(Capability.VIEW_PLACES)
@reads_from_replica
def map_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = _area(request)
    filters = _filters(request)
    query = urlencode([("area", str(area.pk)), *filters.query_items()])
    layers = [
        {
            "key": layer.key,
            "label": layer.label,
            "checked": layer.key in filters.layers,
            "statuses": [
                {
                    "value": f"{layer.key}:{value}",
                    "label": label,
                    "checked": filters.status_filter(layer.key) is None
                    or value in (filters.status_filter(layer.key) or ()),
                }
                for value, label in layer.statuses
            ],
        }
        for layer in selectors.layers_for_user(request.user)
    ]
    context = {
        "area": area,
        "areas": selectors.area_choices(user=request.user, area=area),
        "layers": layers,
        "points_url": f"{reverse('reports:map_points')}?{query}",
        "tile_url": getattr(settings, "KMT_MAP_TILE_URL", ""),
        "tile_attribution": getattr(settings, "KMT_MAP_TILE_ATTRIBUTION", ""),
        "limit": selectors.LAYER_LIMIT,
        "filtered": "layer" in request.GET or "status" in request.GET,
    }
    return render(request, "reports/map.html", context)


@require_GET
@never_cache
@scoped(Capability.VIEW_PLACES)
@reads_from_replica
def map_points(request: AuthenticatedHttpRequest) -> JsonResponse:
    """GeoJSON FeatureCollection of the chosen layers in the area (scoped; see the selector)."""
    collection = selectors.map_points(
        user=request.user,
        area=_area(request),
        filters=_filters(request),
        today=timezone.localdate(),
    )
    return JsonResponse(collection, json_dumps_params={"ensure_ascii": False})
