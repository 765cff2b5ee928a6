"""Plans API, v1: plan documents, tasks (list, detail, create, update), progress reports,
acceptance and return, meetings. Every read starts from ``objects.for_user`` (an agency token
sees only its organisation's tasks); every write calls the same service as the page."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from khongmatuy.areas.models import Organisation
from khongmatuy.common.api import choice_field, date_input, id_input, text_input
from khongmatuy.common.api_registry import ModelOutput, Registry, action_view, registry_urls
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability

from . import selectors, services
from .choices import DocumentKind, MeetingKind, Recurrence, TaskStatus
from .models import Meeting, PlanDocument, Task

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Kế hoạch, nhiệm vụ"


class DocumentOutput(ModelOutput):
    class Meta:
        model = PlanDocument
        fields = (
            "id",
            "area",
            "kind",
            "number",
            "issued_on",
            "issuing_body",
            "signer_name",
            "signer_position",
            "summary",
            "period_start",
            "period_end",
            "implements",
            "implements_text",
            "roadmap",
            "targets",
            "version",
            "updated_at",
        )


class TaskOutput(ModelOutput):
    class Meta:
        model = Task
        fields = (
            "id",
            "area",
            "document",
            "meeting",
            "section",
            "content",
            "lead",
            "coordinators",
            "officer_name",
            "officer_position",
            "recurrence",
            "first_due_on",
            "due_on",
            "repeat_until",
            "expected_output",
            "accepting_authority",
            "status",
            "percent",
            "last_reported_on",
            "version",
            "updated_at",
        )


class MeetingOutput(ModelOutput):
    class Meta:
        model = Meeting
        fields = ("id", "area", "kind", "held_on", "title", "chair", "attendees", "conclusions")


DOCUMENTS = Registry(
    name="plan-documents",
    tag=TAG,
    label="văn bản kế hoạch",
    queryset=lambda user: PlanDocument.objects.for_user(user),
    output=DocumentOutput,
    capability=Capability.VIEW_PLANS,
    ordering={"issued_on": ("issued_on",)},
    default_ordering="-issued_on",
    choices={"kind": ("kind", DocumentKind.choices)},
    description="Kế hoạch, nghị quyết, quyết định, chỉ thị của địa bàn; số, ký hiệu theo Nghị "
    "định 30/2020/NĐ-CP.",
)
TASKS = Registry(
    name="plan-tasks",
    tag=TAG,
    label="nhiệm vụ",
    queryset=lambda user: Task.objects.for_user(user).prefetch_related("coordinators"),
    output=TaskOutput,
    capability=Capability.VIEW_TASKS,
    ordering={"due_on": ("due_on",)},
    default_ordering="due_on",
    choices={
        "status": ("status", TaskStatus.choices),
        "recurrence": ("recurrence", Recurrence.choices),
    },
    description="Nhiệm vụ với sáu “rõ”. Tài khoản cơ quan, đơn vị chỉ thấy nhiệm vụ đơn vị mình "
    "chủ trì hoặc phối hợp.",
)
MEETINGS = Registry(
    name="plan-meetings",
    tag=TAG,
    label="cuộc họp",
    queryset=lambda user: Meeting.objects.for_user(user),
    output=MeetingOutput,
    capability=Capability.VIEW_PLANS,
    ordering={"held_on": ("held_on",)},
    default_ordering="-held_on",
    choices={"kind": ("kind", MeetingKind.choices)},
)


class TaskInput(serializers.Serializer[Any]):
    section = text_input(50, "Mục trong văn bản.")
    content = text_input(5000, "Nội dung nhiệm vụ (rõ việc).")
    lead = id_input("Mã đơn vị chủ trì (rõ trách nhiệm).", required=False)
    coordinators = serializers.ListField(
        child=id_input("Mã đơn vị phối hợp."),
        required=False,
        default=list,
        max_length=50,
        help_text="Các đơn vị phối hợp (rõ trách nhiệm).",
    )
    officer_name = text_input(150, "Người chịu trách nhiệm (rõ người).")
    officer_position = text_input(150, "Chức vụ.")
    recurrence = choice_field(
        [("", "—"), *Recurrence.choices],
        required=False,
        default="",
        help_text="Thời hạn (rõ thời gian): một lần, hằng tháng, hằng quý, hằng năm.",
    )
    first_due_on = date_input("Hạn (hạn đầu tiên nếu lặp lại).", required=False)
    repeat_until = date_input("Lặp lại đến ngày.", required=False)
    expected_output = text_input(500, "Sản phẩm (rõ sản phẩm).")
    accepting_authority = text_input(200, "Cấp nghiệm thu (rõ thẩm quyền).")


class TaskCreateInput(TaskInput):
    document = id_input("Mã văn bản giao nhiệm vụ.")


class ProgressInput(serializers.Serializer[Any]):
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text="Tiến độ (%).")
    text = text_input(5000, "Kết quả thực hiện.", required=True)
    done = serializers.BooleanField(
        required=False, default=False, help_text="Đã hoàn thành, đề nghị nghiệm thu."
    )


class TaskReviewInput(serializers.Serializer[Any]):
    note = text_input(250, "Nhận xét; lý do trả lại (bắt buộc khi trả lại).")


def _organisations(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The organisation ids of the input as rows the user sees (an unseen one is refused)."""
    for optional in ("first_due_on", "repeat_until"):
        data.setdefault(optional, None)
    seen = Organisation.objects.for_user(user).select_related("area")
    lead_id = data.pop("lead", None)
    ids = list(dict.fromkeys(data.pop("coordinators", [])))
    found = {o.pk: o for o in seen.filter(pk__in=[*ids, *([lead_id] if lead_id else [])])}
    if lead_id is not None and lead_id not in found:
        raise DomainError({"lead": [_("Không có đơn vị này trong phạm vi của tài khoản.")]})
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise DomainError({"coordinators": [_("Không có đơn vị này trong phạm vi của tài khoản.")]})
    return {
        **data,
        "lead": found.get(lead_id) if lead_id else None,
        "coordinators": [found[pk] for pk in ids],
    }


