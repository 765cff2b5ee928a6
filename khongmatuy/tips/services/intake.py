"""Tips coming in: the public page (no account) and the officers' intake."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common import validators
from khongmatuy.common.errors import DomainError
from khongmatuy.common.http import client_ip
from khongmatuy.common.limits import RateLimit
from khongmatuy.common.text import normalize

from .. import uploads
from ..models import Tip
from ..rules import deadlines
from .core import (
    Contact,
    _audit_tip,
    _check_area,
    _check_contact,
    _delete_files,
    _event,
    _insert_with_code,
    _now,
    _require,
    _set_deadline,
    _store_attachments,
    _without_client_ip,
    already_sent,
    form_token_hash,
    source_hash,
)

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


# Status lookups per client and hour, counted in the shared cache (a lookup writes no row).
LOOKUPS = RateLimit(group="tips.lookup", setting="KMT_TIP_LOOKUPS_PER_HOUR", default=20)


def lookup_allowed(request: HttpRequest) -> bool:
    """Count one status lookup from this client; False once ``KMT_TIP_LOOKUPS_PER_HOUR``
    (default 20) is passed within the hour. The key is the salted hash of the client's address,
    never the address itself."""
    return LOOKUPS.hit(request, key=source_hash(client_ip(request)))


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
    form_token: str = "",
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
    token_hash = form_token_hash(form_token)
    if token_hash and Tip.objects.filter(form_token_hash=token_hash).exists():
        raise already_sent()  # a double submit or a replay of the same page
    _check_rate(source, now=moment)
    tip = _new_tip(
        area=area,
        channel=Tip.Channel.PUBLIC_FORM,
        category=category,
        text=text,
        location_text=location_text,
        occurred_text=occurred_text,
        contact=contact,
        received_at=moment,
        source_hash=source,
        form_token_hash=token_hash,
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
    tip = _new_tip(
        area=area,
        channel=channel,
        category=category,
        text=text,
        location_text=location_text,
        occurred_text=occurred_text,
        contact=contact,
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


def _new_tip(
    *,
    area: Area,
    channel: str,
    category: str,
    text: str,
    location_text: str,
    occurred_text: str,
    contact: Contact,
    received_at: datetime,
    **extra: Any,
) -> Tip:
    """An unsaved tip from checked input; anonymous unless the sender left a contact."""
    return Tip(
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
        **extra,
    )
