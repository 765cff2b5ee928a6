"""Builders of the care and transfer tests: persons, categories, visits and supervisors written
through the services, so they are audited like real data."""

from __future__ import annotations

from datetime import date
from typing import Any

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.people.choices import Category, ContactForm, Sex, SupervisorKind
from khongmatuy.people.models import Person
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import persons as person_services

TODAY = date(2026, 11, 23)
HX = {"HX-Request": "true"}

# Synthetic, structurally valid citizen IDs (province 031 Hải Phòng, 022 Quảng Ninh).
CID_AN = "031090012345"
CID_BINH = "031301004567"
CID_CUONG = "022085000111"


def register(
    actor: User | None,
    area: Area,
    full_name: str,
    *,
    category: str = Category.ILLEGAL_USER,
    started_on: date = date(2026, 1, 10),
    date_of_birth: date | None = date(1990, 5, 17),
    sex: str = Sex.MALE,
    **kwargs: Any,
) -> Person:
    return person_services.person_register(
        actor=actor,
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=date_of_birth,
        categories=[person_services.CategorySpec(category, started_on, source="QĐ 12/QĐ-UBND")],
        today=TODAY,
        **kwargs,
    )


def add_category(person: Person, category: str, started_on: date) -> None:
    person_services.category_add(
        actor=None, person=person, category=category, started_on=started_on, today=TODAY
    )


def visit(
    person: Person, on: date, *, actor: User | None = None, content: str = "Thăm tại nhà"
) -> Any:
    return care_services.contact_record(
        actor=actor,
        person=person,
        contacted_on=on,
        form=ContactForm.HOME_VISIT,
        content=content,
        today=TODAY,
    )


def assign(person: Person, supervisor: User, *, actor: User | None = None) -> Any:
    return care_services.supervision_assign(
        actor=actor,
        person=person,
        kind=SupervisorKind.VETERAN,
        started_on=date(2026, 2, 1),
        supervisor_user=supervisor,
        today=TODAY,
    )
