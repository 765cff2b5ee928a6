"""Reads of accounts: the users an administrator manages, the areas they may bind, 2FA status.

An administrator manages the users whose every bound area lies inside the administrator's own
scope (``scoping.scope_for``). A user bound to a ward of this city and a ward of another province
is therefore managed only by someone who sees both: otherwise resetting that user's password
would open the other province's data to this city's administrator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.scoping import Scope, scope_for
from khongmatuy.common.text import fold

from .models import ApiToken, AreaAssignment, User

# Area levels as the scoping module groups them.
_SCOPE_BY_LEVEL = {
    Level.PROVINCE: "province_ids",
    Level.COMMUNE: "commune_ids",
    Level.GROUP: "group_ids",
}


def _scope_of_area(area: Area) -> Scope:
    """The scope of someone bound to ``area`` alone: the area and everything below it."""
    if area.level == Level.COUNTRY:
        return Scope(everything=True)
    return Scope(**{_SCOPE_BY_LEVEL[Level(area.level)]: frozenset({area.pk})})  # type: ignore[arg-type]


def _users_bound_within(scope: Scope) -> QuerySet[User]:
    """Users with at least one bound area, every one of them inside ``scope``."""
    if scope.everything:
        return User.objects.all()
    if scope.is_empty:
        return User.objects.none()
    inside = scope.q("area")
    bindings = AreaAssignment.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(Exists(bindings.filter(inside))).exclude(
        Exists(bindings.exclude(inside))
    )


def users_for_admin(*, user: User) -> QuerySet[User]:
    """Every user ``user`` may manage (an administrator bound to the country manages all)."""
    return _users_bound_within(scope_for(user))


def user_get_for_admin(*, user: User, pk: int) -> User:
    """A managed user, or 404 when outside the administrator's scope (existence does not leak)."""
    qs = users_for_admin(user=user).prefetch_related(_assignments_prefetch())
    return get_object_or_404(qs, pk=pk)


def _assignments_prefetch() -> Prefetch[str, QuerySet[AreaAssignment], str]:
    return Prefetch(
        "area_assignments",
        queryset=AreaAssignment.objects.select_related("area").order_by(
            "area__level", "area__name"
        ),
    )


# Letters that fold to the same ASCII letter, so "nguyen" finds "Nguyễn" in SQL on both engines.
def _variants() -> dict[str, str]:
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    groups: dict[str, set[str]] = {}
    for base in "aăâeêioôơuưyđ":
        for tone in tones if base != "đ" else ("",):
            letter = unicodedata.normalize("NFC", base + tone)
            for variant in (letter, letter.upper()):
                groups.setdefault(fold(variant), set()).update({variant, fold(variant).upper()})
    return {key: "".join(sorted(chars | {key})) for key, chars in groups.items()}


_VARIANTS = _variants()
_REGEX_SPECIAL = set(r".^$*+?()[]{}|\-")


def diacritic_insensitive_pattern(query: str) -> str:
    """A regular expression matching ``query`` with or without Vietnamese diacritics and case.

    The same pattern runs on SQLite (Django's REGEXP function) and PostgreSQL (``~``): only
    literal characters and bracket classes, nothing engine-specific.
    """
    parts = []
    for ch in fold(query):
        if ch in _VARIANTS:
            parts.append(f"[{_VARIANTS[ch]}]")
        elif ch.isalpha():
            parts.append(f"[{ch}{ch.upper()}]")
        elif ch in _REGEX_SPECIAL:
            parts.append(re.escape(ch))
        else:
            parts.append(ch)
    return "".join(parts)


def user_list_for_admin(
    *,
    user: User,
    role: str = "",
    area: Area | None = None,
    active: bool | None = None,
    query: str = "",
) -> QuerySet[User]:
    """The users page: managed users, filtered; search ignores diacritics and case.

    ``area`` (already checked to be in scope) keeps users bound to it or to an area below it.
    """
    qs = users_for_admin(user=user)
    if area is not None:
        below = _scope_of_area(area)
        if not below.everything:
            qs = qs.filter(
                Exists(AreaAssignment.objects.filter(below.q("area"), user=OuterRef("pk")))
            )
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    if fold(query):
        pattern = diacritic_insensitive_pattern(query)
        qs = qs.filter(Q(username__regex=pattern) | Q(full_name__regex=pattern))
    confirmed_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        qs.annotate(has_two_factor=Exists(confirmed_device))
        .prefetch_related(_assignments_prefetch())
        .order_by("username")
    )


