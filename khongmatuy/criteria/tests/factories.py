"""Helpers of the recognition tests (no tests here): take an area through the lifecycle with the
service, register a new illegal drug user, small decision files."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.criteria.models import Recognition
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.criteria.services import recognition as services
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
