"""Factories and builders of the criteria tests: roadmaps and their targets, an area taken through
the recognition lifecycle with the service, a new illegal drug user, small decision files. All
of them write through the services, so the data is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, AreaFigure, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.cases import services as case_services
from khongmatuy.cases.models import Case, CasePerson
from khongmatuy.criteria.models import Recognition, Roadmap, RoadmapTarget
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.criteria.services import recognition as services
from khongmatuy.criteria.services.roadmaps import roadmap_create, roadmap_target_set
from khongmatuy.demo.demo_criteria import review
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services
from khongmatuy.places import services as place_services
from khongmatuy.places.models import Place
from tests.personas import World

S = Recognition.Status
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def today() -> date:
    return timezone.localdate()


def pdf(name: str = "qd-cong-nhan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def step(
    area: Area,
    to_status: str,
    on: date,
    *,
    actor: User | None = None,
    day: date | None = None,
    **kwargs: object,
) -> Recognition:
    return services.recognition_transition(
        actor=actor,
        area=area,
        rule_set_code=str(selectors.rule_set_code_for(area)),
        to_status=to_status,
        on=on,
        today=day or today(),
        **kwargs,  # type: ignore[arg-type]
    )


def reviewed(area: Area, on: date) -> None:
    """A completed data review of the area's groups on ``on`` (the demo's own builder)."""
    review(None, area, on)


def recognise(area: Area, *, actor: User | None = None, on: date | None = None) -> Recognition:
    """registered → cleaning (the data review) → proposed → recognised, one day apart, ending on
    ``on``. An area with no population figure on record by then gets one (test data)."""
    end = on or today()
    if not AreaFigure.objects.filter(area=area, as_of__lte=end - timedelta(days=3)).exists():
        area_services.figure_set(
            actor=None, area=area, as_of=end - timedelta(days=30), population=400, households=100
        )
    step(area, S.REGISTERED, end - timedelta(days=3), actor=actor)
    reviewed(area, end - timedelta(days=2))
    step(area, S.CLEANING, end - timedelta(days=2), actor=actor)
    step(area, S.PROPOSED, end - timedelta(days=1), actor=actor)
    return step(
        area,
        S.RECOGNISED,
        end,
        actor=actor,
        decision_number="125/QĐ-UBND",
        decision_date=end,
        authority="UBND phường Gia Viên",
    )


def new_user(
    area: Area, name: str, *, started_on: date | None = None, category: str = Category.ILLEGAL_USER
) -> Person:
    return person_services.person_register(
        actor=None,
        area=area,
        full_name=name,
        sex=Sex.MALE,
        date_of_birth=date(1995, 4, 2),
        categories=[
            person_services.CategorySpec(category, started_on or today(), source="Kết quả test")
        ],
        today=today(),
    )


# --- roadmaps: recognitions as the lifecycle leaves them, areas, a ward's roadmap ----------

GROUPS = "local_drug_free_group"


def recognised(
    area: Area,
    on: date,
    *,
    status: str = Recognition.Status.RECOGNISED,
    last_kept_on: date | None = None,
    code: str = GROUPS,
) -> Recognition:
    """Test data: a recognition as the lifecycle leaves it (audited like a service write).
    The lifecycle itself is tested with its service; here only the outcome matters."""
    rec = Recognition(
        area=area,
        rule_set_code=code,
        status=status,
        decision_number="125/QĐ-UBND",
        decision_date=on,
        authority="UBND phường Gia Viên",
        recognised_on=on,
        last_kept_on=last_kept_on,
    )
    rec.full_clean()
    rec.save()
    audit.record(
        actor=None,
        action="create",
        obj=rec,
        after=audit.snapshot(rec, exclude=frozenset({"document"})),
    )
    return rec


def add_groups(parent: Area, first: int, last: int, **kwargs: object) -> list[Area]:
    return [
        area_services.area_create(
            actor=None,
            parent=parent,
            name=f"Tổ dân phố số {n}",
            kind=Kind.RESIDENTIAL_GROUP,
            **kwargs,  # type: ignore[arg-type]
        )
        for n in range(first, last + 1)
    ]


class RoadmapFactory(factory.Factory):
    """A ward's roadmap towards drug-free residential groups; pass ``area`` and ``actor``."""

    class Meta:
        model = Roadmap

    name = "Lộ trình tổ dân phố không ma túy"
    rule_set_code = GROUPS
    target_level = Level.GROUP
    source = "Kế hoạch của UBND phường"

    @classmethod
    def _create(cls, model_class: type[Roadmap], *args: Any, **kwargs: Any) -> Roadmap:
        return roadmap_create(actor=kwargs.pop("actor", None), **kwargs)


