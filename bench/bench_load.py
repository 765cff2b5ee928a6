"""Load and fault: simulated ward officers against the production server, with a restart inside.

Starts gunicorn on a free loopback port with the make-serve settings file
(``config/gunicorn_conf.py``; ``bench.settings``, so DEBUG off, on the bench database), then
LOAD_USERS simulated officers (default 100) for LOAD_SECONDS (default 600) with locust
(``bench/load_officer.py``, its own process). They log in as the bench's Gia Viên officer
(``bench_commune``, given a fresh random password here) and mix the daily pages: home, persons
list and search, a person, places, cases, tips, the commune's criteria evaluation, and a contact
visit recorded through the real form.

Halfway through, the database restarts when it is a PostgreSQL cluster of this machine
(``pg_ctlcluster``, found by the port of DATABASE_URL); otherwise (SQLite) the server itself is
stopped and started again. The app is not restarted for a database restart: each worker checks its
kept connection before a request (CONN_HEALTH_CHECKS). Afterwards every contact the server
acknowledged (a redirect after the POST) is looked up in the database.

Figures: ``load_users``, ``load_requests``, ``load_errors``, ``load_p50_ms``, ``load_p95_ms``,
``load_p95_ms_<page>``, ``load_writes`` (acknowledged contacts), ``restart_lost_writes`` (of those,
missing from the database: must be 0), ``restart_errors`` (failed requests from the restart until
the health page answers again, plus one second) and ``restart_recovery_s``. The server's log goes
to ``var/bench-load-server.log``, locust's to ``var/bench-load-users.log``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from bench.timing import BenchError, Figure
from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.demo.synthetic import GIA_VIEN_CODE
from khongmatuy.people.models import Contact, Person

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "bench_commune"
QUERIES = ("nguyen", "tran+v", "le+thi", "pham")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/health/", timeout=5) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait_healthy(base: str, *, timeout: float) -> float:
    """Seconds until the health page answers 200; BenchError after ``timeout``."""
    started = time.monotonic()
    while not _healthy(base):
        if time.monotonic() - started > timeout:
            raise BenchError(f"{base}/health/ did not answer 200 within {timeout:.0f} s")
        time.sleep(0.1)
    return time.monotonic() - started


class Server:
    """gunicorn with the make-serve settings file, on the bench settings and database."""

    def __init__(self, port: int, log: IO[str]) -> None:
        self.port, self.log = port, log
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
        }
        command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_conf.py"]
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log, text=True
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: running requests finish
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def _local_cluster() -> list[str] | None:
    """``pg_ctlcluster VERSION NAME`` of the PostgreSQL cluster of this machine that holds the
    bench database, or None (SQLite, a remote server, no pg_ctlcluster)."""
    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql" or db.get("HOST") not in ("", "127.0.0.1", "localhost"):
        return None
    if shutil.which("pg_ctlcluster") is None or shutil.which("pg_lsclusters") is None:
        return None
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    port = str(db.get("PORT") or 5432)
    for line in listing.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == port:
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
    return None


def _restart(server: Server) -> str:
    """Restart the database cluster, or else the server; returns what was restarted."""
    cluster = _local_cluster()
    if cluster is not None:
        subprocess.run([*cluster, "restart"], check=True, capture_output=True)  # noqa: S603
        return f"database ({' '.join(cluster[2:])})"
    server.stop()
    server.start()
    return "server"


def _plan(base: str, password: str, seconds: int, users: int) -> dict[str, Any]:
    officer = User.objects.get(username=USERNAME)
    commune = Area.objects.get(level=Level.COMMUNE, code=GIA_VIEN_CODE)
    persons = list(
        Person.objects.for_user(officer)
        .filter(is_active=True, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    if not persons:
        raise BenchError(f"no active person in scope of {USERNAME}")
    return {
        "host": base,
        "users": users,
        "spawn_rate": max(1.0, users / 20),  # logins (Argon2) spread over 20 s
        "seconds": seconds,
        "username": USERNAME,
        "password": password,
        "persons": persons,
        "queries": QUERIES,
        "commune": commune.pk,
        "today": timezone.localdate().strftime("%d/%m/%Y"),
    }


def _stored(contents: list[str]) -> int:
    found = 0
    for start in range(0, len(contents), 500):
        found += Contact.objects.filter(content__in=contents[start : start + 500]).count()
    return found


def run() -> Iterator[Figure]:
    users = int(os.environ.get("LOAD_USERS") or 100)
    seconds = int(os.environ.get("LOAD_SECONDS") or 600)
    officer = User.objects.get(username=USERNAME)
    password = f"Tai-{secrets.token_urlsafe(18)}-9k"  # known to this run only
    account_services.user_set_password(actor=None, user=officer, password=password)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    plan = _plan(base, password, seconds, users)

    var = ROOT / "var"
    with (
        tempfile.TemporaryDirectory() as tmp,
        open(var / "bench-load-server.log", "w", encoding="utf-8") as server_log,
        open(var / "bench-load-users.log", "w", encoding="utf-8") as users_log,
    ):
        plan_path, result_path = Path(tmp) / "plan.json", Path(tmp) / "result.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        server = Server(port, server_log)
        load: subprocess.Popen[str] | None = None
        try:
            server.start()
            _wait_healthy(base, timeout=120)
            load = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "bench.load_officer", str(plan_path), str(result_path)],
                cwd=ROOT,
                stdout=users_log,
                stderr=users_log,
                text=True,
            )
            time.sleep(seconds / 2)
            fault_at = time.time()
            what = _restart(server)
            recovery = time.time() - fault_at + _wait_healthy(base, timeout=120)
            print(f"bench: restarted the {what}; healthy after {recovery:.1f} s", file=sys.stderr)
            load.wait(timeout=seconds + 300)
        finally:
            if load is not None and load.poll() is None:
                load.kill()
            server.stop()
        if not result_path.exists():
            raise BenchError("the simulated users left no result: see var/bench-load-users.log")
        result = json.loads(result_path.read_text(encoding="utf-8"))

    connections.close_all()  # the bench's own connection did not survive a database restart
    acknowledged: list[str] = result["acknowledged"]
    window_end = fault_at + recovery + 1
    restart_errors = sum(1 for f in result["failures"] if fault_at <= f["at"] <= window_end)

    yield Figure("load_users", result["users"], "count")
    yield Figure("load_requests", result["requests"], "count")
    yield Figure("load_errors", result["errors"], "count")
    yield Figure("load_p50_ms", result["p50_ms"], "ms")
    yield Figure("load_p95_ms", result["p95_ms"], "ms")
    for name, page in sorted(result["pages"].items()):
        yield Figure(f"load_p95_ms_{name}", page["p95_ms"], "ms")
    yield Figure("load_writes", len(acknowledged), "count")
    yield Figure("restart_lost_writes", len(acknowledged) - _stored(acknowledged), "count")
    yield Figure("restart_errors", restart_errors, "count")
    yield Figure("restart_recovery_s", recovery, "s")
