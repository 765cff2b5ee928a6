"""The forms of the programme: a commune project, and for a project its allocation (with the
schedule), adjustment, commitment, disbursement and output; an entered indicator value. Each
validates, calls its service and shows a refusal next to the field (``form_page``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, services
from ..models import CommuneProject
from .common import default_year, today

MANAGE = Capability.MANAGE_PROGRAMME


def _project(request: AuthenticatedHttpRequest, pk: int) -> CommuneProject:
    return get_object_or_404(
        CommuneProject.objects.for_user(request.user).select_related("area", "project", "lead"),
        pk=pk,
    )


def _back(cp: CommuneProject) -> Any:
    return lambda row: f"{cp.get_absolute_url()}?year={row.year}"


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CommuneProjectForm(post_data(request), user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.commune_project_create(actor=request.user, **form.cleaned_data),
        template="programme/form.html",
        context={"title": _("Dự án xã, phường thực hiện"), "back": reverse("programme:list")},
        done=_("Đã thêm dự án."),
        success_url=lambda cp: cp.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def project_lead(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cp = _project(request, pk)
    form = forms.LeadForm(
        post_data(request), area=cp.area, initial={"lead": cp.lead_id, "note": cp.note}
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.commune_project_lead_set(
            actor=request.user, commune_project=cp, **form.cleaned_data
        ),
        template="programme/form.html",
        context={"title": _("Đổi đơn vị chủ trì"), "cp": cp, "back": cp.get_absolute_url()},
        done=_("Đã đổi đơn vị chủ trì."),
        success_url=lambda row: row.get_absolute_url(),
    )


def _entry(
    request: AuthenticatedHttpRequest,
    cp: CommuneProject,
    *,
    form_class: type[Any],
    service: Any,
    title: str,
    done: str,
    **form_kwargs: Any,
) -> HttpResponse:
    form = form_class(
        post_data(request),
        initial={"year": request.GET.get("year") or default_year()},
        **form_kwargs,
    )
    kwargs = form.service_kwargs if hasattr(form, "service_kwargs") else lambda: form.cleaned_data
    return form_page(
        request,
        form=form,
        save=lambda: service(actor=request.user, commune_project=cp, today=today(), **kwargs()),
        template="programme/form.html",
        context={"title": title, "cp": cp, "back": cp.get_absolute_url()},
        done=done,
        success_url=_back(cp),
        key_map={"schedule": "q4"},
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def allocation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cp = _project(request, pk)
    return _entry(
        request,
        cp,
        form_class=forms.AllocationForm,
        service=services.allocation_record,
        title=_("Ghi vốn được giao và tiến độ giải ngân"),
        done=_("Đã ghi vốn được giao."),
        area=cp.area,
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def adjustment_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _entry(
        request,
        _project(request, pk),
        form_class=forms.AdjustmentForm,
        service=services.adjustment_record,
        title=_("Ghi quyết định điều chỉnh vốn"),
        done=_("Đã ghi điều chỉnh vốn."),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def commitment_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _entry(
        request,
        _project(request, pk),
        form_class=forms.CommitmentForm,
        service=services.commitment_record,
        title=_("Ghi cam kết chi"),
        done=_("Đã ghi cam kết chi."),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def disbursement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _entry(
        request,
        _project(request, pk),
        form_class=forms.DisbursementForm,
        service=services.disbursement_record,
        title=_("Ghi giải ngân"),
        done=_("Đã ghi giải ngân."),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def output_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _entry(
        request,
        _project(request, pk),
        form_class=forms.OutputForm,
        service=services.output_record,
        title=_("Ghi sản phẩm, kết quả"),
        done=_("Đã ghi sản phẩm, kết quả."),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def indicator_value(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.IndicatorValueForm(
        post_data(request), user=request.user, initial={"year": default_year()}
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.indicator_value_set(actor=request.user, **form.cleaned_data),
        template="programme/form.html",
        context={"title": _("Nhập số liệu chỉ tiêu"), "back": reverse("programme:indicators")},
        done=_("Đã lưu số liệu chỉ tiêu."),
        success_url=lambda v: f"{reverse('programme:indicators')}?area={v.area_id}&year={v.year}",
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.CONFIGURE_RULES)
def indicator_target(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An administrator sets a yearly target (and the baseline) of an indicator."""
    form = forms.IndicatorTargetForm(post_data(request), initial={"year": default_year()})
    return form_page(
        request,
        form=form,
        save=lambda: services.indicator_target_set(actor=request.user, **form.cleaned_data),
        template="programme/form.html",
        context={"title": _("Chỉ tiêu theo năm"), "back": reverse("programme:catalogue")},
        done=_("Đã lưu chỉ tiêu."),
        success_url=lambda _t: reverse("programme:catalogue"),
    )
