"""The alerts' periodic jobs, run by the background worker (``manage.py run_worker``, started by
``make run``): every few minutes the reminders of the whole country are computed and the new
ones delivered; once a day, at ``KMT_ALERTS_DIGEST_AT``, the e-mail digests go out. Both are
idempotent (one notification per occurrence, one digest per user and day), so a run repeated
after a restart sends nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from khongmatuy.common.jobs import periodic

from . import services


@periodic("alerts.sweep", every=timedelta(minutes=settings.KMT_ALERTS_SWEEP_MINUTES))
def sweep(*, now: datetime) -> None:
    services.run_reminders(now=now)


@periodic("alerts.digest", daily_at=settings.KMT_ALERTS_DIGEST_AT)
def digest(*, now: datetime) -> None:
    services.send_digests(now=now)
