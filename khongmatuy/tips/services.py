"""Every write of the tips app: the public submission, the officers' intake and the handling.

Each function is keyword-only, one transaction, ``full_clean`` before saving, and audits itself
(the tip, each ``TipEvent`` and each attachment). Refusals are ``DomainError`` keyed by the form
field, in Vietnamese; a step the tip's status does not allow is ``InvalidTransition``. All checks
run before the first write, so a refusal leaves nothing behind (uploaded files included).

Privacy: the sender's identity (``Tip.IDENTITY_FIELDS``) and the salted hash of their address are
left out of the audit snapshots (the audit log is read by more people than the handling chain),
and the public submission is audited without the client's IP address.

Handling steps are data (``rules.handling.HANDLING``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.context import RequestContext, current
from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases.models import Case
from khongmatuy.common import validators
from khongmatuy.common.access import require_in_scope
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import normalize
from khongmatuy.people.models import Person
from khongmatuy.places.models import Place
from khongmatuy.places.services import check_area_open

from . import uploads
from .models import Tip, TipAttachment, TipEvent
from .rules import deadlines
from .rules.handling import HANDLING

# Tracking codes: no 0/O, 1/I/L, so a code read over the phone cannot be mistyped.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10

S = Tip.Status

_AUDIT_HIDDEN = frozenset({*Tip.IDENTITY_FIELDS, "source_hash"})


# --- helpers (no writes) --------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def source_hash(ip: str | None) -> str:
    """Salted hash of the client's address (never the address itself) for the rate limit."""
    return salted_hmac("khongmatuy.tips.source", ip or "unknown", algorithm="sha256").hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _snapshot(tip: Tip) -> audit.Snapshot:
    snap = audit.snapshot(tip, exclude=_AUDIT_HIDDEN)
    snap["identity_given"] = not tip.anonymous
    return snap


def _audit_tip(
    *, actor: User | None, tip: Tip, before: audit.Snapshot | None, note: str = ""
) -> None:
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    audit.record(
        actor=actor, action=action, obj=tip, before=before, after=_snapshot(tip), note=note
    )


def _save_created(actor: User | None, obj: TipEvent | TipAttachment) -> None:
    obj.full_clean()
    obj.save()
    audit.record_change(actor=actor, obj=obj, before=None)


def _event(*, actor: User | None, tip: Tip, action: str, note: str = "") -> TipEvent:
    event = TipEvent(
        tip=tip,
        action=action,
        note=normalize(note or "")[:250],
        actor=actor if actor is not None and actor.pk else None,
    )
    _save_created(actor, event)
    return event


def _require(actor: User | None, tip: Tip | None = None, area: Area | None = None) -> None:
    """The actor's role handles tips and sees the tip (or area). Views already 404 otherwise;
    this guards every other caller (API, commands) with the same rule."""
    require_in_scope(actor, Capability.HANDLE_TIPS, area=area, obj=tip)


def _guard(tip: Tip, action: str) -> str | None:
    return HANDLING.guard(
        tip.status,
        action,
        message=_("Không thể thực hiện bước này khi tin báo đang ở trạng thái “%(s)s”.")
        % {"s": tip.get_status_display()},
    ).target


def _locked(tip: Tip) -> Tip:
    return Tip.objects.select_for_update(of=("self",)).select_related("area").get(pk=tip.pk)


def _check_area(area: Area, *, field: str = "area", commune_only: bool = False) -> None:
    if commune_only and area.is_active and area.level != Level.COMMUNE:
        raise DomainError({field: _("Chọn một xã, phường, đặc khu.")})
    check_area_open(area, field=field)


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""


def _check_contact(name: str, phone: str, email: str) -> Contact:
    phone = validators.phone(phone, field="contact_phone")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError({"contact_email": _("Địa chỉ thư điện tử không hợp lệ.")}) from None
    return Contact(normalize(name or "")[:150], phone[:20], email[:150])


def _set_deadline(tip: Tip, *, extensions: int) -> deadlines.Deadline:
    received_on = timezone.localdate(tip.received_at)
    deadline = deadlines.deadline_for(received_on=received_on, extensions=extensions)
    tip.due_on = deadline.due_on
    tip.due_rule = deadline.label
    tip.extensions = extensions
    return deadline


