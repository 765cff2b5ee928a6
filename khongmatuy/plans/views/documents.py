"""Plan documents: list (filters, export), detail with its tasks and progress, create, edit."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import Column, Sheet
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page
from khongmatuy.criteria.selectors import roadmaps as roadmap_selectors

from .. import forms, selectors, services
from ..choices import DocumentKind
from ..models import PlanDocument
from ..selectors.tasks import TaskFilters
from .common import download, send

VIEW = Capability.VIEW_PLANS
MANAGE = Capability.MANAGE_PLANS


def _rows(request: AuthenticatedHttpRequest) -> tuple[list[PlanDocument], str, str]:
    q = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in DocumentKind.values else ""
    return list(selectors.document_list(user=request.user, q=q, kind=kind)), q, kind


@require_GET
@scoped(VIEW)
def document_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    documents, q, kind = _rows(request)
    context = {
        "documents": documents,
        "q": q,
        "kind": kind,
        "kinds": DocumentKind.choices,
        "can_manage": request.user.can(MANAGE),
        "query": request.GET.urlencode(),
        "export_password_required": exporter.password_required(sensitive=False),
    }
    return render(request, "plans/documents.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def document_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    documents, _q, _kind = _rows(request)
    sheet = Sheet(
        "Van ban ke hoach",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Số, ký hiệu"), lambda r: r[1].number, width=18),
            Column(_("Ngày ban hành"), lambda r: r[1].issued_on),
            Column(_("Loại"), lambda r: r[1].get_kind_display()),
            Column(_("Trích yếu"), lambda r: r[1].summary, width=50),
            Column(_("Cơ quan ban hành"), lambda r: r[1].issuing_body, width=28),
            Column(_("Địa bàn"), lambda r: r[1].area.name, width=24),
            Column(_("Số nhiệm vụ"), lambda r: getattr(r[1], "task_count", 0)),
            Column(_("Đã nghiệm thu"), lambda r: getattr(r[1], "accepted_count", 0)),
        ],
        enumerate(documents, 1),
    )
    return send(
        request,
        sheet=sheet,
        model_label=PlanDocument._meta.label,
        title=_("Văn bản kế hoạch"),
        unit=_("văn bản"),
        back=reverse("plans:documents"),
        filename="van-ban-ke-hoach",
    )


@require_GET
@scoped(VIEW)
def document_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    today = timezone.localdate()
    tasks = list(
        selectors.task_list(user=request.user, filters=TaskFilters(document=document), on=today)
    )
    threshold = selectors.tasks.threshold(today)
    user = request.user
    context = {
        "document": document,
        "tasks": tasks,
        "progress": selectors.document_progress(tasks=tasks, threshold=threshold),
        "threshold": threshold,
        # The plan's targets as its roadmap states them, target against result (criteria).
        "roadmap_progress": (
            roadmap_selectors.progress(user=user, roadmap=document.roadmap, on=today)
            if document.roadmap is not None and user.can(Capability.VIEW_CRITERIA)
            else None
        ),
        "can_view_programme": user.can(Capability.VIEW_PROGRAMME),
        "implementations": list(
            PlanDocument.objects.for_user(request.user)
            .filter(implements=document)
            .select_related("area")
        ),
        "can_manage": request.user.can(MANAGE),
    }
    return render(request, "plans/document.html", context)


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def document_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    data, files = post_data(request, files=True)
    form = forms.DocumentForm(data, files, user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.document_create(
            actor=request.user, today=timezone.localdate(), **form.cleaned_data
        ),
        template="plans/form.html",
        context={"title": _("Ghi văn bản kế hoạch"), "back": reverse("plans:documents")},
        done=_("Đã ghi văn bản."),
        success_url=lambda d: d.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def document_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    data, files = post_data(request, files=True)
    initial = {
        f: getattr(document, f)
        for f in (
            "kind",
            "number",
            "issued_on",
            "issuing_body",
            "signer_name",
            "signer_position",
            "summary",
            "period_start",
            "period_end",
            "implements_text",
            "targets",
        )
    }
    initial |= {"implements": document.implements_id, "roadmap": document.roadmap_id}
    form = forms.DocumentForm(
        data, files, user=request.user, editing=True, initial=initial, record=document
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.document_update(
            actor=request.user, document=document, today=timezone.localdate(), **form.cleaned_data
        ),
        template="plans/form.html",
        context={
            "title": _("Sửa văn bản %(n)s") % {"n": document.number},
            "back": document.get_absolute_url(),
        },
        done=_("Đã lưu văn bản."),
        success_url=lambda d: d.get_absolute_url(),
    )


@require_GET
@scoped(VIEW)
def document_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return download(
        document.file, content_type=document.file_type, filename=f"van-ban-{document.pk}"
    )
