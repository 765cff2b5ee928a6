"""Factories and builders of the tips tests. Tips go through the services, so they are audited
like real data and carry their tracking code and deadline."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from khongmatuy.tips import services
from khongmatuy.tips.models import Tip

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DESCRIPTION = "Nhà số 12 ngõ Hoa Sữa thường có nhiều người tụ tập sử dụng ma túy ban đêm."


class TipFactory(factory.Factory):
    """An anonymous hotline tip about dealing, received 05/11/2026 09:30; pass ``area`` and the
    recording ``actor``."""

    class Meta:
        model = Tip

    channel = Tip.Channel.HOTLINE
    category = Tip.Category.DEALING
    description = "Người đàn ông đi xe máy đỏ bán ma túy ở đầu ngõ."
    received_at = datetime(2026, 11, 5, 9, 30, tzinfo=VN)

    @classmethod
    def _create(cls, model_class: type[Tip], *args: Any, **kwargs: Any) -> Tip:
        return services.tip_record(actor=kwargs.pop("actor", None), **kwargs)


class PublicTipFactory(factory.Factory):
    """A tip sent from the public page about a harbouring place; pass the commune ``area``."""

    class Meta:
        model = Tip

    category = Tip.Category.HARBOURING
    description = DESCRIPTION
    client_ip = "203.0.113.7"

    @classmethod
    def _create(cls, model_class: type[Tip], *args: Any, **kwargs: Any) -> Tip:
        return services.tip_submit_public(**kwargs)


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
