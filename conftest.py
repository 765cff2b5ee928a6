"""Shared fixtures: a small world of two wards in one city, and the personas that use it.

Built through the services (so it is audited like real data): Hải Phòng with Gia Viên (ward A,
two residential groups) and Thành Đông (ward B, one group); Quảng Ninh with Cao Xanh.
"""

from __future__ import annotations

import pytest
from django.test import Client

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from tests.personas import World, build_world, client_for, make_user

# A ward's quarter of records for the official reports (their tests and the browser test).
pytest_plugins = ["khongmatuy.reports.tests.fixtures"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


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
DOMAIN_APPS = {
    "areas",
    "accounts",
    "people",
    "places",
    "cases",
    "tips",
    "prevention",
    "criteria",
}
# Saves that touch only derived bookkeeping columns: an area's self-reference set right after its
# create (audited with the create), Django's last_login (logins are audited as LOGIN events), and
# an API token's last use (a use, not an edit).
BOOKKEEPING_FIELDS = {"province", "commune", "last_login", "last_used_at"}


def _uses_db(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> None:
    """Each test that uses the database starts with an empty shared cache (the rate limits'
    counters): the database cache's table, or the Redis database when KMT_CACHE_URL is set."""
    if _uses_db(request):
        from django.core.cache import caches

        request.getfixturevalue("_django_db_helper")
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _jobs_run_at_once(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's transaction never commits, so a job queued "after commit" runs at once instead
    (with the immediate task backend of the test settings: inside the request that started it).
    A test marked ``real_commit`` keeps Django's ``on_commit``."""
    if request.node.get_closest_marker("real_commit") is None:
        from khongmatuy.common.jobs import runner

        monkeypatch.setattr(runner, "after_commit", lambda fn: fn())


@pytest.fixture(autouse=True)
def _national_substances(request: pytest.FixtureRequest) -> None:
    """The substances a migration seeds, back if a transactional test flushed them
    (``tests.database.ensure_national_substances``)."""
    if not _uses_db(request):
        return
    request.getfixturevalue("_django_db_helper")
    from tests.database import ensure_national_substances

    ensure_national_substances()


@pytest.fixture(autouse=True)
def _every_write_is_audited(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Record each save/delete of a domain model during the test; afterwards, each must have a
    matching AuditEvent (same model, id and action), and each bulk statement (``bulk_create``,
    ``bulk_update``, ``QuerySet.update``, ``common.db.bulk.insert_rows``) a summary entry of its
    model. A service that forgets to
    audit fails here."""
    if not _uses_db(request):
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

    from django.db.models.query import QuerySet

    originals = {name: getattr(QuerySet, name) for name in ("bulk_create", "bulk_update", "update")}

    def bulk(name: str):  # type: ignore[no-untyped-def]
        original = originals[name]

        def guarded(qs, *args, **kwargs):  # type: ignore[no-untyped-def]
            meta = qs.model._meta
            bookkeeping = name == "update" and set(kwargs) <= BOOKKEEPING_FIELDS
            empty = name != "update" and not (args[0] if args else kwargs.get("objs"))
            if (
                not empty
                and meta.app_label in DOMAIN_APPS
                and not meta.auto_created
                and not bookkeeping
            ):
                writes.append((meta.label, "", "bulk"))
            return original(qs, *args, **kwargs)

        return guarded

    for name in originals:
        setattr(QuerySet, name, bulk(name))
    # The bulk loader's COPY / executemany (``common.db.bulk.insert_rows``, which
    # ``insert_objects`` goes through) is a bulk statement too.
    from khongmatuy.common.db import bulk as bulk_module

    insert_rows = bulk_module.insert_rows

    def guarded_insert(model, fields, rows, **kwargs):  # type: ignore[no-untyped-def]
        count = insert_rows(model, fields, rows, **kwargs)
        if count and model._meta.app_label in DOMAIN_APPS:
            writes.append((model._meta.label, "", "bulk"))
        return count

    bulk_module.insert_rows = guarded_insert
    post_save.connect(on_save, weak=False, dispatch_uid="kmt-audit-check-save")
    post_delete.connect(on_delete, weak=False, dispatch_uid="kmt-audit-check-delete")
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(QuerySet, name, original)
        bulk_module.insert_rows = insert_rows
        post_save.disconnect(dispatch_uid="kmt-audit-check-save")
        post_delete.disconnect(dispatch_uid="kmt-audit-check-delete")
    if not writes or request.node.get_closest_marker("unaudited_writes"):
        return
    from django.apps import apps

    from khongmatuy.audit.models import AuditEvent

    logged = set(AuditEvent.objects.values_list("model", "object_id", "action"))
    # A bulk statement is covered by a summary entry of its model (``audit.record_bulk``): an
    # entry whose object_id is not a row's id.
    logged |= {
        (label, "", "bulk") for label, object_id, _action in logged if not object_id.isdigit()
    }

    def rolled_back(write: tuple[str, str, str]) -> bool:
        # A save inside a transaction that was rolled back left no row (and no audit entry).
        label, pk, action = write
        return (
            action not in ("delete", "bulk")
            and not apps.get_model(label)._default_manager.filter(pk=pk).exists()
        )

    missing = sorted(w for w in writes if w not in logged and not rolled_back(w))
    assert missing == [], f"writes without an audit entry: {missing[:10]}"
