"""URLs of the programme app (included under /programme/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api
from .views import entries, exports, pages

app_name = "programme"

urlpatterns: list[URLPattern] = [
    path("", pages.overview, name="overview"),
    path("projects/", pages.project_list, name="list"),
    path("projects/export/", exports.project_export, name="export"),
    path("projects/new/", entries.project_create, name="project_create"),
    path("projects/<int:pk>/", pages.project_detail, name="project"),
    path("projects/<int:pk>/lead/", entries.project_lead, name="project_lead"),
    path("projects/<int:pk>/allocation/", entries.allocation_create, name="allocation_create"),
    path("projects/<int:pk>/adjustment/", entries.adjustment_create, name="adjustment_create"),
    path("projects/<int:pk>/commitment/", entries.commitment_create, name="commitment_create"),
    path(
        "projects/<int:pk>/disbursement/", entries.disbursement_create, name="disbursement_create"
    ),
    path("projects/<int:pk>/output/", entries.output_create, name="output_create"),
    path("indicators/", pages.indicator_list, name="indicators"),
    path("indicators/value/", entries.indicator_value, name="indicator_value"),
    path("catalogue/", pages.catalogue, name="catalogue"),
    path("catalogue/target/", entries.indicator_target, name="indicator_target"),
]

api_urlpatterns = api.urlpatterns
