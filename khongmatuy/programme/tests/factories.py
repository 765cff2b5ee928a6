"""Builders of the programme tests, through the services (audited like real data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Organisation
from khongmatuy.areas.services.organisations import organisation_save
from khongmatuy.programme import services
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.models import (
    Adjustment,
    Allocation,
    CommuneProject,
    Disbursement,
    Project,
)

TODAY = date(2026, 11, 30)
YEAR = 2026


def office(area: Area, name: str = "Công an phường") -> Organisation:
    return organisation_save(
        actor=None, organisation=None, area=area, kind=Organisation.OrgKind.AGENCY, name=name
    )


def commune_project(
    *, actor: User, area: Area, code: str = "DA4", lead: Organisation | None = None
) -> CommuneProject:
    return services.commune_project_create(
        actor=actor,
        area=area,
        project=Project.objects.get(code=code),
        lead=lead or office(area),
    )


def allocate(
    *,
    actor: User,
    cp: CommuneProject,
    amount: str,
    source: str = FundSource.CENTRAL,
    schedule: tuple[tuple[date, Decimal], ...] = (),
    **kwargs: Any,
) -> Allocation:
    kwargs.setdefault("decision", "15/QĐ-UBND")
    kwargs.setdefault("decided_on", date(2026, 1, 10))
    return services.allocation_record(
        actor=actor,
        commune_project=cp,
        year=YEAR,
        source=source,
        amount=Decimal(amount),
        today=TODAY,
        schedule=schedule,
        **kwargs,
    )


def disburse(
    *, actor: User, cp: CommuneProject, amount: str, paid_on: date = date(2026, 5, 4)
) -> Disbursement:
    return services.disbursement_record(
        actor=actor,
        commune_project=cp,
        year=YEAR,
        paid_on=paid_on,
        amount=Decimal(amount),
        document="PC-01",
        today=TODAY,
    )


def adjust(
    *, actor: User, cp: CommuneProject, amount: str, source: str = FundSource.CENTRAL
) -> Adjustment:
    """A decision raising (positive) or lowering (negative) the year's allocation."""
    return services.adjustment_record(
        actor=actor,
        commune_project=cp,
        year=YEAR,
        source=source,
        amount=Decimal(amount),
        decision="40/QĐ-UBND",
        decided_on=date(2026, 8, 1),
        reason="Điều chỉnh kinh phí",
        today=TODAY,
    )


QUARTERS = (
    (date(2026, 3, 31), Decimal(10)),
    (date(2026, 6, 30), Decimal(40)),
    (date(2026, 9, 30), Decimal(70)),
    (date(2026, 12, 31), Decimal(100)),
)
