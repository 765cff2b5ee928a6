"""URLs of the criteria app (namespace ``criteria``): rule sets, evaluations, recognitions,
key routes, roadmaps."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api
from .views import evaluation, recognition, roadmaps, routes, rules

app_name = "criteria"

urlpatterns: list[URLPattern] = [
    # rules
    path("rules/", rules.rule_sets, name="rule_sets"),
    path("rules/compose/", rules.rule_set_compose, name="rule_set_compose"),
    path("rules/<slug:code>/v<int:version>/", rules.rule_set_detail, name="rule_set_detail"),
    # evaluation
    path("areas/<int:pk>/evaluation/", evaluation.evaluation, name="evaluation"),
    path("areas/<int:pk>/evaluate/", evaluation.evaluate, name="evaluate"),
    path("evaluations/", evaluation.evaluations, name="evaluations"),
    # recognition
    path("recognitions/", recognition.recognitions, name="recognitions"),
    path("recognitions/at-risk/", recognition.at_risk_panel, name="at_risk_panel"),
    path(
        "recognitions/<int:area_pk>/<slug:code>/",
        recognition.recognition_detail,
        name="recognition_detail",
    ),
    path(
        "recognitions/<int:area_pk>/<slug:code>/transition/",
        recognition.recognition_transition,
        name="recognition_transition",
    ),
    path(
        "recognitions/<int:area_pk>/<slug:code>/document/",
        recognition.recognition_document,
        name="recognition_document",
    ),
    # key routes
    path("routes/", routes.key_routes, name="key_routes"),
    path("routes/new/", routes.key_route_create, name="key_route_create"),
    path("routes/<int:pk>/edit/", routes.key_route_edit, name="key_route_edit"),
    # roadmaps
    path("roadmaps/", roadmaps.roadmap_list, name="roadmaps"),
    path("roadmaps/new/", roadmaps.roadmap_create, name="roadmap_create"),
    path("roadmaps/<int:pk>/", roadmaps.roadmap_detail, name="roadmap_detail"),
    path(
        "roadmaps/<int:pk>/targets/new/",
        roadmaps.roadmap_target_create,
        name="roadmap_target_create",
    ),
]

api_urlpatterns = api.api_urlpatterns
