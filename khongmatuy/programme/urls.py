"""URLs of the programme app (included under /programme/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "programme"

urlpatterns: list[URLPattern] = []
api_urlpatterns: list[URLPattern] = []
