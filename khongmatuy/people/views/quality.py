"""Data-quality pages: the quality page per commune and group, likely duplicates and the merge,
reconciliation rounds (start, check one person at a time with htmx, complete).

Thin views: read through ``selectors.quality`` (``for_user``; out of scope is 404), validate a
small form, call ``services.quality``, render or redirect. A service refusal becomes a form error
or a message, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import errors_to_form
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability

from ..choices import ReconciliationOutcome
from ..forms import quality as forms
from ..models import Person
from ..selectors import quality as selectors
from ..services import quality as services

MAX_VERIFY_DAYS = 3650
DEFAULT_VERIFY_DAYS = 180  # a group's list is expected to be checked against reality twice a year
LIST_TITLES = {
    "incomplete": gettext_lazy("Hồ sơ thiếu thông tin bắt buộc"),
    "stale": gettext_lazy("Hồ sơ lâu không cập nhật"),
    "unverified": gettext_lazy("Hồ sơ chưa được rà soát, đối chiếu thực tế"),
    "duplicates": gettext_lazy("Hồ sơ có thể bị trùng"),
}


def _messages_from(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    for errs in exc.message_dict.values():
        for err in errs:
            messages.error(request, err)


def _area_param(request: AuthenticatedHttpRequest) -> Area | None:
    """``?area=<pk>`` from the user's scope (404 otherwise), else the user's one bound area."""
    raw = request.GET.get("area", "")
    if raw:
        if (area_id := parse_id(raw)) is None:
            raise Http404
        return selectors.area_get_for_user(user=request.user, pk=area_id)
    return selectors.default_area(user=request.user)


def _verify_days(request: AuthenticatedHttpRequest) -> int:
    days = parse_id(request.GET.get("days"))
    return days if days is not None and days <= MAX_VERIFY_DAYS else DEFAULT_VERIFY_DAYS


# --- the data-quality page ---------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def quality(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Counts per child area (incomplete, stale, unverified, likely duplicates), and the persons
    behind a count with ``?list=``."""
    user = request.user
    on = timezone.localdate()
    area = _area_param(request)
    verify_days = _verify_days(request)
    which = request.GET.get("list", "")
    context: dict[str, Any] = {
        "area": area,
        "on": on,
        "verify_days": verify_days,
        "stale_days": selectors.stale_days(),
        "which": which if which in selectors.LISTS else "",
        "can_manage": user.can(Capability.MANAGE_PERSONS),
        "can_start": user.can(Capability.MANAGE_PERSONS)
        and area is not None
        and area.level in (Level.COMMUNE, Level.GROUP),
    }
    intervals = selectors.contact_intervals()
    if context["which"]:
        qs = selectors.drilldown(
            user=user,
            area=area,
            which=which,
            on=on,
            verify_days=verify_days,
            intervals=intervals,
        )
        page = Paginator(qs, selectors.PER_PAGE).get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = selectors.quality_page_rows(list(page.object_list), on=on)
        shown(request, [row.person for row in context["rows"]])
        context["list_title"] = LIST_TITLES[which]
        query: dict[str, str | int] = {"list": which, "days": verify_days}
        if area is not None:
            query["area"] = area.pk
        context["page_query"] = urlencode(query)
        if request.htmx:
            return render(request, "people/quality/page.html#results", context)
    total, rows = selectors.quality_rows(
        user=user, area=area, on=on, verify_days=verify_days, intervals=intervals
    )
    context.update({"total": total, "area_rows": rows})
    return render(request, "people/quality/page.html", context)


# --- duplicates and merge ----------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    area = _area_param(request)
    pairs = selectors.likely_duplicates(user=user, area=area)
    shown(request, *[(p.first, p.second) for p in pairs[: selectors.MAX_PAIRS]])
    return render(
        request,
        "people/quality/duplicates.html",
        {
            "area": area,
            "pairs": pairs[: selectors.MAX_PAIRS],
            "pair_count": len(pairs),
            "can_merge": user.can(Capability.MANAGE_PERSONS),
            "can_see_sensitive": user.can(Capability.VIEW_SENSITIVE),
        },
    )


COMPARED_FIELDS = (
    "full_name",
    "aliases",
    "sex",
    "date_of_birth",
    "citizen_id",
    "area",
    "permanent_address",
    "current_address",
    "phone",
    "family_contacts",
    "occupation",
    "is_active",
)


