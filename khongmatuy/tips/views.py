"""Tips pages: the public form and status lookup (no login), and the officers' handling pages.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call a
service, render or redirect. A service refusal becomes a form error, never a 500.

The public pages serve no area data beyond the official list of communes (public information)
and, for a tracking code, its status label and date; their responses are never cached.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.audit import services as audit
from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import public, scoped
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, client_ip, query_without_page
from khongmatuy.common.ids import parse_id
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.roles import Capability

from . import forms, selectors, services
from .models import Tip
from .rules import deadlines
from .rules.handling import HANDLING

PAGE_SIZE = 50


# --- public ---------------------------------------------------------------------------------


def _province_param(request: HttpRequest) -> int | None:
    return parse_id(request.GET.get("province"))


@never_cache
@require_http_methods(["GET", "POST"])
@public
def public_new(request: HttpRequest) -> HttpResponse:
    """Send a tip. The code is shown once, in the response to the POST (never in a URL)."""
    if request.method == "GET" and getattr(request, "htmx", False):
        # The province select asks for its communes: only the commune field is returned.
        form = forms.PublicTipForm(province_id=_province_param(request))
        return render(request, "tips/public_new.html#commune-field", {"form": form})
    data, files = post_data(request, files=True)
    form = forms.PublicTipForm(data, files, province_id=_province_param(request))
    if request.method == "POST" and form.is_valid():
        try:
            tip = services.tip_submit_public(**form.service_kwargs(), client_ip=client_ip(request))
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            return render(request, "tips/public_done.html", {"code": tip.code})
    return render(request, "tips/public_new.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@public
def public_status(request: HttpRequest) -> HttpResponse:
    """Look a code up: only the status label and the date of its last change, or one generic
    message for any code that does not match (or when the lookups from one source are too many)."""
    form = forms.StatusLookupForm(post_data(request))
    result: selectors.PublicStatus | None = None
    message = ""
    if request.method == "POST" and form.is_valid():
        if not services.lookup_allowed(request):
            message = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau một giờ.")
        else:
            result = selectors.public_status(form.cleaned_data["code"])
            if result is None:
                message = _("Không tìm thấy mã này. Hãy kiểm tra lại từng ký tự của mã.")
    return render(
        request, "tips/public_status.html", {"form": form, "result": result, "message": message}
    )


# --- officers: lists ------------------------------------------------------------------------


def _list(request: AuthenticatedHttpRequest, *, overdue_only: bool) -> HttpResponse:
    today = timezone.localdate()
    filters = forms.QueueFilterForm(request.GET or None, user=request.user)
    options = filters.filters()
    if overdue_only:
        options["overdue"] = True
    rows = selectors.tip_queue(user=request.user, today=today, **options)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    return render(
        request,
        "tips/queue.html",
        {
            "page": page,
            "filters": filters,
            "today": today,
            "overdue_only": overdue_only,
            "query": query,
        },
    )


@require_GET
@scoped(Capability.HANDLE_TIPS)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, overdue_only=False)


@require_GET
@scoped(Capability.HANDLE_TIPS)
def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, overdue_only=True)


# --- officers: one tip ----------------------------------------------------------------------


@require_GET
@scoped(Capability.HANDLE_TIPS)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The tip, its photos and its history. The sender's identity is shown only to the handling
    chain (``selectors.identity_chain``: Criminal Procedure Code Arts. 145–147); every view of a
    tip whose sender left a contact is logged, saying whether the identity was shown."""
    tip = selectors.tip_get_for_user(user=request.user, pk=pk)
    can_see_identity = selectors.may_see_identity(user=request.user, tip=tip)
    if not tip.anonymous:
        audit.record_view(
            actor=request.user,
            obj=tip,
            note=_("Xem danh tính người báo")
            if can_see_identity
            else _("Xem tin báo có thông tin người báo (không hiển thị danh tính)"),
        )
    deadline = deadlines.deadline_for(
        received_on=timezone.localdate(tip.received_at),
        extensions=tip.extensions,
        holidays=public_holidays(),
    )
    today = timezone.localdate()
    return render(
        request,
        "tips/detail.html",
        {
            "tip": tip,
            "can_see_identity": can_see_identity,
            "stage": deadlines.stage_label(tip.extensions, deadline.rule),
            "rule": deadline.rule,
            "can_extend": deadline.can_extend
            and tip.status != Tip.Status.CLOSED
            and tip.due_on >= today,
            "overdue": tip.status != Tip.Status.CLOSED and tip.due_on < today,
            "today": today,
            "actions": _actions(tip),
            **selectors.tip_history(tip=tip),
        },
    )


def _actions(tip: Tip) -> list[str]:
    """The handling steps the tip's status allows (``rules.handling.HANDLING``)."""
    return HANDLING.available(tip.status)


