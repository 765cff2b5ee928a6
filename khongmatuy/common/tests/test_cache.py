"""The shared cache: one count for every worker process, on the database or on Redis."""

from __future__ import annotations

import os
import runpy
import socket
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from khongmatuy.common.cache import CACHE_TABLE, DatabaseCache

ROOT = Path(__file__).resolve().parents[3]
BASE_SETTINGS = ROOT / "config" / "settings" / "base.py"
REDIS = ("127.0.0.1", 6379)

# One worker process: count lookups of one client with the real service, print how many passed.
WORKER = """
import sys
import django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
call_command("migrate", "common", verbosity=0)
from khongmatuy.tips.services import lookup_allowed
request = RequestFactory().post("/tips/status/", REMOTE_ADDR="192.0.2.7")
print(sum(lookup_allowed(request) for _ in range(int(sys.argv[1]))))
"""


def _settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    for name in ("KMT_CACHE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x")
    return runpy.run_path(str(BASE_SETTINGS))


def test_the_database_cache_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    values = _settings_with(monkeypatch)
    assert values["CACHES"] == {
        "default": {
            "BACKEND": "khongmatuy.common.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
    assert settings.CACHES["default"]["BACKEND"] == "khongmatuy.common.cache.DatabaseCache"


@pytest.mark.parametrize("name", ["KMT_CACHE_URL", "REDIS_URL"])
def test_a_redis_url_switches_to_redis(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    values = _settings_with(monkeypatch, **{name: "redis://127.0.0.1:6379/2"})
    assert values["CACHES"]["default"]["BACKEND"] == (  # type: ignore[index]
        "django.core.cache.backends.redis.RedisCache"
    )
    assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/2"  # type: ignore[index]


def test_a_cache_url_that_is_not_redis_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="KMT_CACHE_URL"):
        _settings_with(monkeypatch, KMT_CACHE_URL="memcached://127.0.0.1:11211")


def test_migrate_creates_the_cache_table(db: None) -> None:
    assert CACHE_TABLE in connection.introspection.table_names()


def test_incr_counts_and_keeps_the_expiry(db: None) -> None:
    assert isinstance(caches["default"], DatabaseCache)
    cache.set("counter", 1, timeout=3600)
    table = connection.ops.quote_name(CACHE_TABLE)

    def expires() -> object:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT expires FROM {table}")  # noqa: S608
            return cursor.fetchone()[0]

    before = expires()
    assert cache.incr("counter") == 2
    assert cache.incr("counter", 3) == 5
    assert expires() == before  # Django's own incr would have cut it to the default 300 s
    assert caches.create_connection("default").get("counter") == 5  # a fresh connection sees it
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")


def test_an_expired_counter_cannot_be_incremented(db: None, time_machine) -> None:  # type: ignore[no-untyped-def]
    cache.set("counter", 1, timeout=60)
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")


def _run_worker(env: dict[str, str], lookups: int) -> int:
    result = subprocess.run(  # noqa: S603 - this interpreter and a fixed script
        [sys.executable, "-c", WORKER, str(lookups)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stdout.strip().splitlines()[-1])


def _worker_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("KMT_CACHE_URL", "REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        KMT_VAR_DIR=str(tmp_path),
        KMT_TIP_LOOKUPS_PER_HOUR="3",
        **extra,
    )
    return env


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_a_limit_holds_across_worker_processes(tmp_path: Path, backend: str) -> None:
    """Two processes, as two gunicorn workers: the second sees the first one's lookups. With a
    per-process cache (LocMemCache) each would allow three."""
    extra = {}
    if backend == "redis":
        if not _redis_up():
            pytest.skip("no Redis on 127.0.0.1:6379")
        extra = {
            "KMT_CACHE_URL": "redis://127.0.0.1:6379/15",
            "KMT_CACHE_PREFIX": f"kmt-test-{uuid.uuid4().hex}",
        }
    env = _worker_env(tmp_path, **extra)
    assert _run_worker(env, 2) == 2
    assert _run_worker(env, 2) == 1  # the third lookup of the hour passes, the fourth does not
