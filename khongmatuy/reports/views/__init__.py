"""The reports' pages: the leadership dashboard, the map, the city's comparison of its
communes, the official reports."""

from __future__ import annotations

from . import official
from .communes import communes
from .dashboard import dashboard
from .map import map_page, map_points

__all__ = ["communes", "dashboard", "map_page", "map_points", "official"]