def _step(
    request: AuthenticatedHttpRequest,
    tip: Tip,
    *,
    form: BaseForm,
    save: Any,
    title: str,
    done: str,
    key_map: dict[str, str] | None = None,
) -> HttpResponse:
    """The shared shape of the handling forms: validate, call the service, back to the tip."""
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs() if hasattr(form, "service_kwargs") else form.cleaned_data
        try:
            save(actor=request.user, tip=tip, **kwargs)
        except ValidationError as exc:
            errors_to_form(exc, form, key_map=key_map)
        else:
            messages.success(request, done)
            return redirect(tip)
    return render(request, "tips/form.html", {"tip": tip, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
@scoped(Capability.HANDLE_TIPS)
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a tip from the hotline, a tip box, in person or found by an officer."""
    form = forms.TipRecordForm(post_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            tip = services.tip_record(actor=request.user, **kwargs)
        except ValidationError as exc:
            errors_to_form(exc, form, key_map={"received_at": "received_on"})
        else:
            messages.success(request, _("Đã ghi nhận tin báo, mã %(code)s.") % {"code": tip.code})
            return redirect(tip)
    return render(
        request, "tips/form.html", {"tip": None, "form": form, "title": _("Ghi nhận tin báo")}
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.HANDLE_TIPS)
def classify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tip = selectors.tip_get_for_user(user=request.user, pk=pk)
    return _step(
        request,
        tip,
        form=forms.ClassifyForm(post_data(request), user=request.user, tip=tip),
        save=services.tip_classify,
        title=_("Phân loại, sửa địa bàn"),
        done=_("Đã cập nhật phân loại."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.HANDLE_TIPS)
def assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tip = selectors.tip_get_for_user(user=request.user, pk=pk)
    return _step(
        request,
        tip,
        form=forms.AssignForm(post_data(request), tip=tip),
        save=services.tip_assign,
        title=_("Phân công xác minh"),
        done=_("Đã phân công xác minh."),
        key_map={"assigned_to": "officer"},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.HANDLE_TIPS)
def start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tip = selectors.tip_get_for_user(user=request.user, pk=pk)
    return _step(
        request,
        tip,
        form=forms.StartForm(post_data(request)),
        save=services.tip_start,
        title=_("Bắt đầu xác minh"),
        done=_("Đã chuyển sang đang xác minh."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.HANDLE_TIPS)
def extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tip = selectors.tip_get_for_user(user=request.user, pk=pk)
    return _step(
        request,
        tip,
        form=forms.ExtendForm(post_data(request), tip=tip),
        save=functools.partial(services.tip_extend, today=timezone.localdate()),
        title=_("Gia hạn giải quyết"),
        done=_("Đã gia hạn giải quyết."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.HANDLE_TIPS)
@records_views
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tip = selectors.tip_get_for_user(user=request.user, pk=pk)
    form = forms.CloseForm(post_data(request), user=request.user, tip=tip)
    shown(request, form.fields["person"].queryset)  # type: ignore[attr-defined]
    return _step(
        request,
        tip,
        form=form,
        save=services.tip_close,
        title=_("Kết thúc giải quyết tin báo"),
        done=_("Đã kết thúc giải quyết tin báo."),
        key_map={**forms.CloseForm.PLACE_KEYS, "note": "outcome_note"},
    )


@require_GET
@scoped(Capability.HANDLE_TIPS)
def attachment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Download a photo of a tip in scope (never an inline render: ``attachment``)."""
    item = selectors.attachment_get_for_user(user=request.user, pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = item.file.name.rsplit(".", 1)[-1] if "." in item.file.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{item.tip.code}-{item.pk}.{extension}",
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming response; the decorators' type


@require_GET
@scoped(Capability.HANDLE_TIPS)
def overdue_badge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The overdue-tip alert next to "Tin báo" on every page, loaded after the page (htmx) so
    that no page pays for it: one indexed count (``tip_open_due_on``)."""
    count = selectors.tips_overdue(user=request.user, today=timezone.localdate()).count()
    return render(request, "tips/_overdue_badge.html", {"count": count})


# --- a place's and a case's tips (fragments of their pages) -----------------------------------


@require_GET
@scoped(Capability.HANDLE_TIPS)
def place_tips(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The tips concerning a place, loaded into its page; when one came after the place's
    elimination, a button that posts "recurred" to the place's lifecycle step (roles that may
    move a place only)."""
    place, linked = selectors.tips_of_place(user=request.user, pk=pk)
    can_move = request.user.can(Capability.MANAGE_PLACES)
    context = {
        "linked": linked,
        "place": place,
        "relapse": linked.suggest_relapse and can_move,
        "today": timezone.localdate(),
    }
    return render(request, "tips/_linked.html", context)


@require_GET
@scoped(Capability.HANDLE_TIPS)
def case_tips(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The tips concerning a case, loaded into its page."""
    _case, linked = selectors.tips_of_case(user=request.user, pk=pk)
    return render(request, "tips/_linked.html", {"linked": linked, "relapse": False})
