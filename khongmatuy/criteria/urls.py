"""URLs of the criteria app, gathered from its view modules (one owner per module)."""

from __future__ import annotations

from . import views_evaluation, views_recognition, views_roadmaps, views_rules

app_name = "criteria"

urlpatterns = [
    *views_rules.urlpatterns,
    *views_evaluation.urlpatterns,
    *views_recognition.urlpatterns,
    *views_roadmaps.urlpatterns,
]
