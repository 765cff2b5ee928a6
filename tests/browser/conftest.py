"""Playwright driving Debian's chromium (never a downloaded browser build).

The sync Playwright API runs an event loop in the test thread; Django's async-safety guard would
then refuse ORM calls made by the test itself, hence DJANGO_ALLOW_ASYNC_UNSAFE for these tests.

On SQLite the live server's threads share the test's one in-memory connection, so two requests
at once (a page and the header's htmx counters) would interleave their transactions on it
("cannot start a transaction within a transaction"). There the live server answers one request at
a time (Django's plain WSGI server, which closes each connection); on PostgreSQL every thread has
its own connection and requests run concurrently, as in production.

The live server lives for the whole session while each test's rows are flushed at its end. A
request still running then (a page the test did not wait for, an htmx poll) would write on the
flushed tables, or on SQLite interleave its statements with the flush on the shared connection and
leave the test's rows behind for the next test. So every browser context is closed and the server
is waited on until no request is in flight before the flush.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

CHROMIUM = shutil.which("chromium")
QUIET_TIMEOUT_S = 30


class _InFlight:
    """How many requests the live server is handling, and a way to wait until there are none."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def enter(self) -> None:
        with self.changed:
            self.count += 1

    def leave(self) -> None:
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_idle(self) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: self.count == 0, timeout=QUIET_TIMEOUT_S):
                raise AssertionError(
                    f"the live server still handles {self.count} request(s) "
                    f"{QUIET_TIMEOUT_S} s after the test ended"
                )


IN_FLIGHT = _InFlight()


class _Counted:
    def finish_request(self, request: object, client_address: object) -> None:
        IN_FLIGHT.enter()
        try:
            super().finish_request(request, client_address)  # type: ignore[misc]
        finally:
            IN_FLIGHT.leave()


class _OneRequestAtATime(_Counted, WSGIServer):
    def __init__(self, *args: object, connections_override: object = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.connections_override = connections_override


class _CountedThreaded(_Counted, ThreadedWSGIServer):
    pass


@pytest.fixture(scope="session", autouse=True)
def _counted_live_server() -> Iterator[None]:
    """Serial on SQLite, threaded on PostgreSQL; both count the requests in flight."""
    previous = LiveServerThread.server_class
    serial = connection.vendor == "sqlite"
    LiveServerThread.server_class = _OneRequestAtATime if serial else _CountedThreaded
    yield
    LiveServerThread.server_class = previous


@pytest.fixture(autouse=True)
def _quiet_live_server_before_flush(
    request: pytest.FixtureRequest, transactional_db: None
) -> Iterator[None]:
    """Set up after the database, so torn down before its flush: close every browser context
    (those a test opened itself too), then wait until the server handles no request."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    IN_FLIGHT.wait_idle()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
