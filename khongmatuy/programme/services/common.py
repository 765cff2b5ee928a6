"""Checks shared by the programme's services: the acting user's right and scope, a year of the
programme, an amount of money."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from khongmatuy.common.errors import Errors, add_error
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for

from ..rules.money import MAX_AMOUNT

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.areas.models import Area

# Nghị quyết 163/2024/QH15: the programme runs 2025–2030.
FIRST_YEAR = 2025
LAST_YEAR = 2030


def require_manager(actor: User, area: Area) -> None:
    """Only a user who records the programme, of this commune (out of scope is refused)."""
    if not actor.can(Capability.MANAGE_PROGRAMME) or not scope_for(actor).contains(area):
        raise PermissionDenied


def check_year(errors: Errors, year: int | None, field: str = "year") -> None:
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        add_error(
            errors,
            field,
            _("Năm phải trong giai đoạn của Chương trình (%(a)s–%(b)s).")
            % {"a": FIRST_YEAR, "b": LAST_YEAR},
        )


def check_amount(
    errors: Errors, amount: Decimal | None, field: str = "amount", *, signed: bool = False
) -> None:
    """Whole đồng, a Decimal (never a float), positive unless ``signed`` (then not zero)."""
    if amount is None:
        add_error(errors, field, _("Nhập số tiền (đồng)."))
        return
    if not isinstance(amount, Decimal):  # a float or a text from a careless caller
        add_error(errors, field, _("Số tiền không hợp lệ."))  # type: ignore[unreachable]
        return
    if amount != amount.to_integral_value():
        add_error(errors, field, _("Số tiền tính bằng đồng, không có phần lẻ."))
    elif abs(amount) > MAX_AMOUNT:
        add_error(errors, field, _("Số tiền quá lớn."))
    elif signed and amount == 0:
        add_error(errors, field, _("Số tiền điều chỉnh phải khác 0."))
    elif not signed and amount <= 0:
        add_error(errors, field, _("Số tiền phải lớn hơn 0."))