def _insert_with_code(tip: Tip) -> None:
    """Save a new tip with a fresh unique code (retry on the rare collision)."""
    for _attempt in range(5):
        tip.code = new_code()
        try:
            with transaction.atomic():
                tip.full_clean()
                tip.save()
        except (IntegrityError, ValidationError) as exc:
            if isinstance(exc, ValidationError) and "code" not in getattr(exc, "error_dict", {}):
                raise
            continue
        return
    raise RuntimeError("could not generate a unique tip code")  # pragma: no cover


def _store_attachments(
    *, actor: User | None, tip: Tip, checked: Sequence[uploads.CheckedUpload], stored: list[str]
) -> None:
    for upload in checked:
        attachment = TipAttachment(
            tip=tip,
            content_type=upload.content_type,
            size=upload.size,
            original_name=upload.original_name,
        )
        attachment.file.save(upload.stored_name, upload.file, save=False)
        stored.append(attachment.file.name)
        _save_created(actor, attachment)


@contextmanager
def _without_client_ip() -> Iterator[None]:
    """Audit entries written inside carry no IP address (an anonymous sender's protection)."""
    ctx = current.get()
    token = current.set(RequestContext(ip_address=None, request_id=ctx.request_id if ctx else ""))
    try:
        yield
    finally:
        current.reset(token)


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


# --- the public page ------------------------------------------------------------------------


def rate_limits() -> tuple[int, int]:
    """Tips per hour and per day from one source (settings, defaults 5 and 20)."""
    return (
        int(getattr(settings, "KMT_TIP_RATE_PER_HOUR", 5)),
        int(getattr(settings, "KMT_TIP_RATE_PER_DAY", 20)),
    )


def _check_rate(source: str, *, now: datetime) -> None:
    per_hour, per_day = rate_limits()
    recent = Tip.objects.filter(source_hash=source, received_at__gte=now - timedelta(days=1))
    if (
        recent.filter(received_at__gte=now - timedelta(hours=1)).count() >= per_hour
        or recent.count() >= per_day
    ):
        raise DomainError(
            {
                "__all__": _(
                    "Bạn đã gửi nhiều tin báo trong thời gian ngắn. Vui lòng thử lại sau, hoặc "
                    "gọi đường dây nóng của Công an xã, phường."
                )
            }
        )


def lookup_allowed(client_ip: str | None) -> bool:
    """Count one status lookup from this source; False once ``KMT_TIP_LOOKUPS_PER_HOUR``
    (default 20) is reached within the hour. Kept in the cache (per process with the default
    local-memory cache), since a lookup writes nothing to the database."""
    limit = int(getattr(settings, "KMT_TIP_LOOKUPS_PER_HOUR", 20))
    key = f"kmt-tip-lookup:{source_hash(client_ip)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count <= limit


@transaction.atomic
def tip_submit_public(
    *,
    area: Area,
    category: str,
    description: str,
    location_text: str = "",
    occurred_text: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    photos: Sequence[UploadedFile] = (),
    client_ip: str | None,
    now: datetime | None = None,
) -> Tip:
    """A tip from the public page (no account). Anonymous unless the sender leaves a contact.

    Checks, in order and before any write: the commune, the category, the text, the contact,
    the photos (``uploads.check_uploads``) and the rate limit per salted hash of ``client_ip``.
    Then the tip, its "received" event and its photos are saved in one transaction; if storing
    a photo fails, the files already written are deleted and nothing remains.
    """
    moment = _now(now)
    _check_area(area, commune_only=True)
    validators.choice(category, Tip.Category, field="category")
    text = validators.required_text(
        description, field="description", message=_("Hãy mô tả sự việc bạn muốn báo.")
    )
    contact = _check_contact(contact_name, contact_phone, contact_email)
    try:
        checked = uploads.check_uploads(photos)
    except uploads.UploadRefused as exc:
        raise DomainError({"photos": str(exc)}) from None
    source = source_hash(client_ip)
    _check_rate(source, now=moment)
    tip = Tip(
        area=area,
        channel=Tip.Channel.PUBLIC_FORM,
        category=category,
        description=text,
        location_text=normalize(location_text or "")[:250],
        occurred_text=normalize(occurred_text or "")[:100],
        anonymous=not (contact.name or contact.phone or contact.email),
        contact_name=contact.name,
        contact_phone=contact.phone,
        contact_email=contact.email,
        received_at=moment,
        source_hash=source,
    )
    _set_deadline(tip, extensions=0)
    stored: list[str] = []
    try:
        with _without_client_ip():
            _insert_with_code(tip)
            _audit_tip(actor=None, tip=tip, before=None)
            _event(actor=None, tip=tip, action="received", note=str(Tip.Channel.PUBLIC_FORM.label))
            _store_attachments(actor=None, tip=tip, checked=checked, stored=stored)
    except BaseException:
        _delete_files(stored)
        raise
    return tip


