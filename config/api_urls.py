"""The JSON API, version 1. Each app contributes its routes from its ``api.py``."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("khongmatuy.areas.api_urls")),
]
