"""Fixtures of the tips tests: uploads in a temporary MEDIA_ROOT, a clean cache, sample tips."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from khongmatuy.tips import services
from khongmatuy.tips.models import Tip

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
DESCRIPTION = "Nhà số 12 ngõ Hoa Sữa thường có nhiều người tụ tập sử dụng ma túy ban đêm."


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KMT_TIP_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def submit(world: Any, **kwargs: Any) -> Tip:
    values: dict[str, Any] = {
        "area": world.ward_a,
        "category": Tip.Category.HARBOURING,
        "description": DESCRIPTION,
        "client_ip": "203.0.113.7",
    }
    values.update(kwargs)
    return services.tip_submit_public(**values)


def record(actor: Any, world: Any, **kwargs: Any) -> Tip:
    values: dict[str, Any] = {
        "actor": actor,
        "area": world.group_a1,
        "channel": Tip.Channel.HOTLINE,
        "category": Tip.Category.DEALING,
        "description": "Người đàn ông đi xe máy đỏ bán ma túy ở đầu ngõ.",
        "received_at": datetime(2026, 11, 5, 9, 30, tzinfo=VN),
    }
    values.update(kwargs)
    return services.tip_record(**values)


@pytest.fixture
def tip_a(world, officer_a):  # type: ignore[no-untyped-def]
    """An anonymous hotline tip of ward A (group 1), received 05/11/2026."""
    return record(officer_a, world)


@pytest.fixture
def named_tip_a(world, officer_a):  # type: ignore[no-untyped-def]
    """A ward A tip whose sender left a name and a phone number."""
    return record(
        officer_a,
        world,
        contact_name="Vũ Thị Người Báo",
        contact_phone="0912 345 678",
        channel=Tip.Channel.IN_PERSON,
    )
