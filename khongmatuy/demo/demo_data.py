"""The demo: the seeds' wards with plausible figures, organisations and one account per role.

Everything here is synthetic except official place names and codes (from vietnam-provinces) and
the facts the seeds state (Gia Viên's 73 residential groups; Kiến Minh's 25,855 people on
16.25 km², formed from Đông Phương, Đại Đồng and Minh Tân).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.alerts import services as alert_services
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind, Level, Organisation
from khongmatuy.areas.official import load_official_areas
from khongmatuy.common.roles import Role
from khongmatuy.demo.demo_criteria import load_demo_criteria
from khongmatuy.demo.demo_people import load_demo_people
from khongmatuy.demo.demo_places import load_demo_places
from khongmatuy.demo.demo_plans import create_offices, load_demo_plans, office_name
from khongmatuy.demo.demo_prevention import load_demo_prevention
from khongmatuy.demo.demo_programme import load_demo_programme
from khongmatuy.demo.demo_reports import load_demo_reports

DEMO_PASSWORD = "KhongMaTuy@2026"
FIGURES_DATE = date(2026, 1, 1)
PREVIOUS_FIGURES_DATE = date(2025, 1, 1)
MERGE_DATE = date(2025, 7, 1)
MERGE_BASIS = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã của TP Hải Phòng năm 2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    area_path: tuple[str, ...]  # official codes, then a group name
    title: str
    organisation: str = ""  # an agency account's office (``demo_plans.OFFICES`` key)


ACCOUNTS = (
    DemoAccount("quantri", "Quản Trị Hệ Thống", Role.ADMIN, ("VN",), "Quản trị hệ thống"),
    DemoAccount(
        "ca_haiphong",
        "Đỗ Minh Khang",
        Role.CITY_POLICE,
        ("VN", "31"),
        "Cán bộ Phòng PC04, Công an TP Hải Phòng",
    ),
    DemoAccount(
        "cand_giavien",
        "Trần Văn Bình",
        Role.COMMUNE_POLICE,
        ("VN", "31", "11359"),
        "Cán bộ Công an phường Gia Viên",
    ),
    DemoAccount(
        "lanhdao_giavien",
        "Phạm Thị Hạnh",
        Role.COMMUNE_LEADERSHIP,
        ("VN", "31", "11359"),
        "Phó Chủ tịch UBND phường Gia Viên",
    ),
    DemoAccount(
        "totruong_giavien",
        "Lê Văn Tâm",
        Role.GROUP_LEADER,
        ("VN", "31", "11359", "Tổ dân phố số 7"),
        "Tổ trưởng Tổ dân phố số 7",
    ),
    DemoAccount(
        "giamsat_giavien",
        "Vũ Thị Lan",
        Role.SUPERVISOR,
        ("VN", "31", "11359", "Tổ dân phố số 7"),
        "Công an viên, người được giao giúp đỡ",
    ),
    DemoAccount(
        "doanthe_giavien",
        "Ngô Văn Hải",
        Role.MASS_ORG_OFFICER,
        ("VN", "31", "11359"),
        "Phó Chủ tịch Ủy ban MTTQ phường Gia Viên",
    ),
    DemoAccount(
        "cand_thanhdong",
        "Nguyễn Thị Dung",
        Role.COMMUNE_POLICE,
        ("VN", "31", "10510"),
        "Cán bộ Công an phường Thành Đông",
    ),
    DemoAccount(
        "cand_thuynguyen",
        "Bùi Văn Lực",
        Role.COMMUNE_POLICE,
        ("VN", "31", "11560"),
        "Cán bộ Công an phường Thủy Nguyên",
    ),
    DemoAccount(
        "vhxh_thuynguyen",
        "Lương Thị Mai",
        Role.AGENCY_OFFICER,
        ("VN", "31", "11560"),
        "Chuyên viên Phòng Văn hóa - Xã hội phường Thủy Nguyên",
        organisation="culture",
    ),
    DemoAccount(
        "cand_kienminh",
        "Hoàng Văn Sơn",
        Role.COMMUNE_POLICE,
        ("VN", "31", "11725"),
        "Cán bộ Công an xã Kiến Minh",
    ),
    DemoAccount(
        "cand_caoxanh",
        "Đặng Thị Thu",
        Role.COMMUNE_POLICE,
        ("VN", "22", "6658"),
        "Cán bộ Công an phường Cao Xanh",
    ),
)


def _commune(code: str) -> Area:
    return Area.objects.get(level=Level.COMMUNE, code=code)


def _add_groups(
    actor: User,
    commune: Area,
    names: list[str],
    kind: str,
    total_population: int,
    rng: random.Random,
) -> None:
    weights = [rng.uniform(0.6, 1.4) for _ in names]
    scale = total_population / sum(weights)
    specs = []
    for name, weight in zip(names, weights, strict=True):
        population = int(weight * scale)
        households = int(population / rng.uniform(3.3, 3.9))
        specs.append(
            area_services.GroupSpec(
                name=name,
                kind=kind,
                population=population,
                households=households,
                as_of=PREVIOUS_FIGURES_DATE,
            )
        )
    area_services.groups_create(actor=actor, commune=commune, specs=specs, source="Số liệu demo")


def _commune_figures(
    actor: User, commune: Area, population: int, area_km2: str | None = None
) -> None:
    if area_km2 is not None:
        area_services.area_update(
            actor=actor,
            area=commune,
            kind=commune.kind,
            code=commune.code,
            area_km2=Decimal(area_km2),
            valid_from=MERGE_DATE,
        )
    area_services.figure_set(
        actor=actor,
        area=commune,
        as_of=PREVIOUS_FIGURES_DATE,
        population=int(population * 0.985),
        households=int(population * 0.985 / 3.6),
        source="Số liệu demo",
    )
    area_services.figure_set(
        actor=actor,
        area=commune,
        as_of=FIGURES_DATE,
        population=population,
        households=int(population / 3.6),
        source="Số liệu demo",
    )


def _organisations(actor: User, commune: Area, rng: random.Random) -> None:
    groups = list(Area.objects.filter(parent=commune, is_active=True).order_by("sort_key"))
    short = commune.name
    entries = [
        (Organisation.OrgKind.SCHOOL, f"Trường Tiểu học {short}", 820),
        (Organisation.OrgKind.SCHOOL, f"Trường THCS {short}", 760),
        (Organisation.OrgKind.ENTERPRISE, f"Công ty TNHH Cơ khí {short}", 140),
        (Organisation.OrgKind.AGENCY, f"Trạm Y tế {commune.display_name}", 12),
        (Organisation.OrgKind.PARISH, f"Giáo họ {short}", 350),
        (Organisation.OrgKind.CLAN, "Dòng họ Nguyễn Văn (chi 3)", 210),
        (Organisation.OrgKind.YOUTH_UNION, f"Chi đoàn thanh niên khu dân cư {short}", 45),
    ]
    for kind, name, members in entries:
        area = (
            rng.choice(groups)
            if groups and kind in (Organisation.OrgKind.CLAN, Organisation.OrgKind.PARISH)
            else commune
        )
        area_services.organisation_save(
            actor=actor, organisation=None, area=area, kind=kind, name=name, member_count=members
        )


def _merge_kien_minh(actor: User, kien_minh: Area) -> None:
    """Kiến Minh was formed from three former communes (``MERGE_BASIS``): keep them as history."""
    former = []
    for name in ("Đông Phương", "Đại Đồng", "Minh Tân"):
        old = area_services.area_create(
            actor=actor,
            parent=kien_minh.parent,
            name=name,
            kind=Kind.COMMUNE,
            valid_from=date(1990, 1, 1),
        )
        former.append(old)
    area_services.area_merge(
        actor=actor,
        predecessors=former,
        successor=kien_minh,
        effective_on=MERGE_DATE,
        legal_basis=MERGE_BASIS,
    )


def _resolve(path: tuple[str, ...]) -> Area:
    if path == ("VN",):
        return Area.objects.get(level=Level.COUNTRY)
    if len(path) == 2:
        return Area.objects.get(level=Level.PROVINCE, code=path[1])
    commune = _commune(path[2])
    if len(path) == 3:
        return commune
    return Area.objects.get(parent=commune, name=path[3], is_active=True)


def demo_is_loaded() -> bool:
    return User.objects.filter(username=ACCOUNTS[0].username).exists()


@transaction.atomic
def load_demo(*, seed: int = 2026) -> list[DemoAccount]:
    """Load the demo once (idempotent: a second call changes nothing)."""
    if demo_is_loaded():
        return list(ACCOUNTS)
    rng = random.Random(seed)
    load_official_areas()
    admin, *others = ACCOUNTS
    # The administrator is created first and performs the rest, so the audit trail says who.
    actor = account_services.user_create(
        actor=None,
        username=admin.username,
        password=DEMO_PASSWORD,
        full_name=admin.full_name,
        role=admin.role,
        areas=[_resolve(admin.area_path)],
        title=admin.title,
        validate=False,
    )
    gia_vien = _commune("11359")
    _commune_figures(actor, gia_vien, 24_600, "1.98")
    _add_groups(
        actor,
        gia_vien,
        [f"Tổ dân phố số {n}" for n in range(1, 74)],
        Kind.RESIDENTIAL_GROUP,
        24_600,
        rng,
    )
    thanh_dong = _commune("10510")
    _commune_figures(actor, thanh_dong, 31_200, "6.41")
    _add_groups(
        actor,
        thanh_dong,
        [f"Tổ dân phố số {n}" for n in range(1, 46)],
        Kind.RESIDENTIAL_GROUP,
        31_200,
        rng,
    )
    thuy_nguyen = _commune("11560")
    _commune_figures(actor, thuy_nguyen, 48_900, "24.70")
    _add_groups(
        actor,
        thuy_nguyen,
        [f"Tổ dân phố số {n}" for n in range(1, 41)],
        Kind.RESIDENTIAL_GROUP,
        48_900,
        rng,
    )
    kien_minh = _commune("11725")
    _commune_figures(actor, kien_minh, 25_855, "16.25")
    _add_groups(actor, kien_minh, [f"Thôn {n}" for n in range(1, 22)], Kind.VILLAGE, 25_855, rng)
    _merge_kien_minh(actor, kien_minh)
    cao_xanh = _commune("6658")
    _commune_figures(actor, cao_xanh, 27_400, "8.92")
    _add_groups(actor, cao_xanh, [f"Khu phố {n}" for n in range(1, 13)], Kind.QUARTER, 27_400, rng)
    communes = (gia_vien, thanh_dong, thuy_nguyen, kien_minh, cao_xanh)
    for commune in communes:
        _organisations(actor, commune, rng)
    create_offices(actor=actor, communes=communes)
    for account in others:
        area = _resolve(account.area_path)
        account_services.user_create(
            actor=actor,
            username=account.username,
            password=DEMO_PASSWORD,
            full_name=account.full_name,
            role=account.role,
            areas=[area],
            title=account.title,
            organisation=(
                Organisation.objects.get(area=area, name=office_name(account.organisation, area))
                if account.organisation
                else None
            ),
            validate=False,
        )
    # Persons come last: they need the officers and the supervisor created above.
    load_demo_people(actor=actor, today=timezone.localdate())
    load_demo_places(actor=actor, today=timezone.localdate())
    load_demo_criteria(actor=actor, today=timezone.localdate())
    load_demo_prevention(actor=actor, today=timezone.localdate())
    load_demo_plans(actor=actor, today=timezone.localdate())
    load_demo_programme(actor=actor, today=timezone.localdate())
    load_demo_reports(actor=actor, today=timezone.localdate())
    # This morning's reminders for every account (Gia Viên's officer, supervisor, group leader…).
    alert_services.run_reminders()
    return list(ACCOUNTS)
