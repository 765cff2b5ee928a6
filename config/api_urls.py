"""The JSON API, version 1. Each app contributes its routes as ``api_urlpatterns`` in its
``urls.py``.

``schema/`` is the OpenAPI 3 document and ``docs/`` the Swagger UI over it (its start-up script
is served by the same route, ``docs/?script``, so the page needs no inline script). Both need a
login and show no area data (``Access.OWN_ACCOUNT``).
"""

from __future__ import annotations

from django.urls import include, path

from khongmatuy.areas.urls import api_urlpatterns as area_api_urlpatterns
from khongmatuy.common.api import DocsApi, SchemaApi
from khongmatuy.people.urls import api_urlpatterns as people_api_urlpatterns

urlpatterns = [
    path("schema/", SchemaApi.as_view(), name="api-schema"),
    path("docs/", DocsApi.as_view(), name="api-docs"),
    path("", include(area_api_urlpatterns)),
    path("", include(people_api_urlpatterns)),
]
