"""Cases API, v1: drug crime cases and administrative violations, the persons involved
(arrests) and the seizures. Reads through ``objects.for_user``; the status step calls
``cases.services.case_set_status``. A person linked to a case is logged as viewed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.audit import services as audit
from khongmatuy.common.api import choice_field, date_input, id_input, text_input
from khongmatuy.common.api_registry import ModelOutput, Registry, action_view, registry_urls
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.people.models import Person

from . import selectors, services
from .models import Case, CasePerson, Seizure, Substance
from .rules import offences

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Vụ việc"


class CaseOutput(ModelOutput):
    class Meta:
        model = Case
        fields = (
            "id",
            "area",
            "kind",
            "number",
            "issuing_unit",
            "year",
            "occurred_on",
            "offence",
            "summary",
            "status",
            "version",
            "updated_at",
        )


class CasePersonOutput(ModelOutput):
    class Meta:
        model = CasePerson
        fields = ("id", "case", "person", "role", "arrested_on", "note")


class SeizureOutput(ModelOutput):
    class Meta:
        model = Seizure
        fields = ("id", "case", "substance", "original_substance", "form", "quantity", "unit")


def _record_persons(user: User, rows: Sequence[Any]) -> None:
    """The persons named by the rows (an arrest is a fact of the person's record)."""
    audit.record_views(
        actor=user,
        shown=[(row.person, _("Xem qua API (vụ việc)")) for row in rows],
    )


CASES = Registry(
    name="cases",
    tag=TAG,
    label="vụ việc",
    queryset=lambda user: Case.objects.for_user(user),
    output=CaseOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"occurred_on": ("occurred_on",)},
    default_ordering="-occurred_on",
    choices={"kind": ("kind", Case.Kind.choices), "status": ("status", Case.Status.choices)},
)
ARRESTS = Registry(
    name="case-persons",
    tag=TAG,
    label="người liên quan vụ việc (bắt giữ)",
    queryset=lambda user: CasePerson.objects.for_user(user).select_related("person"),
    output=CasePersonOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"arrested_on": ("arrested_on",)},
    default_ordering="-arrested_on",
    choices={"role": ("role", CasePerson.Role.choices)},
    area_field="case__area",
    shown=_record_persons,
)
SEIZURES = Registry(
    name="seizures",
    tag=TAG,
    label="tang vật thu giữ",
    queryset=lambda user: Seizure.objects.for_user(user),
    output=SeizureOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"case": ("case_id",)},
    default_ordering="-case",
    choices={"unit": ("unit", Seizure.Unit.choices)},
    area_field="case__area",
)


class StatusInput(serializers.Serializer[Any]):
    status = choice_field(Case.Status.choices, help_text="Tình trạng mới.")


CaseStatus = action_view(
    name="cases-status",
    tag=TAG,
    summary="Chuyển tình trạng vụ việc",
    description="Chỉ các bước quy trình cho phép; bước khác trả 400 nêu trường status.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=StatusInput,
    output=CaseOutput,
    lookup=lambda user, pk: selectors.case_get_for_user(user=user, pk=pk),
    perform=lambda user, case, data: services.case_set_status(
        actor=user, case=case, status=data["status"]
    ),
)


class CaseInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn xảy ra vụ việc.")
    kind = choice_field(Case.Kind.choices, help_text="Loại vụ việc (không có mặc định).")
    offence = choice_field(
        [(code, text) for _group, codes in offences.all_choices() for code, text in codes],
        help_text="Tội danh (Bộ luật Hình sự 2015, Điều 247–259, 256a) hoặc hành vi vi phạm "
        "hành chính (Nghị định 144/2021/NĐ-CP, Điều 23), thuộc đúng loại vụ việc.",
    )
    number = text_input(100, "Số hiệu vụ việc (không trùng trong đơn vị, năm).")
    occurred_on = date_input("Ngày xảy ra.")
    summary = text_input(5000, "Tóm tắt vụ việc.", required=True)


class ArrestInput(serializers.Serializer[Any]):
    person = id_input("Mã người trong diện quản lý (trong phạm vi tài khoản).")
    role = choice_field(CasePerson.Role.choices, help_text="Vai trò (không có mặc định).")
    arrested_on = date_input("Ngày bắt giữ.", required=False)
    note = text_input(250, "Ghi chú.")


class SeizureInput(serializers.Serializer[Any]):
    substance = id_input("Mã chất ma túy trong danh mục quốc gia (không có mặc định).")
    form = text_input(100, "Dạng tang vật (viên nén, tinh thể, thảo mộc khô…).")
    quantity = serializers.DecimalField(
        max_digits=14,
        decimal_places=3,
        min_value=0,
        help_text="Khối lượng, số lượng (số thập phân, dương).",
    )
    unit = choice_field(Seizure.Unit.choices, help_text="Đơn vị (không có mặc định).")


def _case(user: User, pk: int) -> Case:
    return selectors.case_get_for_user(user=user, pk=pk)


def _case_create(user: User, _obj: Any, data: dict[str, Any]) -> Case:
    data["area"] = area_in_scope(user, data["area"], "area")
    return services.case_create(actor=user, today=timezone.localdate(), **data)


def _arrest(user: User, case: Case, data: dict[str, Any]) -> CasePerson:
    person = Person.objects.for_user(user).filter(pk=data.pop("person")).first()
    if person is None:
        raise DomainError({"person": [_("Không có người này trong phạm vi của tài khoản.")]})
    data.setdefault("arrested_on", None)
    return services.case_add_person(
        actor=user, case=case, person=person, today=timezone.localdate(), **data
    )


def _seizure(user: User, case: Case, data: dict[str, Any]) -> Seizure:
    data["substance"] = Substance.objects.filter(pk=data["substance"], is_active=True).first()
    return services.seizure_add(actor=user, case=case, **data)


CaseCreate = action_view(
    name="cases-create",
    tag=TAG,
    summary="Ghi một vụ án hình sự hoặc vụ vi phạm hành chính",
    description="Cùng kiểm tra như trang Thêm vụ việc: tội danh, hành vi thuộc đúng loại, ngày "
    "không ở tương lai, số hiệu không trùng. Tình trạng ban đầu: phát hiện, bắt giữ. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=CaseInput,
    output=CaseOutput,
    created=True,
    perform=_case_create,
)
CaseArrest = action_view(
    name="cases-persons-create",
    tag=TAG,
    summary="Ghi một người liên quan vụ việc (bắt giữ, bị can, vi phạm)",
    description="Người trong diện quản lý, trong phạm vi tài khoản; vai trò phải hợp với loại "
    "vụ việc. Người chưa có trong danh sách được thêm qua trang vụ việc. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=ArrestInput,
    output=CasePersonOutput,
    created=True,
    lookup=_case,
    perform=_arrest,
    shown=_record_persons,
)
SeizureRecord = action_view(
    name="cases-seizures-create",
    tag=TAG,
    summary="Ghi tang vật thu giữ của vụ việc",
    description="Chất trong danh mục quốc gia đang dùng; khối lượng là số dương. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=SeizureInput,
    output=SeizureOutput,
    created=True,
    lookup=_case,
    perform=_seizure,
)

api_urlpatterns = [
    *registry_urls(replace(CASES, list_mixin=CaseCreate), ARRESTS, SEIZURES),
    path("cases/<int:pk>/persons/", CaseArrest.as_view(), name="api-case-person-create"),
    path("cases/<int:pk>/seizures/", SeizureRecord.as_view(), name="api-case-seizure-create"),
    path("cases/<int:pk>/status/", CaseStatus.as_view(), name="api-case-status"),
]
