"""Fixtures for the accounts tests: a city administrator, and TOTP codes computed like a phone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from tests.personas import World, make_user

# A fixed instant well inside a TOTP step, so codes do not roll over mid-test.
START = datetime(2026, 3, 2, 1, 0, 5, tzinfo=UTC)


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for ``device``."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def frozen(time_machine):
    """Time stands still at START; tests move it explicitly (TOTP steps, session idle)."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def city_admin(world: World) -> User:
    return make_user("quantri_haiphong", Role.ADMIN, [world.haiphong], "Đỗ Thị Giang")
