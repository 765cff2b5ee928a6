"""Writes to accounts: users, their areas, passwords, two-factor devices and API tokens.

Every function here runs in one transaction and writes its own audit entries. Secrets never reach
the audit trail: the password hash is excluded by ``User.audit_exclude``, a TOTP device is
snapshotted without its ``key``, and an API token's key is never stored (only its SHA-256, which
``ApiToken.audit_exclude`` keeps out of the trail too).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability, Role
from khongmatuy.common.scoping import forget_scope, scope_for
from khongmatuy.common.text import normalize

from . import selectors
from .models import ApiToken, AreaAssignment, User

if TYPE_CHECKING:
    from khongmatuy.areas.models import Area, Organisation

DEVICE_NAME = "TOTP"
_DEVICE_SECRET_FIELDS = frozenset({"key"})


# Passwords -------------------------------------------------------------------------------------


def _vietnamese_password_error(error: ValidationError) -> str:
    """Django's Vietnamese catalogue lacks the too-short message; every other one is translated."""
    if error.code == "password_too_short":
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % (error.params or {})
    return error.messages[0]


def password_policy_errors(password: str, user: User | None = None) -> list[str]:
    """The policy's complaints about ``password`` (empty when it passes), in the active language."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [_vietnamese_password_error(error) for error in exc.error_list]
    return []


def _check_password_policy(password: str, user: User) -> None:
    errors = password_policy_errors(password, user)
    if errors:
        raise DomainError({"password": errors})


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password (own change, or an administrator's reset, which also lifts a lockout)."""
    _check_password_policy(password, user)
    before = audit.snapshot(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    is_reset = actor is None or actor.pk != user.pk
    note = _("Quản trị đặt lại mật khẩu") if is_reset else _("Đổi mật khẩu")
    audit.record_change(actor=actor, obj=user, before=before, note=note)
    if is_reset:
        axes_reset(username=user.get_username())  # lift a lockout in the same transaction
    return user


# Users -----------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    full_name: str,
    role: str,
    areas: Sequence[Any],
    title: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
    validate: bool = True,
) -> User:
    """A new account bound to ``areas``; the areas must already be checked against the actor.
    An agency account is also bound to its ``organisation`` (``_check_organisation``)."""
    organisation = _check_organisation(role=role, organisation=organisation, areas=areas)
    full_name = normalize(full_name)
    user = User(
        username=username.strip(),
        full_name=full_name,
        name_sort=name_sort_string(full_name),
        role=role,
        title=normalize(title),
        phone=phone.strip(),
        organisation=organisation,
    )
    user.full_clean(exclude=["password"])
    if validate:
        _check_password_policy(password, user)
    user.set_password(password)
    user.save()
    audit.record_change(actor=actor, obj=user, before=None)
    user_set_areas(actor=actor, user=user, areas=areas)
    return user


def _check_organisation(
    *, role: str, organisation: Organisation | None, areas: Sequence[Any]
) -> Organisation | None:
    """An agency account names its organisation, located in the commune it is bound to; any
    other role has none (an organisation would narrow nothing for it)."""
    if role != Role.AGENCY_OFFICER:
        return None
    if organisation is None:
        raise DomainError(
            {"organisation": _("Tài khoản cơ quan, đơn vị phải chọn cơ quan, đơn vị của mình.")}
        )
    communes = {getattr(a, "commune_id", None) for a in areas}
    if organisation.area.commune_id not in communes or None in communes:
        raise DomainError(
            {
                "organisation": _(
                    "Tài khoản cơ quan, đơn vị được giao đúng xã, phường nơi cơ quan, đơn vị "
                    "đóng trụ sở."
                )
            }
        )
    return organisation


