"""Prevention pages: communication activities (record, list, detail, export, photos) and their
live coverage (the page, the overview tile), and the worker figures of enterprises.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call a
service, render or redirect. A service refusal becomes a form error, never a 500. Linked persons
of a targeted session are shown only to roles that see persons, and each view of them is
recorded.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import Column, Sheet
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, query_without_page
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, selectors, services
from ..models import Activity, ActivityPhoto, DrugFreeModel
from ..rules.periods import WORKERS_TARGET_PERCENT, month_of
from ..selectors import coverage
from ..selectors import households as household_selectors
from .exports import area_param, send

VIEW = Capability.VIEW_PREVENTION
RECORD = Capability.RECORD_PREVENTION
PAGE_SIZE = 50
TREND_MONTHS = 12


# --- activities -----------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None, user=request.user)
    rows = selectors.activity_list(user=request.user, filters=form.filters())
    context = {
        "form": form,
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "querystring": query_without_page(request),
        "export_password_required": exporter.password_required(sensitive=False),
        "can_record": request.user.can(RECORD),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "prevention/list.html#results" if partial else "prevention/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
@records_views
def record(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record an activity: on a phone, today's session of the leader's group in a few taps.
    The persons a targeted session may name are listed to roles that see persons (recorded)."""
    data, files = post_data(request, files=True)
    form = forms.ActivityRecordForm(data, files, user=request.user)
    if "persons" in form.fields:
        shown(request, form.fields["persons"].queryset, note=_("Chọn người tuyên truyền cá biệt"))  # type: ignore[attr-defined]
    return form_page(
        request,
        form=form,
        save=lambda: services.activity_record(
            actor=request.user, today=timezone.localdate(), **form.service_kwargs()
        ),
        template="prevention/record.html",
        done=_("Đã ghi nhận hoạt động tuyên truyền."),
        success_url=lambda a: a.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
@records_views
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct an activity of the user's area: the same form, filled with what was recorded."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    groups, organisations = selectors.reach_of(activity)
    initial = {
        "held_on": activity.held_on,
        "form": activity.form,
        "topic": activity.topic,
        "groups": [g.pk for g in groups],
        "organisations": [o.pk for o in organisations],
        "audience": activity.audience,
        "audience_count": activity.audience_count,
        "organiser": activity.organiser_id,
        "note": activity.note,
    }
    data, files = post_data(request, files=True)
    form = forms.ActivityRecordForm(data, files, user=request.user, initial=initial)
    if "persons" in form.fields:
        form.initial["persons"] = list(activity.persons.values_list("pk", flat=True))
        shown(request, form.fields["persons"].queryset, note=_("Chọn người tuyên truyền cá biệt"))  # type: ignore[attr-defined]
    return form_page(
        request,
        form=form,
        save=lambda: services.activity_update(
            actor=request.user,
            activity=activity,
            spec=services.ActivitySpec(**form.service_kwargs()),
            today=timezone.localdate(),
        ),
        template="prevention/record.html",
        context={"activity": activity, "photos_kept": activity.photos.count()},
        done=_("Đã sửa hoạt động tuyên truyền."),
        success_url=lambda a: a.get_absolute_url(),
    )


@require_POST
@scoped(RECORD)
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete an activity recorded by mistake (a POST from the detail page's confirmation)."""
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(activity.get_absolute_url())
    messages.success(request, _("Đã xóa hoạt động tuyên truyền."))
    return redirect("prevention:list")


@require_GET
@scoped(VIEW)
@records_views
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    groups, organisations = selectors.reach_of(activity)
    persons = []
    if request.user.can(Capability.VIEW_PERSONS):
        from khongmatuy.people.models import Person

        persons = list(
            Person.objects.for_user(request.user)
            .filter(pk__in=activity.persons.values("pk"))
            .order_by("name_sort")
        )
        shown(request, persons, note=_("Hoạt động tuyên truyền cá biệt"))
    context = {
        "activity": activity,
        "groups": groups,
        "organisations": organisations,
        "persons": persons,
        "photos": activity.photos.order_by("pk"),
        "can_record": request.user.can(RECORD),
    }
    return render(request, "prevention/detail.html", context)


@require_GET
@scoped(VIEW)
def photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Download a photo of an activity in scope (as an attachment, never rendered inline)."""
    item = get_object_or_404(
        ActivityPhoto.objects.for_user(request.user).select_related("activity"), pk=pk
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = item.file.name.rsplit(".", 1)[-1] if "." in item.file.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"tuyen-truyen-{item.activity_id}-{item.pk}.{extension}",
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # a streaming response; the decorators' type


def _export_columns() -> list[Column[tuple[int, Activity]]]:
    """One row per activity, numbered: ``(n, activity)``. No persons: the list is not personal."""
    return [
        Column(_("STT"), lambda row: row[0]),
        Column(_("Ngày"), lambda row: f"{row[1].held_on:%d/%m/%Y}"),
        Column(_("Hình thức"), lambda row: row[1].get_form_display()),
        Column(_("Nội dung, chủ đề"), lambda row: row[1].topic, width=40),
        Column(_("Địa bàn"), lambda row: row[1].area.display_name),
        Column(
            _("Tổ dân phố"),
            lambda row: "; ".join(r.group.name for r in row[1].group_reaches.all()),
            width=30,
        ),
        Column(
            _("Đơn vị được tuyên truyền"),
            lambda row: "; ".join(r.organisation.name for r in row[1].organisation_reaches.all()),
            width=30,
        ),
        Column(_("Đối tượng"), lambda row: row[1].get_audience_display()),
        Column(_("Số người"), lambda row: row[1].audience_count),
        Column(_("Đơn vị tổ chức"), lambda row: row[1].organiser.name if row[1].organiser else ""),
    ]


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered list as .xlsx through the shared exporter; every export is audited."""
    filters = forms.FilterForm(request.GET or None, user=request.user).filters()
    sheet = Sheet(
        "Tuyen truyen",
        _export_columns(),
        enumerate(selectors.activity_export_rows(user=request.user, filters=filters), 1),
    )
    return send(
        request,
        sheet=sheet,
        model_label="prevention.Activity",
        title=_("Danh sách hoạt động tuyên truyền"),
        unit=_("hoạt động"),
        back=reverse("prevention:list"),
        filename="tuyen-truyen",
        area_id=filters.area.pk if filters.area is not None else None,
    )


# --- coverage -------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def coverage_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Groups reached this month (per commune, and those not yet reached), schools this school
    year, workers this year, and the monthly trend; ``?month=mm/yyyy`` for another month."""
    user = request.user
    form = forms.CoverageForm(request.GET or None, user=user)
    today = timezone.localdate()
    on = today
    area = area_param(request)
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        month: date = form.cleaned_data["month"]
        on = min(today, month_of(month).last)
    trend = coverage.month_trend(user=user, on=on, months=TREND_MONTHS, area=area)
    context = {
        "form": form,
        "area": area,
        "on": on,
        "month": trend[-1],
        "trend": trend,
        "chart": _chart(trend),
        "communes": coverage.by_commune(user=user, on=on, area=area),
        "missed": coverage.groups_not_reached(user=user, on=on, area=area)[:500],
        "schools": coverage.schools_reached(user=user, on=on, area=area),
        "workers": coverage.workers_reached(user=user, on=on, area=area),
        "workers_target": WORKERS_TARGET_PERCENT,
        "can_record": user.can(RECORD),
    }
    return render(request, "prevention/coverage.html", context)


def _chart(trend: list[coverage.MonthRatio]) -> list[dict[str, object]]:
    """Bars of the inline SVG chart: x position and height (0-100) of each month's percent."""
    return [
        {
            "x": 10 + n * 40,
            "height": point.percent or 0,
            "y": 110 - (point.percent or 0),
            "label": f"{point.month:%m/%y}",
            "point": point,
        }
        for n, point in enumerate(trend)
    ]


@require_GET
@scoped(VIEW)
def coverage_tile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The overview's tiles (htmx): groups reached this month in the user's areas, and the
    household commitments of the year, the drug-free models by status (three queries)."""
    today = timezone.localdate()
    month = coverage.month_coverage(user=request.user, on=today)
    households = household_selectors.total(
        household_selectors.group_rows(user=request.user, on=today)
    )
    models = dict(
        DrugFreeModel.objects.for_user(request.user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    context = {
        "month": month,
        "households": households,
        "models": [
            (s, models.get(s.value, 0)) for s in DrugFreeModel.Status if models.get(s.value)
        ],
        "on": today,
    }
    return render(request, "prevention/_coverage_tile.html", context)


# --- worker figures -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped(RECORD)
def workforce(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.WorkforceForm(post_data(request), user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.workforce_set(actor=request.user, **form.cleaned_data),
        template="prevention/workforce.html",
        done=_("Đã lưu số người lao động."),
        success_url=lambda _f: reverse("prevention:coverage"),
    )
