"""Transfer pages: the list, one transfer, proposing from a person, requesting by identity, and
the decisions (accept, refuse, cancel: POST only). Thin views over services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.audit import services as audit
from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability

from ..forms import transfers as forms
from ..models import Transfer
from ..rules import care
from ..selectors import care as care_selectors
from ..selectors import transfers as selectors
from ..services import transfers as services


def _form_errors_from(exc: ValidationError, form: BaseForm) -> str:
    """Field errors go next to their field; the others are returned, for a form that may not
    be on the page (a refused decision by a user who cannot decide)."""
    general = []
    for field, errs in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errs)
        else:
            general.extend(errs)
    return " ".join(general)


def _post_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def transfers(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = selectors.transfer_lists(user=request.user)
    views = [*lists.incoming, *lists.outgoing, *lists.decided]
    shown(request, [v.transfer.person for v in views if v.shows_identity])
    return render(
        request,
        "people/transfers/list.html",
        {"lists": lists, "can_request": request.user.can(Capability.MANAGE_PERSONS)},
    )


def _detail(
    request: AuthenticatedHttpRequest,
    transfer: Transfer,
    *,
    accept_form: forms.AcceptForm | None = None,
    refuse_form: forms.RefuseForm | None = None,
    error: str = "",
) -> HttpResponse:
    user = request.user
    view = selectors.view_for(user=user, transfer=transfer)
    person_live = selectors.user_sees_person(user=user, person=transfer.person)
    history = None
    if not person_live:
        history = selectors.history_before_acceptance(user=user, transfer=transfer)
    if view.shows_identity:
        # The person's identity (and, for the sender after acceptance, their history) is shown.
        audit.record_view(
            actor=user,
            obj=transfer.person,
            note=_("Xem lịch sử trước chuyển giao") if history else _("Xem đề nghị chuyển giao"),
        )
    context = {
        "view": view,
        "transfer": transfer,
        "person_live": person_live,
        "history": history,
        "can_see_sensitive": user.can(Capability.VIEW_SENSITIVE),
        "limits": care.transfer_time_limits(on=timezone.localdate(transfer.proposed_at)),
        "accept_form": accept_form
        or (forms.AcceptForm(user=user, commune=transfer.to_commune) if view.can_decide else None),
        "refuse_form": refuse_form or (forms.RefuseForm() if view.can_decide else None),
        "error": error,
    }
    return render(request, "people/transfers/detail.html", context)


@require_GET
@scoped(Capability.VIEW_PERSONS)
def transfer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.transfer_get_for_user(user=request.user, pk=pk))


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def transfer_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Propose handing over a person the user holds (reached from the person page)."""
    person = care_selectors.person_get_for_user(user=request.user, pk=pk)
    from_commune = person.area.commune or person.area
    initial = {"province": request.GET.get("province") or from_commune.province_id}
    form = forms.ProposeForm(_post_data(request), from_commune=from_commune, initial=initial)
    # Changing the province reloads the commune list (the same URL, the named partial).
    form.fields["province"].widget.attrs.update(
        {"hx-get": request.path, "hx-target": "#commune-field", "hx-swap": "outerHTML"}
    )
    if request.htmx and request.method == "GET":  # the province changed: reload the communes
        return render(request, "people/transfers/propose.html#commune-field", {"form": form})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_propose(
                actor=request.user,
                person=person,
                to_commune=data["to_commune"],
                new_address=data["new_address"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            if general := _form_errors_from(exc, form):
                form.add_error(None, general)
        else:
            messages.success(request, _("Đã gửi đề nghị chuyển giao."))
            return redirect(transfer)
    shown(request, person)
    return render(
        request,
        "people/transfers/propose.html",
        {"person": person, "form": form, "from_commune": from_commune},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
def transfer_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask the holder for a person found living here, by citizen ID or name and date of birth.

    The answer is only "request sent" or "no unique match" (see
    ``services.transfer_request_by_lookup``): nothing of the record is shown.
    """
    form = forms.RequestForm(_post_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.transfer_request_by_lookup(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if general := _form_errors_from(exc, form):
                form.add_error(None, general)
        else:
            if transfer is not None:
                messages.success(request, _("Có hồ sơ khớp: đã gửi đề nghị tới nơi đang quản lý."))
                return redirect(transfer)
            form.add_error(
                None,
                _(
                    "Không tìm thấy đúng một hồ sơ khớp; chưa gửi đề nghị nào. Hãy kiểm tra lại, "
                    "hoặc tra theo số CCCD."
                ),
            )
    return render(
        request,
        "people/transfers/request.html",
        {"form": form, "limit": services.LOOKUP_LIMIT_PER_DAY},
    )


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def transfer_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    form = forms.AcceptForm(request.POST, user=request.user, commune=transfer.to_commune)
    error = ""
    if form.is_valid():
        try:
            services.transfer_accept(
                actor=request.user, transfer=transfer, to_area=form.cleaned_data["to_area"]
            )
        except ValidationError as exc:
            error = _form_errors_from(exc, form)
        else:
            messages.success(request, _("Đã tiếp nhận; người này đã chuyển vào địa bàn của bạn."))
            return redirect(transfer)
    return _detail(request, transfer, accept_form=form, error=error)


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def transfer_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    form = forms.RefuseForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.transfer_refuse(
                actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            error = _form_errors_from(exc, form)
        else:
            messages.success(request, _("Đã từ chối đề nghị chuyển giao."))
            return redirect(transfer)
    return _detail(request, transfer, refuse_form=form, error=error)


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def transfer_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(user=request.user, pk=pk)
    try:
        services.transfer_cancel(actor=request.user, transfer=transfer)
    except ValidationError as exc:
        return _detail(request, transfer, error=" ".join(exc.messages))
    messages.success(request, _("Đã hủy đề nghị chuyển giao."))
    return redirect(transfer)
