"""Forms of the criteria pages: choosing a rule set and date, filtering lists, moving an area's
recognition, creating roadmaps and targets, composing rule sets and confirming thresholds.

The roadmap and target forms are ``ParseOnlyModelForm``s over ``Roadmap`` and ``RoadmapTarget``:
fields they do not declare come from the model, and the roadmap services check and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import (
    DATE_INVALID,
    DATE_WIDGET,
    DecimalField,
    IdChoiceField,
    IdMultipleChoiceField,
    ParseOnlyModelForm,
    VietnameseMessages,
    date_field,
)
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.common.widgets import area_autocomplete
from khongmatuy.criteria.choices import Combination
from khongmatuy.criteria.engine import METRICS
from khongmatuy.criteria.models import (
    KeyRoute,
    Recognition,
    Roadmap,
    RoadmapTarget,
    RuleSetVersion,
)
from khongmatuy.criteria.rules import lifecycle, registry
from khongmatuy.criteria.selectors import evaluation as evaluation_selectors
from khongmatuy.criteria.selectors import recognition as recognition_selectors
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.criteria.services.rules import MAX_CONDITIONS, MAX_WINDOW_MONTHS
from khongmatuy.places.forms import AreaField, area_choices

_DATE_INVALID = DATE_INVALID


# --- evaluations ---------------------------------------------------------------------------------


_RESULTS = [
    ("", gettext_lazy("— Tất cả —")),
    ("passed", gettext_lazy("Đạt")),
    ("failed", gettext_lazy("Không đạt")),
    ("unknown", gettext_lazy("Chưa thể kết luận")),
]


def _optional_date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DATE_WIDGET, error_messages={"invalid": _DATE_INVALID}
    )


class EvaluationForm(VietnameseMessages, forms.Form):
    """The live page's choice of rule set and date (GET); the action's fields (POST)."""

    rule_set = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí"), choices=())
    on = _optional_date_field(gettext_lazy("Tính đến ngày"))

    def __init__(self, *args: Any, rule_sets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].choices = [  # type: ignore[attr-defined]
            (s.code, f"{s.name} (v{s.version})") for s in rule_sets
        ]


class EvaluationFilterForm(VietnameseMessages, forms.Form):
    area = AreaField(label=gettext_lazy("Địa bàn"), queryset=Area.objects.none(), required=False)
    rule_set = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí"), choices=(), required=False)
    result = forms.ChoiceField(label=gettext_lazy("Kết quả"), choices=_RESULTS, required=False)
    start = _optional_date_field(gettext_lazy("Từ ngày"))
    end = _optional_date_field(gettext_lazy("Đến ngày"))

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The communes and groups of the usual list, and the provinces (and the country) the user
        # sees: a bulk evaluation from a city lands here filtered by that city.
        above = Area.objects.for_user(user).filter(is_active=True, level__lte=Level.PROVINCE)
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            area_choices(user) | above
        ).order_by(F("commune__sort_key").asc(nulls_first=True), "level", "sort_key")
        self.fields["area"].empty_label = _("— Tất cả địa bàn được giao —")  # type: ignore[attr-defined]
        self.fields["rule_set"].choices = [  # type: ignore[attr-defined]
            ("", _("— Tất cả —")),
            *evaluation_selectors.rule_set_codes(on=today),
        ]

    def filters(self) -> evaluation_selectors.EvaluationFilters:
        if not (self.is_bound and self.is_valid()):
            return evaluation_selectors.EvaluationFilters()
        data = self.cleaned_data
        result = data.get("result") or ""
        return evaluation_selectors.EvaluationFilters(
            area=data.get("area"),
            rule_set_code=data.get("rule_set") or "",
            passed={"passed": True, "failed": False}.get(result),
            unknown=result == "unknown",
            start=data.get("start"),
            end=data.get("end"),
        )


def parse_on(raw: str, today: date) -> tuple[date, str]:
    """The date asked for (dd/mm/yyyy), else today; with the error when it is not a date."""
    raw = (raw or "").strip()
    if not raw:
        return today, ""
    try:
        value = _optional_date_field("").clean(raw) or today
    except ValidationError:
        return today, str(_DATE_INVALID)
    if value > today:
        return today, _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.") % {
            "date": f"{value:%d/%m/%Y}",
            "today": f"{today:%d/%m/%Y}",
        }
    return value, ""


# --- recognition ---------------------------------------------------------------------------------


_ALL = [("", gettext_lazy("— Tất cả —"))]
RULE_SET_CHOICES = [
    (recognition_selectors.GROUP_RULE_SET, gettext_lazy("Tổ dân phố, thôn không ma túy")),
    (
        recognition_selectors.COMMUNE_RULE_SET,
        gettext_lazy("Xã, phường không ma túy (QĐ 28/2025/QĐ-TTg)"),
    ),
]


def _step_date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        initial=timezone.localdate if required else None,
        error_messages={"invalid": _DATE_INVALID},
    )


class RecognitionFilterForm(VietnameseMessages, forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm địa bàn"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"), choices=_ALL + Recognition.Status.choices, required=False
    )
    rule_set_code = forms.ChoiceField(
        label=gettext_lazy("Chương trình"), choices=_ALL + RULE_SET_CHOICES, required=False
    )
    area = AreaField(
        label=gettext_lazy("Thuộc địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Tất cả địa bàn được giao —"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user).filter(  # type: ignore[attr-defined]
            level=Level.COMMUNE
        )

    def value(self, name: str) -> Any:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name)
        return None


class TransitionForm(VietnameseMessages, forms.Form):
    to_status = forms.ChoiceField(
        label=gettext_lazy("Chuyển sang"), choices=Recognition.Status.choices
    )
    on = _step_date_field(gettext_lazy("Ngày"))
    note = forms.CharField(
        label=gettext_lazy("Ghi chú, lý do"),
        max_length=250,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi thu hồi công nhận."),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định công nhận"), max_length=100, required=False
    )
    decision_date = _step_date_field(gettext_lazy("Ngày quyết định"), required=False)
    authority = forms.CharField(
        label=gettext_lazy("Cơ quan công nhận"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Ví dụ: Ủy ban nhân dân thành phố Hải Phòng."),
    )
    document = forms.FileField(
        label=gettext_lazy("Tệp quyết định"),
        required=False,
        help_text=gettext_lazy("PDF hoặc ảnh (JPEG, PNG, WebP), không quá 10 MB."),
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only the allowed steps; any other value still reaches the service, which refuses
        # it with its own message.
        allowed = lifecycle.next_statuses(status)
        self.offered = [(v, label) for v, label in Recognition.Status.choices if v in allowed]


# --- roadmaps ------------------------------------------------------------------------------------


_DUE_DATE_INVALID = gettext_lazy("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2027.")


# The programmes areas are recognised under (``selectors.recognition.RULE_SET_BY_LEVEL``).
KNOWN_RULE_SETS = ("d28_drug_free_commune", "local_drug_free_group")


def _rule_set_choices() -> list[tuple[str, str]]:
    codes = set(KNOWN_RULE_SETS)
    codes |= set(RuleSetVersion.objects.values_list("code", flat=True).distinct())
    names = registry.names(codes)
    return [(code, names[code]) for code in sorted(codes)]


class AreaChoice(IdChoiceField):
    widget = area_autocomplete()

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class RoadmapForm(ParseOnlyModelForm):
    area = AreaChoice(label=gettext_lazy("Địa bàn của lộ trình"), queryset=Area.objects.none())
    rule_set_code = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí dùng để tính kết quả"))
    target_level = forms.TypedChoiceField(
        label=gettext_lazy("Cấp địa bàn được tính"),
        coerce=int,
        choices=[(lv.value, lv.label) for lv in Level if lv != Level.COUNTRY],
    )

    class Meta:
        model = Roadmap
        fields = ("area", "name", "rule_set_code", "target_level", "source")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: AreaChoice = self.fields["area"]  # type: ignore[assignment]
        area.queryset = (
            Area.objects.for_user(user)
            .filter(is_active=True, level__lte=Level.COMMUNE)
            .order_by("level", "sort_key", "name")
        )
        self.fields["rule_set_code"].choices = _rule_set_choices()  # type: ignore[attr-defined]


class TargetForm(ParseOnlyModelForm):
    due_on = forms.DateField(
        label=gettext_lazy("Hạn hoàn thành"),
        widget=DATE_WIDGET,
        error_messages={"invalid": _DUE_DATE_INVALID},
    )
    areas = IdMultipleChoiceField(
        label=gettext_lazy("Hoặc: các địa bàn được nêu tên"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta:
        model = RoadmapTarget
        fields = ("measure", "phase", "due_on", "percent", "count", "areas", "cumulative", "note")
        labels = {
            "cumulative": gettext_lazy("Tính lũy kế (cộng cả kết quả, địa bàn của các mốc trước)")
        }

    def __init__(self, *args: Any, user: User, roadmap: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: IdMultipleChoiceField = self.fields["areas"]  # type: ignore[assignment]
        field.queryset = (
            Area.objects.for_user(user)
            .filter(
                is_active=True,
                level=roadmap.target_level,
                **below_q_kwargs(roadmap.area),
            )
            .order_by("sort_key", "name")
        )


# --- key routes ----------------------------------------------------------------------------------


class KeyRouteForm(VersionedForm, ParseOnlyModelForm):
    """A key route: the provinces and communes offered are the user's own."""

    province = AreaChoice(
        label=gettext_lazy("Tỉnh, thành phố ghi nhận"), queryset=Area.objects.none()
    )
    communes = IdMultipleChoiceField(
        label=gettext_lazy("Xã, phường, đặc khu tuyến đi qua"),
        queryset=Area.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Hiệu lực từ ngày"),
        widget=DATE_WIDGET,
        error_messages={"invalid": _DATE_INVALID},
    )
    valid_to = _optional_date_field(gettext_lazy("Đến ngày (để trống: còn hiệu lực)"))

    class Meta:
        model = KeyRoute
        fields = KeyRoute.EDITABLE_FIELDS
        widgets = {"axis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seen = Area.objects.for_user(user).filter(is_active=True)
        province: AreaChoice = self.fields["province"]  # type: ignore[assignment]
        province.queryset = seen.filter(level=Level.PROVINCE).order_by("sort_key", "name")
        communes: IdMultipleChoiceField = self.fields["communes"]  # type: ignore[assignment]
        communes.queryset = seen.filter(level=Level.COMMUNE).order_by(
            "province__sort_key", "sort_key", "name"
        )


# --- rule sets -----------------------------------------------------------------------------------


COMPARATOR_CHOICES = [
    (">=", gettext_lazy("≥ (từ … trở lên)")),
    (">", gettext_lazy("> (lớn hơn)")),
    ("==", gettext_lazy("= (bằng)")),
    ("<=", gettext_lazy("≤ (không quá)")),
    ("<", gettext_lazy("< (nhỏ hơn)")),
]


def _metric_choices() -> list[tuple[str, Any]]:
    return [("", "—")] + [(code, m.label) for code, m in METRICS.items()]


_effective_date_field = date_field


class RuleSetForm(VietnameseMessages, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã bộ tiêu chí"),
        max_length=60,
        required=False,
        help_text=gettext_lazy(
            "Chữ thường không dấu, số, “_”, “-”; ví dụ: phuong_sach_ma_tuy_ha_long."
        ),
    )
    name = forms.CharField(label=gettext_lazy("Tên bộ tiêu chí"), max_length=250, required=False)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Áp dụng cho cấp"),
        choices=[(v, label) for v, label in Level.choices if v != Level.COUNTRY],
        coerce=int,
    )
    combination = forms.ChoiceField(label=gettext_lazy("Cách kết hợp"), choices=Combination.choices)
    at_least = forms.IntegerField(
        label=gettext_lazy("Số tiêu chí tối thiểu phải đạt"),
        required=False,
        min_value=1,
        max_value=MAX_CONDITIONS,
        help_text=gettext_lazy("Chỉ dùng khi chọn “Đạt tối thiểu N tiêu chí”."),
    )
    window_months = forms.IntegerField(
        label=gettext_lazy("Khoảng thời gian xét mặc định (tháng)"),
        initial=12,
        min_value=1,
        max_value=MAX_WINDOW_MONTHS,
    )
    effective_from = _effective_date_field(gettext_lazy("Hiệu lực từ ngày"))
    source = forms.CharField(label=gettext_lazy("Căn cứ (văn bản)"), max_length=250, required=False)
    owner_area = IdChoiceField(
        label=gettext_lazy("Địa phương ban hành"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Toàn quốc —"),
    )

    def __init__(self, *args: Any, user: User, fixed_code: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_area"]
        field.queryset = (  # type: ignore[attr-defined]
            Area.objects.for_user(user)
            .filter(is_active=True, level__in=[Level.PROVINCE, Level.COMMUNE])
            .order_by("province__sort_key", "level", "sort_key")
        )
        if fixed_code:
            self.fields["code"].disabled = True
            self.fields["code"].initial = fixed_code


class ConditionForm(VietnameseMessages, forms.Form):
    code = forms.CharField(label=gettext_lazy("Số thứ tự"), max_length=10, required=False)
    label = forms.CharField(
        label=gettext_lazy("Nội dung (để trống: tên chỉ số)"), max_length=250, required=False
    )
    metric = forms.ChoiceField(
        label=gettext_lazy("Chỉ số"), choices=_metric_choices, required=False
    )
    comparator = forms.ChoiceField(
        label=gettext_lazy("So sánh"), choices=COMPARATOR_CHOICES, required=False
    )
    threshold = DecimalField(
        label=gettext_lazy("Ngưỡng"), required=False, max_digits=12, decimal_places=4
    )
    window_months = forms.IntegerField(
        label=gettext_lazy("Khoảng thời gian (tháng)"), required=False, min_value=1, max_value=120
    )
    article = forms.CharField(label=gettext_lazy("Điều khoản"), max_length=250, required=False)

    def has_changed(self) -> bool:
        # A blank row (comparator has a default) is skipped, not an error.
        return any(
            self.data.get(self.add_prefix(name)) not in (None, "")
            for name in ("code", "label", "metric", "threshold", "window_months")
        )


class BaseConditionFormSet(BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "missing_management_form": gettext_lazy("Thiếu dữ liệu quản lý của bảng tiêu chí."),
        "too_many_forms": gettext_lazy("Một bộ tiêu chí có tối đa %(num)d tiêu chí."),
        "too_few_forms": gettext_lazy("Bộ tiêu chí phải có ít nhất %(num)d tiêu chí."),
    }

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        """(form index, cleaned data) of every filled row."""
        return [
            (i, form.cleaned_data)
            for i, form in enumerate(self.forms)
            if form.has_changed() and form.cleaned_data
        ]


ConditionFormSet = formset_factory(
    ConditionForm,
    formset=BaseConditionFormSet,
    extra=0,
    max_num=MAX_CONDITIONS,
    absolute_max=MAX_CONDITIONS,
    validate_max=True,
)
