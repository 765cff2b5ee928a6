"""The official report's forms: a new report (area, period, letterhead) and a draft's edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.areas.models import Area
from khongmatuy.common.forms import ParseOnlyModelForm
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.criteria.models import Evaluation

from .models import Report
from .rules import periods
from .services import DOSSIER_LEVELS, REPORT_LEVELS

LETTERHEAD = list(Report.LETTERHEAD)
NARRATIVE = list(Report.NARRATIVE)
TEXTAREA = forms.Textarea(attrs={"rows": 6})
DOSSIER_CHOICES = 200  # the newest stored evaluations offered


class ReportForm(VersionedForm, ParseOnlyModelForm):
    """A draft's letterhead, signature and narrative sections."""

    class Meta:
        model = Report
        fields = [*LETTERHEAD, *NARRATIVE]
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 4}),
            **dict.fromkeys(NARRATIVE, TEXTAREA),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A choice with legal consequences has no default: the signer's authority is chosen.
        authority = self.fields["authority"]
        assert isinstance(authority, forms.ChoiceField)  # noqa: S101 (a model choice field)
        authority.choices = [("", "---------"), *Report.Authority.choices]
        self.fields["authority"].required = False


class NewReportForm(ReportForm):
    """A new periodic report: which area, which period."""

    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Địa bàn"))
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        help_text=_("Ví dụ 2026-Q3 (quý III), 2026-M07 (tháng 7), 2026-H1, 2026-9M, 2026."),
        max_length=10,
    )

    class Meta(ReportForm.Meta):
        fields = LETTERHEAD

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)  # noqa: S101 (declared above)
        area.queryset = Area.objects.for_user(user).filter(level__in=REPORT_LEVELS, is_active=True)
        self.order_fields(["area", "period", *LETTERHEAD])

    def clean_period(self) -> periods.Period:
        try:
            return periods.parse(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("Kỳ báo cáo không hợp lệ: ghi như 2026-Q3, 2026-M07, 2026-H1, 2026-9M, 2026.")
            ) from exc


class NewProgrammeReportForm(ReportForm):
    """A new yearly monitoring report of the national target programme: area, year."""

    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Địa bàn"))
    year = forms.IntegerField(label=_("Năm"))

    class Meta(ReportForm.Meta):
        fields = LETTERHEAD

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)  # noqa: S101 (declared above)
        area.queryset = Area.objects.for_user(user).filter(level__in=REPORT_LEVELS, is_active=True)
        self.order_fields(["area", "year", *LETTERHEAD])


class EvaluationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        result = {True: _("đạt"), False: _("không đạt"), None: _("chưa kết luận")}[obj.passed]
        return f"{obj.area.display_name} · {obj.on:%d/%m/%Y} · {obj.rule_set_code} · {result}"


class NewDossierForm(ReportForm):
    """A new recognition dossier: which stored evaluation, then the letterhead."""

    evaluation = EvaluationChoiceField(
        queryset=Evaluation.objects.none(), label=_("Kết quả đánh giá")
    )

    class Meta(ReportForm.Meta):
        fields = LETTERHEAD

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evaluation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        newest = (
            Evaluation.objects.for_user(user)
            .filter(area__level__in=DOSSIER_LEVELS, area__is_active=True)
            .order_by("-on", "-evaluated_at")
            .values("pk")[:DOSSIER_CHOICES]
        )
        field.queryset = (
            Evaluation.objects.filter(pk__in=newest)
            .select_related("area")
            .order_by("-on", "-evaluated_at")
        )
        self.order_fields(["evaluation", *LETTERHEAD])


class RenderForm(forms.Form):
    format = forms.ChoiceField(choices=[("docx", "Word"), ("xlsx", "Excel"), ("pdf", "PDF")])
