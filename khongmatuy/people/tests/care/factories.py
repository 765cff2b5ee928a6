"""Builders of the care and transfer tests, on the person tests' factories: persons, categories,
visits and supervisors written through the services, so they are audited like real data."""

from __future__ import annotations

from datetime import date

from khongmatuy.accounts.models import User
from khongmatuy.people.models import Contact, Person, Supervision
from khongmatuy.people.services import persons as person_services

from ..factories import (
    CID_AN,
    CID_B,
    CID_BINH,
    HX,
    TODAY,
    ContactFactory,
    SupervisionFactory,
    register,
)

CID_CUONG = CID_B  # Lê Văn Cường of ward B

__all__ = [
    "CID_AN",
    "CID_BINH",
    "CID_CUONG",
    "HX",
    "TODAY",
    "add_category",
    "assign",
    "register",
    "visit",
]


def add_category(person: Person, category: str, started_on: date) -> None:
    person_services.category_add(
        actor=None, person=person, category=category, started_on=started_on, today=TODAY
    )


def visit(
    person: Person, on: date, *, actor: User | None = None, content: str = "Thăm tại nhà"
) -> Contact:
    return ContactFactory(person=person, contacted_on=on, actor=actor, content=content)


def assign(person: Person, supervisor: User, *, actor: User | None = None) -> Supervision:
    return SupervisionFactory(person=person, supervisor_user=supervisor, actor=actor)
