from __future__ import annotations

from django.urls import URLPattern, path

from . import views

app_name = "jobs"

urlpatterns: list[URLPattern] = [
    path("", views.job_list, name="list"),
    path("notice/", views.notice, name="notice"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/download/", views.download, name="download"),
]
