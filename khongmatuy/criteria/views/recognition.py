"""Pages of the recognition lifecycle: the list by status, one area's recognition (history, live
evaluation, transition form, decision file) and the "at risk" panel other pages load with htmx.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call the
service, render or redirect. Reads need ``VIEW_CRITERIA``, transitions ``EVALUATE`` (403 for the
read-only commune leadership). A service refusal becomes a form error, never a 500.

"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from khongmatuy.areas.models import Area
from khongmatuy.areas.selectors import area_get_for_user
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import errors_to_form
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability
from khongmatuy.criteria.forms import RecognitionFilterForm, TransitionForm
from khongmatuy.criteria.models import Recognition, status_badge
from khongmatuy.criteria.rules import lifecycle
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.criteria.selectors.evaluation import outcome
from khongmatuy.criteria.services import recognition as services

PAGE_SIZE = 50
VIEW = Capability.VIEW_CRITERIA
EVALUATE = Capability.EVALUATE
# --- helpers --------------------------------------------------------------------------------


def _area_and_code(request: AuthenticatedHttpRequest, area_pk: int, code: str) -> Area:
    area = area_get_for_user(user=request.user, pk=area_pk)
    if selectors.rule_set_code_for(area) != code:
        raise Http404
    return area


def _detail_context(
    request: AuthenticatedHttpRequest, area: Area, code: str, form: TransitionForm | None
) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    recognition = selectors.recognition_for(user=user, area=area, rule_set_code=code)
    status = recognition.status if recognition else Recognition.Status.NOT_REGISTERED
    result, hotspots = selectors.live_check(area=area, rule_set_code=code, on=today)
    at_risk = (
        recognition is not None
        and status in lifecycle.RECOGNISED
        and result is not None
        and (result.passed is False or bool(hotspots))
    )
    due = selectors.keep_due_on(recognition) if recognition else None
    return {
        "area": area,
        "code": code,
        "recognition": recognition,
        "status": status,
        "status_label": Recognition.Status(status).label,
        "status_badge": status_badge(status),
        "outcome": outcome(rule_set_code=code, passed=result.passed) if result else None,
        "history": selectors.recognition_history(user=user, recognition=recognition),
        "result": result,
        "at_risk": at_risk,
        "hotspots": hotspots,
        "keep_due_on": due,
        "keep_overdue": due is not None and due <= today,
        "today": today,
        "transition": form or TransitionForm(status=status),
        "can_evaluate": user.can(EVALUATE),
        "unconfirmed_note": lifecycle.UNCONFIRMED_NOTE,
    }


# --- pages ----------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def recognitions(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filters = RecognitionFilterForm(request.GET or None, user=user)
    area = filters.value("area")
    status = filters.value("status") or ""
    if status == Recognition.Status.NOT_REGISTERED and not filters.value("rule_set_code"):
        # Never registered has no record: list the areas the card counts.
        areas = selectors.unregistered_areas(user=user, area=area, q=filters.value("q") or "")
        area_page = Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page"))
        page: Any = area_page
        page.object_list = selectors.as_unregistered(area_page.object_list)
    else:
        rows = selectors.recognition_list(
            user=user,
            status=status,
            rule_set_code=filters.value("rule_set_code") or "",
            area=area,
            q=filters.value("q") or "",
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    counts = selectors.status_counts(user=user, area=area)
    context = {
        "filters": filters,
        "page": page,
        "query": query,
        "counts": [(value, label, counts[value]) for value, label in Recognition.Status.choices],
        "unconfirmed_note": lifecycle.UNCONFIRMED_NOTE,
    }
    name = "criteria/recognition/list.html"
    return render(request, f"{name}#results" if request.htmx else name, context)


@require_GET
@scoped(VIEW)
def recognition_detail(request: AuthenticatedHttpRequest, area_pk: int, code: str) -> HttpResponse:
    area = _area_and_code(request, area_pk, code)
    return render(
        request, "criteria/recognition/detail.html", _detail_context(request, area, code, None)
    )


@require_POST
@scoped(EVALUATE)
def recognition_transition(
    request: AuthenticatedHttpRequest, area_pk: int, code: str
) -> HttpResponse:
    area = _area_and_code(request, area_pk, code)
    recognition = selectors.recognition_for(user=request.user, area=area, rule_set_code=code)
    status = recognition.status if recognition else Recognition.Status.NOT_REGISTERED
    form = TransitionForm(request.POST, request.FILES, status=status)
    if form.is_valid():
        try:
            services.recognition_transition(
                actor=request.user,
                area=area,
                rule_set_code=code,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã chuyển trạng thái công nhận."))
            return redirect("criteria:recognition_detail", area_pk=area.pk, code=code)
    context = _detail_context(request, area, code, form)
    return render(request, "criteria/recognition/detail.html", context, status=200)


@require_GET
@scoped(VIEW)
def recognition_document(
    request: AuthenticatedHttpRequest, area_pk: int, code: str
) -> HttpResponse:
    """The attached recognition decision, downloaded through scope (MEDIA is not served)."""
    area = _area_and_code(request, area_pk, code)
    recognition = selectors.recognition_for(user=request.user, area=area, rule_set_code=code)
    if recognition is None or not recognition.document:
        raise Http404
    name = recognition.document.name or ""
    response = FileResponse(
        recognition.document.open("rb"),
        content_type=services.document_content_type(name),
        filename=f"quyet-dinh-{area.pk}{name[name.rfind('.') :]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming response; the decorators' type


@require_GET
@scoped(VIEW)
def at_risk_panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "at risk" panel (htmx): recognised areas whose live evaluation now fails, under
    ``?area=`` (an area page, its commune's page) or in the whole scope (dashboards), with the
    area's own recognition badges when ``?area=`` is given."""
    user = request.user
    area = None
    raw = request.GET.get("area", "")
    if raw:
        if (area_id := parse_id(raw)) is None:
            raise Http404
        area = area_get_for_user(user=user, pk=area_id)
    today = timezone.localdate()
    flagged = selectors.at_risk(user=user, areas=[area] if area else None, on=today)
    own = selectors.recognition_status_for(user=user, areas=[area]).get(area.pk, []) if area else []
    flagged_ids = {(r.recognition.area_id, r.recognition.rule_set_code) for r in flagged}
    badges = [
        {"recognition": r, "at_risk": (r.area_id, r.rule_set_code) in flagged_ids} for r in own
    ]
    return render(
        request,
        "criteria/recognition/_at_risk_panel.html",
        {
            "area": area,
            "flagged": flagged,
            "badges": badges,
            "today": today,
            "rule_set_code": selectors.rule_set_code_for(area) if area else None,
        },
    )
