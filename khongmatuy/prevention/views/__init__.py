"""Pages of the prevention app: communication activities and coverage, households."""

from __future__ import annotations

from . import households
from .activities import (
    activity_list,
    coverage_page,
    coverage_tile,
    detail,
    export,
    photo,
    record,
    workforce,
)

__all__ = [
    "activity_list",
    "coverage_page",
    "coverage_tile",
    "detail",
    "export",
    "households",
    "photo",
    "record",
    "workforce",
]
