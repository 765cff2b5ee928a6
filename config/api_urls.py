"""The JSON API, version 1. Each app contributes its routes as ``api_urlpatterns`` in its
``urls.py``.

``schema/`` is the OpenAPI 3 document and ``docs/`` the Swagger UI over it (its start-up script
is served by the same route, ``docs/?script``, so the page needs no inline script). Both need a
login and show no area data (``Access.OWN_ACCOUNT``).
"""

from __future__ import annotations

from importlib import import_module

from django.urls import include, path

from khongmatuy.common.api import DocsApi, SchemaApi

# The apps with an API, in the order the schema lists their routes.
API_APPS = (
    "areas",
    "people",
    "places",
    "cases",
    "tips",
    "prevention",
    "criteria",
    "plans",
    "programme",
    "reports",
    "audit",
    "alerts",
)

urlpatterns = [
    path("schema/", SchemaApi.as_view(), name="api-schema"),
    path("docs/", DocsApi.as_view(), name="api-docs"),
    *(
        path("", include(import_module(f"khongmatuy.{app}.urls").api_urlpatterns))
        for app in API_APPS
    ),
]
