"""Builders of the criteria tests: take an area through the recognition lifecycle with the service,
register a new illegal drug user, small decision files."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.criteria.models import Recognition, Roadmap
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.criteria.services import recognition as services
from khongmatuy.criteria.services.roadmaps import roadmap_create
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services

S = Recognition.Status
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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


def recognise(area: Area, *, actor: User | None = None, on: date | None = None) -> Recognition:
    """registered → cleaning → proposed → recognised, one day apart, ending on ``on``."""
    end = on or today()
    step(area, S.REGISTERED, end - timedelta(days=3), actor=actor)
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


def ward_roadmap(area: Area, actor: User | None = None) -> Roadmap:
    return roadmap_create(
        actor=actor,
        area=area,
        name="Lộ trình tổ dân phố không ma túy",
        rule_set_code=GROUPS,
        target_level=Level.GROUP,
        source="Kế hoạch của UBND phường",
    )
