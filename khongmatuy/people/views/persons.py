"""Person pages: the list and search, registration, the person page with its timeline and the
other modules' sections, edits, categories, the psychosis flag, removal from the list, .xlsx
export and import, and the autocomplete. Views stay thin: parse, call a service, render."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.audit import services as audit
from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common import exporter, jobs
from khongmatuy.common.access import scoped
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import workbook_bytes
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.models import Job
from khongmatuy.common.roles import Capability

from .. import exports, imports
from ..forms import persons as forms
from ..models import Person
from ..selectors import persons as selectors
from ..selectors import transfers as transfer_selectors
from ..services import persons as services
from ..tasks import IMPORT_JOB

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_IMPORT_SALT = "kmt.people.persons-import"
# Sections other modules add to the person page (README: "Person page sections").
SECTION_MODULES = ("episodes", "care", "transfers", "quality")


# --- small pieces ---------------------------------------------------------------------------------


def _flags(user: Any) -> dict[str, bool]:
    return {
        "can_see_sensitive": user.can(Capability.VIEW_SENSITIVE),
        "can_manage": user.can(Capability.MANAGE_PERSONS),
        "can_record_contacts": user.can(Capability.RECORD_CONTACTS),
    }


def _filters(request: AuthenticatedHttpRequest) -> tuple[forms.FilterForm, str, Any]:
    """The list's filter form, the search text and the ``PersonFilters``.

    A bad category, flag or status is ignored; an area outside the user's scope is a 404.
    """
    return exports.filters_from(request.GET, user=request.user)


# --- list, search, autocomplete ------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, query, filters = _filters(request)
    page = selectors.person_search(
        user=request.user, query=query, filters=filters, page=request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page,
        "query": query,
        "querystring": query_without_page(request),
        "export_password_required": exporter.password_required(
            sensitive=request.user.can(Capability.VIEW_SENSITIVE)
        ),
        **_flags(request.user),
    }
    # A history restore (back button after htmx pushed the URL) needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "people/list.html#results" if partial else "people/list.html"
    shown(request, page)
    return render(request, template, context)


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def autocomplete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pick a person: name, year of birth and area only (no sensitive field); JSON or htmx."""
    results = selectors.person_autocomplete(user=request.user, query=request.GET.get("q", ""))
    shown(request, Person.objects.filter(pk__in=[r["id"] for r in results]))
    if request.htmx:
        return render(request, "people/search.html#options", {"results": results})
    return JsonResponse({"results": results})


# --- the person page -----------------------------------------------------------------------------


def _sections(
    request: AuthenticatedHttpRequest, person: Person, base: dict[str, Any]
) -> list[dict[str, str]]:
    """The other modules' sections, each rendered with its own ``person_section`` context.

    A section is shown only if its template exists; its selector is optional (getattr), so a
    module still being built is skipped instead of breaking the page.
    """
    sections = []
    for name in SECTION_MODULES:
        try:
            template = get_template(f"people/sections/{name}.html")
        except TemplateDoesNotExist:
            continue
        module = import_module(f"khongmatuy.people.selectors.{name}")
        provider = getattr(module, "person_section", None)
        extra = provider(user=request.user, person=person) if callable(provider) else {}
        sections.append({"name": name, "html": template.render({**base, **extra}, request)})
    return sections


@require_GET
@scoped(Capability.VIEW_PERSONS)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        person = selectors.person_get_for_user(user=user, pk=pk)
    except Http404:
        return _transferred_away(request, pk)
    audit.record_view(actor=user, obj=person)  # the access log: every view of a person's file
    categories = list(selectors.person_categories(user=user, person=person))
    context: dict[str, Any] = {
        "person": person,
        "categories": categories,
        "open_categories": [c for c in categories if c.ended_on is None],
        **_flags(user),
    }
    context["sections"] = _sections(request, person, context)
    context["timeline"] = selectors.person_timeline(user=user, person=person, categories=categories)
    return render(request, "people/detail.html", context)


