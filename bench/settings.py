"""Settings for the bench: production behaviour (base settings, DEBUG off) on a bench database.

DEBUG stays off so that Django does not record queries; the variables below only make a local,
plain-HTTP run possible (no HTTPS redirect, no TOTP step for the police bench users, the test
client's host allowed). Persistent connections, as a production deployment would use them.
"""

from __future__ import annotations

import os
import warnings

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
os.environ.setdefault("KMT_HTTPS", "false")
os.environ.setdefault("KMT_REQUIRE_2FA_FOR_POLICE", "false")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")

from config.settings.base import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The manifest storage needs collectstatic; the bench measures views, not static files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are not collected for the bench; WhiteNoise warns about the missing directory.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
