"""Pages of the prevention app: communication activities and coverage, households."""

from __future__ import annotations

from . import commitments, exports, households, models
from .activities import (
    activity_list,
    coverage_page,
    coverage_tile,
    delete,
    detail,
    edit,
    export,
    photo,
    record,
    workforce,
)

__all__ = [
    "activity_list",
    "commitments",
    "coverage_page",
    "coverage_tile",
    "delete",
    "detail",
    "edit",
    "export",
    "exports",
    "households",
    "models",
    "photo",
    "record",
    "workforce",
]
