"""The background worker: django-tasks-db's ``db_worker`` plus the schedule of periodic jobs.

Takes every option of ``db_worker``. A scheduler thread queues the periodic jobs that are due
(``common.jobs.periodic``) every ``--schedule-interval`` seconds; ``--no-schedule`` leaves that to
another worker (several workers may also all schedule: each run is queued once).
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import OperationalError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from khongmatuy.common.jobs import enqueue_due

logger = logging.getLogger("khongmatuy.jobs")


def _schedule_loop(interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            queued = enqueue_due()
            if queued:
                logger.info("Queued periodic jobs: %s", ", ".join(queued))
        except OperationalError:  # a busy SQLite file: try at the next tick
            logger.warning("Periodic jobs not checked: database busy")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(db_worker.Command):
    help = "Run the background worker: queued jobs and the periodic schedule."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-schedule", action="store_false", dest="schedule")
        parser.add_argument("--schedule-interval", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        schedule, schedule_interval = options.pop("schedule"), options.pop("schedule_interval")
        reloading_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if schedule and not options.get("batch") and not reloading_parent:
            stop = threading.Event()
            thread = threading.Thread(
                target=_schedule_loop, args=(schedule_interval, stop), daemon=True
            )
            thread.start()
        super().handle(*args, **options)
