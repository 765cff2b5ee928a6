"""Screenshots of the main pages on a desktop and a phone, from the demo: ``make screens``.

Skipped in the normal test run (it writes into ``docs/screens/``); ``KMT_SCREENS=1`` runs it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.demo.demo_data import load_demo
from khongmatuy.people.models import Person

from .test_shell import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("KMT_SCREENS"), reason="make screens writes the PNGs"),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


def _shots():  # type: ignore[no-untyped-def]
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    person = Person.objects.filter(area__commune=gia_vien, is_active=True).order_by("pk").first()
    assert person is not None
    return [
        ("cand_giavien", "overview", reverse("people:overview")),
        ("cand_giavien", "people", reverse("people:list")),
        ("cand_giavien", "person", person.get_absolute_url()),
        ("cand_giavien", "evaluation", reverse("criteria:evaluation", args=[gia_vien.pk])),
        ("cand_giavien", "places", reverse("places:list")),
        ("cand_giavien", "tips", reverse("tips:queue")),
        ("cand_giavien", "not-found", "/trang-khong-co/"),
        ("ca_haiphong", "city-communes", reverse("reports:communes")),
        ("giamsat_giavien", "supervisor-visits", reverse("people:visits")),
        ("quantri", "audit", reverse("audit:list")),
        ("quantri", "register", reverse("people:register")),
    ]


def test_screens(browser, live_server):  # type: ignore[no-untyped-def]
    load_demo()
    OUT.mkdir(parents=True, exist_ok=True)
    for device, options in (
        ("desktop", {"viewport": {"width": 1280, "height": 800}}),
        (
            "phone",
            {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        ),
    ):
        for username, name, url in _shots():
            context = browser.new_context(locale="vi-VN", **options)
            page = context.new_page()
            sign_in(page, live_server, User.objects.get(username=username))
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}-{device}.png"))
            context.close()
