"""The test world and its personas, shared by every app's tests.

Hải Phòng with Gia Viên (ward A, two residential groups) and Thành Đông (ward B, one group);
Quảng Ninh with Cao Xanh. The ``world`` fixture (root ``conftest.py``) builds it; tests import
the types and helpers from here, never from a conftest module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.test import Client

from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind, Organisation
from khongmatuy.common.menu import menu_for
from khongmatuy.common.roles import Role

PASSWORD = "Matkhau-an-toan-2026"


@dataclass
class World:
    country: Area
    haiphong: Area
    quangninh: Area
    ward_a: Area
    ward_b: Area
    ward_c: Area
    group_a1: Area
    group_a2: Area
    group_b1: Area


def build_world() -> World:
    """Build the world through the services, so it is audited like real data."""
    create = area_services.area_create
    country = create(actor=None, parent=None, name="Việt Nam", kind=Kind.COUNTRY, code="VN")
    haiphong = create(
        actor=None, parent=country, name="Hải Phòng", kind=Kind.CENTRAL_CITY, code="31"
    )
    quangninh = create(actor=None, parent=country, name="Quảng Ninh", kind=Kind.PROVINCE, code="22")
    ward_a = create(actor=None, parent=haiphong, name="Gia Viên", kind=Kind.WARD, code="11359")
    ward_b = create(actor=None, parent=haiphong, name="Thành Đông", kind=Kind.WARD, code="10510")
    ward_c = create(actor=None, parent=quangninh, name="Cao Xanh", kind=Kind.WARD, code="7000")
    group_a1 = create(
        actor=None, parent=ward_a, name="Tổ dân phố số 1", kind=Kind.RESIDENTIAL_GROUP
    )
    group_a2 = create(
        actor=None, parent=ward_a, name="Tổ dân phố số 2", kind=Kind.RESIDENTIAL_GROUP
    )
    group_b1 = create(
        actor=None, parent=ward_b, name="Tổ dân phố Thành Công", kind=Kind.RESIDENTIAL_GROUP
    )
    for area, population in ((group_a1, 512), (group_a2, 430), (group_b1, 777), (ward_a, 21000)):
        area_services.figure_set(
            actor=None,
            area=area,
            as_of=date(2026, 1, 1),
            population=population,
            households=population // 4,
        )
    return World(country, haiphong, quangninh, ward_a, ward_b, ward_c, group_a1, group_a2, group_b1)


def make_user(
    username: str,
    role: str,
    areas: list[Area],
    full_name: str = "",
    organisation: Organisation | None = None,
) -> User:
    """An account; an agency account without ``organisation`` gets an office of its own in its
    first area (the agency role is bound to a commune and an organisation)."""
    if role == Role.AGENCY_OFFICER and organisation is None:
        organisation = area_services.organisation_save(
            actor=None,
            organisation=None,
            area=areas[0],
            kind=Organisation.OrgKind.AGENCY,
            name=f"Văn phòng {username}",
        )
    return account_services.user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        full_name=full_name or username,
        role=role,
        areas=areas,
        organisation=organisation,
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_every_menu_link(user: User) -> list[str]:
    """Open every link of the user's menu; each must answer 200. The URL names opened."""
    client = client_for(user)
    opened = []
    for group in menu_for(user.role):
        for link in group.links:
            response = client.get(link.url)
            assert response.status_code == 200, (user.role, link.url_name, response.status_code)
            opened.append(link.url_name)
    return opened
