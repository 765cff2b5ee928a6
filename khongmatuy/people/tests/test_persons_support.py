"""Shared data of the person tests (no tests here): synthetic persons registered through the
services, so they are audited like real data, and the personas that look at them."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Category, Sex, SupervisorKind
from khongmatuy.people.models import Person
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import persons as services
from tests.personas import World, client_for, make_user

# Fixtures, for ``from .test_persons_support import *`` in the person test modules.
__all__ = [
    "an",
    "binh",
    "leader_client",
    "leadership_client",
    "person_b",
    "supervised_an",
    "supervisor_a",
]

TODAY = date(2026, 11, 23)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Synthetic, structurally valid citizen IDs (province 031 Hải Phòng / 022 Quảng Ninh).
CID_AN = "031090012345"  # male, born 1990
CID_BINH = "031301004567"  # female, born 2001
CID_B = "022085000111"  # male, born 1985 (ward B)


def register(
    actor: User | None,
    area: Area,
    full_name: str,
    *,
    sex: str = Sex.MALE,
    date_of_birth: date | None = date(1990, 5, 17),
    category: str = Category.ILLEGAL_USER,
    started_on: date = date(2026, 1, 10),
    **kwargs: Any,
) -> Person:
    return services.person_register(
        actor=actor,
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=date_of_birth,
        categories=[services.CategorySpec(category, started_on, source="QĐ 12/QĐ-UBND")],
        today=TODAY,
        **kwargs,
    )


def xlsx(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    from khongmatuy.people.imports import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS) if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def an(world: World, officer_a: User) -> Person:
    """Nguyễn Văn An, group A1 of ward A: alias, phone, address, citizen ID, police notes."""
    return register(
        officer_a,
        world.group_a1,
        "Nguyễn Văn An",
        citizen_id=CID_AN,
        aliases="Tý Còi",
        phone="0912 345 678",
        current_address="Số 5 ngõ Hoa Sữa",
        notes="Ghi chú nghiệp vụ mật",
    )


@pytest.fixture
def binh(world: World, officer_a: User) -> Person:
    """Trần Thị Bình, group A2 of ward A, addict."""
    return register(
        officer_a,
        world.group_a2,
        "Trần Thị Bình",
        sex=Sex.FEMALE,
        date_of_birth=date(2001, 3, 2),
        citizen_id=CID_BINH,
        category=Category.ADDICT,
    )


@pytest.fixture
def person_b(world: World, officer_b: User) -> Person:
    """Lê Văn Cường of ward B (outside ward A's scope)."""
    return register(
        officer_b, world.group_b1, "Lê Văn Cường", date_of_birth=date(1985, 1, 1), citizen_id=CID_B
    )


@pytest.fixture
def supervisor_a(world: World) -> User:
    return make_user("giupdo_to1", Role.SUPERVISOR, [world.group_a1], "Đỗ Văn Giúp")


@pytest.fixture
def supervised_an(an: Person, officer_a: User, supervisor_a: User) -> Person:
    care_services.supervision_assign(
        actor=officer_a,
        person=an,
        kind=SupervisorKind.VETERAN,
        started_on=date(2026, 2, 1),
        supervisor_user=supervisor_a,
        today=TODAY,
    )
    return an


@pytest.fixture
def leader_client(leader_a: User) -> Any:
    return client_for(leader_a)


@pytest.fixture
def leadership_client(leadership_a: User) -> Any:
    return client_for(leadership_a)
