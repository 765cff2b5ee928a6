"""Tasks: list (filters, export), overdue and due-soon lists per agency and per plan, detail with
its reports and steps, assign and edit (the six "rõ"), the agency's progress report, the
accepting authority's review."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import Column, Sheet
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, selectors, services
from ..models import Task, TaskReport
from ..rules import workflow
from .common import download, send

VIEW = Capability.VIEW_TASKS
MANAGE = Capability.MANAGE_PLANS
REPORT = Capability.REPORT_TASKS
ACCEPT = Capability.ACCEPT_TASKS
PAGE_SIZE = 50


@require_GET
@scoped(VIEW)
def task_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.TaskFilterForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    rows = selectors.task_list(user=request.user, filters=form.filters(), on=today)
    context = {
        "form": form,
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "querystring": query_without_page(request),
        "query": request.GET.urlencode(),
        "threshold": selectors.tasks.threshold(today),
        "export_password_required": exporter.password_required(sensitive=False),
    }
    return render(request, "plans/tasks.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def task_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.TaskFilterForm(request.GET or None, user=request.user)
    rows = selectors.task_list(user=request.user, filters=form.filters(), on=timezone.localdate())
    sheet = Sheet(
        "Nhiem vu",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Nội dung"), lambda r: r[1].content, width=60),
            Column(_("Đơn vị chủ trì"), lambda r: r[1].lead.name, width=28),
            Column(
                _("Đơn vị phối hợp"),
                lambda r: ", ".join(
                    c.organisation.name for c in getattr(r[1], selectors.tasks.COORDINATORS)
                ),
                width=28,
            ),
            Column(_("Người chịu trách nhiệm"), lambda r: r[1].officer_name, width=24),
            Column(_("Thời hạn"), lambda r: r[1].get_recurrence_display()),
            Column(_("Hạn"), lambda r: r[1].due_on),
            Column(_("Sản phẩm"), lambda r: r[1].expected_output, width=30),
            Column(_("Cấp nghiệm thu"), lambda r: r[1].accepting_authority, width=24),
            Column(_("Tình trạng"), lambda r: r[1].get_status_display()),
            Column(_("Tiến độ (%)"), lambda r: r[1].percent),
            Column(_("Văn bản"), lambda r: r[1].document.number if r[1].document else ""),
        ],
        enumerate(rows, 1),
    )
    return send(
        request,
        sheet=sheet,
        model_label=Task._meta.label,
        title=_("Nhiệm vụ"),
        unit=_("nhiệm vụ"),
        back=reverse("plans:tasks"),
        filename="nhiem-vu",
    )


@require_GET
@scoped(VIEW)
def overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Overdue and due-soon tasks, with their counts per lead agency and per plan."""
    today = timezone.localdate()
    by_agency, by_plan = selectors.agency_counts(user=request.user, on=today)
    context = {
        "late": list(
            selectors.overdue(user=request.user, on=today)[: selectors.tasks.OVERDUE_PAGE]
        ),
        "soon": list(
            selectors.due_soon(user=request.user, on=today)[: selectors.tasks.OVERDUE_PAGE]
        ),
        "by_agency": by_agency,
        "by_plan": by_plan,
        "today": today,
    }
    return render(request, "plans/overdue.html", context)


@require_GET
@scoped(VIEW)
def task_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    user = request.user
    today = timezone.localdate()
    context = {
        "task": task,
        "coordinators": [c.organisation for c in task.coordinations.select_related("organisation")],
        "reports": list(task.reports.select_related("reported_by")),
        "events": list(task.events.select_related("actor").order_by("-at", "-pk")),
        "overdue": task.status != workflow.ACCEPTED
        and task.due_on <= selectors.tasks.threshold(today),
        "can_report": user.can(REPORT)
        and bool(workflow.WORKFLOW.available(task.status))
        and task.status != workflow.SUBMITTED,
        "can_review": user.can(ACCEPT) and task.status == workflow.SUBMITTED,
        "can_manage": user.can(MANAGE),
        # the plan and the meeting pages: not for an agency account, which sees its tasks only
        "can_open_plans": user.can(Capability.VIEW_PLANS),
    }
    return render(request, "plans/task.html", context)


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def task_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Assign a task under a document."""
    document = selectors.document_get(user=request.user, pk=pk)
    form = forms.TaskForm(post_data(request), user=request.user, area=document.area)
    return form_page(
        request,
        form=form,
        save=lambda: services.task_create(
            actor=request.user, document=document, **form.service_kwargs()
        ),
        template="plans/form.html",
        context={
            "title": _("Giao nhiệm vụ theo %(n)s") % {"n": document.number},
            "back": document.get_absolute_url(),
        },
        done=_("Đã giao nhiệm vụ."),
        success_url=lambda t: t.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def task_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    initial = {
        f: getattr(task, f)
        for f in (
            "section",
            "content",
            "officer_name",
            "officer_position",
            "recurrence",
            "first_due_on",
            "repeat_until",
            "expected_output",
            "accepting_authority",
        )
    }
    initial |= {
        "lead": task.lead_id,
        "coordinators": list(task.coordinations.values_list("organisation_id", flat=True)),
    }
    form = forms.TaskForm(
        post_data(request), user=request.user, area=task.area, initial=initial, record=task
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.task_update(actor=request.user, task=task, **form.service_kwargs()),
        template="plans/form.html",
        context={"title": _("Sửa nhiệm vụ"), "back": task.get_absolute_url()},
        done=_("Đã lưu nhiệm vụ."),
        success_url=lambda t: t.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(REPORT)
def task_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The agency reports progress (a phone is enough): percentage, result, evidence."""
    task = selectors.task_get(user=request.user, pk=pk)
    data, files = post_data(request, files=True)
    form = forms.ProgressForm(data, files, initial={"percent": task.percent})
    return form_page(
        request,
        form=form,
        save=lambda: services.task_report(
            actor=request.user, task=task, today=timezone.localdate(), **form.cleaned_data
        ),
        template="plans/form.html",
        context={"title": _("Báo cáo tiến độ"), "back": task.get_absolute_url(), "task": task},
        done=_("Đã gửi báo cáo tiến độ."),
        success_url=lambda r: task.get_absolute_url(),
        key_map={"text": "text_done"},
    )


@require_http_methods(["GET", "POST"])
@scoped(ACCEPT)
def task_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The accepting authority accepts the reported result or returns it with the reason."""
    task = selectors.task_get(user=request.user, pk=pk)
    form = forms.ReviewForm(post_data(request))

    def save() -> Task:
        data = form.cleaned_data
        today = timezone.localdate()
        if data["decision"] == "accept":
            return services.task_accept(
                actor=request.user, task=task, today=today, note=data["note"]
            )
        return services.task_return(actor=request.user, task=task, reason=data["note"], today=today)

    return form_page(
        request,
        form=form,
        save=save,
        template="plans/form.html",
        context={"title": _("Nghiệm thu nhiệm vụ"), "back": task.get_absolute_url(), "task": task},
        done=_("Đã ghi kết quả nghiệm thu."),
        success_url=lambda t: t.get_absolute_url(),
        key_map={"reason": "note", "status": "decision"},
    )


@require_GET
@scoped(VIEW)
def evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        TaskReport.objects.filter(task__in=Task.objects.for_user(request.user)), pk=pk
    )
    return download(
        report.evidence, content_type=report.evidence_type, filename=f"minh-chung-{report.pk}"
    )
