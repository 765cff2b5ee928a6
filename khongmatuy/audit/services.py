"""Writing the audit trail. Every domain service calls these inside its own transaction.

Usage in a service::

    before = audit.snapshot(obj)      # None for a create
    ...change and save obj...
    audit.record_change(actor=actor, obj=obj, before=before)
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from khongmatuy.common import versioning

from .context import current
from .models import AuditEvent
from .reading import note_source
from .selectors import last_change

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

Snapshot = dict[str, Any]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, FieldFile):  # ``.url`` raises on an empty file field: use the name
        return str(value.name or "")
    return value


def snapshot(obj: models.Model, *, exclude: frozenset[str] = frozenset()) -> Snapshot:
    """The values of the object's concrete fields, JSON-ready (foreign keys as ids)."""
    hidden = exclude | set(getattr(obj, "audit_exclude", ()))
    return {
        field.attname: _jsonable(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.attname not in hidden
    }


def _area_id(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    return getattr(obj, "scope_area_id", None)


def _event(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    area_id: int | None = None,
    note: str = "",
    model_label: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """An unsaved entry, with the request's address and id from the audit context."""
    ctx = current.get()
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.username if actor is not None else "")[:150],
        action=action,
        model=obj._meta.label if obj is not None else model_label,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_repr=(str(obj) if obj is not None else object_repr)[:250],
        area_id=area_id if area_id is not None else _area_id(obj),
        before=before,
        after=after,
        note=note_source(str(note))[:250],
        ip_address=ctx.ip_address if ctx else None,
        request_id=ctx.request_id if ctx else "",
    )


def version_check(
    obj: versioning.Versioned, read_version: int | None, *, yours: Mapping[str, Any]
) -> None:
    """Refuse a save of ``obj`` read at an older version (``common.versioning``), naming who
    changed it, when, and each field of ``yours`` they changed. Call it on the locked row,
    before anything is written."""
    versioning.version_check(obj, read_version, yours=yours, last_change=last_change)


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    area_id: int | None = None,
    note: str = "",
    model_label: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    event = _event(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        area_id=area_id,
        note=note,
        model_label=model_label,
        object_id=object_id,
        object_repr=object_repr,
    )
    event.save()
    return event


def record_change(
    *, actor: User | None, obj: models.Model, before: Snapshot | None, note: str = ""
) -> AuditEvent:
    """A create (``before`` is None) or an update, with the values before and after."""
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    return record(
        actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), note=note
    )


def record_delete(*, actor: User | None, obj: models.Model, note: str = "") -> AuditEvent:
    """Call before deleting ``obj`` (its primary key is still set)."""
    return record(
        actor=actor, action=AuditEvent.Action.DELETE, obj=obj, before=snapshot(obj), note=note
    )


def record_view(*, actor: User, obj: models.Model, note: str = "") -> AuditEvent:
    """Every view of a sensitive record (a person's file) is written here."""
    return record(actor=actor, action=AuditEvent.Action.VIEW, obj=obj, note=note)


def record_views(*, actor: User, shown: Sequence[tuple[models.Model, str]]) -> list[AuditEvent]:
    """One VIEW entry per (object, note) shown on one page, written in a single insert."""
    events = [
        _event(actor=actor, action=AuditEvent.Action.VIEW, obj=obj, note=note)
        for obj, note in shown
    ]
    return AuditEvent.objects.bulk_create(events)


def record_bulk(
    *,
    actor: User | None,
    action: str,
    model: type[models.Model],
    count: int,
    area_id: int | None = None,
    tag: str = "",
    note: str = "",
) -> AuditEvent:
    """One summary entry for ``count`` rows of ``model`` written by a bulk statement.

    A ``bulk_create``, ``bulk_update`` or ``QuerySet.update`` of a domain model bypasses the
    per-row entries, so the service that issues it writes this instead: which model, how many
    rows, and a ``tag`` naming the batch (``object_id`` of a summary is never a row's id).
    """
    return record(
        actor=actor,
        action=action,
        model_label=model._meta.label,
        object_id=tag,
        object_repr=f"{count} × {model._meta.verbose_name}",
        area_id=area_id,
        note=note,
    )


# Query parameters that say nothing about which rows were exported (and a password, should one
# ever be put in a URL, is never written to the log).
NOT_FILTERS = frozenset({"page", "password", "csrfmiddlewaretoken"})


def record_export(
    *,
    actor: User,
    rows: str,
    filters: Mapping[str, str],
    protected: bool,
    columns: str = "",
    obj: models.Model | None = None,
    model_label: str = "",
    object_repr: str = "",
    area_id: int | None = None,
) -> AuditEvent:
    """One EXPORT entry, its note in the same shape for every export: the rows (``"3 người"``),
    the columns when they vary by role, whether the file has a password, and the filter::

        3 người; có cột nhạy cảm; có mật khẩu; lọc: q=nguyen, category=addict
    """
    described = ", ".join(f"{k}={v}" for k, v in filters.items() if v and k not in NOT_FILTERS)
    parts = [
        rows,
        *([columns] if columns else []),
        _("có mật khẩu") if protected else _("không mật khẩu"),
        _("lọc: %(filters)s") % {"filters": described or _("không")},
    ]
    return record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=obj,
        model_label=model_label,
        object_repr=object_repr,
        area_id=area_id,
        note="; ".join(parts),
    )
