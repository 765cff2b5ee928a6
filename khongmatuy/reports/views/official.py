"""Official reports: the list, a new draft (a periodic report or a recognition dossier), a
report's page (live or frozen figures), the draft's edit, approval, issue (a background job),
correction, and the files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.common import jobs
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import figures, services, tasks
from ..documents import dossier
from ..documents.content import cell
from ..forms import NewDossierForm, NewProgrammeReportForm, NewReportForm, RenderForm, ReportForm
from ..models import Report

LIST_SIZE = 100


def _get(request: AuthenticatedHttpRequest, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.for_user(request.user).select_related("area", "replaces", "evaluation"),
        pk=pk,
    )


@require_GET
@scoped(Capability.VIEW_REPORTS)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = (
        Report.objects.for_user(request.user)
        .select_related("area")
        .defer("docx", "xlsx", "pdf", "figures")[:LIST_SIZE]
    )
    return render(request, "reports/list.html", {"reports": reports})


@require_http_methods(["GET", "POST"])
@scoped(Capability.DRAFT_REPORTS)
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewReportForm(post_data(request), user=request.user)

    def save() -> Report:
        data = dict(form.cleaned_data)
        area, period = data.pop("area"), data.pop("period")
        return services.report_create(actor=request.user, area=area, period=period, **data)

    return form_page(
        request,
        form=form,
        save=save,
        template="reports/form.html",
        context={"title": _("Lập báo cáo định kỳ")},
        done=_("Đã tạo dự thảo báo cáo."),
        success_url=lambda r: r.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.DRAFT_REPORTS)
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The yearly monitoring report of the national target programme of an area."""
    form = NewProgrammeReportForm(post_data(request), user=request.user)

    def save() -> Report:
        data = dict(form.cleaned_data)
        area, year = data.pop("area"), data.pop("year")
        return services.programme_report_create(actor=request.user, area=area, year=year, **data)

    return form_page(
        request,
        form=form,
        save=save,
        template="reports/form.html",
        context={"title": _("Lập báo cáo năm Chương trình mục tiêu quốc gia phòng, chống ma túy")},
        done=_("Đã tạo dự thảo báo cáo."),
        success_url=lambda r: r.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.DRAFT_REPORTS)
def dossier_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A recognition dossier from a stored evaluation (``?evaluation=<pk>`` preselects one)."""
    initial = {"evaluation": request.GET.get("evaluation", "")}
    form = NewDossierForm(post_data(request), user=request.user, initial=initial)

    def save() -> Report:
        data = dict(form.cleaned_data)
        evaluation = data.pop("evaluation")
        return services.dossier_create(actor=request.user, evaluation=evaluation, **data)

    return form_page(
        request,
        form=form,
        save=save,
        template="reports/form.html",
        context={"title": _("Lập hồ sơ đề nghị công nhận địa bàn không ma túy")},
        done=_("Đã tạo dự thảo hồ sơ."),
        success_url=lambda r: r.get_absolute_url(),
    )


@require_GET
@scoped(Capability.VIEW_REPORTS)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    rows = services.live_rows(report)
    context = {
        "report": report,
        "sections": [
            (
                section,
                [
                    (row, cell(row.value, row.kind), cell(row.last_year, row.kind))
                    for row in section_rows
                ],
            )
            for section, section_rows in figures.sections(rows)
        ],
        "render_form": RenderForm(),
        "can_draft": request.user.can(Capability.DRAFT_REPORTS),
        "can_issue": request.user.can(Capability.ISSUE_REPORTS),
        "correction": Report.objects.filter(replaces=report).only("pk").first(),
        "criteria": dossier.criteria_rows(report.evaluation) if report.evaluation else [],
    }
    return render(request, "reports/detail.html", context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.DRAFT_REPORTS)
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    if report.frozen:
        raise Http404
    form = ReportForm(post_data(request), instance=report)
    return form_page(
        request,
        form=form,
        save=lambda: services.report_update(actor=request.user, report=report, **form.cleaned_data),
        template="reports/form.html",
        context={"title": _("Soạn báo cáo"), "report": report},
        done=_("Đã lưu dự thảo."),
        success_url=lambda r: r.get_absolute_url(),
    )


def _step(
    request: AuthenticatedHttpRequest, report: Report, action: object, done: str
) -> HttpResponse:
    try:
        result = action()  # type: ignore[operator]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(report)
    messages.success(request, done)
    return redirect(result)


@require_POST
@scoped(Capability.ISSUE_REPORTS)
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    return _step(
        request,
        report,
        lambda: services.report_approve(actor=request.user, report=report),
        _("Đã duyệt báo cáo."),
    )


@require_POST
@scoped(Capability.ISSUE_REPORTS)
def issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Issuing renders the files: a background job with a progress bar."""
    report = _get(request, pk)
    if report.status != Report.Status.APPROVED:
        messages.error(request, _("Chỉ ban hành được báo cáo đã được lãnh đạo duyệt."))
        return redirect(report)
    job = jobs.start(
        user=request.user,
        kind=tasks.ISSUE_JOB,
        label=_("Ban hành: %(s)s") % {"s": report.summary},
        params={"report": report.pk, "on": timezone.localdate().isoformat()},
        total=5,
    )
    return redirect(job)


@require_POST
@scoped(Capability.DRAFT_REPORTS)
def correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    return _step(
        request,
        report,
        lambda: services.report_correct(actor=request.user, report=report),
        _("Đã lập bản đính chính (dự thảo)."),
    )


@require_POST
@scoped(Capability.VIEW_REPORTS)
def render_files(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A draft's file in one format, written by the worker (the figures are recomputed)."""
    report = _get(request, pk)
    form = RenderForm(request.POST)
    if not form.is_valid() or report.frozen:
        raise Http404
    fmt = form.cleaned_data["format"]
    job = jobs.start(
        user=request.user,
        kind=tasks.RENDER_JOB,
        label=_("Tạo tệp %(f)s: %(s)s") % {"f": fmt.upper(), "s": report.summary},
        params={"report": report.pk, "format": fmt},
        total=5,
    )
    return redirect(job)


@require_GET
@scoped(Capability.VIEW_REPORTS)
def download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An issued report's stored file (never regenerated)."""
    report = _get(request, pk)
    if not report.frozen or fmt not in tasks.FORMATS:
        raise Http404
    content = getattr(report, fmt)
    if content is None:
        raise Http404
    response = HttpResponse(bytes(content), content_type=tasks.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{tasks.file_name(report, fmt)}"'
    return response
