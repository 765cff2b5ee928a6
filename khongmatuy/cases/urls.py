from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views

app_name = "cases"

urlpatterns: list[URLPattern] = [
    path("", views.case_list, name="list"),
    path("new/", views.create, name="create"),
    path("export/", views.export, name="export"),
    path("export/<uuid:pk>/", views.export_file, name="export_file"),
    path("arrests/", views.arrests, name="arrests"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/persons/add/", views.person_add, name="person_add"),
    path("persons/<int:pk>/remove/", views.person_remove, name="person_remove"),
    path("<int:pk>/seizures/add/", views.seizure_add, name="seizure_add"),
    path("seizures/<int:pk>/remove/", views.seizure_remove, name="seizure_remove"),
    path("substances/", views.substances, name="substances"),
    path("substances/new/", views.substance_create, name="substance_create"),
    path("substances/<int:pk>/edit/", views.substance_edit, name="substance_edit"),
]

api_urlpatterns = api.api_urlpatterns
