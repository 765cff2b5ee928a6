"""Background jobs with a progress record: the kit every app uses for long work.

``start`` records a ``Job`` and queues it (django-tasks, database backend); the worker
(``manage.py run_worker``) runs the kind's registered handler, which reports progress and returns
an ``Outcome``; the user polls ``/jobs/<id>/`` (htmx) and is told in the header when it is done.
``periodic`` registers a job the worker's scheduler queues on its own (reminders, digests).
"""

from __future__ import annotations

from .registry import Outcome, Progress, handler, periodic
from .runner import enqueue_due, mark_seen, recover_stale, run, start

__all__ = [
    "Outcome",
    "Progress",
    "enqueue_due",
    "handler",
    "mark_seen",
    "periodic",
    "recover_stale",
    "run",
    "start",
]
