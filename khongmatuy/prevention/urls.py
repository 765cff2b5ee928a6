"""URLs of the prevention app (included under /prevention/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views

app_name = "prevention"

urlpatterns: list[URLPattern] = [
    path("", views.activity_list, name="list"),
    path("new/", views.record, name="record"),
    path("export/", views.export, name="export"),
    path("export/<uuid:pk>/", views.export_file, name="export_file"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/tile/", views.coverage_tile, name="coverage_tile"),
    path("workforce/", views.workforce, name="workforce"),
]

urlpatterns += [
    path("households/", views.households.coverage, name="households"),
    path("households/template/", views.households.import_template, name="households_template"),
    path("households/group/<int:pk>/", views.households.group, name="households_group"),
    path("households/group/<int:pk>/add/", views.households.add, name="households_add"),
    path(
        "households/group/<int:pk>/import/", views.households.import_list, name="households_import"
    ),
    path("households/group/<int:pk>/counts/", views.households.counts, name="households_counts"),
    path("households/<int:pk>/commit/", views.households.commit, name="households_commit"),
    path("households/<int:pk>/edit/", views.households.edit, name="households_edit"),
    path("households/<int:pk>/remove/", views.households.remove, name="households_remove"),
    path("households/commitments/<int:pk>/scan/", views.households.scan, name="households_scan"),
]

urlpatterns += [
    path("commitments/", views.commitments.commitment_list, name="commitments"),
    path("commitments/own/", views.commitments.own_commitments, name="own_commitments"),
    path("commitments/new/", views.commitments.commitment_create, name="commitment_create"),
    path("affiliations/person/<int:pk>/", views.commitments.affiliation, name="person_affiliation"),
]

urlpatterns += [
    path("models/", views.models.model_list, name="models"),
    path("models/new/", views.models.model_create, name="model_create"),
    path("models/<int:pk>/", views.models.model_detail, name="model_detail"),
    path("models/<int:pk>/edit/", views.models.model_edit, name="model_edit"),
    path("models/<int:pk>/status/", views.models.model_transition, name="model_transition"),
    path("models/<int:pk>/review/", views.models.model_review, name="model_review"),
    path("models/<int:pk>/decision/", views.models.model_decision, name="model_decision"),
]

urlpatterns += [
    path("households/export/", views.exports.households_export, name="households_export"),
    path("commitments/export/", views.exports.commitments_export, name="commitments_export"),
    path("models/export/", views.exports.models_export, name="models_export"),
]

api_urlpatterns = api.api_urlpatterns
