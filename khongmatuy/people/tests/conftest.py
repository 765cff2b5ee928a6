"""Fixtures of the person tests: synthetic persons registered through the services (the
factories of ``factories.py``), and the personas that look at them. Modules that bring their
own fixtures of the same name (the care tests) override these."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from tests.personas import World, client_for, make_user

from .factories import CID_AN, CID_B, CID_BINH, NOW, PersonFactory, SupervisionFactory


@pytest.fixture
def an(world: World, officer_a: User) -> Person:
    """Nguyễn Văn An, group A1 of ward A: alias, phone, address, citizen ID, police notes."""
    return PersonFactory(
        actor=officer_a,
        area=world.group_a1,
        full_name="Nguyễn Văn An",
        citizen_id=CID_AN,
        aliases="Tý Còi",
        phone="0912 345 678",
        current_address="Số 5 ngõ Hoa Sữa",
        notes="Ghi chú nghiệp vụ mật",
    )


@pytest.fixture
def binh(world: World, officer_a: User) -> Person:
    """Trần Thị Bình, group A2 of ward A, addict."""
    return PersonFactory(
        actor=officer_a,
        area=world.group_a2,
        full_name="Trần Thị Bình",
        sex=Sex.FEMALE,
        date_of_birth=date(2001, 3, 2),
        citizen_id=CID_BINH,
        category=Category.ADDICT,
    )


@pytest.fixture
def person_b(world: World, officer_b: User) -> Person:
    """Lê Văn Cường of ward B (outside ward A's scope)."""
    return PersonFactory(
        actor=officer_b,
        area=world.group_b1,
        full_name="Lê Văn Cường",
        date_of_birth=date(1985, 1, 1),
        citizen_id=CID_B,
    )


@pytest.fixture
def supervisor_a(world: World) -> User:
    return make_user("giupdo_to1", Role.SUPERVISOR, [world.group_a1], "Đỗ Văn Giúp")


@pytest.fixture
def supervised_an(an: Person, officer_a: User, supervisor_a: User) -> Person:
    SupervisionFactory(actor=officer_a, person=an, supervisor_user=supervisor_a)
    return an


@pytest.fixture
def leader_client(leader_a: User) -> Any:
    return client_for(leader_a)


@pytest.fixture
def leadership_client(leadership_a: User) -> Any:
    return client_for(leadership_a)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    """The clock at 23/11/2026 09:00 in Hà Nội."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
