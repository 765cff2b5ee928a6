"""Fixtures of the care and transfer tests; they take the place of the person fixtures of
../conftest.py of the same name for the modules of this package."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from tests.personas import World, client_for, make_user

from ..factories import PersonFactory, SupervisionFactory
from .factories import CID_AN, CID_BINH, CID_CUONG


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


@pytest.fixture
def an(world: World, officer_a: User) -> Person:
    """Nguyễn Văn An, group A1 of ward A, illegal drug user since 10/01/2026."""
    return PersonFactory(
        actor=officer_a, area=world.group_a1, full_name="Nguyễn Văn An", citizen_id=CID_AN
    )


@pytest.fixture
def binh(world: World, officer_a: User) -> Person:
    """Trần Thị Bình, group A1 of ward A, addict since 10/01/2026."""
    return PersonFactory(
        actor=officer_a,
        area=world.group_a1,
        full_name="Trần Thị Bình",
        sex=Sex.FEMALE,
        date_of_birth=date(2001, 3, 2),
        citizen_id=CID_BINH,
        category=Category.ADDICT,
    )


@pytest.fixture
def cuong(world: World, officer_b: User) -> Person:
    """Lê Văn Cường of ward B (outside ward A)."""
    return PersonFactory(
        actor=officer_b,
        area=world.group_b1,
        full_name="Lê Văn Cường",
        date_of_birth=date(1985, 1, 1),
        citizen_id=CID_CUONG,
    )


@pytest.fixture
def supervisor_a(world: World) -> User:
    return make_user("giupdo_to1", Role.SUPERVISOR, [world.group_a1], "Đỗ Văn Giúp")


@pytest.fixture
def supervised_an(an: Person, supervisor_a: User, officer_a: User) -> Person:
    SupervisionFactory(actor=officer_a, person=an, supervisor_user=supervisor_a)
    return an


@pytest.fixture
def supervisor_client(supervisor_a: User) -> Any:
    return client_for(supervisor_a)


@pytest.fixture
def leader_client(leader_a: User) -> Any:
    return client_for(leader_a)
