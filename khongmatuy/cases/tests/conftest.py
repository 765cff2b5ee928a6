"""Shared data of the case tests: persons and cases created through the services (audited).

The clock is frozen at ``TODAY`` for pages; services receive ``today=TODAY``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.cases import services
from khongmatuy.cases.models import Case
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services
from tests.personas import World

TODAY = date(2026, 11, 23)
# Synthetic, structurally valid citizen IDs (province 031 Hải Phòng).
CID_AN = "031090012345"
CID_BINH = "031301004567"


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


def register(
    actor: User | None,
    area: Area,
    full_name: str,
    *,
    category: str = Category.ILLEGAL_USER,
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
        categories=[person_services.CategorySpec(category, date(2026, 1, 10))],
        today=TODAY,
        **kwargs,
    )


def make_case(
    actor: User | None,
    area: Area,
    *,
    kind: str = Case.Kind.CRIME,
    offence: str = "251",
    number: str = "",
    occurred_on: date = date(2026, 10, 5),
    summary: str = "Bắt quả tang mua bán trái phép chất ma túy",
) -> Case:
    return services.case_create(
        actor=actor,
        area=area,
        kind=kind,
        number=number,
        occurred_on=occurred_on,
        offence=offence,
        summary=summary,
        today=TODAY,
    )


@pytest.fixture
def an(world: World) -> Person:
    """Nguyễn Văn An, managed in group A1 of Gia Viên, with a citizen ID."""
    return register(None, world.group_a1, "Nguyễn Văn An", citizen_id=CID_AN)


@pytest.fixture
def dung(world: World) -> Person:
    """Phạm Văn Dũng, managed in Thành Đông (ward B)."""
    return register(None, world.group_b1, "Phạm Văn Dũng")


@pytest.fixture
def case_a(world: World, officer_a: User) -> Case:
    return make_case(officer_a, world.group_a1, number="12/2026/VV")