def _refuse_self_lockout(*, actor: User | None, user: User, field: str, message: str) -> None:
    if actor is not None and actor.pk == user.pk:
        raise DomainError({field: message})


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    role: str,
    areas: Sequence[Any],
    title: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
    version: int | None = None,
) -> User:
    """Change a user's details and re-bind their areas (each binding change is audited).

    ``version``: the one the edit form was read at (``audit.version_check``); a change of the
    bound areas alone also raises the account's version, so a stale form cannot restore them.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    yours = {"full_name": full_name, "role": role, "title": title, "phone": phone}
    audit.version_check(user, version, yours=yours)
    if role != user.role:
        _refuse_self_lockout(
            actor=actor,
            user=user,
            field="role",
            message=_("Bạn không thể tự đổi vai trò của mình."),
        )
    organisation = _check_organisation(role=role, organisation=organisation, areas=areas)
    before = audit.snapshot(user)
    user.full_name = normalize(full_name)
    user.name_sort = name_sort_string(user.full_name)
    user.role = role
    user.organisation = organisation
    user.title = normalize(title)
    user.phone = phone.strip()
    user.full_clean(exclude=["password"])
    bound = {a.area_id for a in user.area_assignments.all()}
    if audit.snapshot(user) != before or bound != {a.pk for a in areas}:
        user.save(
            update_fields=["full_name", "name_sort", "role", "title", "phone", "organisation"]
        )
        audit.record_change(actor=actor, obj=user, before=before)
    user_set_areas(actor=actor, user=user, areas=areas)
    return user


@transaction.atomic
def user_set_areas(*, actor: User | None, user: User, areas: Sequence[Any]) -> None:
    """Replace the user's bound areas; each added or removed binding is audited."""
    wanted = {a.pk for a in areas}
    current = {a.area_id: a for a in user.area_assignments.all()}
    for area_id, assignment in current.items():
        if area_id not in wanted:
            audit.record_delete(actor=actor, obj=assignment)
            assignment.delete()
    for area_id in sorted(wanted - set(current)):
        assignment = AreaAssignment(user=user, area_id=area_id)
        assignment.full_clean(validate_unique=False)
        assignment.save()
        audit.record_change(actor=actor, obj=assignment, before=None)
    forget_scope(user)


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> User:
    """Lock the account out: sessions stop working at once and its API tokens are revoked."""
    _refuse_self_lockout(
        actor=actor,
        user=user,
        field="is_active",
        message=_("Bạn không thể tự khóa tài khoản của mình."),
    )
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    before = audit.snapshot(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record_change(actor=actor, obj=user, before=before, note=_("Khóa tài khoản"))
    api_tokens_revoke_all(actor=actor, user=user)
    forget_scope(user)
    return user


@transaction.atomic
def user_activate(*, actor: User | None, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    before = audit.snapshot(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record_change(actor=actor, obj=user, before=before, note=_("Mở khóa tài khoản"))
    forget_scope(user)
    return user


# Two-factor authentication (TOTP) ------------------------------------------------------------


def _device_snapshot(device: TOTPDevice) -> audit.Snapshot:
    return audit.snapshot(device, exclude=_DEVICE_SECRET_FIELDS)


def _device_save(
    *, actor: User | None, device: TOTPDevice, before: audit.Snapshot, fields: list[str], note: str
) -> None:
    device.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=device,
        before=before,
        after=_device_snapshot(device),
        note=note,
    )


def _device_delete(*, actor: User | None, device: TOTPDevice, note: str) -> None:
    audit.record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=device,
        before=_device_snapshot(device),
        note=note,
    )
    device.delete()


@transaction.atomic
def two_factor_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first use (reloading the page keeps the QR)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "pk"
    ).first() or TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
    if device.pk is None:
        device.full_clean()
        device.save()
        audit.record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=device,
            after=_device_snapshot(device),
            note=_("Bắt đầu cài đặt xác thực hai bước"),
        )
    return device


@transaction.atomic
def two_factor_device_confirm(*, user: User, device: TOTPDevice, code: str) -> TOTPDevice | None:
    """Confirm ``device`` with a code from the authenticator app. None on a wrong code.

    A wrong code must not raise: ``verify_token`` records the failure for throttling, and that
    record has to be committed.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    before = _device_snapshot(device)
    if not device.verify_token(code):
        return None
    device.confirmed = True
    _device_save(
        actor=user,
        device=device,
        before=before,
        fields=["confirmed"],
        note=_("Bật xác thực hai bước"),
    )
    for other in TOTPDevice.objects.filter(user=user).exclude(pk=device.pk):
        _device_delete(actor=user, device=other, note=_("Thay thế thiết bị xác thực cũ"))
    return device


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts ``code``, or None (the failure is audited)."""
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_token(code):
            return device
    audit.record(
        actor=user,
        action=AuditEvent.Action.LOGIN_FAILED,
        obj=user,
        note=_("Sai mã xác thực hai bước"),
    )
    return None


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> bool:
    """Remove the user's devices when ``code`` is current. False on a wrong code."""
    if two_factor_verify(user=user, code=code) is None:
        return False
    for device in TOTPDevice.objects.filter(user=user):
        _device_delete(actor=user, device=device, note=_("Tắt xác thực hai bước"))
    return True


@transaction.atomic
def user_two_factor_reset(*, actor: User | None, user: User) -> int:
    """An administrator removes a user's devices (lost phone); the user sets up again."""
    devices = list(TOTPDevice.objects.filter(user=user))
    for device in devices:
        _device_delete(actor=actor, device=device, note=_("Quản trị đặt lại xác thực hai bước"))
    return len(devices)


