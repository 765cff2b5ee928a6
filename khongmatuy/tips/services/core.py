"""What every write of the tips app shares: codes, audit snapshots without the sender's
identity, events, the scope check, the status guard, deadlines and attachments."""

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
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
from khongmatuy.common import validators
from khongmatuy.common.access import require_in_scope
from khongmatuy.common.errors import DomainError
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import normalize
from khongmatuy.places.services import check_area_open

from .. import uploads
from ..models import Tip, TipAttachment, TipEvent
from ..rules import deadlines
from ..rules.handling import HANDLING

# Tracking codes: no 0/O, 1/I/L, so a code read over the phone cannot be mistyped.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10

S = Tip.Status

_AUDIT_HIDDEN = frozenset({*Tip.IDENTITY_FIELDS, "source_hash", "form_token_hash"})


# --- helpers (no writes) --------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def source_hash(ip: str | None) -> str:
    """Salted hash of the client's address (never the address itself) for the rate limit."""
    return salted_hmac("khongmatuy.tips.source", ip or "unknown", algorithm="sha256").hexdigest()


def form_token_hash(token: str) -> str:
    """Salted hash of a public form's one-time token ("" for none), as ``Tip`` stores it."""
    if not token:
        return ""
    return salted_hmac("khongmatuy.tips.form-token", token, algorithm="sha256").hexdigest()


def already_sent() -> DomainError:
    return DomainError(
        {
            "__all__": _(
                "Tin báo này đã được gửi. Mỗi lần mở trang chỉ gửi được một tin; hãy mở lại "
                "trang nếu bạn muốn báo thêm."
            )
        }
    )


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
    deadline = deadlines.deadline_for(
        received_on=received_on, extensions=extensions, holidays=public_holidays()
    )
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
            if (
                tip.form_token_hash
                and Tip.objects.filter(form_token_hash=tip.form_token_hash).exists()
            ):  # the same form sent twice at once: the other request holds the token
                raise already_sent() from exc
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
