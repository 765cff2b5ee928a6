"""The people registry's read API: persons, episodes, contacts, drug tests, supervisions,
transfers. Every row of a person shown is written to the access log (one insert per page);
citizen ID, health facts, test results and police notes read ``null`` for roles without
``Capability.VIEW_SENSITIVE`` (group leaders, supervisors), and drug tests need it outright.
A supervisor sees only the persons assigned to them (``PersonScopedQuerySet``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.common.api_registry import Registry, SensitiveModelOutput
from khongmatuy.common.roles import Capability

from ..choices import (
    ContactForm,
    EpisodeKind,
    EpisodeStatus,
    Sex,
    TestReason,
    TestResult,
    TransferDirection,
    TransferStatus,
)
from ..models import Contact, DrugTest, Episode, Person, Supervision, Transfer
from ..selectors import episodes as episode_selectors
from ..selectors.persons import search as person_selectors

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Người trong diện quản lý"


def record_persons(user: User, rows: Sequence[Any]) -> None:
    """The access log: one VIEW of each person whose data the answer carries."""
    persons: dict[int, Person] = {}
    for row in rows:
        person = row if isinstance(row, Person) else row.person
        persons.setdefault(person.pk, person)
    audit.record_views(actor=user, shown=[(p, _("Xem qua API")) for p in persons.values()])


class PersonOutput(SensitiveModelOutput):
    class Meta:
        model = Person
        fields = (
            "id",
            "full_name",
            "aliases",
            "sex",
            "date_of_birth",
            "citizen_id",
            "area",
            "permanent_area",
            "permanent_address",
            "current_address",
            "phone",
            "occupation",
            "education",
            "family_contacts",
            "notes",
            "psychosis",
            "psychosis_note",
            "is_active",
            "removed_on",
            "removal_reason",
            "version",
            "updated_at",
        )
        sensitive_fields = Person.SENSITIVE_FIELDS


class EpisodeOutput(SensitiveModelOutput):
    class Meta:
        model = Episode
        fields = (
            "id",
            "person",
            "kind",
            "status",
            "authority",
            "decision_number",
            "decision_date",
            "started_on",
            "planned_months",
            "due_on",
            "ended_on",
            "outcome",
            "is_minor",
            "facility",
            "updated_at",
        )
        # The result of an addiction determination and the treatment facility are health facts.
        sensitive_fields = ("outcome", "facility")


class ContactOutput(SensitiveModelOutput):
    class Meta:
        model = Contact
        fields = ("id", "person", "contacted_on", "form", "content", "observations", "next_step")
        sensitive_fields = ()


class DrugTestOutput(SensitiveModelOutput):
    class Meta:
        model = DrugTest
        fields = (
            "id",
            "person",
            "tested_on",
            "reason",
            "method",
            "kit_or_lab",
            "substances",
            "result",
            "performed_by",
        )
        sensitive_fields = ("substances", "result", "kit_or_lab", "method")


class SupervisionOutput(SensitiveModelOutput):
    class Meta:
        model = Supervision
        fields = ("id", "person", "name", "kind", "phone", "started_on", "ended_on", "note")
        sensitive_fields = ()


class TransferOutput(SensitiveModelOutput):
    class Meta:
        model = Transfer
        fields = (
            "id",
            "person",
            "direction",
            "status",
            "from_commune",
            "to_commune",
            "to_area",
            "new_address",
            "summary",
            "refusal_reason",
            "proposed_at",
            "decided_at",
        )
        # The summary lists the measures applied (rehabilitation, methadone): health facts.
        sensitive_fields = ("summary",)


def _persons(user: User) -> QuerySet[Any]:
    return person_selectors.person_queryset(
        user=user, filters=person_selectors.PersonFilters(status=person_selectors.Status.ALL)
    )


def _search_persons(user: User, qs: QuerySet[Any], query: str) -> QuerySet[Any]:
    condition = person_selectors.search_condition(user=user, query=query)
    return qs if condition is None else qs.filter(condition)


def _person_owned(model: Any) -> Any:
    return lambda user: model.objects.for_user(user).select_related("person")


PERSONS = Registry(
    name="persons",
    tag=TAG,
    label="người trong diện quản lý",
    queryset=_persons,
    output=PersonOutput,
    capability=Capability.VIEW_PERSONS,
    ordering={"name": ("name_sort",), "updated_at": ("updated_at",)},
    default_ordering="name",
    choices={"sex": ("sex", Sex.choices)},
    search=_search_persons,
    shown=record_persons,
    description="Người trong diện quản lý mà tài khoản được xem (người được giao giúp đỡ: chỉ "
    "những người mình giúp đỡ), theo thứ tự tên tiếng Việt. Số CCCD, ghi chú nghiệp vụ và ghi "
    "chú loạn thần là null với vai trò không được xem thông tin nhạy cảm. Mỗi lần xem được ghi "
    "nhật ký truy cập.",
)
EPISODES = Registry(
    name="episodes",
    tag=TAG,
    label="biện pháp quản lý, cai nghiện",
    queryset=lambda user: episode_selectors.scoped_episodes(user).select_related("person"),
    output=EpisodeOutput,
    capability=Capability.VIEW_PERSONS,
    ordering={"started_on": ("started_on",), "due_on": ("due_on",)},
    default_ordering="-started_on",
    choices={"kind": ("kind", EpisodeKind.choices), "status": ("status", EpisodeStatus.choices)},
    area_field="person__area",
    shown=record_persons,
)
CONTACTS = Registry(
    name="contacts",
    tag=TAG,
    label="lần tiếp xúc, thăm gặp",
    queryset=_person_owned(Contact),
    output=ContactOutput,
    capability=Capability.VIEW_PERSONS,
    ordering={"contacted_on": ("contacted_on",)},
    default_ordering="-contacted_on",
    choices={"form": ("form", ContactForm.choices)},
    area_field="person__area",
    shown=record_persons,
)
DRUG_TESTS = Registry(
    name="drug-tests",
    tag=TAG,
    label="lần xét nghiệm chất ma túy",
    queryset=_person_owned(DrugTest),
    output=DrugTestOutput,
    capability=Capability.VIEW_SENSITIVE,
    ordering={"tested_on": ("tested_on",)},
    default_ordering="-tested_on",
    choices={"result": ("result", TestResult.choices), "reason": ("reason", TestReason.choices)},
    area_field="person__area",
    shown=record_persons,
)
SUPERVISIONS = Registry(
    name="supervisions",
    tag=TAG,
    label="phân công người giúp đỡ",
    queryset=_person_owned(Supervision),
    output=SupervisionOutput,
    capability=Capability.VIEW_PERSONS,
    ordering={"started_on": ("started_on",)},
    default_ordering="-started_on",
    area_field="person__area",
    shown=record_persons,
)
TRANSFERS = Registry(
    name="transfers",
    tag=TAG,
    label="chuyển địa bàn quản lý",
    queryset=lambda user: Transfer.objects.for_user(user).select_related("person"),
    output=TransferOutput,
    capability=Capability.VIEW_PERSONS,
    ordering={"proposed_at": ("proposed_at",)},
    default_ordering="-proposed_at",
    choices={
        "status": ("status", TransferStatus.choices),
        "direction": ("direction", TransferDirection.choices),
    },
    area_field=None,
    shown=record_persons,
)