@transaction.atomic
def user_login_unlock(*, actor: User | None, user: User) -> bool:
    """An administrator lifts ``user``'s login locks: wrong passwords from every address
    (django-axes' attempts) and wrong two-factor codes. False when nothing was locked."""
    attempts = axes_reset(username=user.get_username())
    devices = list(
        TOTPDevice.objects.select_for_update().filter(user=user, throttling_failure_count__gt=0)
    )
    for device in devices:
        before = _device_snapshot(device)
        device.throttle_reset(commit=False)
        _device_save(
            actor=actor,
            device=device,
            before=before,
            fields=["throttling_failure_timestamp", "throttling_failure_count"],
            note=_("Mở khóa đăng nhập"),
        )
    if not (attempts or devices):
        return False
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        after={"failed_logins_cleared": attempts, "two_factor_failures_cleared": len(devices)},
        note=_("Mở khóa đăng nhập"),
    )
    return True


# API tokens ------------------------------------------------------------------------------------

TOKEN_MAX_DAYS = 365
# Active tokens one account may hold: enough for every integration, bounded for the list page.
TOKEN_MAX_ACTIVE = 20
TOKEN_KEY_PREFIX = "kmt_"  # noqa: S105  (a marker for secret scanners, not a secret)


def _token_errors(
    *, user: User, name: str, days: int, kind: str, areas: Sequence[Area], now: datetime
) -> Errors:
    errors: Errors = {}
    if not user.is_active or not user.can(Capability.USE_API):
        add_error(errors, NON_FIELD_ERRORS, _("Vai trò của tài khoản này không được dùng API."))
    elif two_factor_required_for(user) and not selectors.two_factor_status(user=user).enabled:
        add_error(
            errors,
            NON_FIELD_ERRORS,
            _("Vai trò của bạn phải bật xác thực hai bước trước khi tạo mã truy cập API."),
        )
    if not name.strip():
        add_error(errors, "name", _("Ghi tên mã truy cập (ví dụ: phần mềm nào dùng nó)."))
    elif len(name) > 100:
        add_error(errors, "name", _("Tên mã truy cập tối đa 100 ký tự."))
    if not 1 <= days <= TOKEN_MAX_DAYS:
        add_error(errors, "days", _("Thời hạn từ 1 đến %(max)d ngày.") % {"max": TOKEN_MAX_DAYS})
    if kind not in ApiToken.Kind.values:
        add_error(errors, "kind", _("Chọn loại mã truy cập."))
    elif kind == ApiToken.Kind.SERVICE and not areas:
        add_error(errors, "areas", _("Mã của tài khoản dịch vụ phải gắn với ít nhất một địa bàn."))
    elif kind == ApiToken.Kind.PERSONAL and areas:
        add_error(errors, "areas", _("Mã cá nhân dùng toàn bộ địa bàn của bạn; bỏ trống ô này."))
    scope = scope_for(user)
    for area in areas:
        if not scope.contains(area):
            add_error(
                errors,
                "areas",
                _("Địa bàn “%(name)s” không thuộc phạm vi của tài khoản.") % {"name": area.name},
            )
    active = selectors.api_tokens_active(user=user, now=now).count()
    if active >= TOKEN_MAX_ACTIVE:
        add_error(
            errors,
            NON_FIELD_ERRORS,
            _("Mỗi tài khoản có tối đa %(n)d mã đang hiệu lực; thu hồi bớt mã cũ.")
            % {"n": TOKEN_MAX_ACTIVE},
        )
    return errors


def two_factor_required_for(user: User) -> bool:
    """Police roles must use two-factor authentication where the deployment requires it."""
    return bool(settings.KMT_REQUIRE_2FA_FOR_POLICE and user.is_police)


def hash_token_key(key: str) -> str:
    """The stored form of a key: its SHA-256. Keys are long random strings, so no salt."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    days: int,
    read_only: bool,
    kind: str = ApiToken.Kind.PERSONAL,
    areas: Sequence[Area] = (),
) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its key, which is shown once and never stored.

    Refused (``DomainError`` naming the field) when the role may not use the API, when a role
    that must use two-factor authentication has not enrolled, for a bad name or duration, or for
    a service token without areas or with an area outside the user's scope.
    """
    now = timezone.now()
    errors = _token_errors(user=user, name=name, days=days, kind=kind, areas=areas, now=now)
    raise_if(errors)
    key = TOKEN_KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        kind=kind,
        name=name.strip(),
        prefix=key[:12],
        key_hash=hash_token_key(key),
        read_only=read_only,
        expires_at=now + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    if areas:
        token.areas.set(areas)
    audit.record_change(
        actor=actor,
        obj=token,
        before=None,
        note=_("Tạo mã truy cập API; địa bàn: %(areas)s")
        % {"areas": ", ".join(a.name for a in areas) or "-"},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> bool:
    """Stop ``token`` working at once. False when it was already revoked."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record_change(actor=actor, obj=token, before=before, note=_("Thu hồi mã truy cập API"))
    return True


@transaction.atomic
def api_tokens_revoke_all(*, actor: User | None, user: User) -> int:
    """Revoke every token of ``user`` still in force (the account is being locked)."""
    revoked = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        revoked += api_token_revoke(actor=actor, token=token)
    return revoked
