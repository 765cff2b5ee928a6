"""URLs of the places app (included under /places/). Every view declares its access."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api, views
from .views import imports

app_name = "places"

urlpatterns: list[URLPattern] = [
    path("", views.place_list, name="list"),
    path("new/", views.place_create, name="create"),
    path("import/", imports.import_places, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("<int:pk>/", views.place_detail, name="detail"),
    path("<int:pk>/edit/", views.place_edit, name="edit"),
    path("<int:pk>/transition/", views.place_transition, name="transition"),
    path("<int:pk>/persons/", views.place_link_person, name="link_person"),
    path("businesses/", views.businesses, name="businesses"),
    path("businesses/new/", views.business_create, name="business_create"),
    path("businesses/uninspected/", views.uninspected, name="uninspected"),
    path("businesses/<int:pk>/", views.business_detail, name="business_detail"),
    path("businesses/<int:pk>/edit/", views.business_edit, name="business_edit"),
    path(
        "businesses/<int:pk>/inspections/new/",
        views.inspection_create,
        name="inspection_create",
    ),
    path("cultivation/", views.cultivations, name="cultivations"),
    path("cultivation/new/", views.cultivation_create, name="cultivation_create"),
    path("cultivation/<int:pk>/edit/", views.cultivation_edit, name="cultivation_edit"),
    path("cameras/", views.cameras, name="cameras"),
    path("cameras/new/", views.camera_create, name="camera_create"),
    path("cameras/<int:pk>/edit/", views.camera_edit, name="camera_edit"),
    path("facilities/", views.facilities, name="facilities"),
    path("facilities/check/", views.facility_check, name="facility_check"),
]

api_urlpatterns = api.api_urlpatterns
