"""Recording who saw a person's data, by construction rather than by convention.

A view that shows a person's data (a file, an edit form, a contact or test form, a list of tests
due) is declared with ``@records_views`` and names what it shows with ``shown(request, obj)``.
When the view answers successfully, one VIEW entry per object shown is written in a single
insert. ``shown`` outside such a view is a programming error, so a view cannot half-adopt it; a
test walks every route as an officer and fails when a page shows a person without recording it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest, HttpResponse

from . import services

ATTRIBUTE = "kmt_records_views"
_SHOWN = "_kmt_shown"

_F = TypeVar("_F", bound=Callable[..., HttpResponse])


def records_views(view: _F) -> _F:
    """The view shows persons' data; every object it passes to ``shown`` is logged as viewed."""

    @wraps(view)
    def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        setattr(request, _SHOWN, [])
        response = view(request, *args, **kwargs)
        pending: list[tuple[models.Model, str]] = getattr(request, _SHOWN)
        if response.status_code < 400 and pending and request.user.is_authenticated:
            services.record_views(actor=request.user, shown=pending)
        return response

    setattr(inner, ATTRIBUTE, True)
    return inner  # type: ignore[return-value]


def shown(
    request: HttpRequest, *objects: models.Model | Iterable[models.Model], note: str = ""
) -> None:
    """Note that this response shows ``objects`` (persons, or records of a person)."""
    pending: list[tuple[models.Model, str]] | None = getattr(request, _SHOWN, None)
    if pending is None:
        raise RuntimeError("shown() is called only inside a view decorated with @records_views")
    seen = {(type(obj), obj.pk) for obj, _note in pending}
    for item in objects:
        for obj in [item] if isinstance(item, models.Model) else item:
            if (type(obj), obj.pk) not in seen:
                seen.add((type(obj), obj.pk))
                pending.append((obj, note))
