"""``{{ value|number }}``: a figure in the active language (1.234,5 or 1,234.5)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from khongmatuy.common.numbers import format_decimal

register = template.Library()


@register.filter
def number(value: Decimal | int | None) -> str:
    return format_decimal(value)
