"""The programme's pages: the overview of an area (money, projects behind schedule, indicators,
one level of drill-down), the list of commune projects, a project's money ledger, the
indicators, the national catalogue. Figures only: no person is shown. Queries per page are
constant in the number of rows (sums and counts in the database, ``selectors``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from khongmatuy.areas.models import Area, Level
from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for

from .. import forms
from ..models import Indicator, Project
from ..rules.schedule import progress
from ..selectors import indicators as indicator_selectors
from ..selectors import projects as project_selectors
from ..selectors.ledger import ledger_of, schedules
from .common import area_param, default_year, today, year_param

VIEW = Capability.VIEW_PROGRAMME
MANAGE = Capability.MANAGE_PROGRAMME


@dataclass(frozen=True)
class LedgerEntry:
    """One line of a project's money ledger, whatever its table, for the page's one list."""

    on: date
    kind: str
    source: str
    document: str
    content: str
    amount: Decimal


def _drill_level(request: AuthenticatedHttpRequest, area: Area | None) -> int | None:
    """The level shown one step below ``area``: provinces, communes, or none for a commune."""
    if area is None:
        scope = scope_for(request.user)
        return Level.PROVINCE if scope.everything else Level.COMMUNE
    if area.level == Level.COUNTRY:
        return Level.PROVINCE
    if area.level == Level.PROVINCE:
        return Level.COMMUNE
    return None


@require_GET
@scoped(VIEW)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = area_param(request)
    year = year_param(request)
    on = indicator_selectors.as_of(year, today())
    money = project_selectors.money_by_area(user=request.user, area=area, year=year, on=on)
    tree, indicators = indicator_selectors.indicator_rows(
        user=request.user, area=area, year=year, today=today()
    )
    level = _drill_level(request, area)
    subunits: list[dict[str, Any]] = []
    if level is not None:
        key = "province" if level == Level.PROVINCE else "commune"
        ids = (
            {p for p in tree.province_of.values() if p is not None}
            if level == Level.PROVINCE
            else set(tree.province_of)
        )
        names = Area.objects.filter(pk__in=ids).order_by("sort_key", "name")
        subunits = [
            {
                "area": unit,
                "money": money[key].get(unit.pk),
                "indicators": [(row, row.value_at(unit.pk)) for row in indicators],
            }
            for unit in names
        ]
    rows: list[project_selectors.ProjectRow] = []
    single_commune = area is not None and area.level == Level.COMMUNE
    if single_commune or (area is None and len(tree.province_of) == 1):
        rows = project_selectors.project_rows(
            user=request.user,
            filters=project_selectors.Filters(area=area, year=year),
            on=on,
        )
    context = {
        "area": area,
        "year": year,
        "on": on,
        "years": [y for y, _label in forms.YEARS],
        "total": money["commune"][None],
        "indicators": [(row, row.value_at(area.pk if area else None)) for row in indicators],
        "subunits": subunits,
        "drill_level": level,
        "rows": rows,
        "can_manage": request.user.can(MANAGE),
    }
    return render(request, "programme/overview.html", context)


@require_GET
@scoped(VIEW)
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None, user=request.user)
    filters = filters_of(form)
    on = indicator_selectors.as_of(filters.year, today())
    rows = project_selectors.project_rows(user=request.user, filters=filters, on=on)
    context = {
        "form": form,
        "rows": rows,
        "year": filters.year,
        "on": on,
        "total": project_selectors.total(rows),
        "can_manage": request.user.can(MANAGE),
        "export_password_required": exporter.password_required(sensitive=False),
    }
    return render(request, "programme/projects.html", context)


def filters_of(form: forms.FilterForm) -> project_selectors.Filters:
    """The list's filters (a bad value is ignored: the field shows its error)."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return project_selectors.Filters(
        area=data.get("area"),
        year=data.get("year") or default_year(),
        project=data.get("project"),
        late_only=bool(data.get("late")),
    )


@require_GET
@scoped(VIEW)
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cp = get_object_or_404(project_selectors.commune_projects(user=request.user), pk=pk)
    year = year_param(request)
    on = indicator_selectors.as_of(year, today())
    ledger = ledger_of(commune_project=cp, year=year)
    steps = schedules(project_ids=[cp.pk], year=year).get(cp.pk, [])

    def of_year(manager: Any, *related: str) -> list[Any]:
        return list(manager.filter(year=year).select_related(*related))

    entries = [
        LedgerEntry(
            a.decided_on,
            _("Giao vốn"),
            a.get_source_display(),
            a.decision,
            a.balanced_by.name if a.balanced_by else "",
            a.amount,
        )
        for a in of_year(cp.allocations, "balanced_by")
    ]
    entries += [
        LedgerEntry(
            a.decided_on, _("Điều chỉnh"), a.get_source_display(), a.decision, a.reason, a.amount
        )
        for a in of_year(cp.adjustments)
    ]
    entries += [
        LedgerEntry(c.signed_on, _("Cam kết chi"), "", c.document, c.content, c.amount)
        for c in of_year(cp.commitments)
    ]
    entries += [
        LedgerEntry(d.paid_on, _("Giải ngân"), "", d.document, d.content, d.amount)
        for d in of_year(cp.disbursements)
    ]
    context = {
        "cp": cp,
        "year": year,
        "on": on,
        "years": [y for y, _label in forms.YEARS],
        "ledger": ledger,
        "progress": progress(ledger, steps, on),
        "steps": steps,
        "entries": sorted(entries, key=lambda e: e.on),
        "outputs": of_year(cp.outputs),
        "can_manage": request.user.can(MANAGE),
    }
    return render(request, "programme/project.html", context)


@require_GET
@scoped(VIEW)
def indicator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = area_param(request)
    year = year_param(request)
    tree, rows = indicator_selectors.indicator_rows(
        user=request.user, area=area, year=year, today=today()
    )
    communes = Area.objects.filter(pk__in=list(tree.province_of)).order_by(
        "province__sort_key", "sort_key", "name"
    )
    context = {
        "area": area,
        "year": year,
        "years": [y for y, _label in forms.YEARS],
        "rows": [(row, row.value_at(area.pk if area else None)) for row in rows],
        "communes": [{"area": c, "values": [row.value_at(c.pk) for row in rows]} for c in communes],
        "indicators": [row.indicator for row in rows],
        "can_manage": request.user.can(MANAGE),
    }
    return render(request, "programme/indicators.html", context)


@require_GET
@scoped(VIEW)
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The programme's projects and indicators as national data, each confirmed or not."""
    context = {
        "projects": Project.objects.select_related("parent"),
        "indicators": Indicator.objects.prefetch_related("targets"),
        "can_confirm": request.user.can(Capability.CONFIGURE_RULES),
    }
    return render(request, "programme/catalogue.html", context)
