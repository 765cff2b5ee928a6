"""URLs of the tips app (included under /tips/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views

app_name = "tips"

urlpatterns: list[URLPattern] = [
    # public, no login
    path("send/", views.public_new, name="public_new"),
    path("status/", views.public_status, name="public_status"),
    # officers (HANDLE_TIPS), scoped
    path("", views.queue, name="queue"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/badge/", views.overdue_badge, name="overdue_badge"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/classify/", views.classify, name="classify"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/close/", views.close, name="close"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("for-place/<int:pk>/", views.place_tips, name="place_tips"),
    path("for-case/<int:pk>/", views.case_tips, name="case_tips"),
]

api_urlpatterns = api.api_urlpatterns
