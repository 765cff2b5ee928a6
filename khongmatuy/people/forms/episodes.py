"""Forms of the episode pages. They parse and bound the input; the legal rules live in
``transitions.py`` / ``durations.py`` and the services put their refusals back on these forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import DATE_WIDGET, VietnameseMessages

from ..choices import EpisodeKind
from ..models import Episode
from ..rules import transitions

MAX_MONTHS = 60  # longer than any legal term: a bigger figure is a typo
_BLANK = [("", "---------")]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, help_text=help_text)


class OpenForm(VietnameseMessages, forms.Form):
    kind = forms.ChoiceField(label=_("Biện pháp"), choices=EpisodeKind.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    authority = forms.CharField(
        label=_("Cơ quan, người quyết định"), max_length=200, required=False
    )
    started_on = _date(_("Ngày bắt đầu"))
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
    facility = forms.CharField(
        label=_("Cơ sở cai nghiện, điều trị"), max_length=200, required=False
    )
    deducted_days = forms.IntegerField(
        label=_("Số ngày bị quản lý trong thời gian lập hồ sơ (được trừ)"),
        min_value=0,
        max_value=366,
        required=False,
        help_text=_("Chỉ với cai nghiện bắt buộc (Nghị định 116/2021, Điều 44, 45)."),
    )


class CompleteForm(VietnameseMessages, forms.Form):
    ended_on = _date(_("Ngày kết thúc"))
    early_reason = forms.ChoiceField(label=_("Lý do kết thúc trước hạn"), required=False)
    addicted = forms.TypedChoiceField(
        label=_("Kết luận"),
        choices=[("", "---------"), ("yes", _("Nghiện ma túy")), ("no", _("Không nghiện"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    outcome = forms.CharField(label=_("Kết quả, ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        early = transitions.EARLY_ENDS_BY_KIND.get(episode.kind, ())
        if early:
            field = cast(forms.ChoiceField, self.fields["early_reason"])
            field.choices = _BLANK + [(e.value, e.label) for e in early]
        else:
            del self.fields["early_reason"]
        if episode.kind != EpisodeKind.ADDICTION_DETERMINATION:
            del self.fields["addicted"]


class StopForm(VietnameseMessages, forms.Form):
    ended_on = _date(_("Ngày dừng"))
    reason = forms.ChoiceField(label=_("Lý do dừng"))
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = transitions.STOP_REASONS_BY_KIND.get(episode.kind, ())
        cast(forms.ChoiceField, self.fields["reason"]).choices = _BLANK + [
            (r.value, r.label) for r in reasons
        ]


class RestartForm(VietnameseMessages, forms.Form):
    started_on = _date(_("Ngày bắt đầu tính lại"), help_text=_("Ngày của quyết định quản lý mới."))
    decision_number = forms.CharField(label=_("Số quyết định mới"), max_length=100, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    authority = forms.CharField(
        label=_("Cơ quan, người quyết định"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ExtendForm(VietnameseMessages, forms.Form):
    planned_months = forms.IntegerField(
        label=_("Thời hạn mới (tháng)"), min_value=1, max_value=MAX_MONTHS
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class CancelForm(VietnameseMessages, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=250)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class DossierItemForm(VietnameseMessages, forms.Form):
    done_on = _date(_("Ngày hoàn thành"), required=False)
    reference = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=150, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)
    court_applies = forms.TypedChoiceField(
        label=_("Tòa án quyết định"),
        choices=[("yes", _("Áp dụng cai nghiện bắt buộc")), ("no", _("Không áp dụng"))],
        coerce=lambda v: v == "yes",
        initial="yes",
    )

    def __init__(self, *args: Any, is_court_decision: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_court_decision:
            del self.fields["court_applies"]