# --- intake by officers ---------------------------------------------------------------------


@transaction.atomic
def tip_record(
    *,
    actor: User | None,
    area: Area,
    channel: str,
    category: str,
    description: str,
    received_at: datetime,
    location_text: str = "",
    occurred_text: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    now: datetime | None = None,
) -> Tip:
    """A tip from the hotline, a tip box, a visit in person or an officer's own finding.

    The deadline counts from ``received_at`` (the day the tip reached the police, not the day it
    was typed in), which may not be in the future.
    """
    _require(actor, area=area)
    _check_area(area)
    validators.choice(channel, Tip.Channel, field="channel")
    if channel == Tip.Channel.PUBLIC_FORM:
        raise DomainError({"channel": _("Tin báo từ trang trực tuyến do người dân tự gửi.")})
    validators.choice(category, Tip.Category, field="category")
    if received_at > _now(now):
        raise DomainError({"received_at": _("Thời điểm tiếp nhận ở tương lai.")})
    text = validators.required_text(
        description, field="description", message=_("Nhập nội dung tin báo, tố giác.")
    )
    contact = _check_contact(contact_name, contact_phone, contact_email)
    tip = Tip(
        area=area,
        channel=channel,
        category=category,
        description=text,
        location_text=normalize(location_text or "")[:250],
        occurred_text=normalize(occurred_text or "")[:100],
        anonymous=not (contact.name or contact.phone or contact.email),
        contact_name=contact.name,
        contact_phone=contact.phone,
        contact_email=contact.email,
        received_at=received_at,
        recorded_by=actor if actor is not None and actor.pk else None,
    )
    try:
        _set_deadline(tip, extensions=0)
    except deadlines.RuleNotInForceError:
        raise DomainError({"received_at": _("Ngày tiếp nhận quá cũ (trước 01/01/2018).")}) from None
    _insert_with_code(tip)
    _audit_tip(actor=actor, tip=tip, before=None)
    _event(actor=actor, tip=tip, action="received", note=str(tip.get_channel_display()))
    return tip


# --- handling -------------------------------------------------------------------------------


@transaction.atomic
def tip_classify(*, actor: User | None, tip: Tip, category: str, area: Area, note: str = "") -> Tip:
    """Correct the category or the area (a tip sent for the wrong commune moves to the right
    one; the actor must see the new area too)."""
    tip = _locked(tip)
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
def tip_assign(*, actor: User | None, tip: Tip, officer: User, note: str = "") -> Tip:
    """Assign (or hand over) the verification to ``officer``."""
    tip = _locked(tip)
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


@transaction.atomic
def tip_extend(*, actor: User | None, tip: Tip, reason: str) -> Tip:
    """Extend the deadline one step (CPC 2015 Art. 147(2)): to 2 months for a complex matter,
    then once more with the procuracy's decision. ``reason`` is required (it goes in the file)."""
    tip = _locked(tip)
    _require(actor, tip=tip)
    _guard(tip, "extend")
    text = validators.required_text(reason, field="reason", message=_("Nhập lý do gia hạn."))
    if tip.extensions >= deadlines.MAX_EXTENSIONS:
        raise InvalidTransition(
            {"__all__": _("Đã gia hạn tối đa %(n)s lần.") % {"n": deadlines.MAX_EXTENSIONS}}
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
