"""Fixtures of the area tests: the Kiến Minh merger and audit helpers (the world is shared)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import models
from django.test import Client

from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.areas import services
from khongmatuy.areas.models import Area, Kind, Organisation
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role

from .factories import AreaFactory
from .pages import client_for

PASSWORD = "Matkhau-an-toan-2026"


def events_for(obj: models.Model) -> list[AuditEvent]:
    """The audit events of one record, oldest first."""
    return list(
        AuditEvent.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("pk")
    )


def changed(event: AuditEvent) -> dict[str, tuple[object, object]]:
    """{field: (before, after)} for the fields the event changed, ``updated_at`` left out."""
    return {k: (b, a) for k, b, a in event.changed_fields if k != "updated_at"}


def fresh(area: Area) -> Area:
    return Area.objects.get(pk=area.pk)


def user_bound_to(username: str, role: str, areas: list[Area]) -> User:
    return account_services.user_create(
        actor=None, username=username, password=PASSWORD, full_name=username, role=role, areas=areas
    )


@dataclass
class Merger:
    """Kiến Minh (Hải Phòng) formed on 01/07/2025 from Đông Phương, Đại Đồng and Minh Tân."""

    dong_phuong: Area
    dai_dong: Area
    minh_tan: Area
    kien_minh: Area
    dong_phuong_groups: list[Area]
    dai_dong_group: Area
    minh_tan_group: Area
    school: Organisation
    officer: User

    @property
    def predecessors(self) -> list[Area]:
        return [self.dong_phuong, self.dai_dong, self.minh_tan]


@pytest.fixture
def merger(world) -> Merger:  # type: ignore[no-untyped-def]
    create = services.area_create
    dong_phuong = AreaFactory(parent=world.haiphong, name="Đông Phương", kind=Kind.COMMUNE)
    dai_dong = AreaFactory(parent=world.haiphong, name="Đại Đồng", kind=Kind.COMMUNE)
    minh_tan = AreaFactory(parent=world.haiphong, name="Minh Tân", kind=Kind.COMMUNE)
    kien_minh = create(
        actor=None,
        parent=world.haiphong,
        name="Kiến Minh",
        kind=Kind.COMMUNE,
        valid_from=date(2025, 7, 1),
    )
    dong_phuong_groups = services.groups_create(
        actor=None,
        commune=dong_phuong,
        specs=[
            services.GroupSpec(name="Thôn 1", kind=Kind.VILLAGE),
            services.GroupSpec(
                name="Thôn 2",
                kind=Kind.VILLAGE,
                population=800,
                households=200,
                as_of=date(2025, 1, 1),
            ),
        ],
    )
    (dai_dong_group,) = services.groups_create(
        actor=None, commune=dai_dong, specs=[services.GroupSpec(name="Thôn 1", kind=Kind.VILLAGE)]
    )
    (minh_tan_group,) = services.groups_create(
        actor=None, commune=minh_tan, specs=[services.GroupSpec(name="Thôn Tân", kind=Kind.VILLAGE)]
    )
    school = services.organisation_save(
        actor=None,
        organisation=None,
        area=dong_phuong,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường Tiểu học Đông Phương",
    )
    officer = user_bound_to("cand_kienminh", Role.COMMUNE_POLICE, [kien_minh])
    return Merger(
        dong_phuong=dong_phuong,
        dai_dong=dai_dong,
        minh_tan=minh_tan,
        kien_minh=kien_minh,
        dong_phuong_groups=dong_phuong_groups,
        dai_dong_group=dai_dong_group,
        minh_tan_group=minh_tan_group,
        school=school,
        officer=officer,
    )


@pytest.fixture
def leadership_client(leadership_a) -> Client:  # type: ignore[no-untyped-def]
    return client_for(leadership_a)


@pytest.fixture
def leader_client(leader_a) -> Client:  # type: ignore[no-untyped-def]
    return client_for(leader_a)


@pytest.fixture
def school(world) -> Organisation:  # type: ignore[no-untyped-def]
    return services.organisation_save(
        actor=None,
        organisation=None,
        area=world.group_a1,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường Mầm non Hoa Sen",
        head_name="Vũ Thị Mai",
    )


def merge(merger: Merger, actor: User | None = None) -> Area:
    """Kiến Minh formed from its three predecessors on 01/07/2025."""
    return services.area_merge(
        actor=actor,
        predecessors=merger.predecessors,
        successor=merger.kien_minh,
        effective_on=date(2025, 7, 1),
        legal_basis="Nghị quyết 1669/NQ-UBTVQH15",
    )
