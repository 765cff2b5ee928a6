"""Adding and ending a person's categories (several may overlap)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.common import reminders
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.text import normalize

from ...models import Person, PersonCategory

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

from .checks import (
    CategorySpec,
    _check_categories,
    _check_category_dates,
    _require_manager,
    _require_on_list,
)


def _category_insert(*, actor: User | None, person: Person, spec: CategorySpec) -> PersonCategory:
    row = PersonCategory(
        person=person,
        category=spec.category,
        started_on=spec.started_on,
        ended_on=spec.ended_on,
        source=normalize(spec.source),
        note=normalize(spec.note),
    )
    try:
        row.full_clean()
    except ValidationError as exc:
        raise DomainError(exc.message_dict) from exc
    row.save()
    audit.record_change(actor=actor, obj=row, before=None)
    return row


@transaction.atomic
def category_add(
    *,
    actor: User | None,
    person: Person,
    category: str,
    started_on: date,
    ended_on: date | None = None,
    source: str = "",
    note: str = "",
    today: date | None = None,
) -> PersonCategory:
    """Record a category the person holds from ``started_on`` (several may overlap; the same
    category may not be open twice)."""
    _require_manager(actor, person)
    today = today_or(today)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_on_list(person)
    spec = CategorySpec(category, started_on, ended_on, source, note)
    open_now = list(
        person.personcategorys.filter(ended_on__isnull=True).values_list("category", flat=True)
    )
    errors: Errors = {}
    _check_categories(
        errors,
        [spec],
        date_of_birth=person.date_of_birth,
        today=today,
        open_categories=open_now,
    )
    raise_if(errors)
    row = _category_insert(actor=actor, person=person, spec=spec)
    reminders.area_changed([person.area_id])  # a recognised area may fail at once
    return row


@transaction.atomic
def category_end(
    *,
    actor: User | None,
    category: PersonCategory,
    ended_on: date,
    note: str = "",
    today: date | None = None,
) -> PersonCategory:
    """Close an open category on ``ended_on`` (not before it started, not in the future)."""
    today = today_or(today)
    row: PersonCategory = (
        PersonCategory.objects.select_for_update().select_related("person").get(pk=category.pk)
    )
    _require_manager(actor, row.person)
    if row.ended_on is not None:
        raise DomainError(
            {
                "ended_on": [
                    _("Diện quản lý này đã kết thúc ngày %(end)s.")
                    % {"end": f"{row.ended_on:%d/%m/%Y}"}
                ]
            }
        )
    errors: Errors = {}
    _check_category_dates(
        errors, started_on=row.started_on, ended_on=ended_on, date_of_birth=None, today=today
    )
    note = normalize(note)
    if len(note) > 250:
        add_error(errors, "note", _("Dài quá %(n)s ký tự.") % {"n": 250})
    raise_if(errors)
    before = audit.snapshot(row)
    row.ended_on = ended_on
    if note:
        row.note = normalize(f"{row.note} {note}")[:250] if row.note else note
    row.full_clean()
    row.save(update_fields=["ended_on", "note"])
    audit.record_change(actor=actor, obj=row, before=before)
    return row
