"""Pages of roadmaps: the list, one roadmap's progress (table, chart, areas behind schedule and at
risk of losing recognition), and the forms that create a roadmap and add a target.

Thin views: read through ``selectors_roadmaps`` (``for_user``; out of scope is 404), write through
``services_roadmaps``. Reading needs ``VIEW_CRITERIA``, writing ``EVALUATE`` (403 for the read-only
commune leadership). A service refusal becomes a form error next to its field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
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

from . import charts, selectors_roadmaps, services_roadmaps
from .models import RuleSetVersion

VIEW = Capability.VIEW_CRITERIA
WRITE = Capability.EVALUATE
_DATE_INVALID = gettext_lazy("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2027.")


# --- forms ----------------------------------------------------------------------------------


# The programmes areas are recognised under (selectors_recognition.RULE_SET_BY_LEVEL).
KNOWN_RULE_SETS = ("d28_drug_free_commune", "local_drug_free_group")


def _rule_set_choices() -> list[tuple[str, str]]:
    codes = set(KNOWN_RULE_SETS)
    codes |= set(RuleSetVersion.objects.values_list("code", flat=True).distinct())
    return [(code, code) for code in sorted(codes)]


class AreaChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class RoadmapForm(VietnameseMessages, forms.Form):
    area = AreaChoice(label=gettext_lazy("Địa bàn của lộ trình"), queryset=Area.objects.none())
    name = forms.CharField(label=gettext_lazy("Tên lộ trình"), max_length=250)
    rule_set_code = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí dùng để tính kết quả"))
    target_level = forms.TypedChoiceField(
        label=gettext_lazy("Cấp địa bàn được tính"),
        coerce=int,
        choices=[(lv.value, lv.label) for lv in Level if lv != Level.COUNTRY],
    )
    source = forms.CharField(label=gettext_lazy("Căn cứ (văn bản)"), max_length=250, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area: AreaChoice = self.fields["area"]  # type: ignore[assignment]
        area.queryset = (
            Area.objects.for_user(user)
            .filter(is_active=True, level__lte=Level.COMMUNE)
            .order_by("level", "sort_key", "name")
        )
        self.fields["rule_set_code"].choices = _rule_set_choices()  # type: ignore[attr-defined]


class TargetForm(VietnameseMessages, forms.Form):
    phase = forms.CharField(label=gettext_lazy("Giai đoạn"), max_length=100, required=False)
    due_on = forms.DateField(
        label=gettext_lazy("Hạn hoàn thành"),
        widget=DATE_WIDGET,
        error_messages={"invalid": _DATE_INVALID},
    )
    percent = forms.DecimalField(
        label=gettext_lazy("Tỷ lệ (%)"), required=False, max_digits=5, decimal_places=2
    )
    count = forms.IntegerField(label=gettext_lazy("Số địa bàn"), required=False, min_value=0)
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Hoặc: các địa bàn được nêu tên"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    cumulative = forms.BooleanField(
        label=gettext_lazy("Tính lũy kế (cộng cả kết quả, địa bàn của các mốc trước)"),
        required=False,
        initial=True,
    )
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, user: User, roadmap: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelMultipleChoiceField[Area] = self.fields["areas"]  # type: ignore[assignment]
        field.queryset = (
            Area.objects.for_user(user)
            .filter(
                is_active=True,
                level=roadmap.target_level,
                **services_roadmaps.below_q_kwargs(roadmap.area),
            )
            .order_by("sort_key", "name")
        )


# --- pages ----------------------------------------------------------------------------------


def _on(request: AuthenticatedHttpRequest) -> date:
    """``?on=dd/mm/yyyy`` (progress as of a past or future day); today otherwise."""
    try:
        on = forms.DateField(required=False).clean(request.GET.get("on") or "")
    except ValidationError:
        on = None
    return on or timezone.localdate()


@require_GET
@scoped(VIEW)
def roadmap_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors_roadmaps.roadmap_list(user=request.user)
    return render(
        request,
        "criteria/roadmaps/list.html",
        {"roadmaps": rows, "can_write": request.user.can(WRITE)},
    )


@require_GET
@scoped(VIEW)
def roadmap_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = selectors_roadmaps.roadmap_get_for_user(user=request.user, pk=pk)
    on = _on(request)
    result = selectors_roadmaps.progress(user=request.user, roadmap=roadmap, on=on)
    chart = charts.target_actual_chart(
        points=[
            charts.ChartPoint(label=t.label, target=t.expected, actual=t.actual, is_due=t.is_due)
            for t in result.targets
        ],
        title=_("%(name)s: mục tiêu và kết quả theo năm (tính đến %(on)s)")
        % {"name": roadmap.name, "on": f"{on:%d/%m/%Y}"},
        chart_id=f"roadmap-chart-{roadmap.pk}",
    )
    return render(
        request,
        "criteria/roadmaps/detail.html",
        {
            "roadmap": roadmap,
            "progress": result,
            "chart": chart,
            "on": on,
            "level_label": Level(roadmap.target_level).label,
            "can_write": request.user.can(WRITE),
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest, form: forms.Form, *, title: str, cancel: str, crumbs: Any
) -> HttpResponse:
    return render(
        request,
        "criteria/roadmaps/form.html",
        {"form": form, "title": title, "cancel": cancel, "breadcrumbs": crumbs},
    )


@require_http_methods(["GET", "POST"])
@scoped(WRITE)
def roadmap_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RoadmapForm(post_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            roadmap = services_roadmaps.roadmap_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã tạo lộ trình. Thêm các mục tiêu theo năm."))
            return redirect("criteria:roadmap_detail", pk=roadmap.pk)
    return _form_page(
        request,
        form,
        title=_("Tạo lộ trình"),
        cancel=reverse("criteria:roadmaps"),
        crumbs=[(reverse("criteria:roadmaps"), _("Lộ trình"))],
    )


@require_http_methods(["GET", "POST"])
@scoped(WRITE)
def roadmap_target_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = selectors_roadmaps.roadmap_get_for_user(user=request.user, pk=pk)
    form = TargetForm(post_data(request), user=request.user, roadmap=roadmap)
    detail = reverse("criteria:roadmap_detail", args=[roadmap.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services_roadmaps.roadmap_target_set(
                actor=request.user, roadmap=roadmap, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã thêm mục tiêu."))
            return redirect(detail)
    return _form_page(
        request,
        form,
        title=_("Thêm mục tiêu: %(name)s") % {"name": roadmap.name},
        cancel=detail,
        crumbs=[(reverse("criteria:roadmaps"), _("Lộ trình")), (detail, roadmap.name)],
    )


# Included by ``criteria/urls.py`` (namespace ``criteria``).
urlpatterns: list[URLPattern] = [
    path("roadmaps/", roadmap_list, name="roadmaps"),
    path("roadmaps/new/", roadmap_create, name="roadmap_create"),
    path("roadmaps/<int:pk>/", roadmap_detail, name="roadmap_detail"),
    path("roadmaps/<int:pk>/targets/new/", roadmap_target_create, name="roadmap_target_create"),
]
