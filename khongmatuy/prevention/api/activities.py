"""Communication activities (list, detail, record), their coverage, and organisation
commitments (list, detail, register).

Linked persons of a targeted session are given (as ids) only to roles with
``Capability.VIEW_PERSONS``, only those the caller sees, and each is logged as viewed, as the
activity's page does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.models import Area
from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.audit import services as audit
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import api_user, choice_field, text_input
from khongmatuy.common.api_registry import (
    BAD_INPUT,
    NOT_ALLOWED,
    ModelOutput,
    Registry,
    action_view,
    registry_urls,
)
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.people.models import Person

from .. import selectors, services
from ..choices import ActivityForm, Audience
from ..models import Activity, OrganisationCommitment
from ..selectors import coverage
from .common import (
    TAG,
    count_input,
    date_input,
    id_input,
    ids_input,
    organisation_in_scope,
    year_input,
)

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

# The persons of each activity the caller may see, set by ``_record_persons`` before output.
PERSONS_ATTRIBUTE = "kmt_persons"


class ActivityOutput(ModelOutput):
    persons = serializers.SerializerMethodField(
        help_text="Mã những người được tuyên truyền cá biệt (chỉ với vai trò xem được người "
        "trong diện quản lý; null với vai trò khác)."
    )

    class Meta:
        model = Activity
        fields = (
            "id",
            "area",
            "held_on",
            "form",
            "topic",
            "organiser",
            "audience",
            "audience_count",
            "groups",
            "organisations",
            "persons",
            "note",
            "created_at",
            "updated_at",
        )

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_persons(self, activity: Activity) -> list[int] | None:
        return getattr(activity, PERSONS_ATTRIBUTE, None)


def _record_persons(user: User, rows: Sequence[Activity]) -> None:
    """Attach the linked persons the caller sees (``VIEW_PERSONS`` only) and log each view."""
    if not user.can(Capability.VIEW_PERSONS):
        return
    links = Activity.persons.through.objects.filter(activity_id__in=[a.pk for a in rows])
    persons = {
        p.pk: p for p in Person.objects.for_user(user).filter(pk__in=links.values("person_id"))
    }
    by_activity: dict[int, list[int]] = {a.pk: [] for a in rows}
    for activity_id, person_id in links.values_list("activity_id", "person_id"):
        if person_id in persons:
            by_activity[activity_id].append(person_id)
    for activity in rows:
        setattr(activity, PERSONS_ATTRIBUTE, sorted(by_activity[activity.pk]))
    if persons:
        note = _("Hoạt động tuyên truyền cá biệt")
        audit.record_views(actor=user, shown=[(p, note) for p in persons.values()])


ACTIVITIES = Registry(
    name="prevention-activities",
    tag=TAG,
    label="hoạt động tuyên truyền",
    queryset=lambda user: Activity.objects.for_user(user).prefetch_related(
        "groups", "organisations"
    ),
    output=ActivityOutput,
    capability=Capability.VIEW_PREVENTION,
    ordering={"held_on": ("held_on",)},
    default_ordering="-held_on",
    choices={
        "form": ("form", ActivityForm.choices),
        "audience": ("audience", Audience.choices),
    },
    shown=_record_persons,
    description="Các hoạt động tuyên truyền ghi cho địa bàn trong phạm vi (ghi cho tổ dân phố "
    "khi chỉ đến một tổ, cho xã, phường khi đến nhiều nơi).",
)


class ActivityInput(serializers.Serializer[Any]):
    held_on = date_input("Ngày thực hiện (không sau hôm nay).")
    form = choice_field(ActivityForm.choices, help_text="Hình thức (không có mặc định).")
    topic = text_input(250, "Nội dung, chủ đề.", required=True)
    audience = choice_field(Audience.choices, help_text="Đối tượng (không có mặc định).")
    groups = ids_input("Mã các tổ dân phố được tuyên truyền (cùng một xã, phường).")
    organisations = ids_input("Mã các cơ quan, trường học, doanh nghiệp được tuyên truyền.")
    organiser = id_input("Mã đơn vị tổ chức.", required=False)
    audience_count = count_input("Số người tham dự.")
    persons = ids_input("Mã người được tuyên truyền cá biệt (chỉ hình thức cá biệt).")
    note = text_input(5000, "Ghi chú.")


def _areas(user: User, ids: list[int], field: str) -> list[Area]:
    found = {a.pk: a for a in Area.objects.for_user(user).filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise DomainError({field: [_("Không có địa bàn này trong phạm vi của tài khoản.")]})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _spec(user: User, data: dict[str, Any]) -> services.ActivitySpec:
    """The activity as typed, its ids resolved in the caller's scope (else 400 on the field)."""
    organisations = [
        organisation_in_scope(user, pk, "organisations")
        for pk in dict.fromkeys(data.pop("organisations"))
    ]
    persons_ids = data.pop("persons")
    persons = list(Person.objects.for_user(user).filter(pk__in=persons_ids))
    if len(persons) != len(set(persons_ids)):
        raise DomainError({"persons": [_("Không có người này trong phạm vi của tài khoản.")]})
    return services.ActivitySpec(
        groups=_areas(user, data.pop("groups"), "groups"),
        organisations=[o for o in organisations if o is not None],
        organiser=organisation_in_scope(user, data.pop("organiser", None), "organiser"),
        persons=persons,
        **data,
    )


