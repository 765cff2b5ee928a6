"""Reads of the audit trail, scoped like everything else."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from khongmatuy.common.versioning import LastChange

from .models import AuditEvent

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def audit_events_for_user(
    *,
    user: User,
    actor: str = "",
    model: str = "",
    name: str = "",
    object_id: str = "",
    area_id: int | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Entries in the user's scope.

    Entries with no area (accounts, logins) are visible only to a national scope.
    """
    qs = AuditEvent.objects.for_user(user).select_related("area", "actor")
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if model:
        qs = qs.filter(model=model)
    if name:
        qs = qs.filter(object_repr__icontains=name)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if area_id is not None:
        qs = qs.filter(area_id=area_id)
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs.order_by("-at", "-pk")


def last_change(obj: models.Model, version: int) -> LastChange | None:
    """Who last changed ``obj`` after its ``version``, when, and every field changed since.

    Read from the entries whose "after" holds a higher version (the snapshot of a ``Versioned``
    record carries its version); None when the log holds none.
    """
    events = list(
        AuditEvent.objects.filter(
            model=obj._meta.label,
            object_id=str(obj.pk),
            action=AuditEvent.Action.UPDATE,
            after__version__gt=version,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    if not events:
        return None
    changed: set[str] = set()
    for event in events:
        changed |= {key for key, _before, _after in event.changed_fields}
    latest = events[-1]
    by = str(latest.actor) if latest.actor is not None else latest.actor_name
    return LastChange(at=latest.at, by=by, changed=frozenset(changed - {"version"}))
