"""Home page and the one create/edit/step page helper every app uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import errors_to_form
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability


@scoped()
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People work first (the overview); accounts without the registry see their areas."""
    if request.user.can(Capability.VIEW_PERSONS):
        return redirect("people:overview")
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
