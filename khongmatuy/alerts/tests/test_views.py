"""The notification centre, the header badge, read marks, opening a record, preferences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from khongmatuy.alerts import services
from khongmatuy.alerts.models import Notification, NotificationPreference
from khongmatuy.people.choices import EpisodeKind
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.tests.factories import register
from tests.personas import client_for

from .helpers import at

DUE = date(2026, 12, 1)


@pytest.fixture
def delivered(world, officer_a):  # type: ignore[no-untyped-def]
    person = register(officer_a, world.group_a1, "Nguyễn Văn Đọc", started_on=date(2025, 11, 1))
    episode = episode_services.episode_open(
        person=person,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2025, 12, 1),
        actor=officer_a,
        today=date(2025, 12, 1),
    )
    services.run_reminders(now=at(DUE - timedelta(days=7)))
    return episode


def test_every_page_loads_the_unread_badge(officer_a_client, leader_a) -> None:  # type: ignore[no-untyped-def]
    badge = reverse("alerts:badge")
    for client in (officer_a_client, client_for(leader_a)):  # every role has its own centre
        page = client.get(reverse("areas:tree")).content.decode()
        assert f'hx-get="{badge}"' in page
        assert f'href="{reverse("alerts:centre")}"' in page


def test_badge_counts_unread_and_read_marks_clear_it(
    delivered, officer_a, officer_a_client
) -> None:  # type: ignore[no-untyped-def]
    body = officer_a_client.get(reverse("alerts:badge")).content.decode()
    assert 'title="Thông báo chưa đọc">1</span>' in body
    note = Notification.objects.get(recipient=officer_a)
    response = officer_a_client.post(reverse("alerts:read", args=[note.pk]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    body = officer_a_client.get(reverse("alerts:badge")).content.decode()
    assert body.strip() == '<span id="unread-notifications"></span>'


def test_centre_lists_with_article_and_opens_the_record(
    delivered, officer_a, officer_a_client
) -> None:  # type: ignore[no-untyped-def]
    page = officer_a_client.get(reverse("alerts:centre")).content.decode()
    assert "Biện pháp quản lý sắp hết hạn hoặc đã quá hạn" in page
    assert "hạn 01/12/2026" in page
    assert "Điều 23" in page  # the article the term was computed by
    assert "Tổ dân phố số 1" in page
    note = Notification.objects.get(recipient=officer_a)
    response = officer_a_client.post(reverse("alerts:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:episode_detail", args=[delivered.pk])
    assert officer_a_client.get(response["Location"]).status_code == 200
    note.refresh_from_db()
    assert note.read_at is not None


def test_another_users_notification_is_not_found(delivered, officer_a, officer_b_client) -> None:  # type: ignore[no-untyped-def]
    note = Notification.objects.get(recipient=officer_a)
    assert officer_b_client.post(reverse("alerts:read", args=[note.pk])).status_code == 404
    assert officer_b_client.post(reverse("alerts:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all(delivered, officer_a, officer_a_client) -> None:  # type: ignore[no-untyped-def]
    officer_a_client.post(reverse("alerts:read_all"))
    assert not Notification.objects.filter(recipient=officer_a, read_at__isnull=True).exists()


def test_preferences_saved_and_bad_choice_refused(officer_a, officer_a_client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("alerts:preferences")
    page = officer_a_client.get(url).content.decode()
    assert "Tin báo sắp đến hạn hoặc quá hạn giải quyết" in page
    from khongmatuy.alerts.selectors import preferences

    choices = {rule.kind: delivery for rule, delivery in preferences(user=officer_a)}
    response = officer_a_client.post(url, {**choices, "tip_due": "off"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=officer_a, kind="tip_due").delivery == "off"
    response = officer_a_client.post(url, {**choices, "tip_due": "sometimes"})
    assert response.status_code == 200
    assert "Chọn một cách nhận trong danh sách." in response.content.decode()
    assert NotificationPreference.objects.get(user=officer_a, kind="tip_due").delivery == "off"


def test_api_lists_own_notifications_and_marks_read(  # type: ignore[no-untyped-def]
    delivered, officer_a, officer_a_client, officer_b_client
) -> None:
    answer = officer_a_client.get(reverse("api-notifications")).json()
    assert answer["count"] == 1
    row = answer["results"][0]
    assert row["kind"] == "measure_ending"
    assert row["due_on"] == "2026-12-01"
    assert row["url"] == reverse("people:episode_detail", args=[delivered.pk])
    assert "Nguyễn Văn Đọc" not in str(answer)  # no person's name in the API
    assert officer_b_client.get(reverse("api-notifications")).json()["count"] == 0
    url = reverse("api-notification-read", args=[row["id"]])
    assert officer_b_client.post(url).status_code == 404
    read = officer_a_client.post(url)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
