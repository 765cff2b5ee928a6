"""Pages of evaluations: an area's live evaluation (computed now, not stored), the action that
stores an evaluation of the area or of every area under it, and the list of stored results.

Thin views: the area comes from ``area_get_for_user`` (out of scope is 404), reads need
``VIEW_CRITERIA``, running an evaluation needs ``EVALUATE`` (403 for the read-only commune
leadership and group leaders). A service refusal becomes a message, never a 500.

"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khongmatuy.areas.selectors import area_get_for_user
from khongmatuy.common import jobs
from khongmatuy.common.access import may_open, scoped
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.roles import Capability
from khongmatuy.criteria import tasks
from khongmatuy.criteria.forms import EvaluationFilterForm, EvaluationForm, parse_on
from khongmatuy.criteria.rules import registry
from khongmatuy.criteria.selectors import evaluation as selectors
from khongmatuy.criteria.services import evaluation as services

PAGE_SIZE = 50
VIEW = Capability.VIEW_CRITERIA
EVALUATE = Capability.EVALUATE
# --- pages ----------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def evaluation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The live evaluation of one area (``?rule_set=…&on=dd/mm/yyyy``), nothing stored."""
    area = area_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    on, date_error = parse_on(request.GET.get("on", ""), today)
    rule_sets = selectors.rule_sets_for(area=area, on=on)
    default = selectors.default_rule_set(area=area, rule_sets=rule_sets)
    form = EvaluationForm(
        request.GET or None,
        rule_sets=rule_sets,
        initial={"on": today, "rule_set": default.code if default else ""},
    )
    chosen = request.GET.get("rule_set") or (default.code if default else "")
    rule_set = next((s for s in rule_sets if s.code == chosen), None)
    live = None
    if rule_set is not None:
        live = selectors.live_evaluation(area=area, rule_set=rule_set, on=on)
        # A drill-down the role may not open (a group leader's places) is left out, not a 403.
        role = request.user.role
        rows = tuple(
            replace(row, links=tuple(link for link in row.links if may_open(role, link.url)))
            for row in live.rows
        )
        live = replace(live, rows=rows)
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
    on, date_error = parse_on(request.POST.get("on", ""), today)
    if date_error:
        messages.error(request, date_error)
        return redirect("criteria:evaluation", pk=area.pk)
    everything = request.POST.get("all") == "1"
    try:
        if everything:
            job = jobs.start(
                user=request.user,
                kind=tasks.EVALUATE_ALL_JOB,
                label=_("Đánh giá hàng loạt các địa bàn thuộc %(area)s") % {"area": area},
                params={"root": area.pk, "rule_set": code, "on": on.isoformat()},
            )
            return redirect(job)
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
    filters = EvaluationFilterForm(request.GET or None, user=request.user, today=today)
    rows = selectors.evaluation_list(user=request.user, filters=filters.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    shown = list(page)
    names = registry.names(e.rule_set_code for e in shown)
    for e in shown:
        e.rule_set_name = names[e.rule_set_code]  # type: ignore[attr-defined]
        e.outcome = selectors.outcome(rule_set_code=e.rule_set_code, passed=e.passed)  # type: ignore[attr-defined]
    context = {"filters": filters, "page": page, "query": query}
    name = "criteria/evaluation/list.html"
    return render(request, f"{name}#results" if request.htmx else name, context)
