"""Choices of the area tree: the levels, the division types, and which types each level has."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    COUNTRY = 0, _("Quốc gia")
    PROVINCE = 1, _("Tỉnh, thành phố")
    COMMUNE = 2, _("Xã, phường, đặc khu")
    GROUP = 3, _("Tổ dân phố, thôn")


class Kind(models.TextChoices):
    """The division type, as named in official lists (level 1, 2) or by the commune (level 3)."""

    COUNTRY = "country", _("Quốc gia")
    CENTRAL_CITY = "central_city", _("Thành phố trực thuộc Trung ương")
    PROVINCE = "province", _("Tỉnh")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    RESIDENTIAL_GROUP = "residential_group", _("Tổ dân phố")
    VILLAGE = "village", _("Thôn")
    HAMLET = "hamlet", _("Ấp")
    HIGHLAND_VILLAGE = "highland_village", _("Bản")
    QUARTER = "quarter", _("Khu phố")


# The kind as it is said before a name: "Thành phố Hải Phòng", not the official category
# "Thành phố trực thuộc Trung ương Hải Phòng" (the kind's label, kept for forms and lists).
EVERYDAY_PREFIX: dict[str, Any] = {Kind.CENTRAL_CITY: _("Thành phố")}

KINDS_BY_LEVEL: dict[int, tuple[str, ...]] = {
    Level.COUNTRY: (Kind.COUNTRY,),
    Level.PROVINCE: (Kind.CENTRAL_CITY, Kind.PROVINCE),
    Level.COMMUNE: (Kind.WARD, Kind.COMMUNE, Kind.SPECIAL_ZONE),
    Level.GROUP: (
        Kind.RESIDENTIAL_GROUP,
        Kind.VILLAGE,
        Kind.HAMLET,
        Kind.HIGHLAND_VILLAGE,
        Kind.QUARTER,
    ),
}
