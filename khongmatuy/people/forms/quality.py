"""Forms of the data-quality pages: starting a reconciliation round and checking one person.

The services decide (an open round, a person on the list); these parse and bound the input.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import ParseOnlyModelForm

from ..choices import ReconciliationOutcome
from ..models import ReconciliationItem, ReconciliationRound
from .fields import legal_choice


class StartForm(ParseOnlyModelForm):
    class Meta:
        model = ReconciliationRound
        fields = ("note",)
        labels = {"note": _("Ghi chú (căn cứ, thành phần tham gia…)")}


class CheckForm(ParseOnlyModelForm):
    outcome = legal_choice(_("Kết quả"), ReconciliationOutcome.choices)

    class Meta:
        model = ReconciliationItem
        fields = ("outcome", "note")
        labels = {"note": _("Sai lệch, ghi chú")}
