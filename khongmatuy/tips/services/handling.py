"""Handling a tip: classification, assignment, verification, extensions, closing."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.cases.models import Case
from khongmatuy.common import validators
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import normalize
from khongmatuy.people.models import Person
from khongmatuy.places.models import Place

from ..models import Tip
from ..rules import deadlines
from .core import (
    S,
    _audit_tip,
    _check_area,
    _event,
    _guard,
    _locked,
    _require,
    _set_deadline,
    _snapshot,
)

# --- handling -------------------------------------------------------------------------------


@transaction.atomic
def tip_classify(
    *,
    actor: User | None,
    tip: Tip,
    category: str,
    area: Area,
    note: str = "",
    version: int | None = None,
) -> Tip:
    """Correct the category or the area (a tip sent for the wrong commune moves to the right
    one; the actor must see the new area too). ``version``: the one the form was read at
    (``audit.version_check``)."""
    tip = _locked(tip)
    audit.version_check(tip, version, yours={"category": category, "area": area})
    _require(actor, tip=tip, area=area)
    _guard(tip, "classify")
    validators.choice(category, Tip.Category, field="category")
    _check_area(area)
    if category == tip.category and area.pk == tip.area_id:
        raise DomainError({"__all__": _("Không có thay đổi nào.")})
    before = _snapshot(tip)
    changes = []
    if category != tip.category:
        changes.append(
            _("Nội dung: %(old)s → %(new)s")
            % {"old": tip.get_category_display(), "new": Tip.Category(category).label}
        )
    if area.pk != tip.area_id:
        changes.append(_("Địa bàn: %(old)s → %(new)s") % {"old": tip.area, "new": area})
    tip.category = category
    tip.area = area
    if tip.assigned_to is not None and not scope_for(tip.assigned_to).contains(area):
        # The officer no longer covers the tip's area: it goes back to the queue.
        tip.assigned_to = None
        tip.status = S.RECEIVED
        changes.append(_("Bỏ phân công (cán bộ không phụ trách địa bàn mới)"))
    tip.full_clean()
    tip.save()
    _audit_tip(actor=actor, tip=tip, before=before)
    _event(actor=actor, tip=tip, action="classified", note="; ".join([*changes, note]).strip("; "))
    return tip


def officer_can_handle(officer: User, tip: Tip) -> bool:
    """An active account whose role handles tips and whose areas cover the tip's area."""
    return (
        officer.is_active
        and officer.can(Capability.HANDLE_TIPS)
        and scope_for(officer).contains(tip.area)
    )


@transaction.atomic
def tip_assign(
    *, actor: User | None, tip: Tip, officer: User, note: str = "", version: int | None = None
) -> Tip:
    """Assign (or hand over) the verification to ``officer``; ``version`` as in
    ``tip_classify``."""
    tip = _locked(tip)
    audit.version_check(tip, version, yours={"assigned_to": officer})
    _require(actor, tip=tip)
    target = _guard(tip, "assign")
    if not officer_can_handle(officer, tip):
        raise DomainError(
            {
                "officer": _("Tài khoản “%(user)s” không xử lý tin báo tại %(area)s.")
                % {"user": officer, "area": tip.area}
            }
        )
    if tip.assigned_to_id == officer.pk:
        raise DomainError({"officer": _("Tin báo đã được giao cho %(user)s.") % {"user": officer}})
    before = _snapshot(tip)
    tip.assigned_to = officer
    tip.status = target or tip.status
    tip.full_clean()
    tip.save()
    _audit_tip(actor=actor, tip=tip, before=before)
    label = officer.full_name or officer.username
    _event(
        actor=actor,
        tip=tip,
        action="assigned",
        note=f"{label}. {normalize(note or '')}".strip(". "),
    )
    return tip


@transaction.atomic
def tip_start(*, actor: User | None, tip: Tip, note: str = "") -> Tip:
    """Verification has begun (assigned → verifying)."""
    tip = _locked(tip)
    _require(actor, tip=tip)
    target = _guard(tip, "start")
    before = _snapshot(tip)
    tip.status = target or tip.status
    tip.full_clean()
    tip.save()
    _audit_tip(actor=actor, tip=tip, before=before)
    _event(actor=actor, tip=tip, action="verifying", note=note)
    return tip


def _check_extension(
    *, tip: Tip, today: date, decision_number: str, decision_date: date | None
) -> None:
    """Criminal Procedure Code 2015, Art. 147(2): an extension lengthens a limit that is still
    running, so none is recorded once the current limit has passed (the basic 20 days for the
    first, the extended limit for the second); the second is the Procuracy's one extension,
    recorded with its decision's number and date, taken before that limit ended."""
    errors: dict[str, list[str]] = {}
    if today > tip.due_on:
        errors["__all__"] = [
            _(
                "Thời hạn giải quyết đã hết ngày %(due)s: không thể gia hạn sau khi hết hạn "
                "(Điều 147 khoản 2 Bộ luật Tố tụng hình sự)."
            )
            % {"due": f"{tip.due_on:%d/%m/%Y}"}
        ]
    if tip.extensions == 1:
        if not decision_number:
            errors["procuracy_decision_number"] = [
                _("Nhập số quyết định gia hạn của Viện kiểm sát.")
            ]
        if decision_date is None:
            errors["procuracy_decision_date"] = [
                _("Nhập ngày quyết định gia hạn của Viện kiểm sát.")
            ]
        elif decision_date > today:
            errors["procuracy_decision_date"] = [_("Ngày quyết định ở tương lai.")]
        elif decision_date > tip.due_on or decision_date < timezone.localdate(tip.received_at):
            errors["procuracy_decision_date"] = [
                _("Quyết định gia hạn phải được ban hành từ ngày tiếp nhận đến ngày %(due)s.")
                % {"due": f"{tip.due_on:%d/%m/%Y}"}
            ]
    if errors:
        raise DomainError(errors)