def _transferred_away(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The sending commune's old link to a person handed over: where, when and who accepted.

    Only the transfer's facts are shown, never the person's current record; anyone who is not on
    the sending side of an accepted transfer gets the 404 of a person out of scope.
    """
    transfer = transfer_selectors.transferred_away(user=request.user, person_id=pk)
    if transfer is None:
        raise Http404
    audit.record_view(
        actor=request.user, obj=transfer.person, note=_("Xem thông tin đã chuyển giao")
    )
    return render(
        request,
        "people/transferred.html",
        {"transfer": transfer, "accepted_on": transfer_selectors.accepted_on(transfer)},
    )


# --- writes --------------------------------------------------------------------------------------


def _person_initial(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in Person.EDITABLE_FIELDS}


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.RegisterForm(post_data(request), user=request.user)
    context: dict[str, Any] = {"form": form, "title": _("Đăng ký người trong diện quản lý")}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        category = services.CategorySpec(
            category=data.pop("category"),
            started_on=data.pop("category_started_on"),
            source=data.pop("category_source"),
        )
        try:
            person = services.person_register(actor=request.user, categories=[category], **data)
        except services.DuplicateCitizenIdError as exc:
            errors_to_form(exc, form)
            context["duplicate_url"] = exc.existing_url
        except ValidationError as exc:
            errors_to_form(exc, form, key_map=forms.RegisterForm.SERVICE_KEYS)
        else:
            messages.success(request, _("Đã đăng ký %(name)s.") % {"name": person.full_name})
            return redirect(person)
    return render(request, "people/form.html", context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = forms.PersonForm(
        post_data(request), user=request.user, initial=_person_initial(person), record=person
    )
    context: dict[str, Any] = {"form": form, "person": person, "title": _("Sửa thông tin")}
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except services.DuplicateCitizenIdError as exc:
            errors_to_form(exc, form)
            context["duplicate_url"] = exc.existing_url
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã lưu thông tin."))
            return redirect(person)
    shown(request, person)
    return render(request, "people/form.html", context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def category_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = forms.CategoryForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.category_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã thêm diện quản lý."))
            return redirect(person)
    shown(request, person)
    return render(
        request,
        "people/form.html",
        {"form": form, "person": person, "title": _("Thêm diện quản lý")},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def category_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    category = selectors.category_get_for_user(user=request.user, pk=pk)
    person = category.person
    form = forms.CategoryEndForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.category_end(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã kết thúc diện quản lý."))
            return redirect(person)
    title = _("Kết thúc diện: %(c)s") % {"c": category.get_category_display()}
    shown(request, person)
    return render(request, "people/form.html", {"form": form, "person": person, "title": title})


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def psychosis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    initial = {"psychosis": person.psychosis, "psychosis_note": person.psychosis_note}
    form = forms.PsychosisForm(post_data(request), initial=initial, record=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_flag_psychosis(
                actor=request.user,
                person=person,
                psychosis=form.cleaned_data["psychosis"],
                note=form.cleaned_data["psychosis_note"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã cập nhật biểu hiện loạn thần."))
            return redirect(person)
    shown(request, person)
    return render(
        request,
        "people/form.html",
        {"form": form, "person": person, "title": _("Biểu hiện loạn thần (ngáo đá)")},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = forms.RemoveForm(post_data(request), initial={"removed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_remove_from_list(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã đưa ra khỏi danh sách quản lý."))
            return redirect(person)
    shown(request, person)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Đưa ra khỏi danh sách quản lý"),
            "help": _(
                "Luật Phòng, chống ma túy 2021: Điều 26 (danh sách người sử dụng trái phép chất "
                "ma túy) và Điều 43 (danh sách người nghiện, người bị quản lý sau cai nghiện). "
                "Các diện quản lý đang có sẽ kết thúc vào ngày này."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def return_to_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    form = forms.ReturnForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_return_to_list(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã đưa trở lại danh sách quản lý."))
            return redirect(person)
    shown(request, person)
    return render(
        request,
        "people/form.html",
        {"form": form, "person": person, "title": _("Đưa trở lại danh sách quản lý")},
    )


# --- export --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(Capability.EXPORT_PERSONS)
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The current filtered list (filters in the query string) as .xlsx (the list's selector);
    sensitive columns only for VIEW_SENSITIVE; encrypted with the password of a POST. Every export
    is an EXPORT entry in the audit trail."""
    user = request.user
    _form, query, filters = _filters(request)
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    qs = selectors.person_queryset(user=user, query=query, filters=filters)
    if qs.count() > settings.KMT_EXPORT_BACKGROUND_ROWS:
        job = jobs.start(
            user=user,
            kind=exports.EXPORT_JOB,
            label=_("Xuất danh sách người trong diện quản lý"),
            params={"query": request.GET.urlencode(), "sensitive": sensitive},
        )
        return redirect(job)
    try:
        password = exporter.export_password(request, sensitive=sensitive)
    except DomainError as error:
        return exporter.export_refused(request, error, back=reverse("people:list"))
    sheet = exports.persons_sheet(user=user, query=query, filters=filters, sensitive=sensitive)
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
@scoped(Capability.EXPORT_PERSONS)
def export_file(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The file of a large export written by the worker: handed out (and audited) here, with
    the password typed now, since a password is never stored."""
    job = get_object_or_404(
        Job.objects.for_user(request.user), pk=pk, kind=exports.EXPORT_JOB, status=Job.Status.DONE
    )
    query = QueryDict(job.params.get("query", ""))
    _form, _query, filters = exports.filters_from(query, user=request.user)
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
        "people/export_file.html",
        {"job": job, "required": exporter.password_required(sensitive=sensitive)},
    )


# --- import --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
def import_persons(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 uploads and previews (nothing saved); step 2 commits the signed preview."""
    user = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {
        "episodes_supported": imports.episodes_supported(),
        "max_rows": settings.KMT_IMPORT_MAX_ROWS,
        "separator": imports.CATEGORY_SEPARATOR,
    }
    if request.method == "POST" and "token" in request.POST:
        try:
            payload = signing.loads(request.POST["token"], salt=_IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("Phiên xem trước đã hết hạn. Hãy tải tệp lên lại."))
            return redirect("people:import")
        if payload["user"] != user.pk:
            raise PermissionDenied
        job = jobs.start(
            user=user,
            kind=IMPORT_JOB,
            label=_("Nhập %(n)s người từ tệp Excel") % {"n": len(payload["rows"])},
            params={"payload": payload["rows"], "today": today.isoformat()},
            total=len(payload["rows"]),
        )
        return redirect(job)
    form = forms.ImportCommuneForm(*post_data(request, files=True), user=user)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        commune = form.cleaned_data["commune"]
        result = imports.parse_persons(
            form.cleaned_data["file"], user=user, commune=commune, today=today
        )
        if result.errors:
            context["errors"] = [str(e) for e in result.errors]
        else:
            context["preview"] = result.rows
            context["commune"] = commune
            context["token"] = signing.dumps(
                {"user": user.pk, "rows": imports.rows_to_payload(result.rows)},
                salt=_IMPORT_SALT,
                compress=True,
            )
    return render(request, "people/import.html", context)


@require_GET
@scoped(Capability.MANAGE_PERSONS)
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(imports.person_template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = (
        'attachment; filename="mau-nhap-nguoi-trong-dien-quan-ly.xlsx"'
    )
    return response
