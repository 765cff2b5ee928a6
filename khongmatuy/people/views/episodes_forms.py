"""The form of the legal-rule settings page (``episodes.legal_rule_set``). The other episode
forms are in ``people.forms.episodes``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import VietnameseMessages


class LegalRuleForm(VietnameseMessages, forms.Form):
    months = forms.IntegerField(
        label=_("Số tháng (tối thiểu)"), min_value=1, max_value=120, required=False
    )
    months_max = forms.IntegerField(
        label=_("Số tháng tối đa"), min_value=1, max_value=120, required=False
    )
    days = forms.IntegerField(label=_("Số ngày"), min_value=1, max_value=365, required=False)
    article = forms.CharField(label=_("Điều, khoản, văn bản căn cứ"), max_length=250)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)
