"""Fixtures of the case tests: a frozen clock, two persons and a case of ward A, created through
the services (audited). Pages see the clock frozen at ``TODAY``; services receive it."""

from __future__ import annotations

from typing import Any

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.cases.models import Case
from khongmatuy.people.models import Person
from tests.personas import World

from .factories import CID_AN, CaseFactory, register


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


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
    return CaseFactory(actor=officer_a, area=world.group_a1, number="12/2026/VV")
