"""Leadership meetings (a conclusion becomes a task in one step), rewards and discipline."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import Column, Sheet
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, services
from ..choices import MeetingKind, RewardKind, RewardStage
from ..models import Meeting, Reward
from .common import send

VIEW = Capability.VIEW_PLANS
MANAGE = Capability.MANAGE_PLANS


def _meetings(request: AuthenticatedHttpRequest) -> tuple[list[Meeting], str]:
    kind = request.GET.get("kind", "")
    kind = kind if kind in MeetingKind.values else ""
    qs = Meeting.objects.for_user(request.user).select_related("area")
    return list((qs.filter(kind=kind) if kind else qs)[:500]), kind


def _rewards(request: AuthenticatedHttpRequest) -> tuple[list[Reward], str, str]:
    kind = request.GET.get("kind", "")
    kind = kind if kind in RewardKind.values else ""
    stage = request.GET.get("stage", "")
    stage = stage if stage in RewardStage.values else ""
    qs = Reward.objects.for_user(request.user).select_related("area", "document", "task")
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    return list(qs[:500]), kind, stage


@require_GET
@scoped(VIEW)
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings, kind = _meetings(request)
    context = {
        "meetings": meetings,
        "kind": kind,
        "kinds": MeetingKind.choices,
        "query": request.GET.urlencode(),
        "export_password_required": exporter.password_required(sensitive=False),
        "can_manage": request.user.can(MANAGE),
    }
    return render(request, "plans/meetings.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def meeting_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings, _kind = _meetings(request)
    sheet = Sheet(
        "Cuoc hop",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Ngày họp"), lambda r: r[1].held_on),
            Column(_("Loại"), lambda r: r[1].get_kind_display()),
            Column(_("Cuộc họp"), lambda r: r[1].title, width=40),
            Column(_("Chủ trì"), lambda r: r[1].chair, width=24),
            Column(_("Kết luận"), lambda r: r[1].conclusions, width=60),
            Column(_("Địa bàn"), lambda r: r[1].area.name, width=24),
        ],
        enumerate(meetings, 1),
    )
    return send(
        request,
        sheet=sheet,
        model_label=Meeting._meta.label,
        title=_("Cuộc họp"),
        unit=_("cuộc họp"),
        back=reverse("plans:meetings"),
        filename="cuoc-hop",
    )


@require_GET
@scoped(VIEW)
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.for_user(request.user).select_related("area"), pk=pk
    )
    tasks = list(meeting.tasks.select_related("lead").order_by("due_on", "pk"))
    return render(
        request,
        "plans/meeting.html",
        {"meeting": meeting, "tasks": tasks, "can_manage": request.user.can(MANAGE)},
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.MeetingForm(post_data(request), user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.meeting_create(
            actor=request.user, today=timezone.localdate(), **form.cleaned_data
        ),
        template="plans/form.html",
        context={"title": _("Ghi cuộc họp"), "back": reverse("plans:meetings")},
        done=_("Đã ghi cuộc họp."),
        success_url=lambda m: m.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def conclusion_task(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A conclusion of the meeting becomes a task with the six "rõ", in one step."""
    meeting = get_object_or_404(
        Meeting.objects.for_user(request.user).select_related("area"), pk=pk
    )
    items = meeting.conclusion_items()
    initial = {"accepting_authority": meeting.chair}  # the chair who concluded, by default
    item = request.GET.get("item", "")
    if item.isdigit() and 1 <= int(item) <= len(items):
        initial["content"] = items[int(item) - 1]  # ?item=N: the N-th conclusion as the task
    form = forms.TaskForm(post_data(request), user=request.user, area=meeting.area, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda: services.task_create(
            actor=request.user, meeting=meeting, **form.service_kwargs()
        ),
        template="plans/form.html",
        context={
            "title": _("Giao nhiệm vụ từ kết luận cuộc họp"),
            "back": meeting.get_absolute_url(),
            "conclusions": meeting.conclusions,
        },
        done=_("Đã giao nhiệm vụ."),
        success_url=lambda t: t.get_absolute_url(),
    )


@require_GET
@scoped(VIEW)
def reward_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rewards, kind, stage = _rewards(request)
    context = {
        "rewards": rewards,
        "kind": kind,
        "stage": stage,
        "kinds": RewardKind.choices,
        "stages": RewardStage.choices,
        "query": request.GET.urlencode(),
        "export_password_required": exporter.password_required(sensitive=False),
        "can_manage": request.user.can(MANAGE),
    }
    return render(request, "plans/rewards.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def reward_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    rewards, _kind, _stage = _rewards(request)
    sheet = Sheet(
        "Khen thuong ky luat",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Ngày đề nghị"), lambda r: r[1].proposed_on),
            Column(_("Loại"), lambda r: r[1].get_kind_display()),
            Column(_("Tập thể, cá nhân"), lambda r: r[1].recipient, width=30),
            Column(_("Tập thể hay cá nhân"), lambda r: r[1].get_subject_display()),
            Column(_("Hình thức"), lambda r: r[1].form, width=24),
            Column(_("Lý do"), lambda r: r[1].reason, width=50),
            Column(_("Số quyết định"), lambda r: r[1].decision_number),
            Column(_("Ngày quyết định"), lambda r: r[1].decision_date),
            Column(_("Cấp quyết định"), lambda r: r[1].decision_authority, width=24),
            Column(_("Kế hoạch"), lambda r: r[1].document.number if r[1].document else ""),
            Column(_("Địa bàn"), lambda r: r[1].area.name, width=24),
        ],
        enumerate(rewards, 1),
    )
    return send(
        request,
        sheet=sheet,
        model_label=Reward._meta.label,
        title=_("Khen thưởng, kỷ luật"),
        unit=_("bản ghi"),
        back=reverse("plans:rewards"),
        filename="khen-thuong-ky-luat",
    )


@require_GET
@scoped(VIEW)
def reward_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reward = get_object_or_404(
        Reward.objects.for_user(request.user).select_related("area", "document", "task"), pk=pk
    )
    return render(
        request, "plans/reward.html", {"reward": reward, "can_manage": request.user.can(MANAGE)}
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def reward_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.RewardForm(post_data(request), user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.reward_create(
            actor=request.user, today=timezone.localdate(), **form.cleaned_data
        ),
        template="plans/form.html",
        context={"title": _("Đề nghị khen thưởng, kỷ luật"), "back": reverse("plans:rewards")},
        done=_("Đã ghi."),
        success_url=lambda r: r.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@scoped(MANAGE)
def reward_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reward = get_object_or_404(Reward.objects.for_user(request.user), pk=pk)
    form = forms.DecideForm(post_data(request))
    return form_page(
        request,
        form=form,
        save=lambda: services.reward_decide(
            actor=request.user, reward=reward, today=timezone.localdate(), **form.cleaned_data
        ),
        template="plans/form.html",
        context={"title": _("Ghi quyết định"), "back": reward.get_absolute_url()},
        done=_("Đã ghi quyết định."),
        success_url=lambda r: r.get_absolute_url(),
    )
