"""Pages of the recognition lifecycle: the list by status, one area's recognition (history, live
evaluation, transition form, decision file) and the "at risk" panel other pages load with htmx.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call the
service, render or redirect. Reads need ``VIEW_CRITERIA``, transitions ``EVALUATE`` (403 for the
read-only commune leadership). A service refusal becomes a form error, never a 500.

The lead includes ``urlpatterns`` below in ``criteria/urls.py`` (namespace ``criteria``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.selectors import area_get_for_user
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import DATE_WIDGET, VietnameseMessages, errors_to_form
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.roles import Capability
from khongmatuy.places.forms import AreaField, area_choices

from . import lifecycle
from . import selectors_recognition as selectors
from . import services_recognition as services
from .models import Recognition

PAGE_SIZE = 50
VIEW = Capability.VIEW_CRITERIA
EVALUATE = Capability.EVALUATE
_ALL = [("", gettext_lazy("— Tất cả —"))]
_DATE_INVALID = gettext_lazy("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.")
RULE_SET_CHOICES = [
    (selectors.GROUP_RULE_SET, gettext_lazy("Tổ dân phố, thôn không ma túy")),
    (selectors.COMMUNE_RULE_SET, gettext_lazy("Xã, phường không ma túy (QĐ 28/2025/QĐ-TTg)")),
]


# --- forms ----------------------------------------------------------------------------------


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
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
    on = _date_field(gettext_lazy("Ngày"))
    note = forms.CharField(
        label=gettext_lazy("Ghi chú, lý do"),
        max_length=250,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi thu hồi công nhận."),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định công nhận"), max_length=100, required=False
    )
    decision_date = _date_field(gettext_lazy("Ngày quyết định"), required=False)
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
    result = selectors.live_evaluation(area=area, rule_set_code=code, on=today)
    at_risk = (
        recognition is not None
        and status in lifecycle.RECOGNISED
        and result is not None
        and result.passed is False
    )
    due = selectors.keep_due_on(recognition) if recognition else None
    return {
        "area": area,
        "code": code,
        "recognition": recognition,
        "status": status,
        "status_label": Recognition.Status(status).label,
        "history": selectors.recognition_history(user=user, recognition=recognition),
        "result": result,
        "at_risk": at_risk,
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
    rows = selectors.recognition_list(
        user=user,
        status=filters.value("status") or "",
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
        if not raw.isdigit():
            raise Http404
        area = area_get_for_user(user=user, pk=int(raw))
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


urlpatterns: list[URLPattern] = [
    path("recognitions/", recognitions, name="recognitions"),
    path("recognitions/at-risk/", at_risk_panel, name="at_risk_panel"),
    path("recognitions/<int:area_pk>/<slug:code>/", recognition_detail, name="recognition_detail"),
    path(
        "recognitions/<int:area_pk>/<slug:code>/transition/",
        recognition_transition,
        name="recognition_transition",
    ),
    path(
        "recognitions/<int:area_pk>/<slug:code>/document/",
        recognition_document,
        name="recognition_document",
    ),
]