def _with_reach(activity: Activity) -> Activity:
    return Activity.objects.prefetch_related("groups", "organisations").get(pk=activity.pk)


def _activity_record(user: User, _obj: Any, data: dict[str, Any]) -> Activity:
    spec = _spec(user, data)
    activity = services.activity_record(
        actor=user,
        today=timezone.localdate(),
        **{f: getattr(spec, f) for f in spec.__dataclass_fields__},
    )
    return _with_reach(activity)


def _activity_update(user: User, activity: Activity, data: dict[str, Any]) -> Activity:
    updated = services.activity_update(
        actor=user, activity=activity, spec=_spec(user, data), today=timezone.localdate()
    )
    return _with_reach(updated)


ActivityRecord = action_view(
    name="prevention-activities-create",
    tag=TAG,
    summary="Ghi một hoạt động tuyên truyền",
    description="Cùng dịch vụ với trang ghi hoạt động: mọi tổ dân phố, đơn vị phải cùng một xã, "
    "phường và trong phạm vi. Ảnh, biên bản chỉ tải lên qua trang. Trả 201.",
    capability=Capability.RECORD_PREVENTION,
    input_serializer=ActivityInput,
    output=ActivityOutput,
    created=True,
    perform=_activity_record,
    shown=_record_persons,
)
ActivityUpdate = action_view(
    name="prevention-activities-update",
    tag=TAG,
    summary="Sửa một hoạt động tuyên truyền",
    description="Gửi đủ các trường (như trang Sửa hoạt động); nơi được tuyên truyền được thay "
    "toàn bộ, độ phủ theo ngay. Người được tuyên truyền cá biệt chỉ đổi với vai trò xem được "
    "người trong diện quản lý.",
    capability=Capability.RECORD_PREVENTION,
    input_serializer=ActivityInput,
    output=ActivityOutput,
    method="put",
    lookup=lambda user, pk: selectors.activity_get_for_user(user=user, pk=pk),
    perform=_activity_update,
    shown=_record_persons,
)


# --- Coverage -------------------------------------------------------------------------------


class CoverageFilterInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn (mặc định: cả phạm vi).", required=False)
    on = date_input("Tính đến ngày (mặc định: hôm nay).", required=False)


class RatioOutput(serializers.Serializer[Any]):
    reached = serializers.IntegerField(help_text="Số đã đạt.")
    total = serializers.IntegerField(help_text="Tổng số phải đạt.")
    percent = serializers.IntegerField(allow_null=True, help_text="Tỷ lệ % (null khi tổng 0).")


@extend_schema_serializer(component_name="PreventionCommuneCoverage")
class CommuneRatioOutput(RatioOutput):
    commune_id = serializers.IntegerField(help_text="Mã xã, phường.")
    commune_name = serializers.CharField(help_text="Tên xã, phường.")


@extend_schema_serializer(component_name="PreventionCoverage")
class CoverageOutput(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="Tính đến ngày.")
    groups = RatioOutput(
        help_text="Tổ dân phố được tuyên truyền trong tháng / tổ phải tuyên truyền."
    )
    communes = CommuneRatioOutput(many=True, help_text="Như trên, theo từng xã, phường.")
    schools = RatioOutput(help_text="Trường học được tuyên truyền trong năm học / trường học.")
    workers = RatioOutput(help_text="Người lao động được tuyên truyền trong năm / người lao động.")


