"""Playwright driving Debian's chromium (never a downloaded browser build).

The sync Playwright API runs an event loop in the test thread; Django's async-safety guard would
then refuse ORM calls made by the test itself, hence DJANGO_ALLOW_ASYNC_UNSAFE for these tests.

On SQLite the live server's threads share the test's one in-memory connection, so two requests
at once (a page and the header's htmx counters) would interleave their transactions on it
("cannot start a transaction within a transaction"). There the live server answers one request at
a time (Django's plain WSGI server, which closes each connection); on PostgreSQL every thread has
its own connection and requests run concurrently, as in production.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

CHROMIUM = shutil.which("chromium")


class _OneRequestAtATime(WSGIServer):
    def __init__(self, *args: object, connections_override: object = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


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
