"""No lost updates: every edit form carries the version of the record it was read at.

Three parts, used together by each edit page:

- ``Versioned``, the model mixin: a ``version`` column that every update of the row raises by
  one in the database (``version = version + 1``), whoever saves it;
- ``VersionedForm``, the form mixin: a hidden ``version`` field holding the version the page
  showed; a missing or altered value is a message next to the form, never a 500;
- ``version_check``, called by the service on the row it has just locked
  (``select_for_update``: a row lock on PostgreSQL, the write lock of an IMMEDIATE transaction on
  SQLite): a save read at an older version raises ``StaleVersion``, which names each field the
  other person changed with the value stored and the value typed. Nothing is saved; the form is
  shown again with the user's input and the new version, so saving again overwrites knowingly.

Who changed the record, when, and which fields come from the audit log (``audit.version_check``
passes them in as a ``LastChange``): the kit imports no app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError, Errors, add_error
from .numbers import format_decimal

MAX_VERSION = 2**31 - 1  # what a PositiveIntegerField holds on both engines

BAD_VERSION = gettext_lazy(
    "Không xác định được phiên bản của hồ sơ bạn đã mở. Hãy mở lại trang sửa rồi nhập lại."
)


class Versioned(models.Model):
    """A record edited in place: its ``version`` rises by one on each update of the row.

    The raise is ``F("version") + 1`` in the UPDATE itself, then read back, so two writers never
    both leave the same version. ``unversioned_fields``: bookkeeping columns whose own save
    (``save(update_fields=...)`` naming only them) changes nothing a person edits, such as
    ``last_login``. A bulk statement (``QuerySet.update``) does not pass through ``save()``: a
    service that bulk-updates a field an edit form shows also sets ``version=F("version") + 1``.
    """

    version = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=1, editable=False)

    unversioned_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        inserting = self._state.adding or self.pk is None or kwargs.get("force_insert")
        bump = not inserting and not (
            update_fields is not None and set(update_fields) <= self.unversioned_fields
        )
        if not bump:
            super().save(*args, **kwargs)
            return
        read = self.version
        self.version = F("version") + 1
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = read  # nothing was written, and a failed transaction takes no query
            raise
        self.refresh_from_db(fields=["version"])


class VersionField(forms.IntegerField):
    """The hidden version an edit form was read at; any bad value gets the one message."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        messages = dict.fromkeys(("required", "invalid", "min_value", "max_value"), BAD_VERSION)
        super().__init__(
            min_value=1, max_value=MAX_VERSION, error_messages=messages, label="", **kwargs
        )


class VersionedForm:
    """Form mixin: an edit form of a ``Versioned`` record carries ``version``.

    The record is the form's ``instance`` (a model form) or ``record=`` (a plain form); a form
    for a new record (no primary key yet) has no version field. ``cleaned_data["version"]`` goes
    to the service with the other fields.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, record: Versioned | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown = record if record is not None else getattr(self, "instance", None)
        if isinstance(shown, Versioned) and shown.pk is not None:
            self.fields["version"] = VersionField(initial=shown.version)


def carry_version(form: Any, version: int) -> None:
    """Make a bound form carry ``version`` when it is shown again (after ``StaleVersion``)."""
    if "version" not in form.fields or not form.is_bound:
        return
    data = form.data.copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data


@dataclass(frozen=True)
class LastChange:
    """What the audit log says happened to a record after a given version."""

    at: datetime.datetime
    by: str
    changed: frozenset[str]  # attnames whose value differs from the one at that version


class StaleVersion(DomainError):
    """A save read at an older version: someone else saved the record in between."""

    def __init__(self, errors: Errors, *, current_version: int) -> None:
        super().__init__(errors)
        self.current_version = current_version


def version_check(
    obj: Versioned,
    read_version: int | None,
    *,
    yours: Mapping[str, Any],
    last_change: Callable[[Versioned, int], LastChange | None],
) -> None:
    """Refuse a save of ``obj`` (the row the service has just locked) read at ``read_version``.

    ``None``: a caller with no form (an import, a command) that checks nothing. ``yours`` are the
    service's arguments, keyed by model field name; ``last_change`` reads the history.
    """
    if read_version is None or read_version == obj.version:
        return
    change = last_change(obj, read_version) if read_version < obj.version else None
    errors: Errors = {}
    lines: list[str] = []
    for name, field, value in _model_fields(obj, yours):
        if change is not None and field.attname not in change.changed:
            continue
        stored = _stored(obj, field)
        shown_stored, shown_yours = display(field, stored), display(field, value)
        if shown_stored == shown_yours:
            continue
        lines.append(
            _("%(field)s: giá trị đã lưu %(stored)s, giá trị của bạn %(yours)s.")
            % {"field": _label(field), "stored": shown_stored, "yours": shown_yours}
        )
        add_error(errors, name, _("Giá trị đã lưu: %(stored)s.") % {"stored": shown_stored})
    if change is not None:
        head = _("Người khác đã sửa hồ sơ này lúc %(at)s (%(by)s).") % {
            "at": f"{timezone.localtime(change.at):%H:%M %d/%m/%Y}",
            "by": change.by,
        }
    else:
        head = _("Hồ sơ này đã được sửa sau khi bạn mở trang.")
    tail = _("Chưa lưu gì. Hãy xem lại các giá trị rồi bấm Lưu lần nữa.")
    errors[NON_FIELD_ERRORS] = [" ".join([head, *lines, tail])]
    raise StaleVersion(errors, current_version=obj.version)


def _model_fields(obj: models.Model, yours: Mapping[str, Any]) -> Iterable[tuple[str, Any, Any]]:
    for name, value in yours.items():
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete or field.many_to_many:
            yield name, field, value


def _stored(obj: models.Model, field: Any) -> Any:
    if field.many_to_many:
        return list(getattr(obj, field.name).all())
    return getattr(obj, field.name)


def _label(field: Any) -> str:
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def display(field: Any, value: Any) -> str:
    """A field's value as a person reads it: choices by label, dates dd/mm/yyyy, numbers in the
    active language (1.234,5), “(trống)”."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return ", ".join(display(field, item) for item in value) or _("(trống)")
    if value is None or value == "":
        return _("(trống)")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if field.choices and not isinstance(value, models.Model):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
