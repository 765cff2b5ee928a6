"""The landing page of the people registry: today's work in the user's areas."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from khongmatuy.common.access import scoped
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.replicas import reads_from_replica
from khongmatuy.common.roles import Capability, Role

from ..selectors import overview as selectors


@require_GET
@scoped(Capability.VIEW_PERSONS)
@reads_from_replica
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.role == Role.SUPERVISOR:  # a supervisor's day is their visits list
        return redirect("people:visits")
    data = selectors.overview(user=request.user, on=timezone.localdate())
    return render(request, "people/overview.html", {"o": data})
