"""Local development: DEBUG on, 2FA optional, plain HTTP. Used by ``make run``."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
# runserver starts a thread per request: a kept connection would never be reused.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")
# E-mails (the reminders' digest) are printed to the console in development.
os.environ.setdefault("KMT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: F403
