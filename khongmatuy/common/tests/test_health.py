"""The health page: a bare status for anyone, the checks' results for administrators and this
machine, and a failure status when the database, a check's resource or the schema is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.accounts.models import User

OUTSIDE = "203.0.113.7"  # a documentation address: not this machine
CHECKS = ("Database", "Cache", "Storage", "Disk", "Migrations")


def _get(client: Client, query: str = "", address: str = OUTSIDE) -> tuple[int, dict[str, str]]:
    response = client.get(f"{reverse('health')}{query}", REMOTE_ADDR=address)
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_anyone_gets_a_bare_ok() -> None:
    assert _get(Client()) == (200, {"status": "ok"})


def test_an_officer_gets_no_details(officer_a_client: Client) -> None:
    assert _get(officer_a_client, "?format=json") == (200, {"status": "ok"})


def test_an_administrator_sees_every_check(admin_client_kmt: Client) -> None:
    status, body = _get(admin_client_kmt, "?format=json")
    assert status == 200
    assert sorted(name.split("(")[0] for name in body) == sorted(CHECKS)
    assert set(body.values()) == {"OK"}


def test_an_administrator_before_the_totp_step_gets_no_details(
    admin_client_kmt: Client, admin_user: User
) -> None:
    TOTPDevice.objects.create(user=admin_user, name="điện thoại", confirmed=True)
    assert _get(admin_client_kmt, "?format=json") == (200, {"status": "ok"})


@pytest.mark.django_db
def test_this_machine_sees_every_check() -> None:
    status, body = _get(Client(), "?format=json", address="127.0.0.1")
    assert status == 200
    assert len(body) == len(CHECKS)


@pytest.mark.django_db
def test_an_unreachable_database_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The database check opens its own connection, here to a database that cannot be reached."""
    unreachable = dict(connections.settings["default"])
    if connection.vendor == "postgresql":
        unreachable.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    else:
        unreachable["NAME"] = str(tmp_path / "missing" / "db.sqlite3")  # no such directory
    monkeypatch.setitem(connections.settings, "default", unreachable)
    assert _get(Client()) == (503, {"status": "error"})
    status, body = _get(Client(), "?format=json", address="127.0.0.1")
    assert status == 503
    assert [name for name, result in body.items() if result != "OK"] == [
        "Database(alias='default')"
    ]


@pytest.mark.django_db
@override_settings(KMT_HEALTH_DISK_PERCENT=1)
def test_a_full_disk_fails() -> None:
    assert _get(Client()) == (503, {"status": "error"})


@pytest.mark.django_db
def test_an_unapplied_migration_fails() -> None:
    """The newest migration of people is marked unapplied, as if ``migrate`` had been skipped."""
    (latest,) = [
        key for key in MigrationLoader(connection).graph.leaf_nodes() if key[0] == "people"
    ]
    MigrationRecorder(connection).record_unapplied(*latest)
    status, body = _get(Client(), "?format=json", address="127.0.0.1")
    assert status == 503
    assert "unapplied migrations" in body["Migrations(alias='default')"]


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_no_https_redirect_for_probes() -> None:
    """A load balancer probes over plain HTTP; every other page still redirects."""
    client = Client()
    assert client.get(reverse("health"), REMOTE_ADDR=OUTSIDE).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301
