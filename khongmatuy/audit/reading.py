"""The audit log as people read it: field labels, local dates, record names, notes in the UI
language. Pure presentation over stored entries; nothing here writes.

Entries keep what the services stored (column names, ids, ISO dates, the note's source text); this
module turns a page of them into rows a user reads, with one query per related model for names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language, gettext, trans_real

from khongmatuy.common.numbers import format_decimal
from khongmatuy.common.scoping import AreaScopedQuerySet

from .models import AuditEvent

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

# Bookkeeping columns every record carries: derived from other fields or from the save itself.
HIDDEN_FIELDS = frozenset({"version", "created_at", "updated_at", "id"})


@cache
def _sources(language: str) -> dict[str, str]:
    """Translated text → its Vietnamese source, from the language's catalogue."""
    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    return {v: k for k, v in catalog.items() if isinstance(k, str) and isinstance(v, str) and v}


def note_source(note: str) -> str:
    """The Vietnamese source of a note written while an English page was active, so the log
    stores one language (``services._event``) and shows each reader theirs."""
    language = get_language() or settings.LANGUAGE_CODE
    if not note or language == settings.LANGUAGE_CODE:
        return note
    return _sources(language).get(note, note)


def note_text(note: str) -> str:
    """A stored note in the reader's language (older entries may hold an English text)."""
    if not note:
        return ""
    source = note
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            source = _sources(code).get(source, source)
    return gettext(source)


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ReadableEvent:
    event: AuditEvent
    kind: str  # the record's kind in the UI language ("người trong diện quản lý")
    name: str  # the record's name as stored when the entry was written
    changes: list[Change]
    note: str


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _fields(model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
    return {f.attname: f for f in model._meta.concrete_fields}


def _visible(field: models.Field[Any, Any] | None, key: str) -> bool:
    if key in HIDDEN_FIELDS or field is None:
        return False
    return bool(field.editable) or field.is_relation


def _value(field: models.Field[Any, Any], raw: Any, names: dict[tuple[str, str], str]) -> str:
    if raw is None or raw == "":
        return "—"
    if field.is_relation and field.related_model is not None:
        related = field.related_model._meta.label  # type: ignore[union-attr]
        return names.get((related, str(raw)), "#" + str(raw))
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.BooleanField):
        return gettext("Có") if raw else gettext("Không")
    if isinstance(field, models.DateTimeField) and isinstance(raw, str):
        moment = parse_datetime(raw)
        if moment is not None:
            return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"
    if isinstance(field, models.DateField) and isinstance(raw, str):
        day = parse_date(raw)
        if day is not None:
            return f"{day:%d/%m/%Y}"
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return format_decimal(raw)
        except (TypeError, ValueError, ArithmeticError):
            return str(raw)
    return str(raw)


def _related_names(events: Sequence[AuditEvent], user: User) -> dict[tuple[str, str], str]:
    """Names of the records the entries' foreign keys point to, one query per model; a
    record the user may not see (another ward's) keeps its number."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for event in events:
        model = _model(event.model)
        if model is None:
            continue
        fields = _fields(model)
        for snapshot in (event.before or {}, event.after or {}):
            for key, raw in snapshot.items():
                field = fields.get(key)
                if field is not None and field.is_relation and raw not in (None, ""):
                    wanted[field.related_model].add(str(raw))  # type: ignore[index]
    names: dict[tuple[str, str], str] = {}
    for model, ids in wanted.items():
        manager = model._default_manager
        queryset = manager.all()
        if isinstance(queryset, AreaScopedQuerySet):
            queryset = queryset.for_user(user)
        elif model._meta.label != settings.AUTH_USER_MODEL:
            continue  # not scoped and not an account: keep the number
        pks = [int(pk) for pk in ids if pk.isdigit()]
        for obj in queryset.filter(pk__in=pks):
            shown = getattr(obj, "display_name", None) or str(obj)
            names[(model._meta.label, str(obj.pk))] = str(shown)
    return names


def readable(events: Iterable[AuditEvent], *, user: User) -> list[ReadableEvent]:
    """A page of entries as rows to read."""
    events = list(events)
    names = _related_names(events, user)
    rows = []
    for event in events:
        model = _model(event.model)
        fields = _fields(model) if model is not None else {}
        changes = []
        for key, before, after in event.changed_fields:
            field = fields.get(key)
            if model is not None and not _visible(field, key):
                continue
            if field is None:
                changes.append(Change(key, _plain(before), _plain(after)))
                continue
            changes.append(
                Change(
                    str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:],
                    None if event.before is None else _value(field, before, names),
                    _value(field, after, names) if event.after is not None else None,
                )
            )
        kind = str(model._meta.verbose_name) if model is not None else event.model
        rows.append(
            ReadableEvent(
                event=event,
                kind=kind[:1].upper() + kind[1:],
                name=event.object_repr,
                changes=changes,
                note=note_text(event.note),
            )
        )
    return rows


def _plain(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, date | datetime):
        return f"{raw:%d/%m/%Y}"
    return str(raw)
