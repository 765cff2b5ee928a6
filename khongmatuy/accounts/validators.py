"""Password policy beyond Django's validators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password mixes letters and digits (officers' accounts guard sensitive records)."""

    def validate(self, password: str, user: Any = None) -> None:
        if not any(ch.isalpha() for ch in password) or not any(ch.isdigit() for ch in password):
            raise ValidationError(
                _("Mật khẩu phải có cả chữ cái và chữ số."), code="password_character_classes"
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có cả chữ cái và chữ số.")
