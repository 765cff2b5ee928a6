"""Pages of roadmaps: the list, one roadmap's progress (table, chart, areas behind schedule and at
risk of losing recognition), and the forms that create a roadmap and add a target.

Thin views: read through ``selectors.roadmaps`` (``for_user``; out of scope is 404), write through
``services.roadmaps``. Reading needs ``VIEW_CRITERIA``, writing ``EVALUATE`` (403 for the read-only
commune leadership). A service refusal becomes a form error next to its field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.areas.models import Level
from khongmatuy.common.access import may_open, scoped
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.criteria import charts
from khongmatuy.criteria.forms import RoadmapForm, TargetForm
from khongmatuy.criteria.rules import registry
from khongmatuy.criteria.selectors import roadmaps as selectors_roadmaps
from khongmatuy.criteria.services import roadmaps as services_roadmaps

VIEW = Capability.VIEW_CRITERIA
WRITE = Capability.EVALUATE
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
    rows = list(selectors_roadmaps.roadmap_list(user=request.user))
    names = registry.names(r.rule_set_code for r in rows)
    for row in rows:
        row.rule_set_name = names[row.rule_set_code]  # type: ignore[attr-defined]
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
    roadmap.rule_set_name = registry.names([roadmap.rule_set_code])[roadmap.rule_set_code]  # type: ignore[attr-defined]
    result = selectors_roadmaps.progress(user=request.user, roadmap=roadmap, on=on)
    chart = charts.target_actual_chart(
        points=[
            charts.ChartPoint(label=t.label, target=t.expected, actual=t.actual, is_due=t.is_due)
            for t in result.targets
            if t.kind != "households"
        ],
        title=_("%(name)s: mục tiêu và kết quả theo năm (tính đến %(on)s)")
        % {"name": roadmap.name, "on": f"{on:%d/%m/%Y}"},
        chart_id=f"roadmap-chart-{roadmap.pk}",
    )
    households_url = f"{reverse('prevention:households')}?area={roadmap.area_id}"
    if not may_open(request.user.role, households_url):
        households_url = ""
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
            "households_url": households_url,
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest, form: BaseForm, *, title: str, cancel: str, crumbs: Any
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