def _comparison(keep: Person, remove: Person, *, sensitive: bool) -> list[dict[str, Any]]:
    rows = []
    for name in COMPARED_FIELDS:
        if name == "citizen_id" and not sensitive:
            continue
        field: Any = Person._meta.get_field(name)
        values = []
        for person in (keep, remove):
            if name == "sex":
                value: Any = person.get_sex_display()
            elif name == "area":
                value = person.area.name
            elif name == "date_of_birth":
                value = f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
            elif name == "is_active":
                value = _("Đang quản lý") if person.is_active else _("Đã đưa ra khỏi danh sách")
            else:
                value = getattr(person, name) or ""
            values.append(value)
        rows.append(
            {
                "label": field.verbose_name,
                "keep": values[0],
                "remove": values[1],
                "differs": values[0] != values[1],
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def merge(request: AuthenticatedHttpRequest, keep_pk: int, remove_pk: int) -> HttpResponse:
    """GET: the two records side by side; POST: merge ``remove`` into ``keep``."""
    user = request.user
    keep, remove = selectors.merge_pair_for_user(user=user, keep_pk=keep_pk, remove_pk=remove_pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            result = services.person_merge(actor=user, keep=keep, remove=remove)
        except ValidationError as exc:
            errors = [e for errs in exc.message_dict.values() for e in errs]
        else:
            messages.success(
                request,
                _(
                    "Đã hợp nhất hồ sơ %(removed)s vào hồ sơ này "
                    "(%(n)s bản ghi liên quan được chuyển)."
                )
                % {"removed": remove.full_name, "n": sum(result.moved.values())},
            )
            return redirect(result.keep)
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    shown(request, keep, remove)
    return render(
        request,
        "people/quality/merge.html",
        {
            "keep": keep,
            "remove": remove,
            "comparison": _comparison(keep, remove, sensitive=sensitive),
            "keep_related": selectors.related_counts(keep),
            "remove_related": selectors.related_counts(remove),
            "errors": errors,
        },
        status=200,
    )


# --- reconciliation rounds ---------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
def reconciliations(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    area = _area_param(request)
    page = Paginator(selectors.rounds_for_user(user=user, area=area), selectors.PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/quality/reconciliations.html",
        {
            "area": area,
            "page": page,
            "can_start": user.can(Capability.MANAGE_PERSONS)
            and area is not None
            and area.level in (Level.COMMUNE, Level.GROUP),
            "page_query": urlencode({"area": area.pk}) if area is not None else "",
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
def reconciliation_start(request: AuthenticatedHttpRequest, area_pk: int) -> HttpResponse:
    user = request.user
    area = selectors.area_get_for_user(user=user, pk=area_pk)
    form = forms.StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds = services.reconciliation_start(
                actor=user, area=area, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã bắt đầu %(n)s đợt rà soát.") % {"n": len(rounds)})
            if len(rounds) == 1:
                return redirect("people:reconciliation_detail", pk=rounds[0].pk)
            return redirect(f"{reverse('people:reconciliations')}?{urlencode({'area': area.pk})}")
    groups = (
        Area.objects.for_user(user).filter(parent=area, level=Level.GROUP, is_active=True).count()
        if area.level == Level.COMMUNE
        else 0
    )
    return render(
        request,
        "people/quality/reconciliation_start.html",
        {
            "area": area,
            "form": form,
            "groups": groups,
            "persons": selectors.managed_persons(user=user, area=area).count(),
        },
    )


def _detail_context(request: AuthenticatedHttpRequest, round_pk: int) -> dict[str, Any]:
    user = request.user
    round_ = selectors.round_get_for_user(user=user, pk=round_pk)
    rows = selectors.round_rows(user=user, round=round_)
    return {
        "round": round_,
        "rows": rows,
        "checked": sum(1 for r in rows if r.item is not None),
        "total": len(rows),
        "discrepancies": selectors.round_discrepancies(round_),
        "outcomes": ReconciliationOutcome.choices,
        "can_check": user.can(Capability.MANAGE_PERSONS) and round_.completed_on is None,
    }


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def reconciliation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    context = _detail_context(request, pk)
    shown(request, [row.person for row in context["rows"]])
    return render(request, "people/quality/reconciliation_detail.html", context)


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def reconciliation_check(
    request: AuthenticatedHttpRequest, pk: int, person_pk: int
) -> HttpResponse:
    """Record one person's result; htmx gets the refreshed row, a plain POST a redirect."""
    user = request.user
    round_ = selectors.round_get_for_user(user=user, pk=pk)
    row = selectors.round_row(user=user, round=round_, person_pk=person_pk)
    form = forms.CheckForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.reconciliation_check(
                actor=user,
                round=round_,
                person=row.person,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = " ".join(str(e) for errs in exc.message_dict.values() for e in errs)
        else:
            row = selectors.round_row(user=user, round=round_, person_pk=person_pk)
    else:
        error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    if request.htmx:
        context = {
            "round": round_,
            "row": row,
            "outcomes": ReconciliationOutcome.choices,
            "can_check": round_.completed_on is None,
            "row_error": error,
            "row_note": request.POST.get("note", "")[:250] if error else "",
        }
        # The row, and the round's counter swapped out of band: the count stays live.
        rows = selectors.round_rows(user=user, round=round_)
        counter = {
            "checked": sum(1 for r in rows if r.item is not None),
            "total": len(rows),
            "oob": True,
        }
        template = "people/quality/reconciliation_detail.html"
        html = render_to_string(f"{template}#row", context, request) + render_to_string(
            f"{template}#counter", counter, request
        )
        return HttpResponse(html)
    if error:
        messages.error(request, f"{row.person.full_name}: {error}")
    return redirect("people:reconciliation_detail", pk=round_.pk)


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def reconciliation_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round_ = selectors.round_get_for_user(user=user, pk=pk)
    try:
        services.reconciliation_complete(actor=user, round=round_)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, _("Đã hoàn thành đợt rà soát."))
    return redirect("people:reconciliation_detail", pk=round_.pk)
