"""Rule-set pages: the list of rule sets and their versions, one version's conditions, composing a
local rule set (or a new version of one) without code, and confirming an UNCONFIRMED threshold of
Decision 28/2025/QĐ-TTg from the official text.

Rule sets are definitions, not area records: reading them needs ``VIEW_CRITERIA``; composing and
confirming need ``COMPOSE_RULES`` (the administrator; 403 for everyone else). Thin views: forms
parse, ``services.rules`` decide, and their refusals come back next to the row and field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.areas.models import Level
from khongmatuy.common.access import scoped
from khongmatuy.common.dates import today_or
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.criteria.engine import METRICS, RuleSetSpec
from khongmatuy.criteria.evaluate import format_number, group_of
from khongmatuy.criteria.forms import (
    BaseConditionFormSet,
    ConditionFormSet,
    RuleSetForm,
)
from khongmatuy.criteria.rules import decision28, registry
from khongmatuy.criteria.services import rules as services_rules

VIEW = Capability.VIEW_CRITERIA
COMPOSE = Capability.COMPOSE_RULES
EXTRA_ROWS = 3

# --- helpers ----------------------------------------------------------------------------------


def _spec_or_404(code: str, version: int | str) -> RuleSetSpec:
    spec = registry.rule_set_version(code, version)
    if spec is None:
        raise Http404
    return spec


def condition_rows(spec: RuleSetSpec) -> list[dict[str, Any]]:
    """A version's conditions ready for a table: OR alternatives marked, numbers formatted."""
    groups: dict[str, int] = {}
    for c in spec.conditions:
        groups[group_of(c.code)] = groups.get(group_of(c.code), 0) + 1
    rows = []
    for c in spec.conditions:
        metric = METRICS.get(c.metric)
        rows.append(
            {
                "spec": c,
                "label": str(c.label),
                "metric_label": str(metric.label) if metric else c.metric,
                "unit": {"percent": "%", "m2": "m²"}.get(metric.unit, "") if metric else "",
                "threshold": format_number(c.threshold) if c.threshold is not None else "",
                "alternative": groups[group_of(c.code)] > 1,
                "window": c.window_months
                or (spec.window_months if metric and metric.windowed else None),
            }
        )
    return rows


def _unconfirmed(spec: RuleSetSpec) -> int:
    return sum(1 for c in spec.conditions if not c.confirmed)


# --- views ------------------------------------------------------------------------------------


@require_GET
@scoped(VIEW)
def rule_sets(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = today_or(None)
    entries = [
        {
            "entry": entry,
            "versions": [
                {
                    "spec": spec,
                    "unconfirmed": _unconfirmed(spec),
                    "in_force": spec is entry.in_force,
                }
                for spec in reversed(entry.versions)
            ],
        }
        for entry in registry.catalogue(on=today)
    ]
    return render(
        request,
        "criteria/rules/list.html",
        {"entries": entries, "today": today, "can_compose": request.user.can(COMPOSE)},
    )


@require_GET
@scoped(VIEW)
def rule_set_detail(request: AuthenticatedHttpRequest, code: str, version: int) -> HttpResponse:
    spec = _spec_or_404(code, version)
    in_force = registry.rule_set_for(code, on=today_or(None))
    return render(
        request,
        "criteria/rules/detail.html",
        {
            "spec": spec,
            "rows": condition_rows(spec),
            "level": Level(spec.level).label,
            "in_force": in_force is not None and in_force.version == spec.version,
            "unconfirmed": _unconfirmed(spec),
            "is_decision28": registry.is_decision28(code),
            "is_latest": (latest := registry.latest(code)) is not None
            and latest.version == spec.version,
            "can_compose": request.user.can(COMPOSE),
            "can_confirm": request.user.can(Capability.CONFIGURE_RULES),
            "effective_built_in": decision28.EFFECTIVE,
        },
    )


def _initial_from(spec: RuleSetSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    head = {
        "code": spec.code,
        "name": str(spec.name),
        "level": spec.level,
        "combination": spec.combination,
        "at_least": spec.at_least,
        "window_months": spec.window_months,
        "source": spec.source,
    }
    rows = [
        {
            "code": c.code,
            "label": str(c.label),
            "metric": c.metric,
            "comparator": c.comparator,
            "threshold": c.threshold,
            "window_months": c.window_months,
            "article": c.article,
        }
        for c in spec.conditions
    ]
    return head, rows


@require_http_methods(["GET", "POST"])
@scoped(COMPOSE)
def rule_set_compose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new local rule set, or (``?code=``) a new version of an existing local one."""
    base_code = request.GET.get("code") or None
    base: RuleSetSpec | None = None
    head_initial: dict[str, Any] = {"window_months": 12, "combination": "all"}
    rows_initial: list[dict[str, Any]] = []
    if base_code:
        base = registry.latest(base_code)
        if base is None or registry.is_decision28(base_code):
            raise Http404
        head_initial, rows_initial = _initial_from(base)
    data = post_data(request)
    form = RuleSetForm(data, initial=head_initial, user=request.user, fixed_code=base_code)
    formset: BaseConditionFormSet = ConditionFormSet(  # type: ignore[assignment]
        data, initial=rows_initial, prefix="conditions"
    )
    formset.extra = EXTRA_ROWS if len(rows_initial) + EXTRA_ROWS <= 30 else 0
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        filled = formset.rows()
        cleaned = form.cleaned_data
        try:
            version = services_rules.rule_set_compose(
                actor=request.user,
                code=cleaned["code"],
                name=cleaned["name"],
                level=cleaned["level"],
                combination=cleaned["combination"],
                at_least=cleaned["at_least"],
                window_months=cleaned["window_months"],
                effective_from=cleaned["effective_from"],
                source=cleaned["source"],
                owner_area=cleaned["owner_area"],
                conditions=[{**row, "row": i} for i, row in filled],
                new_version_of=base_code,
            )
        except ValidationError as exc:
            _errors_to_forms(exc, form, formset)
        else:
            messages.success(
                request,
                _("Đã lưu bộ tiêu chí “%(name)s”, phiên bản %(version)d.")
                % {"name": version.name, "version": version.version},
            )
            return redirect("criteria:rule_set_detail", code=version.code, version=version.version)
    return render(
        request,
        "criteria/rules/compose.html",
        {
            "form": form,
            "formset": formset,
            "base": base,
            "max_conditions": services_rules.MAX_CONDITIONS,
            "metrics": [(code, m.label, m.unit, m.windowed) for code, m in METRICS.items()],
        },
    )


def _errors_to_forms(exc: ValidationError, form: forms.Form, formset: BaseConditionFormSet) -> None:
    """Service errors keyed ``conditions-<row>-<field>`` go on that row's field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    head: dict[str, list[str]] = {}
    for key, errs in exc.message_dict.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "conditions" and parts[1].isdigit():
            n = int(parts[1])
            if n < len(formset.forms) and parts[2] in formset.forms[n].fields:
                formset.forms[n].add_error(parts[2], errs)
                continue
        if key.startswith("conditions"):
            form.add_error(None, errs)
            continue
        head[key] = errs
    if head:
        errors_to_form(ValidationError(head), form)
