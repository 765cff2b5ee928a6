"""Pages of the places app: hotspots and harbouring places, conditional businesses and their
inspections, cultivation, cameras, and the tip-box / hotline-board indicator.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call a
service, render or redirect. Reads need ``VIEW_PLACES``, writes ``MANAGE_PLACES`` (403 for the
read-only commune leadership). A service refusal becomes a form error, never a 500. List pages
answer htmx requests with their ``results`` partial.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.dates import today_or
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page, safe_next
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability

from .. import forms, legal, selectors, services

PAGE_SIZE = 50
VIEW = Capability.VIEW_PLACES
MANAGE = Capability.MANAGE_PLACES


def _page(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _list(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Render a list page, or only its ``results`` partial for an htmx filter request."""
    context.setdefault("query", query_without_page(request))
    context.setdefault("can_manage", request.user.can(MANAGE))
    name = f"{template}#results" if request.htmx else template
    return render(request, name, context)


def _period(start: date | None, end: date | None) -> tuple[date, date] | None:
    return (start, end) if start is not None and end is not None else None


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    done: str,
    cancel: str,
    success_url: Callable[[Any], str],
    breadcrumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The shared shape of every create/edit page: validate, call the service, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, done)
            return redirect(success_url(obj))
    return render(
        request,
        "places/form.html",
        {
            "form": form,
            "title": title,
            "action": request.path,
            "cancel": cancel,
            "breadcrumbs": breadcrumbs or [],
        },
    )


# --- hotspots and harbouring places ---------------------------------------------------------


@require_GET
@scoped(VIEW)
def place_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = forms.PlaceFilterForm(request.GET or None, user=request.user)
    rows = selectors.place_list(
        user=request.user,
        kind=filters.value("kind") or "",
        status=filters.value("status") or "",
        area=filters.value("area"),
        q=filters.value("q") or "",
        existing_on=filters.value("existing_on"),
        recurred=_period(filters.value("recurred_from"), filters.value("recurred_to")),
    )
    return _list(request, "places/list.html", {"filters": filters, "page": _page(request, rows)})


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def place_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.PlaceForm(post_data(request), user=request.user)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.place_create(actor=request.user, today=today_or(None), **data),
        title=_("Thêm điểm, tụ điểm"),
        done=_("Đã thêm điểm."),
        cancel=reverse("places:list"),
        success_url=lambda place: place.get_absolute_url(),
        breadcrumbs=[(reverse("places:list"), _("Điểm, tụ điểm"))],
    )


@require_GET
@scoped(VIEW)
def place_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_get_for_user(user=request.user, pk=pk)
    history = selectors.place_history(user=request.user, place=place)
    transition = forms.TransitionForm(place=place)
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "history": history,
            "transition": transition,
            "can_manage": request.user.can(MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def place_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_get_for_user(user=request.user, pk=pk)
    form = forms.PlaceForm(post_data(request), user=request.user, instance=place)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.place_update(
            actor=request.user, place=place, today=today_or(None), **data
        ),
        title=_("Sửa thông tin điểm"),
        done=_("Đã lưu."),
        cancel=place.get_absolute_url(),
        success_url=lambda p: p.get_absolute_url(),
        breadcrumbs=[
            (reverse("places:list"), _("Điểm, tụ điểm")),
            (place.get_absolute_url(), place.name),
        ],
    )


