"""Shared fixtures: a small world of two wards in one city, and the personas that use it.

Built through the services (so it is audited like real data): Hải Phòng with Gia Viên (ward A,
two residential groups) and Thành Đông (ward B, one group); Quảng Ninh with Cao Xanh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client

from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Kind

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


@pytest.fixture
def world(db: None) -> World:
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


def make_user(username: str, role: str, areas: list[Area], full_name: str = "") -> User:
    return account_services.user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        full_name=full_name or username,
        role=role,
        areas=areas,
    )


@pytest.fixture
def officer_a(world: World) -> User:
    return make_user("cand_giavien", Role.COMMUNE_POLICE, [world.ward_a], "Trần Văn Bình")


@pytest.fixture
def leader_a(world: World) -> User:
    return make_user("totruong_giavien", Role.GROUP_LEADER, [world.group_a1], "Lê Thị Hoa")


@pytest.fixture
def leadership_a(world: World) -> User:
    return make_user("lanhdao_giavien", Role.COMMUNE_LEADERSHIP, [world.ward_a], "Phạm Văn Cường")


@pytest.fixture
def officer_b(world: World) -> User:
    return make_user("cand_thanhdong", Role.COMMUNE_POLICE, [world.ward_b], "Nguyễn Thị Dung")


@pytest.fixture
def city_user(world: World) -> User:
    return make_user("ca_haiphong", Role.CITY_POLICE, [world.haiphong], "Hoàng Văn Em")


@pytest.fixture
def admin_user(world: World) -> User:
    return make_user("quantri", Role.ADMIN, [world.country], "Quản Trị Viên")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_a_client(officer_a: User) -> Client:
    return client_for(officer_a)


@pytest.fixture
def officer_b_client(officer_b: User) -> Client:
    return client_for(officer_b)


@pytest.fixture
def city_client(city_user: User) -> Client:
    return client_for(city_user)


@pytest.fixture
def admin_client_kmt(admin_user: User) -> Client:
    return client_for(admin_user)


# Every write to a domain model made anywhere in the test suite must leave an audit entry.
DOMAIN_APPS = {"areas", "accounts", "people", "places", "cases", "tips", "criteria"}
# Saves that touch only derived bookkeeping columns: an area's self-reference set right after its
# create (audited with the create), and Django's last_login (logins are audited as LOGIN events).
BOOKKEEPING_FIELDS = {"province", "commune", "last_login"}


@pytest.fixture(autouse=True)
def _every_write_is_audited(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Record each save/delete of a domain model during the test; afterwards, each must have a
    matching AuditEvent (same model, id and action). A service that forgets to audit fails here."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_db:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.db.models.signals import post_delete, post_save

    writes: list[tuple[str, str, str]] = []

    def on_save(sender, instance, created, raw=False, update_fields=None, **kwargs):  # type: ignore[no-untyped-def]
        if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
            return
        if sender._meta.app_label in DOMAIN_APPS and not raw:
            writes.append((sender._meta.label, str(instance.pk), "create" if created else "update"))

    def on_delete(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
        if sender._meta.app_label in DOMAIN_APPS:
            writes.append((sender._meta.label, str(instance.pk), "delete"))

    post_save.connect(on_save, weak=False, dispatch_uid="kmt-audit-check-save")
    post_delete.connect(on_delete, weak=False, dispatch_uid="kmt-audit-check-delete")
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid="kmt-audit-check-save")
        post_delete.disconnect(dispatch_uid="kmt-audit-check-delete")
    if not writes or request.node.get_closest_marker("unaudited_writes"):
        return
    from django.apps import apps

    from khongmatuy.audit.models import AuditEvent

    logged = set(AuditEvent.objects.values_list("model", "object_id", "action"))

    def rolled_back(write: tuple[str, str, str]) -> bool:
        # A save inside a transaction that was rolled back left no row (and no audit entry).
        label, pk, action = write
        return (
            action != "delete" and not apps.get_model(label)._default_manager.filter(pk=pk).exists()
        )

    missing = sorted(w for w in writes if w not in logged and not rolled_back(w))
    assert missing == [], f"writes without an audit entry: {missing[:10]}"
