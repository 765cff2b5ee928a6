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
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.common import versioning
from khongmatuy.common.db import bulk

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


def _target(obj: models.Model) -> tuple[str, str, str, int | None]:
    """The columns naming ``obj``: model, object_id, object_repr, area_id."""
    return (
        obj._meta.label,
        str(obj.pk),
        str(obj)[:250],
        getattr(obj, "scope_area_id", None),
    )


def _who(actor: User | None) -> tuple[int | None, str]:
    """actor_id (none for an unsaved or anonymous user) and actor_name."""
    return (
        actor.pk if actor is not None and actor.pk else None,
        (actor.username if actor is not None else "")[:150],
    )


def _request() -> tuple[str | None, str]:
    """ip_address and request_id of the request being answered (the audit context)."""
    ctx = current.get()
    return (ctx.ip_address, ctx.request_id) if ctx else (None, "")


def _note(note: str) -> str:
    return note_source(str(note))[:250]


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
    if obj is not None:
        model_label, object_id, object_repr, obj_area_id = _target(obj)
        area_id = area_id if area_id is not None else obj_area_id
    actor_id, actor_name = _who(actor)
    ip_address, request_id = _request()
    return AuditEvent(
        actor=actor if actor_id is not None else None,
        actor_name=actor_name,
        action=action,
        model=model_label,
        object_id=object_id,
        object_repr=object_repr[:250],
        area_id=area_id,
        before=before,
        after=after,
        note=_note(note),
        ip_address=ip_address,
        request_id=request_id,
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


# The columns of a view entry as ``record_views`` writes them, in this order.
_VIEW_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "model",
    "object_id",
    "object_repr",
    "area_id",
    "before",
    "after",
    "note",
    "ip_address",
    "request_id",
)


def record_views(*, actor: User, shown: Sequence[tuple[models.Model, str]]) -> int:
    """One VIEW entry per (object, note) shown on one page, written in a single statement;
    returns how many.

    The same columns as ``record_view`` (each entry's moment included, taken as it is built),
    as plain rows through ``common.db.bulk.insert_rows``: a list page logs its 50 persons
    without building and preparing 50 model instances as ``bulk_create`` would.
    """
    if not shown:
        return 0
    who = _who(actor)
    request = _request()
    notes: dict[str, str] = {}
    now = timezone.now
    rows = [
        (
            now(),
            *who,
            AuditEvent.Action.VIEW.value,
            *_target(obj),
            None,
            None,
            notes[note] if note in notes else notes.setdefault(note, _note(note)),
            *request,
        )
        for obj, note in shown
    ]
    return bulk.insert_rows(AuditEvent, _VIEW_COLUMNS, rows)


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
