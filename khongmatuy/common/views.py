"""Home page, the one create/edit/step page helper every app uses, and the error pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import DisallowedHost, ValidationError
from django.forms.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import errors_to_form
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability


@scoped()
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People work first (the overview); an agency its tasks; other accounts without the
    registry see their areas."""
    if request.user.can(Capability.VIEW_PERSONS):
        return redirect("people:overview")
    if request.user.can(Capability.REPORT_TASKS):  # an agency: its tasks
        return redirect("plans:tasks")
    return redirect("areas:tree")


def form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: BaseForm,
    save: Callable[[], Any],
    template: str,
    context: dict[str, Any] | None = None,
    done: str | Callable[[Any], str],
    success_url: Callable[[Any], str],
    key_map: dict[str, str] | None = None,
) -> HttpResponse:
    """The one shape of every create, edit and workflow-step page.

    On a valid POST, ``save()`` calls the service; a refusal (``ValidationError``, so also
    ``DomainError``) lands next to the field it names (``key_map`` renames service keys to form
    fields) and the page is shown again with nothing saved. On success: the message ``done``
    (or ``done(obj)``) and a redirect to ``success_url(obj)``. Otherwise ``template`` is rendered
    with ``form`` and ``context``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as exc:
            errors_to_form(exc, form, key_map=key_map)
        else:
            messages.success(request, done(obj) if callable(done) else done)
            return redirect(success_url(obj))
    return render(request, template, {**(context or {}), "form": form})


# --- Error pages: the app's look, the user's language, the menu and a way back ----------------


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, if it is one of ours; else the home page."""
    referer = request.headers.get("referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request to a host we do not serve
        return reverse("home")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


def error_page(request: HttpRequest, *, status: int, template: str) -> HttpResponse:
    return render(request, template, {"back_url": _back_url(request)}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=400, template="400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=403, template="403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=404, template="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """The app's 500 page; if rendering it with the menu fails too (the database is down), the
    same page without the request's context."""
    try:
        return error_page(request, status=500, template="500.html")
    except Exception:  # the last resort must answer whatever went wrong
        return HttpResponseServerError(render_to_string("500.html", {"bare": True}))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page expired (or from elsewhere): say so, offer to reload it."""
    return error_page(request, status=403, template="403_csrf.html")
