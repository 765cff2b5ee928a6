"""Overdue tips are alerted on every page for the officers who handle them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from tests.personas import client_for

from .factories import TipFactory


def _tip(officer, area, received):  # type: ignore[no-untyped-def]
    return TipFactory(
        actor=officer,
        area=area,
        description="Có người bán ma túy",
        received_at=received,
        now=received,
    )


def test_every_page_loads_the_badge_for_tip_handlers(officer_a_client, leadership_a):  # type: ignore[no-untyped-def]
    badge = reverse("tips:overdue_badge")
    assert f'hx-get="{badge}"' in officer_a_client.get(reverse("areas:tree")).content.decode()
    leadership = client_for(leadership_a).get(reverse("areas:tree")).content.decode()
    assert badge not in leadership  # no HANDLE_TIPS: no tip data at all


def test_badge_counts_overdue_tips_in_scope(world, officer_a, officer_a_client, officer_b_client):  # type: ignore[no-untyped-def]
    _tip(officer_a, world.ward_a, datetime(2026, 1, 5, 9, tzinfo=UTC))  # long overdue
    _tip(officer_a, world.ward_a, datetime(2026, 1, 6, 9, tzinfo=UTC))  # long overdue
    body = officer_a_client.get(reverse("tips:overdue_badge")).content.decode()
    assert 'title="Tin báo quá hạn giải quyết">2</span>' in body
    other = officer_b_client.get(reverse("tips:overdue_badge")).content.decode()
    assert other.strip() == '<span id="overdue-tips"></span>'
