"""Case pages: list, create, detail, edit, status, persons, seizures, arrests per area, export.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call
a service, render or redirect. A service refusal becomes a form error, never a 500. Reads need
``VIEW_PLACES``; writes ``MANAGE_PLACES`` (leadership reads only: 403 on writes). Citizen IDs
are shown only to roles with ``VIEW_SENSITIVE``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common import exporter, jobs
from khongmatuy.common.access import scoped
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import workbook_bytes
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.models import Job
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from . import exports, forms, selectors, services
from .models import Case, Substance

PAGE_SIZE = 50


def _flags(request: AuthenticatedHttpRequest) -> dict[str, bool]:
    return {
        "can_manage": request.user.can(Capability.MANAGE_PLACES),
        "can_see_sensitive": request.user.can(Capability.VIEW_SENSITIVE),
        "can_configure": request.user.can(Capability.CONFIGURE_RULES),
    }


# --- list and export ------------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PLACES)
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None, user=request.user)
    rows = selectors.case_list(user=request.user, filters=form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "querystring": query_without_page(request),
        "export_password_required": exporter.password_required(
            sensitive=request.user.can(Capability.VIEW_SENSITIVE)
        ),
        **_flags(request),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, "cases/list.html#results" if partial else "cases/list.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(Capability.VIEW_PLACES)
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered list as .xlsx, one row per case with its persons and seizures; citizen IDs
    only for ``VIEW_SENSITIVE``; encrypted with the password of a POST. More than
    ``KMT_EXPORT_BACKGROUND_ROWS`` cases are written by the worker (``exports.EXPORT_JOB``):
    the user follows the job's progress and downloads the file from ``export_file``. Every
    download is an EXPORT entry in the audit trail."""
    user = request.user
    form = forms.FilterForm(request.GET or None, user=user)
    filters = form.filters()
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    if selectors.case_queryset(user=user, filters=filters).count() > (
        settings.KMT_EXPORT_BACKGROUND_ROWS
    ):
        job = jobs.start(
            user=user,
            kind=exports.EXPORT_JOB,
            label=_("Xuất danh sách vụ việc"),
            params={"query": request.GET.urlencode(), "sensitive": sensitive},
        )
        return redirect(job)
    try:
        password = exporter.export_password(request, sensitive=sensitive)
    except DomainError as error:
        return exporter.export_refused(request, error, back=reverse("cases:list"))
    sheet = exports.cases_sheet(user=user, filters=filters, sensitive=sensitive)
    return exports.hand_out(
        request,
        content=workbook_bytes(sheet),
        rows=sheet.count,
        filters=filters,
        password=password,
        query=request.GET,
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(Capability.VIEW_PLACES)
def export_file(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The file of a large export written by the worker: handed out (and audited) here, with
    the password typed now, since a password is never stored."""
    job = get_object_or_404(
        Job.objects.for_user(request.user), pk=pk, kind=exports.EXPORT_JOB, status=Job.Status.DONE
    )
    query = QueryDict(job.params.get("query", ""))
    filters = forms.FilterForm(query or None, user=request.user).filters()
    sensitive = bool(job.params.get("sensitive"))
    if request.method == "POST":
        try:
            password = exporter.export_password(request, sensitive=sensitive)
        except DomainError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            return exports.hand_out(
                request,
                content=bytes(job.file_content or b""),
                rows=job.total,
                filters=filters,
                password=password,
                query=query,
            )
    return render(
        request,
        "cases/export_file.html",
        {"job": job, "required": exporter.password_required(sensitive=sensitive)},
    )


# --- one case -------------------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PLACES)
@records_views
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    context = {
        "case": case,
        "next_statuses": [(s, Case.Status(s).label) for s in services.next_statuses(case)],
        **selectors.case_detail(user=request.user, case=case),
        **_flags(request),
    }
    shown(request, [link.person for link in context["persons"]])
    return render(request, "cases/detail.html", context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PLACES)
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CaseForm(post_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã ghi nhận vụ việc."))
            return redirect(case)
    return render(
        request, "cases/form.html", {"form": form, "title": _("Ghi nhận vụ việc"), "case": None}
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PLACES)
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    form = forms.CaseForm(post_data(request), user=request.user, editing=True, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=request.user, case=case, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã cập nhật vụ việc."))
            return redirect(case)
    return render(
        request, "cases/form.html", {"form": form, "title": _("Sửa vụ việc"), "case": case}
    )


@require_POST
@scoped(Capability.MANAGE_PLACES)
def status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tình trạng không hợp lệ."))
        return redirect(case)
    try:
        services.case_set_status(actor=request.user, case=case, status=form.cleaned_data["status"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã chuyển tình trạng vụ việc."))
    return redirect(case)


# --- persons --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PLACES)
@records_views
def person_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link a person from the registry (the case's commune, or searched in scope) or a new one
    (registered in the people registry in the same transaction)."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    mode = request.POST.get("mode", "existing")
    query = request.GET.get("q", "")
    data = post_data(request)
    existing = forms.ExistingPersonForm(
        data if mode == "existing" else None, case=case, user=request.user, query=query
    )
    new = forms.NewPersonForm(
        data if mode == "new" else None, case=case, user=request.user, prefix="new"
    )
    form: Any = new if mode == "new" else existing
    if request.method == "POST" and form.is_valid():
        cleaned = dict(form.cleaned_data)
        link_args = {k: cleaned.pop(k) for k in forms.LINK_FIELDS}
        try:
            if mode == "new":
                cleaned["area"] = cleaned.pop("person_area")
                services.case_add_person(
                    actor=request.user,
                    case=case,
                    new_person=services.NewPerson(**cleaned),
                    today=timezone.localdate(),
                    **link_args,
                )
            else:
                services.case_add_person(
                    actor=request.user,
                    case=case,
                    person=cleaned["person"],
                    today=timezone.localdate(),
                    **link_args,
                )
        except ValidationError as exc:
            errors_to_form(exc, form, key_map={"area": "person_area"})
        else:
            messages.success(request, _("Đã thêm người liên quan vào vụ việc."))
            return redirect(case)
    context = {
        "case": case,
        "existing": existing,
        "new": new,
        "query": query,
        "mode": mode,
        "can_see_sensitive": request.user.can(Capability.VIEW_SENSITIVE),
        "can_configure": request.user.can(Capability.CONFIGURE_RULES),
    }
    shown(request, existing.shown_persons)
    return render(request, "cases/person_add.html", context)


@require_POST
@scoped(Capability.MANAGE_PLACES)
def person_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    link = selectors.case_person_get_for_user(user=request.user, pk=pk)
    services.case_remove_person(actor=request.user, case_person=link)
    messages.success(request, _("Đã bỏ %(name)s khỏi vụ việc.") % {"name": link.person.full_name})
    return redirect(link.case)


# --- seizures -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PLACES)
def seizure_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    form = forms.SeizureForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.seizure_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã ghi nhận tang vật thu giữ."))
            return redirect(case)
    context = {"case": case, "form": form}
    return render(request, "cases/seizure_form.html", context)


@require_POST
@scoped(Capability.MANAGE_PLACES)
def seizure_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    seizure = selectors.seizure_get_for_user(user=request.user, pk=pk)
    services.seizure_remove(actor=request.user, seizure=seizure)
    messages.success(request, _("Đã xóa tang vật."))
    return redirect(seizure.case)


# --- counts ---------------------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PLACES)
def arrests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Persons arrested per commune and residential group in a period (dd/mm/yyyy), and the
    quantities seized in the cases of that period."""
    today = timezone.localdate()
    form = forms.PeriodForm(request.GET or None, user=request.user, today=today)
    start, end, area = form.period()
    rows = selectors.arrests_per_area(user=request.user, start=start, end=end, area=area)
    totals = selectors.seizure_totals(user=request.user, start=start, end=end)
    context = {"form": form, "rows": rows, "totals": totals, "start": start, "end": end}
    return render(request, "cases/arrests.html", context)


# --- the national list of substances (administrators) ---------------------------------------


@require_GET
@scoped(Capability.CONFIGURE_RULES)
def substances(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "cases/substances.html", {"substances": selectors.substances()})


@require_http_methods(["GET", "POST"])
@scoped(Capability.CONFIGURE_RULES)
def substance_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.SubstanceForm(post_data(request))
    del form.fields["is_active"]
    return form_page(
        request,
        form=form,
        save=lambda: services.substance_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            other_names=form.cleaned_data["other_names"],
            unit=form.cleaned_data["unit"],
        ),
        template="cases/substance_form.html",
        context={"substance": None},
        done=_("Đã thêm chất ma túy vào danh mục."),
        success_url=lambda _s: reverse("cases:substances"),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.CONFIGURE_RULES)
def substance_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    substance = get_object_or_404(Substance, pk=pk)
    form = forms.SubstanceForm(post_data(request), instance=substance)
    return form_page(
        request,
        form=form,
        save=lambda: services.substance_update(
            actor=request.user, substance=substance, **form.cleaned_data
        ),
        template="cases/substance_form.html",
        context={"substance": substance},
        done=_("Đã lưu chất ma túy."),
        success_url=lambda _s: reverse("cases:substances"),
    )
