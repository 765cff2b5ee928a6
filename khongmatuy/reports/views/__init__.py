"""The reports' pages: the map, and the official reports."""

from __future__ import annotations

from . import official
from .map import map_page, map_points

__all__ = ["map_page", "map_points", "official"]
