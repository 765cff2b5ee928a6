"""Episode pages: deadline lists, opening a measure, its actions, the compulsory-rehab dossier
checklist and the legal-rules table. Views stay thin: select (404 out of scope), validate the
form, call the service, then redirect or re-render with the service's refusal on the form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.errors import InvalidTransition
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability

from ..choices import EpisodeKind
from ..forms import episodes as episode_forms
from ..models import DossierItem, Episode
from ..rules import transitions
from ..rules.dossier import COURT_DECISION, dossier_item_required
from ..selectors import episodes as selectors
from ..selectors.persons import person_get_for_user
from ..services import episodes as services

PAGE_SIZE = 50
MAX_WINDOW_DAYS = 365
TABS = ("ending", "overdue", "kind", "group")


def _window(raw: str | None) -> int:
    try:
        days = int(raw or selectors.DEFAULT_WINDOW_DAYS)
    except ValueError:
        return selectors.DEFAULT_WINDOW_DAYS
    return min(max(days, 1), MAX_WINDOW_DAYS)


# --- deadline lists ---------------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
def deadlines(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Tabs: ending within N days (default 30), overdue, active by kind, by residential group."""
    user, today = request.user, timezone.localdate()
    tab = request.GET.get("tab", "ending")
    tab = tab if tab in TABS else "ending"
    days = _window(request.GET.get("days"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in EpisodeKind.values else ""
    area_id = parse_id(request.GET.get("area"))
    counts: list[selectors.CountRow] = []
    episodes = None
    if tab == "ending":
        episodes = selectors.ending_within(user=user, today=today, days=days)
    elif tab == "overdue":
        episodes = selectors.overdue(user=user, today=today)
    elif tab == "kind":
        counts = selectors.counts_by_kind(user=user, today=today, days=days)
        if kind:
            episodes = selectors.active_of_kind(user=user, kind=kind)
    else:
        counts = selectors.counts_by_group(user=user, today=today, days=days)
        if area_id is not None:
            # An area the user does not see is a 404, as in every other list filter.
            get_object_or_404(Area.objects.for_user(user), pk=area_id)
            episodes = selectors.active_in_area(user=user, area_id=area_id)
    page = (
        Paginator(episodes, PAGE_SIZE).get_page(request.GET.get("page"))
        if episodes is not None
        else None
    )
    context = {
        "tab": tab,
        "days": days,
        "kind": kind,
        "area_id": str(area_id) if area_id else "",
        "counts": counts,
        "page": page,
        "today": today,
        "kinds": EpisodeKind.choices,
    }
    template = "people/episodes/deadlines.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


# --- opening ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def open_episode(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open a measure for the person ``pk`` (``?kind=`` preselects one)."""
    person = person_get_for_user(user=request.user, pk=pk)
    initial = {"kind": request.GET.get("kind", ""), "started_on": timezone.localdate()}
    form = episode_forms.OpenForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            episode = services.episode_open(
                person=person,
                kind=data["kind"],
                started_on=data["started_on"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                authority=data["authority"],
                planned_months=data["planned_months"],
                facility=data["facility"],
                deducted_days=data["deducted_days"] or 0,
                actor=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(
                request, _("Đã mở biện pháp “%(kind)s”.") % {"kind": episode.get_kind_display()}
            )
            return redirect("people:episode_detail", pk=episode.pk)
    shown(request, person)
    return render(request, "people/episodes/open.html", {"person": person, "form": form})


# --- an episode and its actions ---------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_get_for_user(user=request.user, pk=pk)
    audit.record_view(actor=request.user, obj=episode.person, note=_("Xem biện pháp quản lý"))
    row = selectors.episode_detail(user=request.user, episode=episode, today=timezone.localdate())
    return render(
        request,
        "people/episodes/detail.html",
        {
            "row": row,
            "episode": row.episode,
            "person": episode.person,
            "can_manage": request.user.can(Capability.MANAGE_PERSONS),
            "can_see_sensitive": request.user.can(Capability.VIEW_SENSITIVE),
        },
    )


_Run = Callable[[Episode, dict[str, Any], AuthenticatedHttpRequest, date], Episode]


def _action(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    action: transitions.Action,
    form_class: type[BaseForm],
    run: _Run,
    title: str,
    done: str,
) -> HttpResponse:
    """GET shows the action's form; POST runs the service (refusals go back on the form)."""
    episode = selectors.episode_get_for_user(user=request.user, pk=pk)
    form = form_class(post_data(request), episode=episode)  # type: ignore[call-arg]
    blocked: list[str] = []
    try:
        transitions.check_action(episode, action)
    except InvalidTransition as exc:
        blocked = exc.messages
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            result = run(episode, form.cleaned_data, request, timezone.localdate())
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, done)
            return redirect("people:episode_detail", pk=result.pk)
    shown(request, episode.person)
    status = 200 if not (request.method == "POST" and blocked) else 409
    return render(
        request,
        "people/episodes/action.html",
        {
            "episode": episode,
            "person": episode.person,
            "form": form,
            "title": title,
            "blocked": blocked,
            "action_url": request.path,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(e: Episode, d: dict[str, Any], r: AuthenticatedHttpRequest, today: date) -> Episode:
        return services.episode_complete(
            episode=e,
            ended_on=d["ended_on"],
            outcome=d["outcome"],
            early_reason=d.get("early_reason") or "",
            addicted=d.get("addicted"),
            actor=r.user,
            today=today,
        )

    return _action(
        request,
        pk,
        action=transitions.Action.COMPLETE,
        form_class=episode_forms.CompleteForm,
        run=run,
        title=_("Kết thúc (hoàn thành) biện pháp"),
        done=_("Đã ghi nhận hoàn thành."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(e: Episode, d: dict[str, Any], r: AuthenticatedHttpRequest, today: date) -> Episode:
        return services.episode_stop(
            episode=e,
            ended_on=d["ended_on"],
            reason=d["reason"],
            note=d["note"],
            actor=r.user,
            today=today,
        )

    return _action(
        request,
        pk,
        action=transitions.Action.STOP,
        form_class=episode_forms.StopForm,
        run=run,
        title=_("Dừng biện pháp trước thời hạn"),
        done=_("Đã dừng biện pháp."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def restart(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(e: Episode, d: dict[str, Any], r: AuthenticatedHttpRequest, today: date) -> Episode:
        return services.episode_restart(
            episode=e,
            started_on=d["started_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            authority=d["authority"],
            note=d["note"],
            actor=r.user,
            today=today,
        )

    return _action(
        request,
        pk,
        action=transitions.Action.RESTART,
        form_class=episode_forms.RestartForm,
        run=run,
        title=_("Tái sử dụng: tính lại thời hạn quản lý"),
        done=_("Đã tính lại thời hạn quản lý từ quyết định mới."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(e: Episode, d: dict[str, Any], r: AuthenticatedHttpRequest, today: date) -> Episode:
        return services.episode_extend(
            episode=e,
            planned_months=d["planned_months"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            note=d["note"],
            actor=r.user,
            today=today,
        )

    return _action(
        request,
        pk,
        action=transitions.Action.EXTEND,
        form_class=episode_forms.ExtendForm,
        run=run,
        title=_("Điều chỉnh thời hạn"),
        done=_("Đã điều chỉnh thời hạn."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(e: Episode, d: dict[str, Any], r: AuthenticatedHttpRequest, today: date) -> Episode:
        return services.episode_cancel(episode=e, reason=d["reason"], actor=r.user, today=today)

    return _action(
        request,
        pk,
        action=transitions.Action.CANCEL,
        form_class=episode_forms.CancelForm,
        run=run,
        title=_("Hủy biện pháp (nhập nhầm)"),
        done=_("Đã hủy biện pháp."),
    )


# --- the dossier checklist --------------------------------------------------------------------


def _dossier_context(
    request: AuthenticatedHttpRequest,
    episode: Episode,
    *,
    errored: DossierItem | None = None,
    errored_form: BaseForm | None = None,
) -> dict[str, Any]:
    row = selectors.episode_detail(user=request.user, episode=episode, today=timezone.localdate())
    can_manage = request.user.can(Capability.MANAGE_PERSONS) and episode.status == "active"
    items = []
    for item in row.dossier_items:
        if errored is not None and item.pk == errored.pk:
            form = errored_form
        elif can_manage:
            form = episode_forms.DossierItemForm(
                initial={"done_on": item.done_on, "reference": item.reference, "note": item.note},
                is_court_decision=item.code == COURT_DECISION,
                prefix=f"item{item.pk}",
            )
        else:
            form = None
        items.append((item, form, dossier_item_required(item.code)))
    return {
        "row": row,
        "episode": row.episode,
        "person": episode.person,
        "items": items,
        "can_manage": can_manage,
        "can_see_sensitive": request.user.can(Capability.VIEW_SENSITIVE),
        "today": timezone.localdate(),
    }


@require_GET
@scoped(Capability.VIEW_PERSONS)
def dossier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_get_for_user(user=request.user, pk=pk)
    if episode.kind != EpisodeKind.COMPULSORY_DOSSIER:
        raise Http404
    audit.record_view(
        actor=request.user, obj=episode.person, note=_("Xem hồ sơ cai nghiện bắt buộc")
    )
    return render(request, "people/episodes/dossier.html", _dossier_context(request, episode))


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def dossier_item_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.dossier_item_get_for_user(user=request.user, pk=pk)
    is_court = item.code == COURT_DECISION
    form = episode_forms.DossierItemForm(
        request.POST, is_court_decision=is_court, prefix=f"item{item.pk}"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dossier_item_set(
                item=item,
                done_on=data["done_on"],
                reference=data["reference"],
                note=data["note"],
                court_applies=data.get("court_applies", True),
                actor=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã cập nhật: %(title)s.") % {"title": item.title})
            if request.htmx:
                return HttpResponseClientRedirect(f"{_dossier_url(item.episode_id)}#item-{item.pk}")
            return redirect("people:dossier", pk=item.episode_id)
    if request.htmx:  # only the item's card goes back, with its errors
        context = {
            "item": item,
            "form": form,
            "required": dossier_item_required(item.code),
            "can_see_sensitive": request.user.can(Capability.VIEW_SENSITIVE),
            "today": timezone.localdate(),
        }
        return render(request, "people/episodes/dossier.html#item", context)
    context = _dossier_context(request, item.episode, errored=item, errored_form=form)
    return render(request, "people/episodes/dossier.html", context)


def _dossier_url(episode_id: int) -> str:
    return reverse("people:dossier", args=[episode_id])


# --- legal rules ------------------------------------------------------------------------------


@require_GET
@scoped(Capability.VIEW_PERSONS)
def legal_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "people/episodes/legal_rules.html",
        {
            "rows": selectors.legal_rules(today=today),
            "today": today,
            "can_configure": request.user.can(Capability.CONFIGURE_RULES),
        },
    )
