"""Leadership meetings (a conclusion becomes a task in one step), rewards and discipline."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from .. import forms, services
from ..models import Meeting, Reward

VIEW = Capability.VIEW_PLANS
MANAGE = Capability.MANAGE_PLANS


@require_GET
@scoped(VIEW)
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings = list(Meeting.objects.for_user(request.user).select_related("area")[:200])
    return render(
        request,
        "plans/meetings.html",
        {"meetings": meetings, "can_manage": request.user.can(MANAGE)},
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
    form = forms.TaskForm(post_data(request), user=request.user, area=meeting.area)
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
    rewards = list(
        Reward.objects.for_user(request.user).select_related("area", "document", "task")[:500]
    )
    return render(
        request, "plans/rewards.html", {"rewards": rewards, "can_manage": request.user.can(MANAGE)}
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