@require_POST
@scoped(MANAGE)
def place_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_get_for_user(user=request.user, pk=pk)
    form = forms.TransitionForm(request.POST, place=place)
    if form.is_valid():
        try:
            services.place_transition(
                actor=request.user, place=place, today=today_or(None), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã chuyển tình trạng của điểm."))
            return redirect(place)
    history = selectors.place_history(user=request.user, place=place)
    return render(
        request,
        "places/detail.html",
        {"place": place, "history": history, "transition": form, "can_manage": True},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
@records_views
def place_link_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_get_for_user(user=request.user, pk=pk)
    form = forms.LinkPersonForm(post_data(request), user=request.user, place=place)
    shown(request, form.fields["person"].queryset)  # type: ignore[attr-defined]
    return _form_page(
        request,
        form=form,
        save=lambda data: services.place_link_person(actor=request.user, place=place, **data),
        title=_("Liên kết người với điểm"),
        done=_("Đã liên kết."),
        cancel=place.get_absolute_url(),
        success_url=lambda link: place.get_absolute_url(),
        breadcrumbs=[
            (reverse("places:list"), _("Điểm, tụ điểm")),
            (place.get_absolute_url(), place.name),
        ],
    )


# --- businesses -----------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def businesses(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = forms.BusinessFilterForm(request.GET or None, user=request.user)
    rows = selectors.business_list(
        user=request.user,
        kind=filters.value("kind") or "",
        risk=filters.value("risk") or "",
        area=filters.value("area"),
        q=filters.value("q") or "",
    )
    return _list(
        request, "places/businesses.html", {"filters": filters, "page": _page(request, rows)}
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def business_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.BusinessForm(post_data(request), user=request.user)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.business_create(
            actor=request.user, today=today_or(None), **data
        ),
        title=_("Thêm cơ sở kinh doanh có điều kiện"),
        done=_("Đã thêm cơ sở."),
        cancel=reverse("places:businesses"),
        success_url=lambda business: business.get_absolute_url(),
        breadcrumbs=[(reverse("places:businesses"), _("Cơ sở kinh doanh có điều kiện"))],
    )


@require_GET
@scoped(VIEW)
def business_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    business, interval = selectors.business_get_with_interval(user=request.user, pk=pk)
    inspections = selectors.business_inspections(user=request.user, business=business)
    last = business.last_inspected_on
    overdue = business.is_active and (last is None or (today_or(None) - last).days > interval)
    return render(
        request,
        "places/business_detail.html",
        {
            "business": business,
            "inspections": inspections,
            "interval": interval,
            "overdue": overdue,
            "can_manage": request.user.can(MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def business_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    business = selectors.business_get_for_user(user=request.user, pk=pk)
    form = forms.BusinessForm(post_data(request), user=request.user, instance=business)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.business_update(
            actor=request.user, business=business, today=today_or(None), **data
        ),
        title=_("Sửa thông tin cơ sở"),
        done=_("Đã lưu."),
        cancel=business.get_absolute_url(),
        success_url=lambda b: b.get_absolute_url(),
        breadcrumbs=[
            (reverse("places:businesses"), _("Cơ sở kinh doanh có điều kiện")),
            (business.get_absolute_url(), business.name),
        ],
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def inspection_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    business = selectors.business_get_for_user(user=request.user, pk=pk)
    form = forms.InspectionForm(post_data(request))
    return _form_page(
        request,
        form=form,
        save=lambda data: services.inspection_record(
            actor=request.user, business=business, today=today_or(None), **data
        ),
        title=_("Ghi nhận lần kiểm tra"),
        done=_("Đã ghi nhận lần kiểm tra."),
        cancel=business.get_absolute_url(),
        success_url=lambda inspection: safe_next(request, default=business.get_absolute_url()),
        breadcrumbs=[
            (reverse("places:businesses"), _("Cơ sở kinh doanh có điều kiện")),
            (business.get_absolute_url(), business.name),
        ],
    )


@require_GET
@scoped(VIEW)
def uninspected(request: AuthenticatedHttpRequest) -> HttpResponse:
    on = today_or(None)
    interval = selectors.inspection_interval()
    filters = forms.UninspectedFilterForm(request.GET or None, user=request.user)
    rows = selectors.businesses_uninspected(
        user=request.user,
        on=on,
        interval_days=interval.days,
        risk=filters.value("risk") or "",
        kind=filters.value("kind") or "",
        area=filters.value("area"),
    )
    return _list(
        request,
        "places/uninspected.html",
        {
            "filters": filters,
            "page": _page(request, rows),
            "on": on,
            "interval": interval.days,
            "interval_set": interval.set_by_administrator,
            # Only administrators change the local rule, on the legal-values page.
            "interval_url": (
                reverse("legal:confirm", args=[legal.KEY, legal.CODE, legal.SINCE.isoformat()])
                if request.user.can(Capability.CONFIGURE_RULES)
                else ""
            ),
        },
    )


# --- cultivation ----------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def cultivations(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = forms.CultivationFilterForm(request.GET or None, user=request.user)
    on = today_or(None)
    start = filters.value("start") or date(on.year, 1, 1)
    end = filters.value("end") or on
    area = filters.value("area")
    rows = selectors.cultivation_list(
        user=request.user, plant=filters.value("plant") or "", area=area, start=start, end=end
    )
    totals = selectors.cultivation_totals(user=request.user, start=start, end=end, area=area)
    return _list(
        request,
        "places/cultivations.html",
        {
            "filters": filters,
            "page": _page(request, rows),
            "start": start,
            "end": end,
            "total_sites": sum(t.sites for t in totals.values()),
            "total_plants": sum(t.plants for t in totals.values()),
            "total_m2": sum((t.area_m2 for t in totals.values()), start=Decimal(0)),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def cultivation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CultivationForm(post_data(request), user=request.user)

    def save(data: dict[str, Any]) -> Any:
        return services.cultivation_create(actor=request.user, today=today_or(None), **data)

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Thêm vụ trồng cây có chứa chất ma túy"),
        done=_("Đã thêm."),
        cancel=reverse("places:cultivations"),
        success_url=lambda c: reverse("places:cultivations"),
        breadcrumbs=[(reverse("places:cultivations"), _("Trồng cây có chứa chất ma túy"))],
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def cultivation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cultivation = selectors.cultivation_get_for_user(user=request.user, pk=pk)
    form = forms.CultivationEditForm(post_data(request), user=request.user, instance=cultivation)
    if cultivation.destroyed_on is not None:
        form.fields["destroyed_on"].disabled = True

    def save(data: dict[str, Any]) -> Any:
        destroyed_on = data.pop("destroyed_on", None)
        updated = services.cultivation_update(
            actor=request.user, cultivation=cultivation, today=today_or(None), **data
        )
        if destroyed_on is not None and updated.destroyed_on is None:
            updated = services.cultivation_destroy(
                actor=request.user,
                cultivation=updated,
                destroyed_on=destroyed_on,
                today=today_or(None),
            )
        return updated

    return _form_page(
        request,
        form=form,
        save=save,
        title=_("Sửa vụ trồng cây có chứa chất ma túy"),
        done=_("Đã lưu."),
        cancel=reverse("places:cultivations"),
        success_url=lambda c: reverse("places:cultivations"),
        breadcrumbs=[(reverse("places:cultivations"), _("Trồng cây có chứa chất ma túy"))],
    )


# --- cameras --------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def cameras(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = forms.CameraFilterForm(request.GET or None, user=request.user)
    rows = selectors.camera_list(
        user=request.user,
        status=filters.value("status") or "",
        owner=filters.value("owner") or "",
        area=filters.value("area"),
    )
    return _list(request, "places/cameras.html", {"filters": filters, "page": _page(request, rows)})


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def camera_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CameraForm(post_data(request), user=request.user)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.camera_create(actor=request.user, today=today_or(None), **data),
        title=_("Thêm camera"),
        done=_("Đã thêm camera."),
        cancel=reverse("places:cameras"),
        success_url=lambda c: reverse("places:cameras"),
        breadcrumbs=[(reverse("places:cameras"), _("Camera"))],
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def camera_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    camera = selectors.camera_get_for_user(user=request.user, pk=pk)
    form = forms.CameraForm(post_data(request), user=request.user, instance=camera)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.camera_update(
            actor=request.user, camera=camera, today=today_or(None), **data
        ),
        title=_("Sửa camera"),
        done=_("Đã lưu."),
        cancel=reverse("places:cameras"),
        success_url=lambda c: reverse("places:cameras"),
        breadcrumbs=[(reverse("places:cameras"), _("Camera"))],
    )


# --- tip boxes and hotline boards -----------------------------------------------------------


def _facilities_context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    on = today_or(None)
    filters = forms.FacilityFilterForm(request.GET or None, user=request.user)
    indicator = selectors.group_facility_indicator(
        user=request.user, on=on, commune=filters.value("area")
    )
    show_all = bool(filters.value("all"))
    rows = indicator.groups if show_all else indicator.missing
    return {
        "filters": filters,
        "indicator": indicator,
        "page": _page(request, rows),
        "show_all": show_all,
        "on": on,
        "check_form": forms.FacilityCheckForm(),
    }


@require_GET
@scoped(VIEW)
def facilities(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "places/facilities.html", _facilities_context(request))


@require_POST
@scoped(MANAGE)
def facility_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record one group's check from the quick form of the indicator page."""
    group = selectors.group_get_for_user(
        user=request.user, pk=parse_id(request.POST.get("area")) or 0
    )
    form = forms.FacilityCheckForm(request.POST)
    back = safe_next(request, default=reverse("places:facilities"))
    if form.is_valid():
        try:
            services.facility_check_record(
                actor=request.user, area=group, today=today_or(None), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã ghi nhận kiểm tra của %(group)s.") % {"group": group})
            return redirect(back)
    error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, _("%(group)s: %(error)s") % {"group": group, "error": error})
    return redirect(back)
