"""Fixtures of the area tests: the Kiến Minh merger, a school, and clients of the area personas
(the world itself is shared, in the root conftest)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from khongmatuy.areas import services
from khongmatuy.areas.models import Kind, Organisation
from khongmatuy.common.roles import Role

from .factories import AreaFactory, Merger, OrganisationFactory, user_bound_to
from .pages import client_for


@pytest.fixture
def merger(world) -> Merger:  # type: ignore[no-untyped-def]
    dong_phuong = AreaFactory(parent=world.haiphong, name="Đông Phương", kind=Kind.COMMUNE)
    dai_dong = AreaFactory(parent=world.haiphong, name="Đại Đồng", kind=Kind.COMMUNE)
    minh_tan = AreaFactory(parent=world.haiphong, name="Minh Tân", kind=Kind.COMMUNE)
    kien_minh = AreaFactory(
        parent=world.haiphong, name="Kiến Minh", kind=Kind.COMMUNE, valid_from=date(2025, 7, 1)
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
    school = OrganisationFactory(area=dong_phuong, name="Trường Tiểu học Đông Phương")
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
    return OrganisationFactory(
        area=world.group_a1, name="Trường Mầm non Hoa Sen", head_name="Vũ Thị Mai"
    )