def _task_create(user: User, _obj: Any, data: dict[str, Any]) -> Task:
    document = PlanDocument.objects.for_user(user).filter(pk=data.pop("document")).first()
    if document is None:
        raise DomainError({"document": [_("Không có văn bản này trong phạm vi của tài khoản.")]})
    return services.task_create(actor=user, document=document, **_organisations(user, data))


def _task_update(user: User, task: Task, data: dict[str, Any]) -> Task:
    return services.task_update(actor=user, task=task, **_organisations(user, data))


def _task(user: User, pk: int) -> Task:
    return selectors.task_get(user=user, pk=pk)


TaskCreate = action_view(
    name="plan-tasks-create",
    tag=TAG,
    summary="Giao một nhiệm vụ theo văn bản",
    description="Thiếu một trong sáu “rõ” trả 400 nêu đúng trường. Trả 201.",
    capability=Capability.MANAGE_PLANS,
    input_serializer=TaskCreateInput,
    output=TaskOutput,
    created=True,
    perform=_task_create,
)
TaskUpdate = action_view(
    name="plan-tasks-update",
    tag=TAG,
    summary="Sửa nhiệm vụ",
    description="Gửi đủ sáu “rõ”.",
    capability=Capability.MANAGE_PLANS,
    input_serializer=TaskInput,
    output=TaskOutput,
    lookup=_task,
    perform=_task_update,
    method="patch",
)
TaskProgress = action_view(
    name="plan-tasks-progress",
    tag=TAG,
    summary="Báo cáo tiến độ nhiệm vụ",
    description="Đơn vị chủ trì, phối hợp báo cáo; done=true đề nghị nghiệm thu (tiến độ 100 %).",
    capability=Capability.REPORT_TASKS,
    input_serializer=ProgressInput,
    output=TaskOutput,
    lookup=_task,
    perform=lambda user, task, data: (
        services.task_report(
            actor=user,
            task=task,
            percent=data["percent"],
            text_done=data["text"],
            done=data["done"],
            today=timezone.localdate(),
        ).task
    ),
)
TaskAccept = action_view(
    name="plan-tasks-accept",
    tag=TAG,
    summary="Nghiệm thu nhiệm vụ",
    description="Chỉ nhiệm vụ đã báo cáo hoàn thành; nhiệm vụ lặp lại chuyển sang kỳ hạn sau.",
    capability=Capability.ACCEPT_TASKS,
    input_serializer=TaskReviewInput,
    output=TaskOutput,
    lookup=_task,
    perform=lambda user, task, data: services.task_accept(
        actor=user, task=task, today=timezone.localdate(), note=data["note"]
    ),
)
TaskReturn = action_view(
    name="plan-tasks-return",
    tag=TAG,
    summary="Trả lại nhiệm vụ để làm lại",
    description="Ghi lý do trong note.",
    capability=Capability.ACCEPT_TASKS,
    input_serializer=TaskReviewInput,
    output=TaskOutput,
    lookup=_task,
    perform=lambda user, task, data: services.task_return(
        actor=user, task=task, reason=data["note"], today=timezone.localdate()
    ),
)

api_urlpatterns = [
    *registry_urls(
        DOCUMENTS, replace(TASKS, list_mixin=TaskCreate, detail_mixin=TaskUpdate), MEETINGS
    ),
    path("plan-tasks/<int:pk>/progress/", TaskProgress.as_view(), name="api-plan-task-progress"),
    path("plan-tasks/<int:pk>/accept/", TaskAccept.as_view(), name="api-plan-task-accept"),
    path("plan-tasks/<int:pk>/return/", TaskReturn.as_view(), name="api-plan-task-return"),
]
