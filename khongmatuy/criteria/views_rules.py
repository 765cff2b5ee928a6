"""Rule-set pages: the list of rule sets and their versions, one version's conditions, composing a
local rule set (or a new version of one) without code, and confirming an UNCONFIRMED threshold of
Decision 28/2025/QĐ-TTg from the official text.

Rule sets are definitions, not area records: reading them needs ``VIEW_CRITERIA``; composing and
confirming need ``COMPOSE_RULES`` (the administrator; 403 for everyone else). Thin views: forms
parse, ``services_rules`` decide, and their refusals come back next to the row and field they name.
The lead includes ``urlpatterns`` in ``criteria/urls.py`` (namespace ``criteria``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import DATE_WIDGET, VietnameseMessages, errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability

from . import services_rules
from .engine import METRICS, RuleSetSpec
from .evaluate import format_number, group_of
from .rules import decision28, registry

VIEW = Capability.VIEW_CRITERIA
COMPOSE = Capability.COMPOSE_RULES
EXTRA_ROWS = 3

_DATE_INVALID = gettext_lazy("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.")
COMPARATOR_CHOICES = [
    (">=", gettext_lazy("≥ (từ … trở lên)")),
    (">", gettext_lazy("> (lớn hơn)")),
    ("==", gettext_lazy("= (bằng)")),
    ("<=", gettext_lazy("≤ (không quá)")),
    ("<", gettext_lazy("< (nhỏ hơn)")),
]
COMBINATION_CHOICES = [
    ("all", gettext_lazy("Đạt tất cả các tiêu chí")),
    ("at_least", gettext_lazy("Đạt tối thiểu N tiêu chí")),
]


def _metric_choices() -> list[tuple[str, Any]]:
    return [("", "—")] + [(code, m.label) for code, m in METRICS.items()]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE_WIDGET, error_messages={"invalid": _DATE_INVALID}
    )


# --- forms ------------------------------------------------------------------------------------


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
    combination = forms.ChoiceField(label=gettext_lazy("Cách kết hợp"), choices=COMBINATION_CHOICES)
    at_least = forms.IntegerField(
        label=gettext_lazy("Số tiêu chí tối thiểu phải đạt"),
        required=False,
        min_value=1,
        max_value=services_rules.MAX_CONDITIONS,
        help_text=gettext_lazy("Chỉ dùng khi chọn “Đạt tối thiểu N tiêu chí”."),
    )
    window_months = forms.IntegerField(
        label=gettext_lazy("Khoảng thời gian xét mặc định (tháng)"),
        initial=12,
        min_value=1,
        max_value=services_rules.MAX_WINDOW_MONTHS,
    )
    effective_from = _date_field(gettext_lazy("Hiệu lực từ ngày"))
    source = forms.CharField(label=gettext_lazy("Căn cứ (văn bản)"), max_length=250, required=False)
    owner_area = forms.ModelChoiceField(
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
    threshold = forms.DecimalField(
        label=gettext_lazy("Ngưỡng"),
        required=False,
        max_digits=12,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
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
    max_num=services_rules.MAX_CONDITIONS,
    absolute_max=services_rules.MAX_CONDITIONS,
    validate_max=True,
)


class ConfirmForm(VietnameseMessages, forms.Form):
    metric = forms.ChoiceField(label=gettext_lazy("Chỉ số"), choices=_metric_choices)
    comparator = forms.ChoiceField(label=gettext_lazy("So sánh"), choices=COMPARATOR_CHOICES)
    threshold = forms.DecimalField(
        label=gettext_lazy("Ngưỡng theo văn bản chính thức"),
        max_digits=12,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    article = forms.CharField(
        label=gettext_lazy("Điều, khoản, điểm của văn bản"),
        max_length=250,
        help_text=gettext_lazy("Ví dụ: Điều 3, khoản 2, điểm a Quyết định số 28/2025/QĐ-TTg."),
    )
    effective_from = _date_field(gettext_lazy("Hiệu lực từ ngày"))
    source = forms.CharField(label=gettext_lazy("Văn bản"), max_length=250, required=False)

    def __init__(self, *args: Any, current_metric: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current_metric in decision28.DATA_INPUT_METRICS:  # no registry gives it yet (route)
            field = self.fields["metric"]
            choices = [(current_metric, current_metric), *_metric_choices()[1:]]
            field.choices = choices  # type: ignore[attr-defined]


# --- helpers ----------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _spec_or_404(code: str, version: int | str) -> RuleSetSpec:
    spec = registry.rule_set_version(code, version)
    if spec is None:
        raise Http404
    return spec


def condition_rows(spec: RuleSetSpec) -> list[dict[str, Any]]:
    """A version's conditions ready for a table: OR alternatives marked, numbers formatted."""
    groups: dict[str, int] = {}
    for c in spec.conditions:
        groups[group_of(c.code)] = groups.get(group_of(c.code), 0) + 1
    rows = []
    for c in spec.conditions:
        metric = METRICS.get(c.metric)
        rows.append(
            {
                "spec": c,
                "label": str(c.label),
                "metric_label": str(metric.label) if metric else c.metric,
                "unit": {"percent": "%", "m2": "m²"}.get(metric.unit, "") if metric else "",
                "threshold": format_number(c.threshold) if c.threshold is not None else "",
                "alternative": groups[group_of(c.code)] > 1,
                "window": c.window_months
                or (spec.window_months if metric and metric.windowed else None),
            }
        )
    return rows


