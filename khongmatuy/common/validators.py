"""Input checks shared by every app's services, each raising ``DomainError`` keyed by field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .errors import DomainError
from .text import normalize

PHONE_CHARS = frozenset("0123456789+-.() ")
PHONE_MIN_DIGITS = 8


def phone(value: str | None, *, field: str) -> str:
    """A phone number as typed (digits, spaces, + - . ( )), with at least eight digits."""
    text = (value or "").strip()
    if text and (not set(text) <= PHONE_CHARS or sum(c.isdigit() for c in text) < PHONE_MIN_DIGITS):
        raise DomainError({field: _("Số điện thoại chỉ gồm chữ số (ít nhất 8 chữ số).")})
    return text


def required_text(
    value: str | None, *, field: str, message: str, max_length: int | None = None
) -> str:
    """The text with white space folded; refused when empty or longer than ``max_length``."""
    text = normalize(value or "")
    if not text:
        raise DomainError({field: message})
    return limited_text(text, field=field, max_length=max_length)


def limited_text(value: str | None, *, field: str, max_length: int | None) -> str:
    text = value or ""
    if max_length is not None and len(text) > max_length:
        raise DomainError(
            {
                field: _("Tối đa %(max)d ký tự (đang có %(n)d).")
                % {"max": max_length, "n": len(text)}
            }
        )
    return text


def choice(value: str, choices: Any, *, field: str) -> str:
    """``value`` must be one of a ``TextChoices``' values (a form or an API may send anything)."""
    if value not in choices.values:
        raise DomainError({field: _("Giá trị “%(value)s” không hợp lệ.") % {"value": value}})
    return value
