from __future__ import annotations

from django.urls import path

from . import api, views

app_name = "alerts"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("badge/", views.badge, name="badge"),
    path("read-all/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/read/", views.read, name="read"),
    path("<int:pk>/open/", views.open_record, name="open"),
]

# Mounted under /api/v1/ by ``config/api_urls.py`` (names global).
api_urlpatterns = [
    path("notifications/", api.NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/<int:pk>/read/",
        api.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
]
