"""A ward's records for 2026-Q3 (15/06–14/09/2026), with one record on the cut-off day, one the
day after, one in the same period of 2025 and one in another ward; a leader to approve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import Category, TestResult
from khongmatuy.people.tests.factories import DrugTestFactory, PersonFactory
from khongmatuy.places.models import Place
from khongmatuy.places.tests.factories import (
    BusinessFactory,
    InspectionFactory,
    PlaceFactory,
    move,
)
from khongmatuy.reports import services
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules import periods
from tests.personas import World, make_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CUTOFF = date(2026, 9, 14)
AFTER = date(2026, 9, 15)
Q3 = periods.parse("2026-Q3")


@dataclass
class Quarter:
    world: World
    officer: User
    leader: User


@pytest.fixture
def ward_leader(world: World) -> User:
    return make_user("lanhdao_a", Role.COMMUNE_LEADERSHIP, [world.ward_a], "Phạm Văn Lãnh")


@pytest.fixture
def quarter(world: World, officer_a: User, ward_leader: User) -> Quarter:
    from khongmatuy.cases.tests.factories import CaseFactory, CasePersonFactory, SeizureFactory
    from khongmatuy.tips.tests.factories import TipFactory

    w = world
    on_cutoff = PersonFactory(area=w.group_a1, full_name="Lê Văn Chốt", category_started_on=CUTOFF)
    PersonFactory(
        area=w.group_a1, full_name="Lê Văn Sau", category=Category.ADDICT,
        category_started_on=AFTER,
    )  # fmt: skip
    last_year = PersonFactory(
        area=w.group_a2, full_name="Lê Văn Cũ", category_started_on=date(2025, 7, 1)
    )
    PersonFactory(area=w.group_b1, full_name="Lê Văn Khác", category_started_on=date(2026, 8, 1))
    DrugTestFactory(person=on_cutoff, tested_on=CUTOFF, result=TestResult.POSITIVE)
    DrugTestFactory(person=last_year, tested_on=AFTER)
    place = PlaceFactory(area=w.group_a1, discovered_on=date(2026, 7, 20))
    move(place, Place.Status.ELIMINATED, CUTOFF)
    PlaceFactory(area=w.group_a1, name="Bãi đất trống", discovered_on=AFTER)
    business = BusinessFactory(area=w.group_a1)
    InspectionFactory(business=business, inspected_on=CUTOFF)
    case = CaseFactory(area=w.ward_a, occurred_on=CUTOFF)
    CasePersonFactory(case=case, person=last_year)
    SeizureFactory(case=case, quantity=Decimal("2.5"))
    CaseFactory(area=w.ward_a, occurred_on=AFTER)
    TipFactory(area=w.ward_a, received_at=datetime(2026, 8, 10, 9, 0, tzinfo=VN))
    return Quarter(world=w, officer=officer_a, leader=ward_leader)


def draft(q: Quarter, **overrides: object) -> Report:
    fields: dict[str, object] = {
        "parent_body": "Ủy ban nhân dân phường Gia Viên",
        "issuing_body": "Công an phường Gia Viên",
        "body_code": "CAP",
        "place_name": "Gia Viên",
        "summary": "Kết quả công tác phòng, chống ma túy quý III năm 2026",
        "authority": "KT.",
        "authority_body": "Trưởng Công an phường",
        "signer_position": "Phó Trưởng Công an phường",
        "signer_name": "Đỗ Văn Ký",
        "recipients": "Công an thành phố Hải Phòng\nĐảng ủy, UBND phường",
        "filing": "VT, CAP",
        **overrides,
    }
    return services.report_create(actor=q.officer, area=q.world.ward_a, period=Q3, **fields)


def approved(q: Quarter, **overrides: object) -> Report:
    report = draft(q, **overrides)
    report = services.report_update(
        actor=q.officer, report=report, results="Toàn phường đã rà soát 100% tổ dân phố."
    )
    return services.report_approve(actor=q.leader, report=report)
