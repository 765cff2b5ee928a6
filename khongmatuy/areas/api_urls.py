"""Area routes of API v1 (mounted under ``/api/v1/`` by ``config/api_urls.py``)."""

from __future__ import annotations

from django.urls import path

from . import api

urlpatterns = [
    path("areas/", api.AreaListApi.as_view(), name="api-areas"),
    path("areas/<int:pk>/", api.AreaDetailApi.as_view(), name="api-area-detail"),
    path("areas/<int:pk>/children/", api.AreaChildrenApi.as_view(), name="api-area-children"),
    # GET lists the series, POST records a figure (MANAGE_AREAS): one URL, two operations.
    path("areas/<int:pk>/figures/", api.AreaFiguresApi.as_view(), name="api-area-figures"),
    path(
        "areas/<int:pk>/organisations/",
        api.AreaOrganisationsApi.as_view(),
        name="api-area-organisations",
    ),
]
