"""Writes of the person registry: register, edit, classify, flag psychosis, remove from the list.

Every function is keyword-only, one transaction, audited in that transaction. Every check runs
before the first write and collects all problems of the call, keyed by the form field that
caused them, so a refused call saves nothing and the form shows every message at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold, normalize

from ..choices import Category, EpisodeStatus, Sex
from ..models import Episode, Person, PersonCategory
from ..validators import citizen_id_problems, clean_citizen_id

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

EARLIEST_BIRTH = date(1900, 1, 1)
_PHONE_CHARS = frozenset("0123456789+-.() ")

Errors = dict[str, list[str]]


class DuplicateCitizenIdError(DomainError):
    """The citizen ID is already registered. ``existing_url`` is set only when the actor may see
    the existing record; otherwise nothing about it (name, area, link) is revealed."""

    def __init__(self, message: str, *, existing_url: str | None) -> None:
        super().__init__({"citizen_id": [message]})
        self.existing_url = existing_url


class RemovalGround(models.TextChoices):
    """Grounds for taking a person off the list kept by the commune police.

    Law 73/2021/QH14 Art. 26 (list of illegal drug users: no use during the management period,
    management stopped, moved away) and Art. 43 (list of addicts and post-rehab persons: no use
    during the period, imprisoned, moved away, death or declared missing).
    """

    NO_USE = "no_use", gettext_lazy("Hết thời hạn quản lý, không tái sử dụng (Điều 26, 43)")
    STOPPED = "stopped", gettext_lazy("Dừng quản lý theo quyết định (Điều 26)")
    MOVED = "moved", gettext_lazy("Chuyển đi nơi cư trú khác (Điều 26, 43)")
    IMPRISONED = "imprisoned", gettext_lazy("Chấp hành án phạt tù (Điều 43)")
    DECEASED = "deceased", gettext_lazy("Chết hoặc bị tuyên bố mất tích (Điều 43)")


@dataclass(frozen=True)
class CategorySpec:
    """A category to give a person at registration (or in an import row)."""

    category: str
    started_on: date
    ended_on: date | None = None
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class PersonSpec:
    """Everything ``person_register`` takes, as one value (imports build these)."""

    area: Area
    full_name: str
    sex: str
    date_of_birth: date | None = None
    citizen_id: str | None = None
    aliases: str = ""
    permanent_area: Area | None = None
    permanent_address: str = ""
    current_address: str = ""
    phone: str = ""
    occupation: str = ""
    education: str = ""
    family_contacts: str = ""
    notes: str = ""
    psychosis: bool = False
    psychosis_note: str = ""
    categories: Sequence[CategorySpec] = field(default_factory=tuple)


# Fields a user edits on the person form (``person_update``); derived columns are recomputed.
EDITABLE_FIELDS = (
    "area",
    "full_name",
    "aliases",
    "sex",
    "date_of_birth",
    "citizen_id",
    "permanent_area",
    "permanent_address",
    "current_address",
    "phone",
    "occupation",
    "education",
    "family_contacts",
    "notes",
    "psychosis",
    "psychosis_note",
)
_TEXT_LIMITS = {
    "full_name": 150,
    "aliases": 250,
    "permanent_address": 250,
    "current_address": 250,
    "occupation": 150,
    "education": 150,
    "psychosis_note": 250,
}


# --- derived columns -----------------------------------------------------------------------------


def phone_digits(phone: str) -> list[str]:
    """The phone number as digits, plus its domestic form for a +84 number (both searchable)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return []
    if digits.startswith("84") and len(digits) >= 11:
        return [digits, "0" + digits[2:]]
    return [digits]


