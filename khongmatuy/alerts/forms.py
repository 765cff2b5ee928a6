from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import VietnameseMessages

from . import selectors
from .choices import Delivery

INVALID = _("Chọn một cách nhận trong danh sách.")


class PreferencesForm(VietnameseMessages, forms.Form):
    """One choice per kind of reminder (the rules registered), each with the user's current one."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for rule, delivery in selectors.preferences(user=user):
            self.fields[rule.kind] = forms.ChoiceField(
                label=str(rule.label),
                choices=Delivery.choices,
                initial=delivery,
                error_messages={"invalid_choice": INVALID, "required": INVALID},
            )
