"""``{{ amount|money }}``: "1.234.567 đ" in the user's language; ``{{ rate|rate }}``: a rate
rounded down to one decimal for display ("95,9 %"), "—" when unknown."""

from __future__ import annotations

from decimal import Decimal

from django import template

from khongmatuy.common.numbers import format_decimal

from ..rules.money import display_percent, format_money

register = template.Library()


@register.filter
def money(value: Decimal | int | None) -> str:
    """A missing figure (a commune with no project yet) is shown empty, not as 0 đ."""
    return format_money(value) if isinstance(value, Decimal | int) else ""


@register.filter
def rate(value: Decimal | None) -> str:
    shown = display_percent(value) if isinstance(value, Decimal) else None
    return "—" if shown is None else f"{format_decimal(shown)} %"
