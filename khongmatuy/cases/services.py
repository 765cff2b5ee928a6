"""Writes of drug cases: the case, its status, the persons involved and the seizures.

Every function is keyword-only, one transaction, ``full_clean`` before saving, and audits itself
in that transaction. Refusals are ``DomainError`` keyed by the form field (Vietnamese message); a
status change the case's kind and state do not allow is ``InvalidTransition`` (never a 403).
Every check runs before the first write, so a refusal leaves nothing.

``actor`` is ``None`` only for system writes (demo data, generators). For a user, the role must
hold ``MANAGE_PLACES`` and the case (and any linked person) must be in the user's scope; views
already fetch through ``for_user`` (404 otherwise), this guards every other caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common.access import require_in_scope
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold, normalize
from khongmatuy.people.choices import Category
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services

from .models import Case, CasePerson, Seizure, Substance
from .rules import offences, statuses

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


# Roles a person may have in a case of each kind. Arrest and accusation are criminal-procedure
# steps; an administrative case has violators.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    Case.Kind.CRIME: frozenset(
        {CasePerson.Role.ARRESTED, CasePerson.Role.ACCUSED, CasePerson.Role.SUSPECT}
    ),
    Case.Kind.ADMINISTRATIVE: frozenset({CasePerson.Role.VIOLATOR, CasePerson.Role.SUSPECT}),
}
ARREST_ROLES = frozenset({CasePerson.Role.ARRESTED, CasePerson.Role.ACCUSED})
# Categories a person first entered through a case may be registered with; the officer chooses
# (``offences.default_category`` proposes "dealer" only for Criminal Code Art. 251).
NEW_PERSON_CATEGORIES: tuple[str, ...] = (
    Category.ILLEGAL_USER,
    Category.ADDICT,
    Category.DEALER,
    Category.SUSPECTED_DEALER,
)


def new_person_categories() -> list[tuple[str, str]]:
    return [(value, str(Category(value).label)) for value in NEW_PERSON_CATEGORIES]


def next_statuses(case: Case) -> list[str]:
    """The statuses ``case`` may move to, in the order of ``Case.Status``."""
    return statuses.table_for(case.kind).available(case.status)


def roles_for(kind: str) -> list[tuple[str, str]]:
    allowed = ROLES_BY_KIND.get(kind, frozenset())
    return [(value, str(label)) for value, label in CasePerson.Role.choices if value in allowed]


@dataclass(frozen=True)
class NewPerson:
    """A person not yet on the registry, registered through ``people`` with a case."""

    full_name: str
    sex: str
    date_of_birth: date | None = None
    citizen_id: str | None = None
    area: Area | None = None  # the residential group or commune; the case's area if None
    current_address: str = ""
    aliases: str = ""
    # The registry category the officer chose (``NEW_PERSON_CATEGORIES``); never implied.
    category: str = ""


# --- checks (no writes) ---------------------------------------------------------------------


def _require(actor: User | None, case: Case | None = None) -> None:
    require_in_scope(actor, Capability.MANAGE_PLACES, obj=case)


def _fmt(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _check_area(errors: Errors, *, actor: User | None, area: Area | None) -> None:
    if area is None:
        add_error(errors, "area", _("Chọn xã, phường hoặc tổ dân phố xảy ra vụ việc."))
    elif area.level < Level.COMMUNE:
        add_error(errors, "area", _("Địa bàn phải là xã, phường hoặc tổ dân phố, thôn."))
    elif not area.is_active:
        add_error(errors, "area", _("“%(name)s” đã giải thể hoặc sáp nhập.") % {"name": area.name})
    elif actor is not None and not scope_for(actor).contains(area):
        add_error(errors, "area", _("Địa bàn này không thuộc phạm vi được giao."))


def _check_case_values(
    *,
    actor: User | None,
    area: Area | None,
    kind: str,
    offence: str,
    occurred_on: date,
    summary: str,
    number: str,
    today: date,
) -> None:
    errors: Errors = {}
    _check_area(errors, actor=actor, area=area)
    if kind not in Case.Kind.values:
        errors["kind"] = [_("Chọn vụ án hình sự hoặc vi phạm hành chính.")]
    elif not offences.belongs_to(offence, kind):
        wrong_kind = _("Tội danh, hành vi này không thuộc loại “%(kind)s”.")
        errors["offence"] = [
            wrong_kind % {"kind": Case.Kind(kind).label}
            if offences.kind_of(offence)
            else _("Tội danh, hành vi không hợp lệ.")
        ]
    if occurred_on > today:
        errors["occurred_on"] = [
            _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.")
            % {"date": _fmt(occurred_on), "today": _fmt(today)}
        ]
    if not summary:
        errors["summary"] = [_("Nhập tóm tắt vụ việc.")]
    if len(number) > 100:
        errors["number"] = [_("Dài quá %(n)s ký tự.") % {"n": 100}]
    raise_if(errors)


def issuing_unit_of(area: Area) -> Area:
    """The unit that numbers a case filed under ``area``: the police of its commune."""
    return area.commune if area.commune_id and area.commune is not None else area


def _number_taken_message(*, number: str, unit: Area, year: int) -> str:
    return _(
        "Số hồ sơ, số quyết định “%(number)s” đã được %(unit)s dùng cho một vụ việc khác "
        "năm %(year)s."
    ) % {"number": number, "unit": unit.display_name, "year": year}


def _check_number_free(*, case: Case, exclude_pk: int | None = None) -> None:
    """A case number is unique per issuing unit and year (``case_number_unique_per_unit_year``);
    the database refuses a concurrent duplicate too (``_save_case``)."""
    if not case.number:
        return
    taken = Case.objects.filter(
        issuing_unit_id=case.issuing_unit_id, year=case.year, number=case.number
    )
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            {
                "number": [
                    _number_taken_message(
                        number=case.number, unit=case.issuing_unit, year=case.year
                    )
                ]
            }
        )


def _save_case(case: Case) -> None:
    """Number and year from the area and the date, checked, then saved; a duplicate that slipped
    in concurrently becomes the same refusal (savepoint), never a 500."""
    case.issuing_unit = issuing_unit_of(case.area)
    case.year = case.occurred_on.year
    _check_number_free(case=case, exclude_pk=case.pk)
    _full_clean(case, exclude=["area", "created_by", "issuing_unit", "year"])
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        raise DomainError(
            {
                "number": [
                    _number_taken_message(
                        number=case.number, unit=case.issuing_unit, year=case.year
                    )
                ]
            }
        ) from exc


def _full_clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError(exc.message_dict) from exc


# --- cases ----------------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    number: str,
    occurred_on: date,
    offence: str,
    summary: str,
    today: date,
) -> Case:
    """Record a drug crime case or an administrative violation, status "detected"."""
    _require(actor)
    number, summary = normalize(number), summary.strip()
    _check_case_values(
        actor=actor,
        area=area,
        kind=kind,
        offence=offence,
        occurred_on=occurred_on,
        summary=summary,
        number=number,
        today=today,
    )
    case = Case(
        area=area,
        kind=kind,
        number=number,
        occurred_on=occurred_on,
        offence=offence,
        summary=summary,
        created_by=actor if actor is not None and actor.pk else None,
    )
    _save_case(case)
    audit.record_change(actor=actor, obj=case, before=None)
    return case


@transaction.atomic
def case_update(
    *,
    actor: User | None,
    case: Case,
    area: Area,
    number: str,
    occurred_on: date,
    offence: str,
    summary: str,
    today: date,
    version: int | None = None,
) -> Case:
    """Correct a case's facts. The kind is fixed (it decides the statuses and roles).

    ``version``: the one the edit form was read at (``audit.version_check``)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, case)
    yours = {"area": area, "number": number, "occurred_on": occurred_on, "offence": offence}
    audit.version_check(case, version, yours={**yours, "summary": summary})
    number, summary = normalize(number), summary.strip()
    _check_case_values(
        actor=actor,
        area=area,
        kind=case.kind,
        offence=offence,
        occurred_on=occurred_on,
        summary=summary,
        number=number,
        today=today,
    )
    before = audit.snapshot(case)
    case.area, case.number, case.occurred_on = area, number, occurred_on
    case.offence, case.summary = offence, summary
    _save_case(case)
    audit.record_change(actor=actor, obj=case, before=before)
    return case