def search_text_for(person: Person) -> str:
    """What person search matches: folded name, aliases, phone digits and addresses.

    The citizen ID is deliberately NOT in here: roles without ``VIEW_SENSITIVE`` search this
    column too, and finding a person by their ID would tell them whose ID it is. Roles that may
    see it search the ``citizen_id`` column itself (``selectors.persons.person_search``).
    Parts are joined with " | " so a query cannot match across two facts.
    """
    parts = [
        fold(person.full_name),
        fold(person.aliases),
        *phone_digits(person.phone),
        fold(person.permanent_address),
        fold(person.current_address),
    ]
    return " | ".join(p for p in parts if p)


def _set_derived(person: Person) -> None:
    person.name_folded = fold(person.full_name)[:150]
    person.name_sort = name_sort_string(person.full_name)
    person.search_text = search_text_for(person)


# --- checks (no writes) --------------------------------------------------------------------------


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _check_area(errors: Errors, *, actor: User | None, area: Area | None, key: str) -> None:
    if area is None:
        _add(errors, key, _("Chọn tổ dân phố, thôn (hoặc xã, phường) quản lý người này."))
        return
    if area.level < Level.COMMUNE:
        _add(errors, key, _("Địa bàn quản lý phải là xã, phường hoặc tổ dân phố, thôn."))
    elif not area.is_active:
        _add(errors, key, _("“%(name)s” đã giải thể hoặc sáp nhập.") % {"name": area.name})
    elif actor is not None and not scope_for(actor).contains(area):
        # The form only offers areas in scope; this guards other callers (imports, API).
        _add(errors, key, _("Địa bàn này không thuộc phạm vi tài khoản được giao."))


def _check_identity(errors: Errors, values: dict[str, Any], *, today: date) -> None:
    """Name, sex, date of birth, phone, text lengths, citizen ID structure."""
    if not values["full_name"]:
        _add(errors, "full_name", _("Họ và tên không được để trống."))
    for key, limit in _TEXT_LIMITS.items():
        if len(values.get(key) or "") > limit:
            _add(errors, key, _("Dài quá %(n)s ký tự.") % {"n": limit})
    if values["sex"] not in Sex.values:
        _add(errors, "sex", _("Chọn giới tính Nam hoặc Nữ."))
    born = values["date_of_birth"]
    if born is not None and born > today:
        _add(errors, "date_of_birth", _("Ngày sinh không được sau ngày hôm nay."))
    elif born is not None and born < EARLIEST_BIRTH:
        _add(errors, "date_of_birth", _("Ngày sinh không hợp lệ (trước năm 1900)."))
    phone = values["phone"]
    digits = sum(ch.isdigit() for ch in phone)
    if phone and (not set(phone) <= _PHONE_CHARS or not 8 <= digits <= 15):
        _add(errors, "phone", _("Số điện thoại không hợp lệ (từ 8 đến 15 chữ số)."))
    citizen_id = values["citizen_id"]
    if citizen_id:
        for problem in citizen_id_problems(
            citizen_id, sex=values["sex"], date_of_birth=born, today=today
        ):
            _add(errors, "citizen_id", problem)


def _check_citizen_id_free(
    *, actor: User | None, citizen_id: str | None, exclude_pk: int | None = None
) -> None:
    """Refuse a citizen ID that another record holds, linking to it only if the actor sees it."""
    if not citizen_id:
        return
    holders = Person.objects.filter(citizen_id=citizen_id)
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    existing = holders.first()
    if existing is None:
        return
    visible = (
        actor is not None
        and actor.can(Capability.VIEW_PERSONS)
        and Person.objects.for_user(actor).filter(pk=existing.pk).exists()
    )
    if not visible:
        raise DuplicateCitizenIdError(
            _(
                "Số CCCD này đã được đăng ký trong hồ sơ do địa bàn khác quản lý. Liên hệ Công an "
                "nơi đang quản lý để đề nghị chuyển giao; không tạo hồ sơ mới."
            ),
            existing_url=None,
        )
    url = existing.get_absolute_url()
    born = f" ({existing.date_of_birth:%d/%m/%Y})" if existing.date_of_birth else ""
    raise DuplicateCitizenIdError(
        _("Số CCCD này đã có trong hồ sơ của %(name)s%(born)s: %(url)s")
        % {"name": existing.full_name, "born": born, "url": url},
        existing_url=url,
    )


