"""Household pages: coverage of the commitments (figures, every role that sees prevention), and
a group's list, import, commitments and paper counts (``HOUSEHOLDS`` only: personal data, each
view of a list recorded)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import xlsx_response
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, imports, services
from ..models import Household, HouseholdCommitment
from ..selectors import households as selectors
from .exports import area_param

VIEW = Capability.VIEW_PREVENTION
HOUSEHOLDS = Capability.HOUSEHOLDS
_IMPORT_SALT = "khongmatuy.prevention.households-import"


def area_url(pk: int) -> str:
    return reverse("prevention:households_group", args=[pk])


@require_GET
@scoped(VIEW)
def coverage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Commitments of this year against the households figure, per commune and per group, and
    the groups below the target (default 100 %, the Thành Đông 2026 target)."""
    user = request.user
    form = forms.HouseholdCoverageForm(request.GET or None, user=user)
    target = 100
    if form.is_bound and form.is_valid() and form.cleaned_data["target"]:
        target = form.cleaned_data["target"]
    today = timezone.localdate()
    rows = selectors.group_rows(user=user, on=today, area=area_param(request))
    context = {
        "form": form,
        "on": today,
        "target": target,
        "total": selectors.total(rows),
        "communes": selectors.by_commune(rows),
        "below": selectors.below_target(rows, target)[:500],
        "can_list": user.can(HOUSEHOLDS),
    }
    return render(request, "prevention/households/coverage.html", context)


