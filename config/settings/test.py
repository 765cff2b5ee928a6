"""Tests: speed and isolation only (fast hasher, locmem e-mail); behaviour matches base."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("KMT_HTTPS", "false")
os.environ.setdefault("KMT_REQUIRE_2FA_FOR_POLICE", "false")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# A replica alias that mirrors the test database, so a test can route reads to it
# (override_settings(KMT_READ_REPLICA=True)); unused otherwise.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Jobs run at once, inside the test (a test that needs the real worker sets the database backend).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # The real queue, for the test that runs the worker process (common/tests/test_jobs.py).
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
ALLOWED_HOSTS = ["*"]
