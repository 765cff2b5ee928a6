"""Fixtures of the tips tests: uploads in a temporary MEDIA_ROOT, sample tips."""

from __future__ import annotations

import pytest

from khongmatuy.tips.models import Tip

from .factories import TipFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KMT_TIP_MIN_SECONDS = 0


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
