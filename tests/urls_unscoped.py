"""The project's URLconf plus one view that forgot to declare its access (for the tests)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from khongmatuy.areas.models import Area


def forgotten_view(request: HttpRequest) -> HttpResponse:
    """Lists every area with no scoping at all: exactly what must never be served."""
    return JsonResponse({"areas": list(Area.objects.values_list("name", flat=True))})


urlpatterns = [*project_urlpatterns, path("forgotten/", forgotten_view, name="forgotten")]
