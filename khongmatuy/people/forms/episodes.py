"""Forms of the episode pages. They parse and bound the input; the legal rules live in
``transitions.py`` / ``durations.py`` and the services put their refusals back on these forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import DATE_WIDGET, ParseOnlyModelForm, VietnameseMessages

from ..choices import EpisodeKind
from ..models import DossierItem, Episode
from ..rules import transitions
from .fields import blank_first, legal_choice, legal_typed_choice

MAX_MONTHS = 60  # longer than any legal term: a bigger figure is a typo


def _date(label: Any) -> forms.DateField:
    """A required date; the model's end dates are optional until a step sets them."""
    return forms.DateField(label=label, widget=DATE_WIDGET)


class OpenForm(ParseOnlyModelForm):
    """A new measure; the due date is the service's (``durations.py``)."""

    kind = legal_choice(_("Biện pháp"), EpisodeKind.choices)
    planned_months = forms.IntegerField(
        label=_("Thời hạn (tháng)"),
        min_value=1,
        max_value=MAX_MONTHS,
        required=False,
        help_text=_(
            "Cai nghiện tự nguyện, bắt buộc: ghi theo quyết định. Quản lý người sử dụng, quản lý "
            "sau cai nghiện: để trống, hệ thống tính theo luật."
        ),
    )
    deducted_days = forms.IntegerField(
        label=_("Số ngày bị quản lý trong thời gian lập hồ sơ (được trừ)"),
        min_value=0,
        max_value=366,
        required=False,
        help_text=_("Chỉ với cai nghiện bắt buộc (Nghị định 116/2021, Điều 44, 45)."),
    )

    class Meta:
        model = Episode
        fields = (
            "kind",
            "decision_number",
            "decision_date",
            "authority",
            "started_on",
            "planned_months",
            "facility",
        )
        labels = {
            "decision_number": _("Số quyết định"),
            "decision_date": _("Ngày quyết định"),
            "authority": _("Cơ quan, người quyết định"),
            "started_on": _("Ngày bắt đầu"),
            "facility": _("Cơ sở cai nghiện, điều trị"),
        }
        widgets = {"decision_date": DATE_WIDGET, "started_on": DATE_WIDGET}


class CompleteForm(ParseOnlyModelForm):
    ended_on = _date(_("Ngày kết thúc"))
    early_reason = forms.ChoiceField(label=_("Lý do kết thúc trước hạn"), required=False)
    addicted = forms.TypedChoiceField(
        label=_("Kết luận"),
        choices=blank_first([("yes", _("Nghiện ma túy")), ("no", _("Không nghiện"))]),
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )

    field_order = ("ended_on", "early_reason", "addicted", "outcome")

    class Meta:
        model = Episode
        fields = ("ended_on", "outcome")
        labels = {"outcome": _("Kết quả, ghi chú")}

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        early = transitions.EARLY_ENDS_BY_KIND.get(episode.kind, ())
        if early:
            field = cast(forms.ChoiceField, self.fields["early_reason"])
            field.choices = blank_first((e.value, e.label) for e in early)
        else:
            del self.fields["early_reason"]
        if episode.kind != EpisodeKind.ADDICTION_DETERMINATION:
            del self.fields["addicted"]


class StopForm(ParseOnlyModelForm):
    ended_on = _date(_("Ngày dừng"))
    reason = legal_choice(_("Lý do dừng"), ())
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    class Meta:
        model = Episode
        fields = ("ended_on",)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = transitions.STOP_REASONS_BY_KIND.get(episode.kind, ())
        cast(forms.ChoiceField, self.fields["reason"]).choices = blank_first(
            (r.value, r.label) for r in reasons
        )


class RestartForm(ParseOnlyModelForm):
    """The new decision: the service closes the episode and opens its successor with these."""

    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    class Meta:
        model = Episode
        fields = ("started_on", "decision_number", "decision_date", "authority")
        labels = {
            "started_on": _("Ngày bắt đầu tính lại"),
            "decision_number": _("Số quyết định mới"),
            "decision_date": _("Ngày quyết định"),
            "authority": _("Cơ quan, người quyết định"),
        }
        help_texts = {"started_on": _("Ngày của quyết định quản lý mới.")}
        widgets = {"started_on": DATE_WIDGET, "decision_date": DATE_WIDGET}

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ExtendForm(ParseOnlyModelForm):
    planned_months = forms.IntegerField(
        label=_("Thời hạn mới (tháng)"), min_value=1, max_value=MAX_MONTHS
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    class Meta:
        model = Episode
        fields = ("planned_months", "decision_number", "decision_date")
        labels = {"decision_number": _("Số quyết định"), "decision_date": _("Ngày quyết định")}
        widgets = {"decision_date": DATE_WIDGET}

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class CancelForm(VietnameseMessages, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=250)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class DossierItemForm(ParseOnlyModelForm):
    court_applies = legal_typed_choice(
        _("Tòa án quyết định"),
        [("yes", _("Áp dụng cai nghiện bắt buộc")), ("no", _("Không áp dụng"))],
        coerce=lambda v: v == "yes",
    )

    class Meta:
        model = DossierItem
        fields = ("done_on", "reference", "note")
        labels = {
            "done_on": _("Ngày hoàn thành"),
            "reference": _("Số, ký hiệu văn bản"),
            "note": _("Ghi chú"),
        }
        widgets = {"done_on": DATE_WIDGET}

    def __init__(self, *args: Any, is_court_decision: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_court_decision:
            del self.fields["court_applies"]
