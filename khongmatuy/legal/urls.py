from __future__ import annotations

from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:source>/<str:code>/<str:effective_from>/", views.confirm, name="confirm"),
]