@require_GET
@scoped(HOUSEHOLDS)
@records_views
def group(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.group_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    households = list(selectors.household_list(group=area, year=today.year))
    shown(request, households, note=_("Danh sách hộ gia đình"))
    rows = selectors.group_rows(user=request.user, on=today, area=area)
    context = {
        "group": area,
        "households": households,
        "year": today.year,
        "figure": rows[0] if rows else None,
    }
    return render(request, "prevention/households/group.html", context)


@require_http_methods(["GET", "POST"])
@scoped(HOUSEHOLDS)
def add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.group_get_for_user(user=request.user, pk=pk)
    form = forms.HouseholdForm(post_data(request))
    return form_page(
        request,
        form=form,
        save=lambda: services.household_add(
            actor=request.user,
            group=area,
            spec=services.HouseholdSpec(**form.cleaned_data),
            today=timezone.localdate(),
        ),
        template="prevention/households/form.html",
        context={"group": area, "title": _("Thêm hộ gia đình")},
        done=_("Đã thêm hộ gia đình."),
        success_url=lambda _h: area_url(area.pk),
        key_map={"area": "head_name"},
    )


def _household_initial(household: Household) -> dict[str, object]:
    return {
        "head_name": household.head_name,
        "address": household.address,
        "members": household.members,
    }


@require_http_methods(["GET", "POST"])
@scoped(HOUSEHOLDS)
@records_views
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a household, or take it off the list (a second form on the same page)."""
    household = get_object_or_404(
        Household.objects.for_user(request.user).filter(is_active=True).select_related("area"),
        pk=pk,
    )
    shown(request, [household], note=_("Sửa thông tin hộ gia đình"))
    form = forms.HouseholdEditForm(post_data(request), initial=_household_initial(household))
    return form_page(
        request,
        form=form,
        save=lambda: services.household_update(
            actor=request.user, household=household, **form.cleaned_data
        ),
        template="prevention/households/form.html",
        context={
            "group": household.area,
            "household": household,
            "title": _("Sửa thông tin hộ"),
            "remove_form": forms.HouseholdRemoveForm(),
        },
        done=_("Đã sửa thông tin hộ gia đình."),
        success_url=lambda _h: area_url(household.area_id),
        key_map={"area": "head_name"},
    )


@require_POST
@scoped(HOUSEHOLDS)
def remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take a household off the group's list, with the reason."""
    household = get_object_or_404(
        Household.objects.for_user(request.user).filter(is_active=True).select_related("area"),
        pk=pk,
    )
    form = forms.HouseholdRemoveForm(request.POST)
    if form.is_valid():
        try:
            services.household_remove(
                actor=request.user, household=household, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã đưa hộ ra khỏi danh sách."))
            return redirect(area_url(household.area_id))
    return render(
        request,
        "prevention/households/form.html",
        {
            "form": forms.HouseholdEditForm(initial=_household_initial(household)),
            "remove_form": form,
            "group": household.area,
            "household": household,
            "title": _("Sửa thông tin hộ"),
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
@scoped(HOUSEHOLDS)
def commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a household's commitment of the year (with a photo of the signed page)."""
    household = get_object_or_404(
        Household.objects.for_user(request.user).select_related("area"), pk=pk
    )
    data, files = post_data(request, files=True)
    form = forms.CommitmentForm(data, files, initial={"signed_by": household.head_name})
    return form_page(
        request,
        form=form,
        save=lambda: services.commitment_record(
            actor=request.user, household=household, today=timezone.localdate(), **form.cleaned_data
        ),
        template="prevention/households/form.html",
        context={"group": household.area, "household": household, "title": _("Ghi cam kết")},
        done=_("Đã ghi cam kết của hộ."),
        success_url=lambda _c: area_url(household.area_id),
        key_map={"area": "signed_on"},
    )


@require_GET
@scoped(HOUSEHOLDS)
def scan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Download the scanned commitment (as an attachment, never rendered inline)."""
    item = get_object_or_404(HouseholdCommitment.objects.for_user(request.user), pk=pk)
    if not item.scan:
        raise Http404
    try:
        handle = item.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = item.scan.name.rsplit(".", 1)[-1] if "." in item.scan.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"cam-ket-{item.year}-{item.pk}.{extension}",
        content_type=item.scan_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming response; the decorators' type


@require_http_methods(["GET", "POST"])
@scoped(HOUSEHOLDS)
def counts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.group_get_for_user(user=request.user, pk=pk)
    form = forms.HouseholdCountsForm(
        post_data(request), initial={"year": timezone.localdate().year}
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.household_counts_set(
            actor=request.user, group=area, **form.cleaned_data
        ),
        template="prevention/households/form.html",
        context={"group": area, "title": _("Số liệu theo sổ giấy")},
        done=_("Đã lưu số hộ ký cam kết."),
        success_url=lambda _c: area_url(area.pk),
        key_map={"area": "year"},
    )


@require_http_methods(["GET", "POST"])
@scoped(HOUSEHOLDS)
def import_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Step 1 uploads and previews every row (nothing saved); step 2 commits the signed preview,
    all rows or none."""
    area = selectors.group_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    context: dict[str, object] = {"group": area}
    if request.method == "POST" and "token" in request.POST:
        try:
            payload = signing.loads(request.POST["token"], salt=_IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("Phiên xem trước đã hết hạn. Hãy tải tệp lên lại."))
            return redirect("prevention:households_import", pk=area.pk)
        if payload["group"] != area.pk:
            raise PermissionDenied
        specs = [
            services.HouseholdSpec(
                **{
                    **row,
                    "signed_on": date.fromisoformat(row["signed_on"]) if row["signed_on"] else None,
                }
            )
            for row in payload["rows"]
        ]
        try:
            created = services.households_import(
                actor=request.user, group=area, specs=specs, today=today
            )
        except ValidationError as exc:
            context["errors"] = exc.messages
            context["form"] = forms.HouseholdImportForm()
            return render(request, "prevention/households/import.html", context)
        messages.success(request, _("Đã nhập %(n)s hộ gia đình.") % {"n": len(created)})
        return redirect("prevention:households_group", pk=area.pk)
    form = forms.HouseholdImportForm(*post_data(request, files=True))
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        specs, errors = imports.parse_households(form.cleaned_data["file"], today=today)
        if errors:
            context["errors"] = [str(e) for e in errors]
        else:
            rows = [
                {**asdict(s), "signed_on": s.signed_on.isoformat() if s.signed_on else None}
                for s in specs
            ]
            context["preview"] = specs
            context["token"] = signing.dumps(
                {"group": area.pk, "rows": rows}, salt=_IMPORT_SALT, compress=True
            )
    return render(request, "prevention/households/import.html", context)


@require_GET
@scoped(HOUSEHOLDS)
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return xlsx_response(imports.template_workbook(), filename="mau-danh-sach-ho.xlsx")
