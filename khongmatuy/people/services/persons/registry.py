"""Registering, editing, flagging, removing and returning persons, and importing them in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Unpack

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common import reminders
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.text import normalize

from ...choices import EpisodeStatus
from ...models import Episode, Person, PersonFields

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

from .categories import (
    _category_insert,
)
from .checks import (
    CategorySpec,
    PersonSpec,
    RemovalGround,
    _check_area,
    _check_categories,
    _check_citizen_id_free,
    _check_field_names,
    _check_identity,
    _clean_values,
    _require_manager,
    _require_on_list,
    _save,
    _set_derived,
)

# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def person_register(
    *,
    actor: User | None,
    categories: Sequence[CategorySpec] = (),
    today: date | None = None,
    **fields: Unpack[PersonFields],
) -> Person:
    """Put a person on the registry with their categories.

    ``fields`` are the person's identity and residence (``PersonFields``); ``area``,
    ``full_name`` and ``sex`` are required, a missing one is refused like an empty one. A
    citizen ID already on the registry is refused with ``DuplicateCitizenIdError`` (a link to
    the existing record only if the actor may see it): the same person is never registered twice.
    """
    _check_field_names("person_register", fields)
    _require_manager(actor)
    today = today_or(today)
    values = _clean_values(fields)
    area = fields.get("area")
    permanent_area = fields.get("permanent_area")
    errors: Errors = {}
    _check_area(errors, actor=actor, area=area, key="area")
    if permanent_area is not None and permanent_area.level < Level.COMMUNE:
        add_error(errors, "permanent_area", _("Nơi thường trú phải là xã, phường hoặc tổ dân phố."))
    _check_identity(errors, values, today=today)
    _check_categories(errors, categories, date_of_birth=values["date_of_birth"], today=today)
    raise_if(errors)
    _check_citizen_id_free(actor=actor, citizen_id=values["citizen_id"])
    person = Person(
        area=area,
        permanent_area=permanent_area,
        created_by=actor if actor is not None and actor.pk else None,
        **values,
    )
    _set_derived(person)
    _save(person)
    audit.record_change(actor=actor, obj=person, before=None)
    for spec in categories:
        _category_insert(actor=actor, person=person, spec=spec)
    reminders.area_changed([person.area_id])  # a recognised area may fail at once
    return person


@transaction.atomic
def person_update(
    *,
    actor: User | None,
    person: Person,
    today: date | None = None,
    version: int | None = None,
    **changes: Unpack[PersonFields],
) -> Person:
    """Change identity and residence facts (any of ``PersonFields``; the others stay).

    ``version``: the one the edit form was read at; a newer stored one refuses the save
    (``audit.version_check``). Moving the person to another commune is a transfer
    (``services.transfers``), not an edit.
    """
    _check_field_names("person_update", changes)
    _require_manager(actor, person)
    today = today_or(today)
    person = Person.objects.select_for_update().select_related("area").get(pk=person.pk)
    audit.version_check(person, version, yours=changes)
    before = audit.snapshot(person)
    current = {key: getattr(person, key) for key in Person.EDITABLE_FIELDS}
    merged = {**current, **changes}
    values = _clean_values(merged)
    errors: Errors = {}
    area: Area = merged["area"]
    if area.pk != person.area_id:
        _check_area(errors, actor=actor, area=area, key="area")
        if not errors and (area.commune_id or area.pk) != (
            person.area.commune_id or person.area_id
        ):
            add_error(
                errors,
                "area",
                _("Chuyển sang xã, phường khác phải làm thủ tục chuyển giao, không sửa trực tiếp."),
            )
    permanent_area: Area | None = merged["permanent_area"]
    if permanent_area is not None and permanent_area.level < Level.COMMUNE:
        add_error(errors, "permanent_area", _("Nơi thường trú phải là xã, phường hoặc tổ dân phố."))
    _check_identity(errors, values, today=today)
    born = values["date_of_birth"]
    if born is not None and "date_of_birth" not in errors:
        first = person.personcategorys.order_by("started_on").first()
        if first is not None and first.started_on < born:
            add_error(
                errors,
                "date_of_birth",
                _("Ngày sinh sau ngày bắt đầu diện quản lý (%(start)s).")
                % {"start": f"{first.started_on:%d/%m/%Y}"},
            )
    raise_if(errors)
    _check_citizen_id_free(actor=actor, citizen_id=values["citizen_id"], exclude_pk=person.pk)
    for key, value in values.items():
        setattr(person, key, value)
    person.area, person.permanent_area = area, permanent_area
    _set_derived(person)
    if audit.snapshot(person) == before:
        return person  # nothing changed: no write, no audit entry
    _save(person)
    audit.record_change(actor=actor, obj=person, before=before)
    return person


@transaction.atomic
def person_flag_psychosis(
    *,
    actor: User | None,
    person: Person,
    psychosis: bool,
    note: str = "",
    version: int | None = None,
) -> Person:
    """Set or clear the psychotic-symptoms flag ("loạn thần", "ngáo đá"), which raises the
    person's priority everywhere they appear. Clearing it clears the note (kept in the audit).
    ``version``: as in ``person_update``."""
    _require_manager(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    audit.version_check(person, version, yours={"psychosis": psychosis, "psychosis_note": note})
    note = normalize(note) if psychosis else ""
    if len(note) > 250:
        raise DomainError({"psychosis_note": [_("Dài quá %(n)s ký tự.") % {"n": 250}]})
    before = audit.snapshot(person)
    person.psychosis, person.psychosis_note = psychosis, note
    if audit.snapshot(person) == before:
        return person
    _save(person, update_fields=["psychosis", "psychosis_note", "updated_at"])
    audit.record_change(actor=actor, obj=person, before=before)
    return person


@transaction.atomic
def person_remove_from_list(
    *,
    actor: User | None,
    person: Person,
    ground: str,
    removed_on: date,
    note: str = "",
    today: date | None = None,
) -> Person:
    """Take the person off the management list (Law 73/2021/QH14 Art. 26 and Art. 43).

    The person's open categories end on ``removed_on``. Refused while a management episode is
    still active: that episode must first be completed or stopped (episodes module).
    """
    _require_manager(actor, person)
    today = today_or(today)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_on_list(person)
    errors: Errors = {}
    if ground not in RemovalGround.values:
        add_error(errors, "ground", _("Chọn căn cứ đưa ra khỏi danh sách."))
    if removed_on > today:
        add_error(errors, "removed_on", _("Ngày đưa ra khỏi danh sách không được sau hôm nay."))
    open_rows = list(person.personcategorys.filter(ended_on__isnull=True).order_by("started_on"))
    latest_start = max((row.started_on for row in open_rows), default=None)
    if latest_start is not None and removed_on < latest_start:
        add_error(
            errors,
            "removed_on",
            _("Ngày đưa ra khỏi danh sách phải từ ngày bắt đầu diện quản lý (%(start)s) trở đi.")
            % {"start": f"{latest_start:%d/%m/%Y}"},
        )
    if Episode.objects.filter(person=person, status=EpisodeStatus.ACTIVE).exists():
        add_error(
            errors,
            NON_FIELD_ERRORS,
            _("Người này còn biện pháp quản lý đang thực hiện; hãy kết thúc biện pháp trước."),
        )
    note = normalize(note)
    raise_if(errors)
    reason = str(RemovalGround(ground).label)
    if note:
        reason = f"{reason}: {note}"
    for row in open_rows:
        row_before = audit.snapshot(row)
        row.ended_on = removed_on
        row.save(update_fields=["ended_on"])
        audit.record_change(
            actor=actor, obj=row, before=row_before, note=_("Đưa ra khỏi danh sách quản lý")
        )
    before = audit.snapshot(person)
    person.is_active, person.removed_on, person.removal_reason = False, removed_on, reason[:250]
    _save(person, update_fields=["is_active", "removed_on", "removal_reason", "updated_at"])
    audit.record_change(actor=actor, obj=person, before=before, note=reason)
    return person


@transaction.atomic
def person_return_to_list(
    *,
    actor: User | None,
    person: Person,
    category: str,
    started_on: date,
    source: str = "",
    today: date | None = None,
) -> Person:
    """Put a person taken off the list back on it (found using again, moved back) with the
    category they are managed under from ``started_on``. The earlier removal stays in the
    audit trail; the same person is never registered twice."""
    _require_manager(actor, person)
    today = today_or(today)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_active or person.merged_into_id is not None:
        raise DomainError({NON_FIELD_ERRORS: [_("Người này đang trong danh sách quản lý.")]})
    errors: Errors = {}
    spec = CategorySpec(category, started_on, source=source)
    _check_categories(errors, [spec], date_of_birth=person.date_of_birth, today=today)
    if person.removed_on is not None and started_on < person.removed_on:
        add_error(
            errors,
            "started_on",
            _("Ngày bắt đầu phải từ ngày đưa ra khỏi danh sách (%(d)s) trở đi.")
            % {"d": f"{person.removed_on:%d/%m/%Y}"},
        )
    raise_if(errors)
    before = audit.snapshot(person)
    person.is_active, person.removed_on, person.removal_reason = True, None, ""
    _save(person, update_fields=["is_active", "removed_on", "removal_reason", "updated_at"])
    audit.record_change(actor=actor, obj=person, before=before, note=_("Đưa trở lại danh sách"))
    _category_insert(actor=actor, person=person, spec=spec)
    return person


@transaction.atomic
def persons_import(
    *, actor: User | None, specs: Sequence[PersonSpec], today: date | None = None
) -> list[Person]:
    """Register every spec in one transaction: one refused row and nothing is saved.

    A refusal is re-raised keyed by row position (``"row:<index>"``) so the caller can name the
    spreadsheet row.
    """
    persons = []
    for index, spec in enumerate(specs):
        try:
            persons.append(person_register(actor=actor, today=today, **spec))
        except DomainError as exc:
            raise DomainError({f"row:{index}": exc.messages}) from exc
    return persons
