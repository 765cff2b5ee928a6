"""Fixtures of the tips tests: uploads in a temporary MEDIA_ROOT, a clean cache, sample tips."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from khongmatuy.tips.models import Tip

from .factories import TipFactory


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KMT_TIP_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tip_a(world, officer_a):  # type: ignore[no-untyped-def]
    """An anonymous hotline tip of ward A (group 1), received 05/11/2026."""
    return TipFactory(actor=officer_a, area=world.group_a1)


@pytest.fixture
def named_tip_a(world, officer_a):  # type: ignore[no-untyped-def]
    """A ward A tip whose sender left a name and a phone number."""
    return TipFactory(
        actor=officer_a,
        area=world.group_a1,
        contact_name="Vũ Thị Người Báo",
        contact_phone="0912 345 678",
        channel=Tip.Channel.IN_PERSON,
    )