class RoadmapTargetFactory(factory.Factory):
    """A target of a roadmap; pass ``roadmap``, ``actor``, ``due_on`` and one of ``percent``,
    ``count`` or ``areas`` (cumulative unless told otherwise)."""

    class Meta:
        model = RoadmapTarget

    phase = ""
    note = ""

    @classmethod
    def _create(cls, model_class: type[RoadmapTarget], *args: Any, **kwargs: Any) -> RoadmapTarget:
        return roadmap_target_set(actor=kwargs.pop("actor", None), **kwargs)


# The facts world of the evaluation tests: a hand-built ward pair with exact numbers.

TODAY = date(2026, 11, 23)
PAST = date(2025, 6, 30)
D = Decimal


def register(area: Area, name: str, *categories: tuple[str, date, date | None]) -> Person:
    return person_services.person_register(
        actor=None,
        area=area,
        full_name=name,
        sex=Sex.MALE,
        date_of_birth=date(1990, 5, 17),
        categories=[person_services.CategorySpec(c, start, end) for c, start, end in categories],
        today=TODAY,
    )


def arrest(area: Area, person: Person, on: date, *, role: str = CasePerson.Role.ARRESTED) -> None:
    kind = Case.Kind.ADMINISTRATIVE if role == CasePerson.Role.VIOLATOR else Case.Kind.CRIME
    case = case_services.case_create(
        actor=None,
        area=area,
        kind=kind,
        number="",
        occurred_on=on,
        offence="nd144-23-use" if role == CasePerson.Role.VIOLATOR else "251",
        summary="Bắt quả tang",
        today=TODAY,
    )
    case_services.case_add_person(
        actor=None,
        case=case,
        person=person,
        role=role,
        arrested_on=on if role != CasePerson.Role.VIOLATOR else None,
        today=TODAY,
    )


@dataclass
class Facts:
    world: World
    persons: dict[str, Person]


def build_world(world: World) -> Facts:
    """Gia Viên (ward A, 21.000 residents), its groups A1 (512; 500 in 2025) and A2 (430);
    Thành Đông (ward B, no figure of its own) with group B1 (777)."""
    area_services.figure_set(
        actor=None, area=world.group_a1, as_of=date(2025, 1, 1), population=500, households=120
    )
    u, a = Category.ILLEGAL_USER, Category.ADDICT
    p = {
        # A1: a new user this year, and an addict on methadone since 2025.
        "p1": register(world.group_a1, "Nguyễn Văn Một", (u, date(2026, 3, 1), None)),
        "p2": register(
            world.group_a1,
            "Trần Văn Hai",
            (a, date(2024, 6, 1), None),
            (Category.METHADONE, date(2025, 1, 10), None),
        ),
        # A2: a user whose category ended in 2025; a user since 2024 who became an addict.
        "p3": register(world.group_a2, "Lê Văn Ba", (u, date(2025, 2, 1), date(2025, 12, 31))),
        "p4": register(
            world.group_a2,
            "Phạm Văn Bốn",
            (u, date(2024, 1, 1), date(2026, 2, 1)),
            (a, date(2026, 2, 1), None),
        ),
        # Filed at the ward itself: a dealer since May 2026.
        "p5": register(world.ward_a, "Hoàng Văn Năm", (Category.DEALER, date(2026, 5, 1), None)),
        # B1: suspected dealer, and a user since June 2026.
        "p6": register(
            world.group_b1,
            "Vũ Văn Sáu",
            (Category.SUSPECTED_DEALER, date(2026, 1, 10), None),
            (u, date(2026, 6, 1), None),
        ),
    }
    harbour = Place.Kind.HARBOURING
    place_services.place_create(
        actor=None,
        area=world.group_a1,
        kind=harbour,
        name="Nhà trọ số 5",
        discovered_on=date(2026, 2, 1),
        today=TODAY,
    )
    old = place_services.place_create(
        actor=None,
        area=world.group_a1,
        kind=harbour,
        name="Quán nước ngõ 12",
        discovered_on=date(2025, 3, 1),
        today=TODAY,
    )
    place_services.place_transition(
        actor=None, place=old, to_status=Place.Status.ELIMINATED, on=date(2025, 9, 1), today=TODAY
    )
    place_services.place_create(
        actor=None,
        area=world.ward_a,
        kind=Place.Kind.HOTSPOT,
        name="Bãi đất trống ven sông",
        discovered_on=date(2026, 4, 1),
        today=TODAY,
    )
    for area, when, plants, m2 in (
        (world.group_a2, date(2026, 5, 10), 3000, D("100.5")),
        (world.group_a1, date(2025, 1, 5), 500, D("20.0")),
    ):
        place_services.cultivation_create(
            actor=None,
            area=area,
            site="Vườn sau nhà",
            plant="cannabis",
            plant_count=plants,
            area_m2=m2,
            discovered_on=when,
            today=TODAY,
        )
    arrest(world.group_a1, p["p1"], date(2026, 10, 5))
    arrest(world.group_a2, p["p4"], date(2025, 5, 1))
    arrest(world.group_b1, p["p6"], date(2026, 7, 1), role=CasePerson.Role.VIOLATOR)
    return Facts(world, p)
