"""Forms of the data-quality pages: starting a reconciliation round and checking one person.

The services decide (an open round, a person on the list); these parse and bound the input.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import ReconciliationOutcome


class StartForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (căn cứ, thành phần tham gia…)"), max_length=250, required=False
    )


class CheckForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=ReconciliationOutcome.choices)
    note = forms.CharField(label=_("Sai lệch, ghi chú"), max_length=250, required=False)