def _check_categories(
    errors: Errors,
    specs: Sequence[CategorySpec],
    *,
    date_of_birth: date | None,
    today: date,
    open_categories: Sequence[str] = (),
) -> None:
    open_seen = set(open_categories)
    for spec in specs:
        _check_category_dates(
            errors,
            started_on=spec.started_on,
            ended_on=spec.ended_on,
            date_of_birth=date_of_birth,
            today=today,
        )
        if spec.category not in Category.values:
            _add(errors, "category", _("Diện quản lý không hợp lệ."))
        elif spec.ended_on is None and spec.category in open_seen:
            _add(
                errors,
                "category",
                _("Người này đang thuộc diện “%(category)s”.")
                % {"category": Category(spec.category).label},
            )
        elif spec.ended_on is None:
            open_seen.add(spec.category)
        for key, value in (("source", spec.source), ("note", spec.note)):
            if len(value) > 250:
                _add(errors, key, _("Dài quá %(n)s ký tự.") % {"n": 250})


def _check_category_dates(
    errors: Errors,
    *,
    started_on: date,
    ended_on: date | None,
    date_of_birth: date | None,
    today: date,
) -> None:
    if started_on > today:
        _add(errors, "started_on", _("Ngày bắt đầu không được sau ngày hôm nay."))
    if date_of_birth is not None and started_on < date_of_birth:
        _add(errors, "started_on", _("Ngày bắt đầu không được trước ngày sinh."))
    if ended_on is not None and ended_on < started_on:
        _add(
            errors,
            "ended_on",
            _("Ngày kết thúc phải từ ngày bắt đầu (%(start)s) trở đi.")
            % {"start": f"{started_on:%d/%m/%Y}"},
        )
    elif ended_on is not None and ended_on > today:
        _add(errors, "ended_on", _("Ngày kết thúc không được sau ngày hôm nay."))


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    """Normalised text (NFC, single spaces), the citizen ID without separators or None."""
    cleaned = dict(values)
    for key in ("full_name", "aliases", "permanent_address", "current_address", "phone"):
        cleaned[key] = normalize(cleaned.get(key) or "")
    for key in ("occupation", "education", "psychosis_note"):
        cleaned[key] = normalize(cleaned.get(key) or "")
    for key in ("family_contacts", "notes"):
        cleaned[key] = (cleaned.get(key) or "").strip()
    cleaned["citizen_id"] = clean_citizen_id(cleaned.get("citizen_id")) or None
    cleaned["psychosis"] = bool(cleaned.get("psychosis"))
    if not cleaned["psychosis"]:
        cleaned["psychosis_note"] = ""
    return cleaned


def _save(person: Person, *, update_fields: list[str] | None = None) -> None:
    """``full_clean`` then save; a citizen ID taken concurrently becomes a refusal, not a 500."""
    try:
        person.full_clean(exclude=["area", "permanent_area", "merged_into", "created_by"])
    except ValidationError as exc:
        raise DomainError(exc.message_dict) from exc
    try:
        with transaction.atomic():  # a savepoint: the IntegrityError must not poison the caller
            person.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise DomainError(
            {"citizen_id": [_("Số CCCD này vừa được đăng ký cho người khác.")]}
        ) from exc


def spec_problems(*, actor: User | None, spec: PersonSpec, today: date) -> Errors:
    """Every problem of ``spec`` that needs no database lookup, keyed by field (import preview).

    The same checks ``person_register`` runs; duplicates are looked up by the caller in bulk.
    """
    values = _clean_values({f: getattr(spec, f) for f in EDITABLE_FIELDS if "area" not in f})
    errors: Errors = {}
    _check_area(errors, actor=actor, area=spec.area, key="area")
    _check_identity(errors, values, today=today)
    _check_categories(errors, spec.categories, date_of_birth=values["date_of_birth"], today=today)
    return errors


# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def person_register(
    *,
    actor: User | None,
    area: Area,
    full_name: str,
    sex: str,
    date_of_birth: date | None = None,
    citizen_id: str | None = None,
    aliases: str = "",
    permanent_area: Area | None = None,
    permanent_address: str = "",
    current_address: str = "",
    phone: str = "",
    occupation: str = "",
    education: str = "",
    family_contacts: str = "",
    notes: str = "",
    psychosis: bool = False,
    psychosis_note: str = "",
    categories: Sequence[CategorySpec] = (),
    today: date | None = None,
) -> Person:
    """Put a person on the registry with their categories.

    A citizen ID already on the registry is refused with ``DuplicateCitizenIdError`` (a link to the
    existing record only if the actor may see it): the same person is never registered twice.
    """
    _require_manager(actor)
    today = today or timezone.localdate()
    values = _clean_values(
        {
            "full_name": full_name,
            "sex": sex,
            "date_of_birth": date_of_birth,
            "citizen_id": citizen_id,
            "aliases": aliases,
            "permanent_address": permanent_address,
            "current_address": current_address,
            "phone": phone,
            "occupation": occupation,
            "education": education,
            "family_contacts": family_contacts,
            "notes": notes,
            "psychosis": psychosis,
            "psychosis_note": psychosis_note,
        }
    )
    errors: Errors = {}
    _check_area(errors, actor=actor, area=area, key="area")
    if permanent_area is not None and permanent_area.level < Level.COMMUNE:
        _add(errors, "permanent_area", _("Nơi thường trú phải là xã, phường hoặc tổ dân phố."))
    _check_identity(errors, values, today=today)
    _check_categories(errors, categories, date_of_birth=values["date_of_birth"], today=today)
    if errors:
        raise DomainError(errors)
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
    return person


