"""The person registry's input: specs, derived columns and every check that runs before a write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.errors import DomainError, Errors, add_error
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold, normalize
from khongmatuy.common.validators import PHONE_CHARS

from ...choices import Category, Sex
from ...models import Person, PersonFields
from ...validators import citizen_id_problems, clean_citizen_id

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


EARLIEST_BIRTH = date(1900, 1, 1)


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


class PersonSpec(PersonFields, total=False):
    """Everything ``person_register`` takes, as one value (imports build these): the person's
    fields and the categories to give them."""

    categories: Sequence[CategorySpec]


# Registration and edits check and write these; the two areas are checked on their own.
_AREA_FIELDS = ("area", "permanent_area")
_IDENTITY_FIELDS = tuple(f for f in Person.EDITABLE_FIELDS if f not in _AREA_FIELDS)
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


def _check_area(errors: Errors, *, actor: User | None, area: Area | None, key: str) -> None:
    if area is None:
        add_error(errors, key, _("Chọn tổ dân phố, thôn (hoặc xã, phường) quản lý người này."))
        return
    if area.level < Level.COMMUNE:
        add_error(errors, key, _("Địa bàn quản lý phải là xã, phường hoặc tổ dân phố, thôn."))
    elif not area.is_active:
        add_error(errors, key, _("“%(name)s” đã giải thể hoặc sáp nhập.") % {"name": area.name})
    elif actor is not None and not scope_for(actor).contains(area):
        # The form only offers areas in scope; this guards other callers (imports, API).
        add_error(errors, key, _("Địa bàn này không thuộc phạm vi tài khoản được giao."))


def _check_identity(errors: Errors, values: dict[str, Any], *, today: date) -> None:
    """Name, sex, date of birth, phone, text lengths, citizen ID structure."""
    if not values["full_name"]:
        add_error(errors, "full_name", _("Họ và tên không được để trống."))
    for key, limit in _TEXT_LIMITS.items():
        if len(values.get(key) or "") > limit:
            add_error(errors, key, _("Dài quá %(n)s ký tự.") % {"n": limit})
    if values["sex"] not in Sex.values:
        add_error(errors, "sex", _("Chọn giới tính Nam hoặc Nữ."))
    born = values["date_of_birth"]
    if born is not None and born > today:
        add_error(errors, "date_of_birth", _("Ngày sinh không được sau ngày hôm nay."))
    elif born is not None and born < EARLIEST_BIRTH:
        add_error(errors, "date_of_birth", _("Ngày sinh không hợp lệ (trước năm 1900)."))
    phone = values["phone"]
    digits = sum(ch.isdigit() for ch in phone)
    if phone and (not set(phone) <= PHONE_CHARS or not 8 <= digits <= 15):
        add_error(errors, "phone", _("Số điện thoại không hợp lệ (từ 8 đến 15 chữ số)."))
    citizen_id = values["citizen_id"]
    if citizen_id:
        for problem in citizen_id_problems(
            citizen_id, sex=values["sex"], date_of_birth=born, today=today
        ):
            add_error(errors, "citizen_id", problem)


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
            add_error(errors, "category", _("Diện quản lý không hợp lệ."))
        elif spec.ended_on is None and spec.category in open_seen:
            add_error(
                errors,
                "category",
                _("Người này đang thuộc diện “%(category)s”.")
                % {"category": Category(spec.category).label},
            )
        elif spec.ended_on is None:
            open_seen.add(spec.category)
        for key, value in (("source", spec.source), ("note", spec.note)):
            if len(value) > 250:
                add_error(errors, key, _("Dài quá %(n)s ký tự.") % {"n": 250})


def _check_category_dates(
    errors: Errors,
    *,
    started_on: date,
    ended_on: date | None,
    date_of_birth: date | None,
    today: date,
) -> None:
    if started_on > today:
        add_error(errors, "started_on", _("Ngày bắt đầu không được sau ngày hôm nay."))
    if date_of_birth is not None and started_on < date_of_birth:
        add_error(errors, "started_on", _("Ngày bắt đầu không được trước ngày sinh."))
    if ended_on is not None and ended_on < started_on:
        add_error(
            errors,
            "ended_on",
            _("Ngày kết thúc phải từ ngày bắt đầu (%(start)s) trở đi.")
            % {"start": f"{started_on:%d/%m/%Y}"},
        )
    elif ended_on is not None and ended_on > today:
        add_error(errors, "ended_on", _("Ngày kết thúc không được sau ngày hôm nay."))


def _clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The identity fields (every editable field but the two areas), an absent one blank:
    normalised text (NFC, single spaces), the citizen ID without separators or None."""
    cleaned = {key: values.get(key) for key in _IDENTITY_FIELDS}
    for key in ("full_name", "aliases", "permanent_address", "current_address", "phone"):
        cleaned[key] = normalize(cleaned.get(key) or "")
    for key in ("occupation", "education", "psychosis_note"):
        cleaned[key] = normalize(cleaned.get(key) or "")
    for key in ("family_contacts", "notes"):
        cleaned[key] = (cleaned.get(key) or "").strip()
    cleaned["sex"] = cleaned["sex"] or ""
    cleaned["citizen_id"] = clean_citizen_id(cleaned.get("citizen_id")) or None
    cleaned["psychosis"] = bool(cleaned.get("psychosis"))
    if not cleaned["psychosis"]:
        cleaned["psychosis_note"] = ""
    return cleaned


def _check_field_names(function: str, fields: Mapping[str, object]) -> None:
    """Refuse keywords that are not ``Person.EDITABLE_FIELDS`` (mypy checks typed callers;
    this guards the ones that pass a form's or an import's dictionary)."""
    unknown = set(fields) - set(Person.EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"{function}() got unexpected fields: {sorted(unknown)}")


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
    values = _clean_values(spec)
    errors: Errors = {}
    _check_area(errors, actor=actor, area=spec.get("area"), key="area")
    _check_identity(errors, values, today=today)
    _check_categories(
        errors, spec.get("categories", ()), date_of_birth=values["date_of_birth"], today=today
    )
    return errors


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
