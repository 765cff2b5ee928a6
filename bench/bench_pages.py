"""Whole pages as a browser gets them, as the Gia Viên officer and as a Hải Phòng city user.

Each page is a full request through Django's test ``Client`` (``force_login``): middleware,
session, scope, queries, template. ``page_<name>_<commune|city>_p95`` is its 95th percentile.
Beside it, ``page_<name>_<who>_sql_ms`` is the median time of the page's own queries replayed
on a cursor (captured once, outside the timing), and ``page_<name>_<who>_queries`` how many
there are: what is left of the page once the SQL is subtracted is Python and template work.
``page_<name>_<who>_cpu_ms`` is the median CPU time of the bench process per request (SQLite
runs inside it; PostgreSQL's own work is not counted): on a machine shared with other work it
moves much less than the wall clock.

``http_person_list_rps`` is the throughput of the officer's person list on the production
server: gunicorn with ``config/gunicorn_conf.py`` (``bench.settings``, 2 workers) on a free
loopback port, 4 clients keeping their connections open for 20 s, each sending the next request
as soon as the last answer arrived (``HTTP_CLIENTS`` and ``HTTP_SECONDS`` change them).
``http_person_list_p50_ms`` and ``http_person_list_p95_ms`` are the latencies the clients saw;
``http_person_list_worker_cpu_ms`` and ``http_person_list_database_cpu_ms`` the CPU time the
gunicorn workers and the PostgreSQL backends of the bench database spent per answered request
(read from ``/proc``): on a loaded machine, what the throughput would be with the cores free.
``http_home_redirect_*`` are the same figures for the floor of that throughput: the smallest
request of a logged-in user on the same server (the home page's redirect, no query but the
session's and the user's), what the server and its middleware cost before any page work.
"""

from __future__ import annotations

import http.client
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.timing import WARMUP, BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.demo.synthetic import GIA_VIEN_CODE, HAI_PHONG_CODE
from khongmatuy.people.models import Person

ROOT = Path(__file__).resolve().parent.parent
USERS = {"commune": "bench_commune", "city": "bench_city"}
RUNS = 20
Page = tuple[str, str, bytes]
HttpTarget = tuple[str, int, bytes]  # path, the expected status, a marker in the body


def _pages(user: User) -> list[Page]:
    """(name, url, marker) of the pages a user of this scale opens every day; the marker is in
    the page once it rendered its content (not an error page or the login form)."""
    commune = Area.objects.get(level=Level.COMMUNE, code=GIA_VIEN_CODE)
    city = Area.objects.get(level=Level.PROVINCE, code=HAI_PHONG_CODE)
    person = (
        Person.objects.for_user(user)
        .filter(is_active=True, merged_into__isnull=True, area__commune=commune)
        .order_by("pk")
        .first()
    )
    if person is None:
        raise BenchError(f"no person in scope of {user.username}; is the dataset loaded?")
    evaluated = commune if user.username == USERS["commune"] else city
    return [
        ("overview", reverse("people:overview"), b"<h1"),
        ("person_list", reverse("people:list"), b'id="person-table"'),
        ("person_detail", reverse("people:detail", args=[person.pk]), b"<h1"),
        ("deadlines", reverse("people:deadlines"), b"<h1"),
        ("tip_queue", reverse("tips:queue"), b"<h1"),
        ("evaluation", reverse("criteria:evaluation", args=[evaluated.pk]), b"<h1"),
        ("quality", reverse("people:quality"), b'id="quality-summary"'),
        ("dashboard", reverse("reports:dashboard"), b'id="dashboard-figures"'),
    ]


def page_getter(user: User, url: str, marker: bytes) -> Callable[[], bytes]:
    """A call that requests ``url`` as ``user`` (logged in once) and checks the answer."""
    client = Client()
    client.force_login(user)

    def get() -> bytes:
        response = client.get(url)
        if response.status_code != 200 or marker not in response.content:
            raise BenchError(f"GET {url} as {user.username}: status {response.status_code}")
        return response.content

    return get


def _replay_ms(get: Callable[[], bytes]) -> tuple[float, int]:
    """Median milliseconds of the page's own queries run again on a cursor, and their count."""
    with CaptureQueriesContext(connection) as captured:
        get()
    statements = [q["sql"] for q in captured.captured_queries]
    # Session writes and the audit log's inserts are part of the page's SQL; replaying them
    # would write twice, so they are timed as selects of the same rows would be: skipped.
    reads = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql in reads:
                cursor.execute(sql)
                cursor.fetchall()

    samples = time_ms(replay, warmup=1, runs=7)
    return statistics.median(samples), len(statements)


