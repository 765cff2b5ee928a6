"""Shared data of the care and transfer tests (no tests here).

Persons are registered through the services (audited like real data). The clock is frozen at
``TODAY`` for pages; services receive ``today=TODAY``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Category, ContactForm, Sex, SupervisorKind
from khongmatuy.people.models import Person
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import persons as person_services
from tests.personas import World, client_for, make_user

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


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


@pytest.fixture
def an(world: World, officer_a: User) -> Person:
    """Nguyễn Văn An, group A1 of ward A, illegal drug user since 10/01/2026."""
    return register(officer_a, world.group_a1, "Nguyễn Văn An", citizen_id=CID_AN)


@pytest.fixture
def binh(world: World, officer_a: User) -> Person:
    """Trần Thị Bình, group A1 of ward A, addict since 10/01/2026."""
    return register(
        officer_a,
        world.group_a1,
        "Trần Thị Bình",
        sex=Sex.FEMALE,
        date_of_birth=date(2001, 3, 2),
        citizen_id=CID_BINH,
        category=Category.ADDICT,
    )


@pytest.fixture
def cuong(world: World, officer_b: User) -> Person:
    """Lê Văn Cường of ward B (outside ward A)."""
    return register(
        officer_b,
        world.group_b1,
        "Lê Văn Cường",
        date_of_birth=date(1985, 1, 1),
        citizen_id=CID_CUONG,
    )


@pytest.fixture
def supervisor_a(world: World) -> User:
    return make_user("giupdo_to1", Role.SUPERVISOR, [world.group_a1], "Đỗ Văn Giúp")


@pytest.fixture
def supervised_an(an: Person, supervisor_a: User, officer_a: User) -> Person:
    assign(an, supervisor_a, actor=officer_a)
    return an


@pytest.fixture
def supervisor_client(supervisor_a: User) -> Any:
    return client_for(supervisor_a)


@pytest.fixture
def leader_client(leader_a: User) -> Any:
    return client_for(leader_a)
