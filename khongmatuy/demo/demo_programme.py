"""The national target programme in the demo, loaded once inside ``load_demo`` (after
prevention).

Kế hoạch UBND phường Thủy Nguyên (implementing the city's Plan 313/KH-UBND): the ward police
leads Projects 1, 2, 4, 5, 9 and Sub-project 2 of Project 7 (III.1.b); the economic office
(Phòng Kinh tế, Hạ tầng và Đô thị) balances the budget (III.2). The year's budget is allocated
in January by source with a quarterly disbursement schedule (10 / 40 / 70 / 100 %); some projects
disburse on schedule, others are late, so the overview, the late list and the reminder have
something to show. Gia Viên runs Project 4 as well, for the city's comparison. Legal aid on
request (II.5) is entered with its source. The amounts are synthetic.

Every row goes through the services, so the demo is audited like real use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.common.text import fold
from khongmatuy.programme import services
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.models import CommuneProject, Indicator, Project
from khongmatuy.programme.rules.schedule import quarter_ends
from khongmatuy.programme.services.common import FIRST_YEAR, LAST_YEAR

SHARES = (Decimal(10), Decimal(40), Decimal(70), Decimal(100))
# Project code → (central, local allocation in million đồng, share of the time-planned amount
# disbursed by today: 1.1 ahead of schedule, 0.5 half of what the schedule plans).
THUY_NGUYEN = {
    "DA1": (450, 150, Decimal("0.55")),
    "DA2": (800, 0, Decimal(0)),
    "DA4": (600, 250, Decimal("1.1")),
    "DA5": (1_200, 300, Decimal("0.4")),
    "DA7-TDA2": (150, 80, Decimal("1.05")),
    "DA9": (90, 30, Decimal(1)),
}
MILLION = Decimal(1_000_000)


@dataclass
class ProgrammeDemoResult:
    projects: int = 0
    disbursements: int = 0
    late: int = 0


def _agency(actor: User, commune: Area, name: str) -> Organisation:
    """The commune's office of that name (the plans' demo may have created it, written with the
    official list's spelling), or a new one."""
    existing = Organisation.objects.filter(
        area=commune, kind=Organisation.OrgKind.AGENCY, name_folded=fold(name)
    ).first()
    if existing is not None:
        return existing
    return area_services.organisation_save(
        actor=actor,
        organisation=None,
        area=commune,
        kind=Organisation.OrgKind.AGENCY,
        name=name,
    )


def demo_year(today: date) -> int:
    """The programme year the demo fills: this year, within the period, with a fortnight of
    January behind it for the allocation."""
    year = today.year if today >= date(today.year, 1, 20) else today.year - 1
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _planned_share(year: int, today: date) -> Decimal:
    passed = [s for until, s in zip(quarter_ends(year), SHARES, strict=True) if until <= today]
    return passed[-1] if passed else Decimal(0)


def _run(
    *,
    actor: User,
    commune: Area,
    lead: Organisation,
    office: Organisation,
    code: str,
    central: int,
    local: int,
    pace: Decimal,
    year: int,
    today: date,
    result: ProgrammeDemoResult,
) -> None:
    cp = services.commune_project_create(
        actor=actor, area=commune, project=Project.objects.get(code=code), lead=lead
    )
    result.projects += 1
    decided = date(year, 1, 15)
    schedule = tuple(zip(quarter_ends(year), SHARES, strict=True))
    for source, millions in ((FundSource.CENTRAL, central), (FundSource.LOCAL, local)):
        if millions:
            services.allocation_record(
                actor=actor,
                commune_project=cp,
                year=year,
                source=source,
                amount=Decimal(millions) * MILLION,
                decision=f"{12 if source == FundSource.CENTRAL else 13}/QĐ-UBND",
                decided_on=decided,
                balanced_by=office,
                today=today,
                schedule=schedule if source == FundSource.CENTRAL else (),
            )
    available = Decimal(central + local) * MILLION
    planned = available * _planned_share(year, today) / 100
    target = min((planned * pace).quantize(MILLION), available)
    end = min(today, date(year, 12, 31))
    if target > 0:
        services.commitment_record(
            actor=actor,
            commune_project=cp,
            year=year,
            signed_on=decided + timedelta(days=20),
            amount=min(target * Decimal("1.2"), available).quantize(MILLION),
            document=f"HĐ {result.projects:02d}/{year}",
            content="Hợp đồng thực hiện nội dung dự án",
            today=today,
        )
    # Three payments spread between the allocation and today.
    span = max((end - decided).days, 3)
    parts = (Decimal("0.3"), Decimal("0.3"), Decimal("0.4"))
    paid = Decimal(0)
    for n, part in enumerate(parts, 1):
        amount = (target * part).quantize(Decimal(1)) if n < 3 else target - paid
        if amount <= 0:
            continue
        services.disbursement_record(
            actor=actor,
            commune_project=cp,
            year=year,
            paid_on=decided + timedelta(days=span * n // 3),
            amount=amount,
            document=f"GN {result.projects:02d}-{n}/{year}",
            content="Thanh toán theo hợp đồng",
            today=today,
        )
        paid += amount
        result.disbursements += 1
    if pace < 1 and _planned_share(year, today) > 0:
        result.late += 1
    if paid:
        services.output_record(
            actor=actor,
            commune_project=cp,
            year=year,
            description="Hội nghị triển khai, tập huấn cán bộ cơ sở",
            quantity=Decimal(2),
            unit="lớp",
            achieved_on=decided + timedelta(days=span // 2),
            today=today,
        )


def load_demo_programme(*, actor: User, today: date) -> ProgrammeDemoResult:
    result = ProgrammeDemoResult()
    if CommuneProject.objects.exists():
        return result
    year = demo_year(today)
    thuy_nguyen = Area.objects.get(code="11560", level=Level.COMMUNE)
    police = _agency(actor, thuy_nguyen, "Công an phường Thủy Nguyên")
    office = _agency(actor, thuy_nguyen, "Phòng Kinh tế, Hạ tầng và Đô thị phường Thủy Nguyên")
    for code, (central, local, pace) in THUY_NGUYEN.items():
        _run(
            actor=actor,
            commune=thuy_nguyen,
            lead=police,
            office=office,
            code=code,
            central=central,
            local=local,
            pace=pace,
            year=year,
            today=today,
            result=result,
        )
    gia_vien = Area.objects.get(code="11359", level=Level.COMMUNE)
    _run(
        actor=actor,
        commune=gia_vien,
        lead=_agency(actor, gia_vien, "Công an phường Gia Viên"),
        office=_agency(actor, gia_vien, "Phòng Kinh tế, Hạ tầng và Đô thị phường Gia Viên"),
        code="DA4",
        central=300,
        local=100,
        pace=Decimal("0.9"),
        year=year,
        today=today,
        result=result,
    )
    services.indicator_value_set(
        actor=actor,
        indicator=Indicator.objects.get(code="legal_aid"),
        area=thuy_nguyen,
        year=year,
        part=11,
        whole=12,
        source="Báo cáo của Phòng Văn hóa - Xã hội phường (trợ giúp pháp lý khi có yêu cầu)",
    )
    return result
