"""Vietnamese first, whatever the browser says; English only when the user chooses it."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_english_browser_still_gets_vietnamese(db) -> None:
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert response["Content-Language"] == "vi"


def test_chosen_language_is_kept(db) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()


def test_vietnamese_number_format(officer_a_client, world) -> None:
    from khongmatuy.areas import services

    services.figure_set(
        actor=None,
        area=world.ward_a,
        as_of=world.ward_a.figures.first().as_of,
        population=24_600,
        households=6_833,
    )
    body = officer_a_client.get(reverse("areas:detail", args=[world.ward_a.pk])).content.decode()
    assert "24.600" in body
    assert "24,600" not in body


def test_a_request_in_english_does_not_leak_its_language(db) -> None:
    from django.utils import translation

    before = translation.get_language()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in client.get(reverse("accounts:login")).content.decode()
    assert translation.get_language() == before