@transaction.atomic
def tip_extend(
    *,
    actor: User | None,
    tip: Tip,
    reason: str,
    procuracy_decision_number: str = "",
    procuracy_decision_date: date | None = None,
    today: date | None = None,
) -> Tip:
    """Extend the deadline one step (CPC 2015 Art. 147(2)): to 2 months for a complex matter,
    then once more by the Procuracy's decision (its number and date are required). Neither is
    recorded after the limit it extends has passed. ``reason`` is required (it goes in the
    file)."""
    tip = _locked(tip)
    _require(actor, tip=tip)
    _guard(tip, "extend")
    text = validators.required_text(reason, field="reason", message=_("Nhập lý do gia hạn."))
    if tip.extensions >= deadlines.MAX_EXTENSIONS:
        raise InvalidTransition(
            {"__all__": _("Đã gia hạn tối đa %(n)s lần.") % {"n": deadlines.MAX_EXTENSIONS}}
        )
    number = normalize(procuracy_decision_number or "")[:100]
    _check_extension(
        tip=tip,
        today=today_or(today),
        decision_number=number,
        decision_date=procuracy_decision_date,
    )
    before = _snapshot(tip)
    old_due = tip.due_on
    deadline = _set_deadline(tip, extensions=tip.extensions + 1)
    tip.full_clean()
    tip.save()
    _audit_tip(actor=actor, tip=tip, before=before)
    note = _("%(old)s → %(new)s: %(reason)s") % {
        "old": f"{old_due:%d/%m/%Y}",
        "new": f"{deadline.due_on:%d/%m/%Y}",
        "reason": text,
    }
    if deadline.extensions == deadlines.MAX_EXTENSIONS and procuracy_decision_date is not None:
        note += _(" (Quyết định của Viện kiểm sát số %(number)s ngày %(date)s)") % {
            "number": number,
            "date": f"{procuracy_decision_date:%d/%m/%Y}",
        }
    _event(actor=actor, tip=tip, action="extended", note=note)
    return tip


@dataclass(frozen=True)
class NewPlace:
    """A harbouring place found by verifying the tip, created with ``places.place_create``."""

    name: str
    address: str = ""
    description: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _check_link(actor: User | None, obj: Any, model: Any, field: str) -> None:
    if obj is None or actor is None:
        return
    if not model.objects.for_user(actor).filter(pk=obj.pk).exists():
        raise DomainError({field: _("Không tìm thấy hồ sơ này trong địa bàn bạn phụ trách.")})


@transaction.atomic
def tip_close(
    *,
    actor: User | None,
    tip: Tip,
    outcome: str,
    note: str,
    place: Place | None = None,
    person: Person | None = None,
    case: Case | None = None,
    new_place: NewPlace | None = None,
    today: date | None = None,
) -> Tip:
    """Close a verified tip with its outcome and, when it led somewhere, the place, person or
    case it concerns; ``new_place`` records a NEW harbouring place (via the places service) in
    the tip's area, discovered today. A dismissal needs its reason in ``note``."""
    tip = _locked(tip)
    _require(actor, tip=tip)
    target = _guard(tip, "close")
    validators.choice(outcome, Tip.Outcome, field="outcome")
    text = validators.required_text(
        note, field="outcome_note", message=_("Nhập kết quả xác minh hoặc lý do.")
    )
    if place is not None and new_place is not None:
        raise DomainError({"place": _("Chọn một điểm đã có hoặc tạo điểm mới, không chọn cả hai.")})
    if outcome in (Tip.Outcome.DISMISSED, Tip.Outcome.TRANSFERRED) and (
        place is not None or new_place is not None or person is not None or case is not None
    ):
        raise DomainError(
            {"outcome": _("Tin báo không có căn cứ hoặc đã chuyển thì không liên kết hồ sơ.")}
        )
    _check_link(actor, place, Place, "place")
    _check_link(actor, person, Person, "person")
    _check_link(actor, case, Case, "case")
    day = today_or(today)
    if new_place is not None:
        from khongmatuy.places import services as place_services

        place = place_services.place_create(
            actor=actor,
            area=tip.area,
            kind=Place.Kind.HARBOURING,
            name=new_place.name,
            address=new_place.address or tip.location_text,
            description=new_place.description,
            discovered_on=day,
            latitude=new_place.latitude,
            longitude=new_place.longitude,
            today=day,
        )
    before = _snapshot(tip)
    tip.status = target or tip.status
    tip.outcome = outcome
    tip.outcome_note = text
    tip.closed_on = day
    tip.place = place
    tip.person = person
    tip.case = case
    tip.full_clean()
    tip.save()
    _audit_tip(actor=actor, tip=tip, before=before)
    _event(actor=actor, tip=tip, action="closed", note=f"{tip.get_outcome_display()}: {text}")
    return tip
