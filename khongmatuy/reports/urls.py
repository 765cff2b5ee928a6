from __future__ import annotations

from django.urls import URLPattern, path

from . import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("map/", views.map_page, name="map"),
    path("map/points/", views.map_points, name="map_points"),
    path("communes/", views.communes, name="communes"),
]
