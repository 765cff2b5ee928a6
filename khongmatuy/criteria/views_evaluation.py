"""Pages of evaluations: an area's live evaluation (computed now, not stored), the action that
stores an evaluation of the area or of every area under it, and the list of stored results.

Thin views: the area comes from ``area_get_for_user`` (out of scope is 404), reads need
``VIEW_CRITERIA``, running an evaluation needs ``EVALUATE`` (403 for the read-only commune
leadership and group leaders). A service refusal becomes a message, never a 500.

The lead includes ``urlpatterns`` below in ``criteria/urls.py`` (namespace ``criteria``).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from khongmatuy.areas.models import Area
from khongmatuy.areas.selectors import area_get_for_user
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import DATE_WIDGET, VietnameseMessages
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.roles import Capability
from khongmatuy.places.forms import AreaField, area_choices

from . import selectors_evaluation as selectors
from . import services_evaluation as services

PAGE_SIZE = 50
VIEW = Capability.VIEW_CRITERIA
EVALUATE = Capability.EVALUATE
_DATE_INVALID = gettext_lazy("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.")
_RESULTS = [
    ("", gettext_lazy("— Tất cả —")),
    ("passed", gettext_lazy("Đạt")),
    ("failed", gettext_lazy("Không đạt")),
    ("unknown", gettext_lazy("Chưa thể kết luận")),
]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DATE_WIDGET, error_messages={"invalid": _DATE_INVALID}
    )


class EvaluationForm(VietnameseMessages, forms.Form):
    """The live page's choice of rule set and date (GET); the action's fields (POST)."""

    rule_set = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí"), choices=())
    on = _date_field(gettext_lazy("Tính đến ngày"))

    def __init__(self, *args: Any, rule_sets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].choices = [  # type: ignore[attr-defined]
            (s.code, f"{s.name} (v{s.version})") for s in rule_sets
        ]


class ListFilterForm(VietnameseMessages, forms.Form):
    area = AreaField(label=gettext_lazy("Địa bàn"), queryset=Area.objects.none(), required=False)
    rule_set = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí"), choices=(), required=False)
    result = forms.ChoiceField(label=gettext_lazy("Kết quả"), choices=_RESULTS, required=False)
    start = _date_field(gettext_lazy("Từ ngày"))
    end = _date_field(gettext_lazy("Đến ngày"))

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user)  # type: ignore[attr-defined]
        self.fields["area"].empty_label = _("— Tất cả địa bàn được giao —")  # type: ignore[attr-defined]
        self.fields["rule_set"].choices = [  # type: ignore[attr-defined]
            ("", _("— Tất cả —")),
            *selectors.rule_set_codes(on=today),
        ]

    def filters(self) -> selectors.EvaluationFilters:
        if not (self.is_bound and self.is_valid()):
            return selectors.EvaluationFilters()
        data = self.cleaned_data
        result = data.get("result") or ""
        return selectors.EvaluationFilters(
            area=data.get("area"),
            rule_set_code=data.get("rule_set") or "",
            passed={"passed": True, "failed": False}.get(result),
            unknown=result == "unknown",
            start=data.get("start"),
            end=data.get("end"),
        )


def _parse_on(raw: str, today: date) -> tuple[date, str]:
    """The date asked for (dd/mm/yyyy), else today; with the error when it is not a date."""
    raw = (raw or "").strip()
    if not raw:
        return today, ""
    try:
        value = _date_field("").clean(raw) or today
    except ValidationError:
        return today, str(_DATE_INVALID)
    if value > today:
        return today, _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.") % {
            "date": f"{value:%d/%m/%Y}",
            "today": f"{today:%d/%m/%Y}",
        }
    return value, ""


# --- pages ----------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def evaluation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The live evaluation of one area (``?rule_set=…&on=dd/mm/yyyy``), nothing stored."""
    area = area_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    on, date_error = _parse_on(request.GET.get("on", ""), today)
    rule_sets = selectors.rule_sets_for(area=area, on=on)
    form = EvaluationForm(
        request.GET or None,
        rule_sets=rule_sets,
        initial={"on": today, "rule_set": rule_sets[0].code if rule_sets else ""},
    )
    chosen = request.GET.get("rule_set") or (rule_sets[0].code if rule_sets else "")
    rule_set = next((s for s in rule_sets if s.code == chosen), None)
    live = None
    if rule_set is not None:
        live = selectors.live_evaluation(area=area, rule_set=rule_set, on=on)
    context = {
        "area": area,
        "form": form,
        "on": on,
        "live": live,
        "rule_set": rule_set,
        "date_error": date_error,
        "unknown_rule_set": bool(request.GET.get("rule_set")) and rule_set is None,
        "bulk_rule_sets": selectors.rule_sets_under(area=area, on=on),
        "can_evaluate": request.user.can(EVALUATE),
    }
    return render(request, "criteria/evaluation/live.html", context)


@require_POST
@scoped(EVALUATE)
def evaluate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Store an evaluation of the area, or with ``all=1`` of every area of the rule set's level
    under it; then show the stored results."""
    area = area_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    code = request.POST.get("rule_set", "")
    on, date_error = _parse_on(request.POST.get("on", ""), today)
    if date_error:
        messages.error(request, date_error)
        return redirect("criteria:evaluation", pk=area.pk)
    everything = request.POST.get("all") == "1"
    try:
        if everything:
            outcome = services.evaluate_all(
                actor=request.user, root=area, rule_set_code=code, on=on
            )
            messages.success(
                request,
                _("Đã đánh giá %(n)s địa bàn: %(p)s đạt, %(f)s không đạt, %(u)s chưa kết luận.")
                % {
                    "n": outcome.evaluated,
                    "p": outcome.passed,
                    "f": outcome.failed,
                    "u": outcome.unknown,
                },
            )
        else:
            services.evaluate_area(actor=request.user, area=area, rule_set_code=code, on=on)
            messages.success(request, _("Đã lưu kết quả đánh giá %(area)s.") % {"area": area})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("criteria:evaluation", pk=area.pk)
    query = urlencode({"area": area.pk, "rule_set": code})
    return redirect(f"{reverse('criteria:evaluations')}?{query}")


@require_GET
@scoped(VIEW)
def evaluations(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = ListFilterForm(request.GET or None, user=request.user, today=today)
    rows = selectors.evaluation_list(user=request.user, filters=filters.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    context = {"filters": filters, "page": page, "query": query}
    name = "criteria/evaluation/list.html"
    return render(request, f"{name}#results" if request.htmx else name, context)


urlpatterns: list[URLPattern] = [
    path("areas/<int:pk>/evaluation/", evaluation, name="evaluation"),
    path("areas/<int:pk>/evaluate/", evaluate, name="evaluate"),
    path("evaluations/", evaluations, name="evaluations"),
]
