"""Places API, v1: hotspots and harbouring places, conditional businesses and their inspections,
cultivation, cameras (``reads``: registries, a place's creation and lifecycle step, inspections;
``writes``: the other creations and edits; ``exchange``: the .xlsx import and export). Reads
through ``objects.for_user``; writes call ``places.services``."""

from __future__ import annotations

from dataclasses import replace

from django.urls import path

from khongmatuy.common.api_registry import registry_urls

from .exchange import api_urlpatterns as exchange_urls
from .reads import INSPECTIONS, PLACES, InspectionRecord, PlaceCreate, PlaceTransition
from .writes import REGISTRIES, PlaceEdit
from .writes import api_urlpatterns as write_urls

api_urlpatterns = [
    *exchange_urls,
    *write_urls,
    *registry_urls(
        replace(PLACES, list_mixin=PlaceCreate, detail_mixin=PlaceEdit), INSPECTIONS, *REGISTRIES
    ),
    path("places/<int:pk>/transition/", PlaceTransition.as_view(), name="api-place-transition"),
    path(
        "businesses/<int:pk>/inspections/",
        InspectionRecord.as_view(),
        name="api-business-inspection-create",
    ),
]
