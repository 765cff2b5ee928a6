"""Area pages: the tree, an area, and the forms that change them. Views stay thin."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.audit import services as audit
from khongmatuy.common import jobs
from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import Column, Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability

from . import forms, imports, selectors, services, tasks
from .models import Area, Kind, Level

_IMPORT_SALT = "kmt.areas.groups-import"


def _require_commune(area: Area) -> None:
    if area.level != Level.COMMUNE:
        raise PermissionDenied


@require_GET
@scoped()
def tree(request: AuthenticatedHttpRequest) -> HttpResponse:
    roots = selectors.root_areas_for_user(user=request.user)
    root_rows = selectors.tree_rows(roots)
    expanded_rows = None
    if len(roots) == 1:  # one root (the usual case): show its units straight away
        children = list(selectors.children_for_user(user=request.user, area=roots[0]))
        expanded_rows = selectors.tree_rows(children)
    return render(
        request, "areas/tree.html", {"root_rows": root_rows, "expanded_rows": expanded_rows}
    )


@require_GET
@scoped()
def children(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    if not request.htmx:  # a plain visit (bookmark, no JavaScript): the area's own page
        return redirect(area)
    rows = selectors.tree_rows(selectors.children_for_user(user=request.user, area=area))
    return render(request, "areas/tree.html#children", {"rows": rows, "parent": area})


@require_GET
@scoped()
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    area = selectors.area_get_for_user(user=user, pk=pk)
    child_areas = list(selectors.children_for_user(user=user, area=area, include_inactive=True))
    context = {
        "area": area,
        "ancestors": selectors.ancestors(area),
        "child_rows": selectors.tree_rows([c for c in child_areas if c.is_active]),
        "former_children": [c for c in child_areas if not c.is_active],
        "figures": list(selectors.figures_for_area(area=area)[:20]),
        "history": list(selectors.history_for_area(area=area)),
        "organisations": list(selectors.organisations_for_area(user=user, area=area)[:200]),
        "can_manage": user.can(Capability.MANAGE_AREAS),
        "can_manage_orgs": user.can(Capability.MANAGE_ORGANISATIONS),
    }
    return render(request, "areas/detail.html", context)


@require_GET
@scoped()
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    results = selectors.area_search(user=request.user, query=query)
    template = "areas/search.html#results" if request.htmx else "areas/search.html"
    return render(request, template, {"results": results, "query": query})


@require_GET
@scoped()
def autocomplete(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Areas of the user's scope for a choice field's search box (``common.widgets``):
    ``?q=`` (2+ characters, diacritics ignored) and optional ``level=2&level=3``."""
    levels = [int(v) for v in request.GET.getlist("level") if v in {str(lv) for lv in Level}]
    areas = selectors.area_search(
        user=request.user, query=request.GET.get("q", "")[:100], levels=levels
    )
    results = [{"id": a.pk, "label": selectors.area_choice_label(a)} for a in areas]
    return JsonResponse({"results": results})


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    form = forms.AreaEditForm(post_data(request), area=area)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã lưu thông tin địa bàn."))
            return redirect(area)
    return render(
        request,
        "areas/form.html",
        {"area": area, "form": form, "title": _("Sửa thông tin địa bàn")},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def rename(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    form = forms.RenameForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.area_rename(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã đổi tên; tên cũ được lưu trong lịch sử."))
            return redirect(area)
    return render(
        request, "areas/form.html", {"area": area, "form": form, "title": _("Đổi tên địa bàn")}
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    if area.level not in (Level.COMMUNE, Level.GROUP):
        raise PermissionDenied
    form = forms.MergeForm(post_data(request), user=request.user, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_merge(
                actor=request.user,
                predecessors=list(form.cleaned_data["predecessors"]),
                successor=area,
                effective_on=form.cleaned_data["effective_on"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã ghi nhận sáp nhập; địa bàn cũ được giữ trong lịch sử."))
            return redirect(area)
    return render(
        request, "areas/form.html", {"area": area, "form": form, "title": _("Ghi nhận sáp nhập")}
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def group_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commune = selectors.area_get_for_user(user=request.user, pk=pk)
    _require_commune(commune)
    form = forms.GroupForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        spec = services.GroupSpec(**form.cleaned_data)
        try:
            (group,) = services.groups_create(actor=request.user, commune=commune, specs=[spec])
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": group.name})
            return redirect(commune)
    return render(
        request,
        "areas/form.html",
        {"area": commune, "form": form, "title": _("Thêm tổ dân phố, thôn")},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def groups_bulk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commune = selectors.area_get_for_user(user=request.user, pk=pk)
    _require_commune(commune)
    form = forms.BulkGroupsForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        names = services.numbered_group_names(
            prefix=data["name_prefix"], first=data["first"], last=data["last"]
        )
        specs = [services.GroupSpec(name=n, kind=data["kind"]) for n in names]
        try:
            created = services.groups_create(actor=request.user, commune=commune, specs=specs)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã tạo %(n)s tổ dân phố, thôn.") % {"n": len(created)})
            return redirect(commune)
    return render(
        request,
        "areas/form.html",
        {
            "area": commune,
            "form": form,
            "title": _("Tạo nhanh nhiều tổ dân phố, thôn"),
            "help": _(
                "Ví dụ: tiền tố “Tổ dân phố số”, từ 1 đến 73 tạo “Tổ dân phố số 1” … "
                "“Tổ dân phố số 73”."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def groups_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Step 1 uploads and previews (nothing saved); step 2 commits the signed preview."""
    commune = selectors.area_get_for_user(user=request.user, pk=pk)
    _require_commune(commune)
    context: dict[str, object] = {"area": commune}
    if request.method == "POST" and "token" in request.POST:
        try:
            payload = signing.loads(request.POST["token"], salt=_IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("Phiên xem trước đã hết hạn. Hãy tải tệp lên lại."))
            return redirect("areas:groups_import", pk=commune.pk)
        if payload["commune"] != commune.pk:
            raise PermissionDenied
        job = jobs.start(
            user=request.user,
            kind=tasks.GROUPS_IMPORT_JOB,
            label=_("Nhập tổ dân phố, thôn của %(area)s") % {"area": commune},
            params={"commune": commune.pk, "payload": payload["rows"]},
            total=len(payload["rows"]),
        )
        return redirect(job)
    form = forms.ImportForm(*post_data(request, files=True))
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        specs, errors = imports.parse_groups(
            form.cleaned_data["file"], taken_names=selectors.active_child_names(area=commune)
        )
        if errors:
            context["errors"] = [str(e) for e in errors]
        else:
            rows = [{**asdict(s), "as_of": s.as_of.isoformat() if s.as_of else None} for s in specs]
            context["preview"] = [(s, Kind(s.kind).label) for s in specs]
            context["token"] = signing.dumps(
                {"commune": commune.pk, "rows": rows}, salt=_IMPORT_SALT, compress=True
            )
    return render(request, "areas/import.html", context)


@require_GET
@scoped(Capability.MANAGE_AREAS)
def groups_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return xlsx_response(imports.group_template_workbook(), filename="mau-nhap-to-dan-pho.xlsx")


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_AREAS)
def figure_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    form = forms.FigureForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_set(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã lưu số liệu dân cư."))
            return redirect(area)
    return render(
        request,
        "areas/form.html",
        {"area": area, "form": form, "title": _("Cập nhật dân số, số hộ")},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_ORGANISATIONS)
def organisation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    if area.level not in (Level.COMMUNE, Level.GROUP):
        raise PermissionDenied
    form = forms.OrganisationForm(
        post_data(request), user=request.user, commune_or_group=area, initial={"area": area}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(actor=request.user, organisation=None, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã thêm tổ chức, cơ quan."))
            return redirect(area)
    return render(
        request,
        "areas/form.html",
        {"area": area, "form": form, "title": _("Thêm tổ chức, cơ quan")},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_ORGANISATIONS)
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    root = organisation.area.commune if organisation.area.commune_id else organisation.area
    assert root is not None  # noqa: S101  (an organisation's area is at commune level or below)
    form = forms.OrganisationForm(
        post_data(request), instance=organisation, user=request.user, commune_or_group=root
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã lưu tổ chức, cơ quan."))
            return redirect(organisation.area)
    return render(
        request,
        "areas/form.html",
        {"area": organisation.area, "form": form, "title": _("Sửa tổ chức, cơ quan")},
    )


@require_GET
@scoped()
def export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The area's children with their current figures, as .xlsx (same selector as the page)."""
    area = selectors.area_get_for_user(user=request.user, pk=pk)
    rows = selectors.tree_rows(selectors.children_for_user(user=request.user, area=area))
    sheet = Sheet(
        _("Địa bàn"),
        [
            Column(_("Địa bàn"), lambda row: row.area.name),
            Column(_("Loại"), lambda row: row.area.get_kind_display()),
            Column(_("Mã"), lambda row: row.area.code),
            Column(_("Số đơn vị trực thuộc"), lambda row: row.child_count),
            Column(_("Số tổ dân phố, thôn"), lambda row: row.group_count),
            Column(_("Dân số"), lambda row: row.population),
            Column(_("Số hộ"), lambda row: row.households),
        ],
        rows,
    )
    content = workbook_bytes(sheet)
    audit.record_export(
        actor=request.user,
        obj=area,
        rows=_("%(n)s địa bàn trực thuộc") % {"n": sheet.count},
        protected=False,
        filters=request.GET,
    )
    return xlsx_response(content, filename=f"dia-ban-{area.pk}.xlsx")
