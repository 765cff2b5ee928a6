"""Cases API, v1: drug crime cases and administrative violations, the persons involved
(arrests) and the seizures. Reads through ``objects.for_user``; the status step calls
``cases.services.case_set_status``. A person linked to a case is logged as viewed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.urls import path
from django.utils.translation import gettext as _
from rest_framework import serializers

from khongmatuy.audit import services as audit
from khongmatuy.common.api import choice_field
from khongmatuy.common.api_registry import ModelOutput, Registry, action_view, registry_urls
from khongmatuy.common.roles import Capability

from . import selectors, services
from .models import Case, CasePerson, Seizure

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

api_urlpatterns = [
    *registry_urls(CASES, ARRESTS, SEIZURES),
    path("cases/<int:pk>/status/", CaseStatus.as_view(), name="api-case-status"),
]