def assignable_areas(*, user: User) -> QuerySet[Area]:
    """Areas ``user`` may bind another account to: active areas in their own scope."""
    return Area.objects.for_user(user).filter(is_active=True)


def area_tokens(areas: list[Area]) -> str:
    """How the user form shows bound areas: the official code, or ``#id`` for areas without one."""
    return ", ".join(area.code or f"#{area.pk}" for area in areas)


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool
    device: TOTPDevice | None


def two_factor_status(*, user: User) -> TwoFactorStatus:
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    return TwoFactorStatus(enabled=device is not None, device=device)


def api_tokens_for(*, user: User) -> QuerySet[ApiToken]:
    """Every token of ``user``, newest first, with its bound areas (the token list page)."""
    return ApiToken.objects.filter(user=user).prefetch_related("areas").order_by("-created_at")


def api_tokens_active(*, user: User, now: datetime) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)


def api_token_get_own(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; another account's token is a 404."""
    return get_object_or_404(ApiToken, user=user, pk=pk)


def api_token_by_hash(key_hash: str) -> ApiToken | None:
    """The token with this key hash and its user, in one query (every API request)."""
    return ApiToken.objects.select_related("user").filter(key_hash=key_hash).first()


def token_scope(token: ApiToken) -> Scope:
    """What a request with ``token`` sees: the user's scope, narrowed for a service token to its
    bound areas that are still inside the user's scope (an area the user lost drops out)."""
    full = scope_for(token.user)
    if token.kind != ApiToken.Kind.SERVICE:
        return full
    province, commune, group = set(), set(), set()
    everything = False
    for area in token.areas.filter(is_active=True):
        if not full.contains(area):
            continue
        if area.level == Level.COUNTRY:
            everything = True
        elif area.level == Level.PROVINCE:
            province.add(area.pk)
        elif area.level == Level.COMMUNE:
            commune.add(area.pk)
        else:
            group.add(area.pk)
    return Scope(
        everything=everything,
        province_ids=frozenset(province),
        commune_ids=frozenset(commune),
        group_ids=frozenset(group),
    )


# Login locks ------------------------------------------------------------------------------------


def two_factor_locked_until(device: TOTPDevice, *, now: datetime) -> datetime | None:
    """Until when the code step is refused after ``KMT_2FA_FAILURE_LIMIT`` wrong codes in a row.

    The count is django-otp's own (``throttling_failure_count``: stored on the device, so every
    session of the account adds to it; a right code resets it). The lock lasts
    ``KMT_LOGIN_COOLOFF_MINUTES`` after the last wrong code, or longer while django-otp's
    doubling delay after each wrong code is longer. None when the code step is open.
    """
    failed_at = device.throttling_failure_timestamp
    if failed_at is None or device.throttling_failure_count < settings.KMT_2FA_FAILURE_LIMIT:
        return None
    until: datetime = failed_at + settings.AXES_COOLOFF_TIME
    allowed, details = device.verify_is_allowed()
    if not allowed and details and details.get("locked_until"):
        until = max(until, details["locked_until"])
    return until if until > now else None


def login_locks(*, users: Iterable[User], now: datetime | None = None) -> dict[int, datetime]:
    """Until when each locked-out one of ``users`` cannot log in, by user id (two queries).

    A user is locked by too many wrong passwords from one address (django-axes' attempts, counted
    as axes counts them: per username and address, within the cool-off) or by too many wrong
    two-factor codes; the later end counts.
    """
    now = now or timezone.now()
    by_name = {user.get_username(): user.pk for user in users}
    locks: dict[int, datetime] = {}

    def keep(user_id: int, until: datetime | None) -> None:
        if until is not None and until > now:
            locks[user_id] = max(until, locks.get(user_id, until))

    cooloff = settings.AXES_COOLOFF_TIME
    by_address = (
        AccessAttempt.objects.filter(username__in=list(by_name), attempt_time__gte=now - cooloff)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    for row in by_address:
        keep(by_name[row["username"]], row["last"] + cooloff)
    devices = TOTPDevice.objects.filter(
        user_id__in=list(by_name.values()),
        confirmed=True,
        throttling_failure_count__gte=settings.KMT_2FA_FAILURE_LIMIT,
    )
    for device in devices:
        keep(device.user_id, two_factor_locked_until(device, now=now))
    return locks
