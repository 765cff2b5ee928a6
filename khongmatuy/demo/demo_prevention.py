"""The seed wards' prevention work, loaded once inside ``load_demo`` (synthetic people only).

- Gia Viên (Kế hoạch UBND phường Gia Viên): a ward loudspeaker broadcast every month for six months
  reaching its 73 groups but a few, a meeting in Tổ dân phố số 7 every month; this month only the
  first 50 groups so far, so the overview tile and the "not reached" list have something to show; a
  session in each school this school year; the engineering company's workers and a workplace
  session.
- Thành Đông (Nghị quyết Đảng bộ phường Thành Đông II.2.2): the household commitment campaign on its
  way to 100 % in 2026: Tổ dân phố số 1 keeps its list (rows, most signed), the other groups paper
  counts.
- A parish model (recognised) in Gia Viên and a clan model (active) in Thành Đông replicated
  from it; organisation commitments of the Gia Viên schools and company.

Every row goes through the services, so the demo is audited like real use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, AreaFigure, Level, Organisation
from khongmatuy.common.dates import add_months
from khongmatuy.prevention import services
from khongmatuy.prevention.choices import ActivityForm, Audience
from khongmatuy.prevention.models import DrugFreeModel
from khongmatuy.prevention.rules.periods import months_ending

MONTHS = 6
MISSED = {1: (17, 42), 2: (5,), 3: (), 4: (17, 63), 5: (29,)}  # months ago → group numbers missed
REACHED_SO_FAR = 50  # groups reached this month by the demo's date
FAMILY = ("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn")
GIVEN = ("Mẫu", "Thử", "Giả", "Mô", "Phỏng", "Tạo", "Lập")


@dataclass
class PreventionDemoResult:
    activities: int = 0
    households: int = 0
    models: int = 0


def _groups(commune: Area) -> list[Area]:
    return list(
        Area.objects.filter(parent=commune, level=Level.GROUP, is_active=True).order_by(
            "sort_key", "pk"
        )
    )


def _org(commune: Area, kind: str) -> list[Organisation]:
    return list(
        Organisation.objects.filter(area__commune=commune, kind=kind).order_by("name_sort", "pk")
    )


def _communication(*, officer: User, leader: User, commune: Area, today: date) -> int:
    groups = _groups(commune)
    made = 0
    for ago, period in enumerate(reversed(months_ending(today, MONTHS))):
        if ago == 0:
            reached = groups[:REACHED_SO_FAR]
            held_on = today.replace(day=1)
        else:
            missed = {f"Tổ dân phố số {n}" for n in MISSED.get(ago, ())}
            reached = [g for g in groups if g.name not in missed]
            held_on = period.first + timedelta(days=9)
        services.activity_record(
            actor=officer,
            held_on=held_on,
            form=ActivityForm.LOUDSPEAKER,
            topic="Phát thanh phòng, chống ma túy trên loa truyền thanh phường",
            audience=Audience.RESIDENTS,
            groups=reached,
            today=today,
        )
        group_7 = next(g for g in groups if g.name == "Tổ dân phố số 7")
        services.activity_record(
            actor=leader,
            held_on=min(today, period.first + timedelta(days=14)),
            form=ActivityForm.MEETING,
            topic="Sinh hoạt tổ dân phố: tác hại của ma túy tổng hợp",
            audience=Audience.RESIDENTS,
            audience_count=40 + ago,
            groups=[group_7],
            today=today,
        )
        made += 2
    for school in _org(commune, Organisation.OrgKind.SCHOOL):
        services.activity_record(
            actor=officer,
            held_on=add_months(today, -1).replace(day=20),
            form=ActivityForm.SCHOOL,
            topic="Ngoại khóa: nói không với ma túy và thuốc lá điện tử",
            audience=Audience.PUPILS,
            audience_count=600,
            organisations=[school],
            today=today,
        )
        made += 1
    for company in _org(commune, Organisation.OrgKind.ENTERPRISE):
        services.workforce_set(
            actor=officer, organisation=company, as_of=date(today.year, 1, 1), workers=140
        )
        services.activity_record(
            actor=officer,
            held_on=add_months(today, -2).replace(day=12),
            form=ActivityForm.WORKPLACE,
            topic="Tuyên truyền pháp luật về ma túy cho người lao động",
            audience=Audience.WORKERS,
            audience_count=112,
            organisations=[company],
            today=today,
        )
        made += 1
    return made


def _households(*, officer: User, commune: Area, today: date) -> int:
    groups = _groups(commune)
    figures = dict(
        AreaFigure.objects.filter(area__in=groups, is_current=True).values_list(
            "area_id", "households"
        )
    )
    first, *others = groups
    specs = [
        services.HouseholdSpec(
            head_name=f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]} {n + 1}",
            address=f"Số {n + 1} ngõ {n // 10 + 1}",
            members=2 + n % 4,
            signed_on=max(date(today.year, 1, 1), today - timedelta(days=3 * n)) if n % 5 else None,
        )
        for n in range(min(figures.get(first.pk, 30), 30))
    ]
    services.households_import(actor=officer, group=first, specs=specs, today=today)
    for n, group in enumerate(others):
        total = figures.get(group.pk, 0)
        share = 100 if n % 9 == 0 else 70 + (n * 7) % 30
        services.household_counts_set(
            actor=officer,
            group=group,
            year=today.year,
            households=total,
            signed=total * share // 100,
            as_of=today,
        )
    return len(specs)


def _models(*, actor: User, gia_vien_officer: User, today: date) -> int:
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    thanh_dong = Area.objects.get(level=Level.COMMUNE, code="10510")
    parish_host = _org(gia_vien, Organisation.OrgKind.PARISH)[0]
    parish = services.model_create(
        actor=gia_vien_officer,
        area=parish_host.area,
        kind=DrugFreeModel.Kind.PARISH,
        name=f"{parish_host.name} không ma túy",
        host=parish_host,
        decision_number="45/QĐ-UBND",
        decision_date=add_months(today, -10),
        decision_issuer="UBND phường Gia Viên",
        members_count=350,
        today=today,
    )
    services.model_transition(
        actor=gia_vien_officer,
        model=parish,
        to_status=DrugFreeModel.Status.ACTIVE,
        on=add_months(today, -9),
        today=today,
    )
    services.model_transition(
        actor=gia_vien_officer,
        model=parish,
        to_status=DrugFreeModel.Status.RECOGNISED,
        on=add_months(today, -1),
        today=today,
        note="Đánh giá của Ban Chỉ đạo phường",
    )
    clan_host = _org(thanh_dong, Organisation.OrgKind.CLAN)[0]
    services.model_create(
        actor=actor,
        area=clan_host.area,
        kind=DrugFreeModel.Kind.CLAN,
        name=f"{clan_host.name} không ma túy",
        host=clan_host,
        decision_number="12/QĐ-UBND",
        decision_date=add_months(today, -4),
        decision_issuer="UBND phường Thành Đông",
        members_named="Nguyễn Văn Mẫu\nNguyễn Thị Thử\nNguyễn Văn Giả",
        replicated_from=parish,
        today=today,
    )
    return 2


def load_demo_prevention(*, actor: User, today: date) -> PreventionDemoResult:
    """Create the seed wards' prevention work (once, inside ``load_demo``); ``actor`` (the
    administrator, who sees both wards) records the clan model replicated from the parish."""
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    thanh_dong = Area.objects.get(level=Level.COMMUNE, code="10510")
    gia_vien_officer = User.objects.get(username="cand_giavien")
    thanh_dong_officer = User.objects.get(username="cand_thanhdong")
    result = PreventionDemoResult()
    result.activities = _communication(
        officer=gia_vien_officer,
        leader=User.objects.get(username="totruong_giavien"),
        commune=gia_vien,
        today=today,
    )
    result.households = _households(officer=thanh_dong_officer, commune=thanh_dong, today=today)
    result.models = _models(actor=actor, gia_vien_officer=gia_vien_officer, today=today)
    for organisation in _org(gia_vien, Organisation.OrgKind.SCHOOL) + _org(
        gia_vien, Organisation.OrgKind.ENTERPRISE
    ):
        services.organisation_commitment_record(
            actor=gia_vien_officer,
            organisation=organisation,
            year=today.year,
            signed_on=min(today, date(today.year, 1, 15)),
            head_name=f"Thủ trưởng {organisation.name}",
            members_count=organisation.member_count,
            today=today,
        )
    return result