def _timed(get: Callable[[], bytes]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``RUNS`` requests after ``WARMUP`` untimed ones."""
    for _ in range(WARMUP):
        get()
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        get()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def _page_figures(who: str, user: User) -> Iterator[Figure]:
    for name, url, marker in _pages(user):
        get = page_getter(user, url, marker)
        wall, cpu = _timed(get)
        yield Figure(f"page_{name}_{who}_p95", p95(wall), "ms")
        yield Figure(f"page_{name}_{who}_cpu_ms", statistics.median(cpu), "ms")
        sql_ms, count = _replay_ms(get)
        yield Figure(f"page_{name}_{who}_sql_ms", sql_ms, "ms")
        yield Figure(f"page_{name}_{who}_queries", count, "count")


# --- throughput on the production server --------------------------------------------------------


def _session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _client_loop(
    port: int,
    target: HttpTarget,
    cookie: str,
    until: float,
    samples: list[float],
    errors: list[str],
) -> None:
    """One keep-alive client: the next request as soon as the last answer is read."""
    path, status, marker = target
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie, "Connection": "keep-alive", "Accept-Language": "vi"}
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(repr(exc))
            conn.close()
            continue
        if response.status != status or marker not in body:
            errors.append(f"{path}: status {response.status}")
            continue
        samples.append((time.perf_counter() - started) * 1000)
    conn.close()


def _cpu_seconds(match: Callable[[int, int, str], bool], *, reaped_by: int = 0) -> float:
    """CPU seconds (user + system) spent so far by the processes ``match(pid, ppid, cmdline)``
    selects, plus those of the children ``reaped_by`` has waited for (gunicorn's master reaps
    the workers it replaces after ``max_requests``; their time would be lost otherwise)
    (Linux ``/proc``; 0 elsewhere)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        pid = int(proc.name)
        if match(pid, int(stat[1]), cmdline):
            total += (int(stat[11]) + int(stat[12])) / tick
        if pid == reaped_by:
            total += (int(stat[13]) + int(stat[14])) / tick  # cutime + cstime
    return total


def _http_targets() -> dict[str, HttpTarget]:
    """What the clients request, by figure name: the officer's person list, and its floor, the
    smallest request a logged-in user makes on the same server (the home page, which answers
    with a redirect to the overview after the whole middleware: session, user, scope, audit)."""
    return {
        "person_list": (reverse("people:list"), 200, b'id="person-table"'),
        "home_redirect": (reverse("home"), 302, b""),
    }


def _throughput() -> Iterator[Figure]:
    from bench.bench_load import Server, _free_port, _wait_healthy

    clients = int(os.environ.get("HTTP_CLIENTS") or 4)
    seconds = int(os.environ.get("HTTP_SECONDS") or 20)
    cookie = _session_cookie(User.objects.get(username=USERS["commune"]))
    port = _free_port()
    # Workers are not replaced during the run (``max_requests`` off): a replaced worker's
    # database backend ends with it, and its CPU time could not be read any more.
    env = {
        "KMT_WORKERS": os.environ.get("KMT_WORKERS") or "2",
        "KMT_ACCESS_LOG": "-",
        "KMT_WORKER_MAX_REQUESTS": "0",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    with open(ROOT / "var" / "bench-pages-server.log", "w", encoding="utf-8") as log:
        server = Server(port, log)
        try:
            server.start()
            _wait_healthy(f"http://127.0.0.1:{port}", timeout=120)
            if server.process is None:
                raise BenchError("gunicorn did not start")
            for name, target in _http_targets().items():
                yield from _series(name, target, port, cookie, server.process.pid, clients, seconds)
        finally:
            server.stop()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _series(
    name: str,
    target: HttpTarget,
    port: int,
    cookie: str,
    master: int,
    clients: int,
    seconds: int,
) -> Iterator[Figure]:
    """``clients`` keep-alive clients on ``target`` for ``seconds``: the throughput, the
    latencies and the CPU time per answered request of the workers and the database."""
    samples: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    # warm both workers (imports, first connection, this path) before the clock starts
    warm: list[float] = []
    _client_loop(port, target, cookie, time.monotonic() + 2, warm, errors)
    errors.clear()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client_loop, args=(port, target, cookie, until, samples[i], errors)
        )
        for i in range(clients)
    ]
    database = str(settings.DATABASES["default"]["NAME"])

    def workers(_pid: int, ppid: int, _cmdline: str) -> bool:
        return ppid == master

    def backends(_pid: int, _ppid: int, cmdline: str) -> bool:
        return cmdline.startswith("postgres:") and f" {database} " in cmdline

    cpu_before = _cpu_seconds(workers, reaped_by=master), _cpu_seconds(backends)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu_after = _cpu_seconds(workers, reaped_by=master), _cpu_seconds(backends)
    answered = [s for per_client in samples for s in per_client]
    if not answered:
        raise BenchError(f"no answer from {target[0]}: {errors[:3]}")
    if errors:
        print(f"bench: {len(errors)} failed requests, e.g. {errors[0]}", file=sys.stderr)
    yield Figure(f"http_{name}_rps", len(answered) / elapsed, "req/s")
    yield Figure(f"http_{name}_p50_ms", statistics.median(answered), "ms")
    yield Figure(f"http_{name}_p95_ms", p95(answered), "ms")
    yield Figure(f"http_{name}_errors", len(errors), "count")
    # Where a request's time goes: the workers' CPU (Django, templates, the driver) and the
    # database server's, per answered request; the rest of the wall clock is waiting for a core.
    per_request = 1000 / len(answered)
    yield Figure(f"http_{name}_worker_cpu_ms", (cpu_after[0] - cpu_before[0]) * per_request, "ms")
    yield Figure(f"http_{name}_database_cpu_ms", (cpu_after[1] - cpu_before[1]) * per_request, "ms")


def run() -> Iterator[Figure]:
    only = os.environ.get("PAGES")  # e.g. PAGES=city or PAGES=http: one part only
    for who, username in USERS.items():
        if only in (None, "", who):
            yield from _page_figures(who, User.objects.get(username=username))
    if only in (None, "", "http"):
        yield from _throughput()
