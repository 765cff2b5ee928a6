"""Local development: DEBUG on, 2FA optional, plain HTTP. Used by ``make run``."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
# runserver starts a thread per request: a kept connection would never be reused.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")

from .base import *  # noqa: F403