@transaction.atomic
def case_set_status(*, actor: User | None, case: Case, status: str) -> Case:
    """Move the case along ``rules.statuses``; anything else is ``InvalidTransition``."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, case)
    statuses.table_for(case.kind).guard(
        case.status,
        status,
        message=_("Không thể chuyển vụ việc từ “%(from)s” sang “%(to)s”.")
        % {
            "from": case.get_status_display(),
            "to": Case.Status(status).label if status in Case.Status.values else status,
        },
    )
    before = audit.snapshot(case)
    case.status = status
    _full_clean(case, exclude=["area", "created_by", "issuing_unit", "year"])
    case.save(update_fields=["status", "updated_at"])
    audit.record_change(actor=actor, obj=case, before=before)
    return case


# --- persons --------------------------------------------------------------------------------


def _check_link(*, case: Case, role: str, arrested_on: date | None, today: date) -> Errors:
    errors: Errors = {}
    if role not in ROLES_BY_KIND.get(case.kind, frozenset()):
        errors["role"] = [
            _("Tư cách này không dùng cho “%(kind)s”.") % {"kind": case.get_kind_display()}
        ]
    elif role == CasePerson.Role.ARRESTED and arrested_on is None:
        errors["arrested_on"] = [_("Nhập ngày bắt giữ.")]
    elif role not in ARREST_ROLES and arrested_on is not None:
        errors["arrested_on"] = [_("Chỉ ghi ngày bắt giữ cho người bị bắt giữ, bị can, bị cáo.")]
    if arrested_on is not None and arrested_on > today:
        errors["arrested_on"] = [
            _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.")
            % {"date": _fmt(arrested_on), "today": _fmt(today)}
        ]
    return errors


@transaction.atomic
def case_add_person(
    *,
    actor: User | None,
    case: Case,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    role: str,
    arrested_on: date | None,
    note: str = "",
    today: date,
) -> CasePerson:
    """Link a person to the case: one from the registry (in the actor's scope), or a new one
    registered through ``people.services.persons.person_register`` with the category the officer
    chose (``NewPerson.category``, one of ``NEW_PERSON_CATEGORIES``), audited there.
    """
    case = Case.objects.select_for_update().select_related("area").get(pk=case.pk)
    _require(actor, case)
    if (person is None) == (new_person is None):
        raise DomainError({"person": [_("Chọn một người trong danh sách hoặc nhập người mới.")]})
    errors = _check_link(case=case, role=role, arrested_on=arrested_on, today=today)
    note = normalize(note)
    if len(note) > 250:
        errors["note"] = [_("Dài quá %(n)s ký tự.") % {"n": 250}]
    if person is not None:
        visible = Person.objects.active()
        if actor is not None:
            visible = Person.objects.for_user(actor).active()
        if not visible.filter(pk=person.pk).exists():
            errors["person"] = [_("Không tìm thấy người này trong địa bàn được giao.")]
        elif CasePerson.objects.filter(case=case, person=person).exists():
            errors["person"] = [_("%(name)s đã có trong vụ việc này.") % {"name": person.full_name}]
    if new_person is not None and new_person.category not in NEW_PERSON_CATEGORIES:
        errors["category"] = [_("Chọn diện quản lý của người này.")]
    raise_if(errors)
    if new_person is not None:
        try:
            person = person_services.person_register(
                actor=actor,
                area=new_person.area or case.area,
                full_name=new_person.full_name,
                sex=new_person.sex,
                date_of_birth=new_person.date_of_birth,
                citizen_id=new_person.citizen_id,
                aliases=new_person.aliases,
                current_address=new_person.current_address,
                categories=[
                    person_services.CategorySpec(
                        category=new_person.category,
                        started_on=arrested_on or case.occurred_on,
                        source=_("Vụ việc %(case)s") % {"case": case.number or case.pk},
                    )
                ],
                today=today,
            )
        except ValidationError as exc:  # the registry's refusal, keyed by the same field names
            raise DomainError(exc.message_dict) from exc
    if person is None:  # pragma: no cover  (exactly one of the two was given)
        raise DomainError({"person": [_("Chọn một người trong danh sách hoặc nhập người mới.")]})
    link = CasePerson(case=case, person=person, role=role, arrested_on=arrested_on, note=note)
    _full_clean(link, exclude=["case", "person"])
    try:
        with transaction.atomic():  # a concurrent double link becomes a refusal, not a 500
            link.save()
    except IntegrityError as exc:
        raise DomainError(
            {"person": [_("%(name)s đã có trong vụ việc này.") % {"name": person.full_name}]}
        ) from exc
    audit.record_change(actor=actor, obj=link, before=None)
    return link


@transaction.atomic
def case_remove_person(*, actor: User | None, case_person: CasePerson) -> None:
    """Unlink a person entered by mistake; the person stays on the registry."""
    link = CasePerson.objects.select_related("case", "person").get(pk=case_person.pk)
    _require(actor, link.case)
    audit.record_delete(actor=actor, obj=link)
    link.delete()


# --- seizures -------------------------------------------------------------------------------


def _positive_decimal(value: object) -> bool:
    """A finite ``Decimal`` above zero (a float or an int is refused: no binary rounding)."""
    try:
        return isinstance(value, Decimal) and value.is_finite() and value > 0
    except InvalidOperation:  # pragma: no cover  (a signalling NaN)
        return False


@transaction.atomic
def seizure_add(
    *,
    actor: User | None,
    case: Case,
    substance: Substance | None,
    form: str,
    quantity: Decimal,
    unit: str,
) -> Seizure:
    """Record drugs (or plants) seized in the case; ``quantity`` is a positive Decimal.

    ``substance`` comes from the national list and must be in use; there is no default.
    """
    case = Case.objects.select_related("area").get(pk=case.pk)
    _require(actor, case)
    form = normalize(form)
    errors: Errors = {}
    if substance is None or not Substance.objects.filter(pk=substance.pk, is_active=True).exists():
        errors["substance"] = [_("Chọn chất ma túy trong danh mục.")]
    if not _positive_decimal(quantity):
        errors["quantity"] = [_("Số lượng phải lớn hơn 0.")]
    if unit not in Seizure.Unit.values:
        errors["unit"] = [_("Chọn đơn vị.")]
    raise_if(errors)
    seizure = Seizure(case=case, substance=substance, form=form, quantity=quantity, unit=unit)
    _full_clean(seizure, exclude=["case"])
    seizure.save()
    audit.record_change(actor=actor, obj=seizure, before=None)
    return seizure


@transaction.atomic
def seizure_remove(*, actor: User | None, seizure: Seizure) -> None:
    seizure = Seizure.objects.select_related("case").get(pk=seizure.pk)
    _require(actor, seizure.case)
    audit.record_delete(actor=actor, obj=seizure)
    seizure.delete()


# --- the national list of substances ------------------------------------------------------------


def _other_names(text: str) -> str:
    """Comma-separated names, each normalised, empty and repeated ones dropped."""
    names: list[str] = []
    for part in text.split(","):
        name = normalize(part)
        if name and fold(name) not in {fold(n) for n in names}:
            names.append(name)
    return ", ".join(names)


def _check_substance_names(substance: Substance) -> None:
    """A name or other name may belong to one substance only, compared folded."""
    own = [substance.name, *substance.other_name_list()]
    taken = {
        fold(name): other.name
        for other in Substance.objects.exclude(pk=substance.pk)
        for name in (other.name, *other.other_name_list())
    }
    for name in own:
        if fold(name) in taken:
            field = "name" if name == substance.name else "other_names"
            raise DomainError(
                {
                    field: [
                        _("Tên “%(name)s” đã dùng cho chất %(other)s.")
                        % {"name": name, "other": taken[fold(name)]}
                    ]
                }
            )


def _save_substance(*, actor: User, substance: Substance, before: audit.Snapshot | None) -> None:
    if not actor.can(Capability.CONFIGURE_RULES):
        raise PermissionDenied
    if not substance.name:
        raise DomainError({"name": [_("Nhập tên chất ma túy.")]})
    if substance.unit not in Seizure.Unit.values:
        raise DomainError({"unit": [_("Chọn đơn vị.")]})
    _check_substance_names(substance)
    substance.name_sort = text_sort_string(substance.name)
    _full_clean(substance)
    substance.save()
    audit.record_change(actor=actor, obj=substance, before=before)


@transaction.atomic
def substance_create(*, actor: User, name: str, other_names: str, unit: str) -> Substance:
    """Add a substance to the national list (administrators, ``CONFIGURE_RULES``)."""
    substance = Substance(name=normalize(name), other_names=_other_names(other_names), unit=unit)
    _save_substance(actor=actor, substance=substance, before=None)
    return substance


@transaction.atomic
def substance_update(
    *,
    actor: User,
    substance: Substance,
    name: str,
    other_names: str,
    unit: str,
    is_active: bool,
    version: int | None = None,
) -> Substance:
    """Rename, re-spell or retire a substance; a retired one is no longer offered for new
    seizures and the seizures already recorded keep it. ``version``: as in ``case_update``."""
    substance = Substance.objects.select_for_update().get(pk=substance.pk)
    yours = {"name": name, "other_names": other_names, "unit": unit, "is_active": is_active}
    audit.version_check(substance, version, yours=yours)
    before = audit.snapshot(substance)
    substance.name = normalize(name)
    substance.other_names = _other_names(other_names)
    substance.unit = unit
    substance.is_active = is_active
    _save_substance(actor=actor, substance=substance, before=before)
    return substance
