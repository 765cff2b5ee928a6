"""Fixtures and helpers of the quality tests (``from .test_quality_support import *``).

Persons are registered through ``services.persons.person_register`` and their events through the
care, episodes and transfers services, so every write is audited like real data.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import models

from khongmatuy.areas.models import Area
from khongmatuy.audit.models import AuditEvent
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
HX = {"HX-Request": "true"}

__all__ = ["HX", "NOW", "TODAY", "body", "events_for", "frozen", "register"]


def citizen_id(serial: int, *, born: date = date(1990, 5, 17), sex: str = Sex.MALE) -> str:
    """A structurally valid synthetic number: Hải Phòng (031), century/sex digit, year, serial."""
    digit = (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
    return f"031{digit}{born.year % 100:02d}{serial:06d}"


def register(
    actor: object,
    area: Area,
    full_name: str,
    *,
    born: date | None = date(1990, 5, 17),
    sex: str = Sex.MALE,
    cid: str | None = None,
    phone: str = "0912345678",
    current_address: str = "Số 12 ngõ 5",
    family_contacts: str = "Mẹ: Nguyễn Thị Hoa, 0987654321",
    categories: tuple[str, ...] = (Category.ILLEGAL_USER,),
    started_on: date = date(2026, 11, 1),
) -> Person:
    return person_services.person_register(
        actor=actor,  # type: ignore[arg-type]
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=born,
        citizen_id=cid,
        phone=phone,
        current_address=current_address,
        family_contacts=family_contacts,
        categories=[person_services.CategorySpec(c, started_on) for c in categories],
        today=TODAY,
    )


def events_for(obj: models.Model) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("pk")
    )


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    """The clock at 23/11/2026 09:00 in Hà Nội."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