def _unconfirmed(spec: RuleSetSpec) -> int:
    return sum(1 for c in spec.conditions if not c.confirmed)


# --- views ------------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def rule_sets(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = _today()
    entries = [
        {
            "entry": entry,
            "versions": [
                {
                    "spec": spec,
                    "unconfirmed": _unconfirmed(spec),
                    "in_force": spec is entry.in_force,
                }
                for spec in reversed(entry.versions)
            ],
        }
        for entry in registry.catalogue(on=today)
    ]
    return render(
        request,
        "criteria/rules/list.html",
        {"entries": entries, "today": today, "can_compose": request.user.can(COMPOSE)},
    )


@require_GET
@scoped(VIEW)
def rule_set_detail(request: AuthenticatedHttpRequest, code: str, version: int) -> HttpResponse:
    spec = _spec_or_404(code, version)
    in_force = registry.rule_set_for(code, on=_today())
    return render(
        request,
        "criteria/rules/detail.html",
        {
            "spec": spec,
            "rows": condition_rows(spec),
            "level": Level(spec.level).label,
            "in_force": in_force is not None and in_force.version == spec.version,
            "unconfirmed": _unconfirmed(spec),
            "is_decision28": registry.is_decision28(code),
            "is_latest": (latest := registry.latest(code)) is not None
            and latest.version == spec.version,
            "can_compose": request.user.can(COMPOSE),
        },
    )


