"""URLs of the prevention app (included under /prevention/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

app_name = "prevention"

urlpatterns: list[URLPattern] = [
    path("", views.activity_list, name="list"),
    path("new/", views.record, name="record"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/tile/", views.coverage_tile, name="coverage_tile"),
    path("workforce/", views.workforce, name="workforce"),
]
