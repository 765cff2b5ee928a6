from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views
from .views import official

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("map/", views.map_page, name="map"),
    path("map/points/", views.map_points, name="map_points"),
    path("communes/", views.communes, name="communes"),
    path("official/", official.report_list, name="list"),
    path("official/new/", official.create, name="create"),
    path("official/new-dossier/", official.dossier_create, name="dossier_create"),
    path("official/new-programme/", official.programme_create, name="programme_create"),
    path("official/<int:pk>/", official.detail, name="detail"),
    path("official/<int:pk>/edit/", official.edit, name="edit"),
    path("official/<int:pk>/approve/", official.approve, name="approve"),
    path("official/<int:pk>/issue/", official.issue, name="issue"),
    path("official/<int:pk>/correct/", official.correct, name="correct"),
    path("official/<int:pk>/render/", official.render_files, name="render"),
    path("official/<int:pk>/file/<str:fmt>/", official.download, name="download"),
]

# Mounted under /api/v1/ by ``config/api_urls.py`` (names global).
api_urlpatterns = api.api_urlpatterns