def _initial_from(spec: RuleSetSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    head = {
        "code": spec.code,
        "name": str(spec.name),
        "level": spec.level,
        "combination": spec.combination,
        "at_least": spec.at_least,
        "window_months": spec.window_months,
        "source": spec.source,
    }
    rows = [
        {
            "code": c.code,
            "label": str(c.label),
            "metric": c.metric,
            "comparator": c.comparator,
            "threshold": c.threshold,
            "window_months": c.window_months,
            "article": c.article,
        }
        for c in spec.conditions
    ]
    return head, rows


@require_http_methods(["GET", "POST"])
@scoped(COMPOSE)
def rule_set_compose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new local rule set, or (``?code=``) a new version of an existing local one."""
    base_code = request.GET.get("code") or None
    base: RuleSetSpec | None = None
    head_initial: dict[str, Any] = {"window_months": 12, "combination": "all"}
    rows_initial: list[dict[str, Any]] = []
    if base_code:
        base = registry.latest(base_code)
        if base is None or registry.is_decision28(base_code):
            raise Http404
        head_initial, rows_initial = _initial_from(base)
    data = post_data(request)
    form = RuleSetForm(data, initial=head_initial, user=request.user, fixed_code=base_code)
    formset: BaseConditionFormSet = ConditionFormSet(  # type: ignore[assignment]
        data, initial=rows_initial, prefix="conditions"
    )
    formset.extra = EXTRA_ROWS if len(rows_initial) + EXTRA_ROWS <= 30 else 0
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        filled = formset.rows()
        cleaned = form.cleaned_data
        try:
            version = services_rules.rule_set_compose(
                actor=request.user,
                code=cleaned["code"],
                name=cleaned["name"],
                level=cleaned["level"],
                combination=cleaned["combination"],
                at_least=cleaned["at_least"],
                window_months=cleaned["window_months"],
                effective_from=cleaned["effective_from"],
                source=cleaned["source"],
                owner_area=cleaned["owner_area"],
                conditions=[{**row, "row": i} for i, row in filled],
                new_version_of=base_code,
            )
        except ValidationError as exc:
            _errors_to_forms(exc, form, formset)
        else:
            messages.success(
                request,
                _("Đã lưu bộ tiêu chí “%(name)s”, phiên bản %(version)d.")
                % {"name": version.name, "version": version.version},
            )
            return redirect("criteria:rule_set_detail", code=version.code, version=version.version)
    return render(
        request,
        "criteria/rules/compose.html",
        {
            "form": form,
            "formset": formset,
            "base": base,
            "max_conditions": services_rules.MAX_CONDITIONS,
            "metrics": [(code, m.label, m.unit, m.windowed) for code, m in METRICS.items()],
        },
    )


def _errors_to_forms(exc: ValidationError, form: forms.Form, formset: BaseConditionFormSet) -> None:
    """Service errors keyed ``conditions-<row>-<field>`` go on that row's field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    head: dict[str, list[str]] = {}
    for key, errs in exc.message_dict.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "conditions" and parts[1].isdigit():
            n = int(parts[1])
            if n < len(formset.forms) and parts[2] in formset.forms[n].fields:
                formset.forms[n].add_error(parts[2], errs)
                continue
        if key.startswith("conditions"):
            form.add_error(None, errs)
            continue
        head[key] = errs
    if head:
        errors_to_form(ValidationError(head), form)


@require_http_methods(["GET", "POST"])
@scoped(COMPOSE)
def threshold_confirm(request: AuthenticatedHttpRequest, code: str, condition: str) -> HttpResponse:
    if not registry.is_decision28(code):
        raise Http404
    base = registry.latest(code)
    target = next((c for c in base.conditions if c.code == condition), None) if base else None
    if base is None or target is None:
        raise Http404
    if target.confirmed:
        messages.info(request, _("Ngưỡng của tiêu chí này đã được xác nhận."))
        return redirect("criteria:rule_set_detail", code=code, version=int(base.version))
    form = ConfirmForm(
        post_data(request),
        initial={
            "metric": target.metric,
            "comparator": target.comparator,
            "threshold": target.threshold,
            "effective_from": base.effective_from,
            "source": base.source,
        },
        current_metric=target.metric,
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            version = services_rules.threshold_confirm(
                actor=request.user,
                code=code,
                condition_code=condition,
                threshold=cleaned["threshold"],
                comparator=cleaned["comparator"],
                metric=cleaned["metric"],
                article=cleaned["article"],
                effective_from=cleaned["effective_from"],
                source=cleaned["source"],
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(
                request,
                _(
                    "Đã xác nhận ngưỡng tiêu chí %(code)s; phiên bản %(version)d"
                    " có hiệu lực từ %(date)s."
                )
                % {
                    "code": condition,
                    "version": version.version,
                    "date": f"{version.effective_from:%d/%m/%Y}",
                },
            )
            return redirect("criteria:rule_set_detail", code=code, version=version.version)
    return render(
        request,
        "criteria/rules/confirm.html",
        {
            "form": form,
            "spec": base,
            "condition": target,
            "detail_url": reverse(
                "criteria:rule_set_detail", kwargs={"code": code, "version": int(base.version)}
            ),
        },
    )


urlpatterns = [
    path("rules/", rule_sets, name="rule_sets"),
    path("rules/compose/", rule_set_compose, name="rule_set_compose"),
    path("rules/<slug:code>/v<int:version>/", rule_set_detail, name="rule_set_detail"),
    path(
        "rules/<slug:code>/confirm/<str:condition>/",
        threshold_confirm,
        name="threshold_confirm",
    ),
]
