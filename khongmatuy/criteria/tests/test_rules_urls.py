"""The URLconf the rule-set view tests run with: the project's, with the rule-set routes in the
``criteria`` namespace even before ``criteria/urls.py`` includes them (no tests here)."""

from __future__ import annotations

from typing import Any

from django.urls import URLResolver, include, path

from config import urls as project_urls
from khongmatuy.criteria import urls as criteria_urls
from khongmatuy.criteria import views_rules

_names = {p.name for p in criteria_urls.urlpatterns if hasattr(p, "name")}
_criteria: list[Any] = [
    *criteria_urls.urlpatterns,
    *(p for p in views_rules.urlpatterns if p.name not in _names),
]

urlpatterns: list[Any] = [
    entry
    for entry in project_urls.urlpatterns
    if not (isinstance(entry, URLResolver) and entry.namespace == "criteria")
] + [path("criteria/", include((_criteria, "criteria")))]

URLCONF = __name__
