"""Fixtures of the alerts tests: a supervisor account of group A1 and e-mail addresses."""

from __future__ import annotations

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from tests.personas import World, make_user


def make_supervisor(world: World) -> User:
    return make_user("giupdo_giavien", Role.SUPERVISOR, [world.group_a1], "Đỗ Văn Giúp")


@pytest.fixture
def supervisor_a(world: World) -> User:
    return make_supervisor(world)


@pytest.fixture(autouse=True)
def _settings(settings):  # type: ignore[no-untyped-def]
    settings.KMT_ALERTS_ESCALATE_AFTER_DAYS = 3
    settings.KMT_SITE_URL = "https://kmt.example.vn"
    # The test world has no communication activities: from the 20th every group would remind.
    # These tests count other rules' notifications, so that rule waits for a day that never
    # comes (its own tests are in prevention/tests/test_reminders.py and below).
    settings.KMT_ALERTS_COMMUNICATION_FROM_DAY = 32
    settings.KMT_ALERTS_REPORT_DRAFT_DAYS = -1  # likewise: a period never closes soon enough


@pytest.fixture(autouse=True)
def _no_pending_areas() -> None:
    """Areas left pending by an earlier test's rolled-back transaction are not this test's."""
    from khongmatuy.common import reminders

    reminders._local.__dict__.pop("pending", None)
