"""Writes to accounts: users, their areas, passwords, two-factor devices and API tokens.

Every function here runs in one transaction and writes its own audit entries. Secrets never reach
the audit trail: the password hash is excluded by ``User.audit_exclude``, a TOTP device is
snapshotted without its ``key``, and an API token is recorded by its user, never by its key (the
key is the token's primary key, so it must not be passed to ``audit.record`` as ``obj``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.errors import DomainError
from khongmatuy.common.scoping import forget_scope
from khongmatuy.common.text import normalize

from .models import AreaAssignment, User

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
    validate: bool = True,
) -> User:
    """A new account bound to ``areas``; the areas must already be checked against the actor."""
    full_name = normalize(full_name)
    user = User(
        username=username.strip(),
        full_name=full_name,
        name_sort=name_sort_string(full_name),
        role=role,
        title=normalize(title),
        phone=phone.strip(),
    )
    user.full_clean(exclude=["password"])
    if validate:
        _check_password_policy(password, user)
    user.set_password(password)
    user.save()
    audit.record_change(actor=actor, obj=user, before=None)
    user_set_areas(actor=actor, user=user, areas=areas)
    return user


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
    before = audit.snapshot(user)
    user.full_name = normalize(full_name)
    user.name_sort = name_sort_string(user.full_name)
    user.role = role
    user.title = normalize(title)
    user.phone = phone.strip()
    user.full_clean(exclude=["password"])
    bound = {a.area_id for a in user.area_assignments.all()}
    if audit.snapshot(user) != before or bound != {a.pk for a in areas}:
        user.save(update_fields=["full_name", "name_sort", "role", "title", "phone"])
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
    """Lock the account out: sessions stop working at once and its API token is revoked."""
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
    api_token_revoke(actor=actor, user=user)
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


def _token_record(*, actor: User | None, user: User, action: str, token: Token) -> None:
    """Audit a token by its owner: the key is the token's primary key and stays out."""
    values = {"user_id": user.pk, "created": token.created.isoformat()}
    audit.record(
        actor=actor,
        action=action,
        model_label="authtoken.Token",
        object_id=str(user.pk),
        object_repr=_("Khóa API của %(username)s") % {"username": user.get_username()},
        before=values if action == AuditEvent.Action.DELETE else None,
        after=values if action == AuditEvent.Action.CREATE else None,
    )


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User) -> Token:
    """A new API token for ``user``, replacing any previous one. Show its key once."""
    api_token_revoke(actor=actor, user=user)
    token = Token(user=user)
    token.save()  # generates the key
    _token_record(actor=actor, user=user, action=AuditEvent.Action.CREATE, token=token)
    return token


@transaction.atomic
def api_token_revoke(*, actor: User | None, user: User) -> bool:
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is None:
        return False
    _token_record(actor=actor, user=user, action=AuditEvent.Action.DELETE, token=token)
    token.delete()
    return True
