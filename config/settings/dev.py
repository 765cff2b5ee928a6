"""Local development: DEBUG on, 2FA optional, plain HTTP. Used by ``make run``."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: F403