def coverage_params(request: Request) -> tuple[Area | None, date]:
    """``area`` (in the caller's scope, else 400) and ``on`` of a coverage request."""
    params = CoverageFilterInput(data=request.query_params)
    params.is_valid(raise_exception=True)
    user = api_user(request)
    area = area_in_scope(user, params.validated_data.get("area"), "area")
    return area, params.validated_data.get("on") or timezone.localdate()


class CoverageApi(ScopedAPIView):
    """Communication coverage: groups every month (Kế hoạch UBND phường Gia Viên III.1: at least
    once a month), schools every school year, workers every year (Kế hoạch UBND phường Thủy
    Nguyên II.4: over 70 %)."""

    required_capability = Capability.VIEW_PREVENTION

    @extend_schema(
        tags=[TAG],
        operation_id="prevention_coverage",
        summary="Độ phủ tuyên truyền: tổ dân phố, trường học, người lao động",
        description="Cùng số liệu với trang độ phủ tuyên truyền, trong phạm vi tài khoản.",
        parameters=[CoverageFilterInput],
        responses={200: CoverageOutput, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        area, on = coverage_params(request)
        data = {
            "on": on,
            "groups": coverage.month_coverage(user=user, on=on, area=area),
            "communes": coverage.by_commune(user=user, on=on, area=area),
            "schools": coverage.schools_reached(user=user, on=on, area=area),
            "workers": coverage.workers_reached(user=user, on=on, area=area),
        }
        return Response(CoverageOutput(data).data)


# --- Organisation commitments ---------------------------------------------------------------


class OrganisationCommitmentOutput(ModelOutput):
    class Meta:
        model = OrganisationCommitment
        fields = (
            "id",
            "organisation",
            "year",
            "signed_on",
            "head_name",
            "members_count",
            "members_named",
            "created_at",
        )


ORGANISATION_COMMITMENTS = Registry(
    name="organisation-commitments",
    tag=TAG,
    label="cam kết của cơ quan, tổ chức",
    queryset=lambda user: OrganisationCommitment.objects.for_user(user),
    output=OrganisationCommitmentOutput,
    capability=Capability.VIEW_PREVENTION,
    ordering={"year": ("year",), "signed_on": ("signed_on",)},
    default_ordering="-year",
    area_field="organisation__area",
)


class OrganisationCommitmentInput(serializers.Serializer[Any]):
    organisation = id_input("Mã cơ quan, đơn vị.")
    year = year_input("Năm cam kết (một lần mỗi năm).")
    signed_on = date_input("Ngày ký (trong năm cam kết hoặc cuối năm trước).")
    head_name = text_input(150, "Người đứng đầu chịu trách nhiệm.", required=True)
    members_count = count_input("Số người cam kết (mặc định: số dòng của danh sách).")
    members_named = text_input(20000, "Danh sách người cam kết, mỗi người một dòng.")


def _commitment_record(user: User, _obj: Any, data: dict[str, Any]) -> OrganisationCommitment:
    organisation = organisation_in_scope(user, data.pop("organisation"), "organisation")
    assert organisation is not None  # noqa: S101 - the input requires it
    return services.organisation_commitment_record(
        actor=user, organisation=organisation, today=timezone.localdate(), **data
    )


OrganisationCommitmentRecord = action_view(
    name="organisation-commitments-create",
    tag=TAG,
    summary="Đăng ký cam kết năm của cơ quan, tổ chức",
    description="Nghị quyết Đảng bộ phường Thành Đông III.2: người đứng đầu chịu trách nhiệm nếu "
    "phát sinh người nghiện. Mỗi đơn vị một cam kết mỗi năm. Trả 201.",
    capability=Capability.RECORD_PREVENTION,
    input_serializer=OrganisationCommitmentInput,
    output=OrganisationCommitmentOutput,
    created=True,
    perform=_commitment_record,
)

api_urlpatterns = [
    path("prevention/coverage/", CoverageApi.as_view(), name="api-prevention-coverage"),
    *registry_urls(
        replace(ACTIVITIES, list_mixin=ActivityRecord, detail_mixin=ActivityUpdate),
        replace(ORGANISATION_COMMITMENTS, list_mixin=OrganisationCommitmentRecord),
    ),
]
