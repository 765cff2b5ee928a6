"""The local plans' roadmaps and the recognitions that give them an "actual" to compare with.

* Gia Viên (its plan, II.3): 22 named residential groups drug-free by 31/12/2025,
  11 more by 31/12/2027, 11 more by 31/12/2030, the remaining 29 by 31/12/2035.
* Thành Đông (its plan, II.2.2): 40 % of its groups by end 2026, 70 % by end 2027, 90 % by end
  2028, 100 % by end 2029.
* Kiến Minh (its plan, II.2): the commune drug-free in 2025, kept every year 2025–2030.
* National (Nghị quyết 50/NQ-CP): at least 20 % of commune-level units by
  31/12/2025 and at least 50 % by 31/12/2030.

Recognitions go through ``services.recognition.recognition_transition`` (registered → cleaning →
proposed → recognised), so each proposal is refused unless the area's live evaluation on its date
passes; a refused area is left where it stopped (its steps roll back) and listed in the result.
With the demo persons, Gia Viên's groups 2, 6 and 8 had new users in 2025 and are refused (they
show as behind schedule), and groups that were clean in December 2025 but have had a new user
or a harbouring place since show as at risk; so does group 72, left out of this year's data
review, whose evaluation cannot conclude. Thành Đông has no data review at all: its evaluations
say "chưa kết luận" and list what is missing. Kiến Minh's proposal is refused too (its demo users
fail Decision 28's criteria on 12/12/2025), so its roadmap shows 0 of 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.criteria.models import Recognition, RoadmapTarget
from khongmatuy.criteria.selectors.recognition import COMMUNE_RULE_SET, GROUP_RULE_SET
from khongmatuy.criteria.services import roadmaps as roadmaps
from khongmatuy.criteria.services.recognition import recognition_transition
from khongmatuy.people.choices import ReconciliationOutcome
from khongmatuy.people.selectors.quality.rounds import round_persons
from khongmatuy.people.services import quality as quality_services

GIA_VIEN, THANH_DONG, KIEN_MINH = "11359", "10510", "11725"
GIA_VIEN_PHASES: tuple[tuple[str, date, tuple[int, ...]], ...] = (
    (
        "Giai đoạn 1",
        date(2025, 12, 31),
        (2, 3, 4, 5, 6, 8, 9, 10, 15, 19, 38, 39, 41, 42, 48, 49, 50, 59, 60, 69, 71, 72),
    ),
    ("Giai đoạn 2", date(2027, 12, 31), (12, 18, 20, 22, 27, 30, 43, 47, 53, 57, 65)),
    ("Giai đoạn 3", date(2030, 12, 31), (13, 14, 16, 23, 28, 31, 36, 45, 51, 54, 64)),
)
GIA_VIEN_LAST = ("Giai đoạn 4", date(2035, 12, 31))
THANH_DONG_PERCENTS = ((2026, 40), (2027, 70), (2028, 90), (2029, 100))
NATIONAL_PERCENTS = ((2025, 20), (2030, 50))

GIA_VIEN_RECOGNISED_ON = date(2025, 12, 19)
GIA_VIEN_DECISION = "125/QĐ-UBND"
GIA_VIEN_AUTHORITY = "UBND phường Gia Viên"
KIEN_MINH_RECOGNISED_ON = date(2025, 12, 26)
KIEN_MINH_DECISION = "3875/QĐ-UBND"
KIEN_MINH_AUTHORITY = "UBND thành phố Hải Phòng"


@dataclass
class DemoCriteria:
    roadmaps: int = 0
    recognised: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


def _commune(code: str) -> Area:
    return Area.objects.get(level=Level.COMMUNE, code=code)


def _group(commune: Area, number: int) -> Area:
    return Area.objects.get(parent=commune, name=f"Tổ dân phố số {number}", is_active=True)


def review(actor: User | None, area: Area, on: date) -> None:
    """A completed data review (reconciliation round) of the area's residential groups on ``on``,
    every person found as on record: the evidence an evaluation needs before it concludes."""
    for round_ in quality_services.reconciliation_start(actor=actor, area=area, on=on):
        for person in round_persons(round_):
            quality_services.reconciliation_check(
                actor=actor,
                round=round_,
                person=person,
                outcome=ReconciliationOutcome.CONFIRMED,
                on=on,
            )
        quality_services.reconciliation_complete(actor=actor, round=round_, on=on)


def _recognise(
    actor: User,
    area: Area,
    code: str,
    *,
    on: date,
    decision: str,
    authority: str,
    today: date,
    result: DemoCriteria,
) -> None:
    """Registered two months before, cleaning (the data review a month before), proposed two weeks
    before, recognised on ``on``. A refusal (the live evaluation on the proposal date fails or
    cannot conclude) rolls back this area only."""
    steps: tuple[tuple[str, date, dict[str, object]], ...] = (
        (Recognition.Status.REGISTERED, on - timedelta(days=75), {}),
        (Recognition.Status.CLEANING, on - timedelta(days=60), {}),
        (Recognition.Status.PROPOSED, on - timedelta(days=14), {}),
        (
            Recognition.Status.RECOGNISED,
            on,
            {"decision_number": decision, "decision_date": on, "authority": authority},
        ),
    )
    # The data review of the cleaning phase happened whatever the proposal's fate.
    review(actor, area, on - timedelta(days=30))
    try:
        with transaction.atomic():
            for status, day, extra in steps:
                recognition_transition(
                    actor=actor,
                    area=area,
                    rule_set_code=code,
                    to_status=status,
                    on=day,
                    note="Số liệu demo",
                    today=today,
                    **extra,  # type: ignore[arg-type]
                )
    except ValidationError as exc:
        result.refused[area.name] = "; ".join(exc.messages)
    else:
        result.recognised.append(area.name)


# A recognised group whose yearly data review is not done: at risk, its evaluation inconclusive.
GIA_VIEN_NOT_REVIEWED = 72


def _gia_vien(actor: User, today: date, result: DemoCriteria) -> None:
    ward = _commune(GIA_VIEN)
    roadmap = roadmaps.roadmap_create(
        actor=actor,
        area=ward,
        name="Lộ trình xây dựng tổ dân phố không ma túy phường Gia Viên 2025–2035",
        rule_set_code=GROUP_RULE_SET,
        target_level=Level.GROUP,
        source="Kế hoạch của UBND phường Gia Viên về mô hình Tổ dân phố không ma túy, mục II.3",
    )
    named: set[int] = set()
    for phase, due, numbers in GIA_VIEN_PHASES:
        roadmaps.roadmap_target_set(
            actor=actor,
            roadmap=roadmap,
            phase=phase,
            due_on=due,
            areas=[_group(ward, n) for n in numbers],
            note=f"{len(numbers)} tổ dân phố được nêu tên",
        )
        named |= set(numbers)
    rest = [
        g
        for g in Area.objects.filter(parent=ward, level=Level.GROUP, is_active=True)
        if g.name.removeprefix("Tổ dân phố số ").isdigit()
        and int(g.name.removeprefix("Tổ dân phố số ")) not in named
    ]
    phase, due = GIA_VIEN_LAST
    roadmaps.roadmap_target_set(
        actor=actor,
        roadmap=roadmap,
        phase=phase,
        due_on=due,
        areas=rest,
        note=f"{len(rest)} tổ dân phố còn lại",
    )
    result.roadmaps += 1
    for number in GIA_VIEN_PHASES[0][2]:
        _recognise(
            actor,
            _group(ward, number),
            GROUP_RULE_SET,
            on=GIA_VIEN_RECOGNISED_ON,
            decision=GIA_VIEN_DECISION,
            authority=GIA_VIEN_AUTHORITY,
            today=today,
            result=result,
        )
    # This year's data review, done in every group but one.
    for group in Area.objects.filter(parent=ward, level=Level.GROUP, is_active=True):
        if group.name != f"Tổ dân phố số {GIA_VIEN_NOT_REVIEWED}":
            review(actor, group, today - timedelta(days=40))


def _thanh_dong(actor: User) -> None:
    roadmap = roadmaps.roadmap_create(
        actor=actor,
        area=_commune(THANH_DONG),
        name="Lộ trình xây dựng tổ dân phố không ma túy phường Thành Đông 2026–2029",
        rule_set_code=GROUP_RULE_SET,
        target_level=Level.GROUP,
        source="Nghị quyết Đảng bộ phường Thành Đông về xây dựng phường không ma túy, mục II.2.2",
    )
    previous = 0
    for year, percent in THANH_DONG_PERCENTS:
        roadmaps.roadmap_target_set(
            actor=actor,
            roadmap=roadmap,
            phase=f"Năm {year}",
            due_on=date(year, 12, 31),
            percent=Decimal(percent),
            note=f"Lũy kế {percent}% số tổ dân phố (tăng {percent - previous}%)",
        )
        previous = percent
    roadmaps.roadmap_target_set(
        actor=actor,
        roadmap=roadmap,
        measure=RoadmapTarget.Measure.HOUSEHOLD_COMMITMENTS,
        phase="Năm 2026",
        due_on=date(2026, 12, 31),
        percent=Decimal(100),
        note="100% hộ gia đình ký cam kết không có người vi phạm pháp luật về ma túy",
    )


def _kien_minh(actor: User, today: date, result: DemoCriteria) -> None:
    commune = _commune(KIEN_MINH)
    roadmap = roadmaps.roadmap_create(
        actor=actor,
        area=commune,
        name="Xã Kiến Minh không ma túy: đạt năm 2025, giữ vững 2025–2030",
        rule_set_code=COMMUNE_RULE_SET,
        target_level=Level.COMMUNE,
        source=(
            "Nghị quyết Đảng bộ xã Kiến Minh về xây dựng xã không ma túy, mục II.2; "
            "Quyết định 28/2025/QĐ-TTg"
        ),
    )
    roadmaps.roadmap_target_set(
        actor=actor,
        roadmap=roadmap,
        phase="Đạt xã không ma túy",
        due_on=date(2025, 12, 31),
        areas=[commune],
        note="Được công nhận xã không ma túy trong năm 2025",
    )
    for year in range(2026, 2031):
        roadmaps.roadmap_target_set(
            actor=actor,
            roadmap=roadmap,
            phase=f"Giữ vững năm {year}",
            due_on=date(year, 12, 31),
            count=1,
            note="Giữ vững danh hiệu xã không ma túy",
        )
    result.roadmaps += 1
    _recognise(
        actor,
        commune,
        COMMUNE_RULE_SET,
        on=KIEN_MINH_RECOGNISED_ON,
        decision=KIEN_MINH_DECISION,
        authority=KIEN_MINH_AUTHORITY,
        today=today,
        result=result,
    )


def _national(actor: User) -> None:
    roadmap = roadmaps.roadmap_create(
        actor=actor,
        area=Area.objects.get(level=Level.COUNTRY),
        name="Mục tiêu quốc gia: xã, phường, đặc khu không ma túy đến năm 2030",
        rule_set_code=COMMUNE_RULE_SET,
        target_level=Level.COMMUNE,
        source="Nghị quyết 50/NQ-CP; Quyết định 28/2025/QĐ-TTg",
    )
    for year, percent in NATIONAL_PERCENTS:
        roadmaps.roadmap_target_set(
            actor=actor,
            roadmap=roadmap,
            phase=f"Đến năm {year}",
            due_on=date(year, 12, 31),
            percent=Decimal(percent),
            note=f"Ít nhất {percent}% số đơn vị hành chính cấp xã",
        )


def load_demo_criteria(*, actor: User, today: date) -> DemoCriteria:
    """The four roadmaps and the December 2025 recognitions (audited, through the services)."""
    result = DemoCriteria()
    _gia_vien(actor, today, result)
    _thanh_dong(actor)
    result.roadmaps += 1
    _kien_minh(actor, today, result)
    _national(actor)
    result.roadmaps += 1
    return result
