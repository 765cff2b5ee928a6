from __future__ import annotations

from django.urls import path

from . import api, views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="list"),
]

api_urlpatterns = api.api_urlpatterns
