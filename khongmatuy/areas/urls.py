"""URLs of the areas app: the pages (included under /areas/, namespace ``areas``) and the API v1
routes (``api_urlpatterns``, mounted under /api/v1/ by ``config/api_urls.py``, names global)."""

from __future__ import annotations

from django.urls import path

from . import api, views

app_name = "areas"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("autocomplete/", views.autocomplete, name="autocomplete"),
    path("import-template.xlsx", views.groups_import_template, name="groups_import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:pk>/groups/bulk/", views.groups_bulk, name="groups_bulk"),
    path("<int:pk>/groups/import/", views.groups_import, name="groups_import"),
    path("<int:pk>/figures/new/", views.figure_create, name="figure_create"),
    path("<int:pk>/organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
]

api_urlpatterns = [
    path("areas/", api.AreaListApi.as_view(), name="api-areas"),
    path("areas/<int:pk>/", api.AreaDetailApi.as_view(), name="api-area-detail"),
    path("areas/<int:pk>/children/", api.AreaChildrenApi.as_view(), name="api-area-children"),
    # GET lists the series, POST records a figure (MANAGE_AREAS): one URL, two operations.
    path("areas/<int:pk>/figures/", api.AreaFiguresApi.as_view(), name="api-area-figures"),
    path(
        "areas/<int:pk>/organisations/",
        api.AreaOrganisationsApi.as_view(),
        name="api-area-organisations",
    ),
]