@transaction.atomic
def person_update(
    *, actor: User | None, person: Person, today: date | None = None, **changes: Any
) -> Person:
    """Change identity and residence facts (any of ``EDITABLE_FIELDS``).

    Moving the person to another commune is a transfer (``services.transfers``), not an edit.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    _require_manager(actor, person)
    today = today or timezone.localdate()
    person = Person.objects.select_for_update().select_related("area").get(pk=person.pk)
    before = audit.snapshot(person)
    current = {key: getattr(person, key) for key in EDITABLE_FIELDS}
    merged = {**current, **changes}
    values = _clean_values({k: v for k, v in merged.items() if k not in ("area", "permanent_area")})
    errors: Errors = {}
    area: Area = merged["area"]
    if area.pk != person.area_id:
        _check_area(errors, actor=actor, area=area, key="area")
        if not errors and (area.commune_id or area.pk) != (
            person.area.commune_id or person.area_id
        ):
            _add(
                errors,
                "area",
                _("Chuyển sang xã, phường khác phải làm thủ tục chuyển giao, không sửa trực tiếp."),
            )
    permanent_area: Area | None = merged["permanent_area"]
    if permanent_area is not None and permanent_area.level < Level.COMMUNE:
        _add(errors, "permanent_area", _("Nơi thường trú phải là xã, phường hoặc tổ dân phố."))
    _check_identity(errors, values, today=today)
    born = values["date_of_birth"]
    if born is not None and "date_of_birth" not in errors:
        first = person.personcategorys.order_by("started_on").first()
        if first is not None and first.started_on < born:
            _add(
                errors,
                "date_of_birth",
                _("Ngày sinh sau ngày bắt đầu diện quản lý (%(start)s).")
                % {"start": f"{first.started_on:%d/%m/%Y}"},
            )
    if errors:
        raise DomainError(errors)
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


def _require_manager(actor: User | None, person: Person | None = None) -> None:
    """The actor may change the registry and, for an existing record, sees the person.

    Views already check both (403 / 404); this guards every other caller (API, commands).
    ``actor=None`` is the system itself (demo data, migrations of data).
    """
    if actor is None:
        return
    if not actor.can(Capability.MANAGE_PERSONS):
        raise PermissionDenied
    if person is not None and not Person.objects.for_user(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def _require_on_list(person: Person) -> None:
    if not person.is_active or person.merged_into_id is not None:
        raise DomainError(
            {
                NON_FIELD_ERRORS: [
                    _("Người này đã được đưa ra khỏi danh sách quản lý; không thể thay đổi.")
                ]
            }
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
    today = today or timezone.localdate()
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
    if errors:
        raise DomainError(errors)
    return _category_insert(actor=actor, person=person, spec=spec)


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
    today = today or timezone.localdate()
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
        _add(errors, "note", _("Dài quá %(n)s ký tự.") % {"n": 250})
    if errors:
        raise DomainError(errors)
    before = audit.snapshot(row)
    row.ended_on = ended_on
    if note:
        row.note = normalize(f"{row.note} {note}")[:250] if row.note else note
    row.full_clean()
    row.save(update_fields=["ended_on", "note"])
    audit.record_change(actor=actor, obj=row, before=before)
    return row


@transaction.atomic
def person_flag_psychosis(
    *, actor: User | None, person: Person, psychosis: bool, note: str = ""
) -> Person:
    """Set or clear the psychotic-symptoms flag ("loạn thần", "ngáo đá"), which raises the
    person's priority everywhere they appear. Clearing it clears the note (kept in the audit)."""
    _require_manager(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
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
    today = today or timezone.localdate()
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_on_list(person)
    errors: Errors = {}
    if ground not in RemovalGround.values:
        _add(errors, "ground", _("Chọn căn cứ đưa ra khỏi danh sách."))
    if removed_on > today:
        _add(errors, "removed_on", _("Ngày đưa ra khỏi danh sách không được sau hôm nay."))
    open_rows = list(person.personcategorys.filter(ended_on__isnull=True).order_by("started_on"))
    latest_start = max((row.started_on for row in open_rows), default=None)
    if latest_start is not None and removed_on < latest_start:
        _add(
            errors,
            "removed_on",
            _("Ngày đưa ra khỏi danh sách phải từ ngày bắt đầu diện quản lý (%(start)s) trở đi.")
            % {"start": f"{latest_start:%d/%m/%Y}"},
        )
    if Episode.objects.filter(person=person, status=EpisodeStatus.ACTIVE).exists():
        _add(
            errors,
            NON_FIELD_ERRORS,
            _("Người này còn biện pháp quản lý đang thực hiện; hãy kết thúc biện pháp trước."),
        )
    note = normalize(note)
    if errors:
        raise DomainError(errors)
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
    today = today or timezone.localdate()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_active or person.merged_into_id is not None:
        raise DomainError({NON_FIELD_ERRORS: [_("Người này đang trong danh sách quản lý.")]})
    errors: Errors = {}
    spec = CategorySpec(category, started_on, source=source)
    _check_categories(errors, [spec], date_of_birth=person.date_of_birth, today=today)
    if person.removed_on is not None and started_on < person.removed_on:
        _add(
            errors,
            "started_on",
            _("Ngày bắt đầu phải từ ngày đưa ra khỏi danh sách (%(d)s) trở đi.")
            % {"d": f"{person.removed_on:%d/%m/%Y}"},
        )
    if errors:
        raise DomainError(errors)
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
            persons.append(
                person_register(
                    actor=actor,
                    today=today,
                    **{f: getattr(spec, f) for f in spec.__dataclass_fields__},
                )
            )
        except DomainError as exc:
            raise DomainError({f"row:{index}": exc.messages}) from exc
    return persons
