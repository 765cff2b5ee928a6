"""The record of one background job: who started it, how far it is, what came out.

The queue itself is django-tasks' database backend (its ``DBTaskResult`` rows); a ``Job`` is what
the user sees: a label, a progress bar, the messages and the result (a link or a file). It is
visible only to the user who started it (``Job.objects.for_user``).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


class JobQuerySet(models.QuerySet["Job"]):
    def for_user(self, user: User | Any) -> JobQuerySet:
        """The jobs the user started: nobody else's, whatever the role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    FINISHED = (Status.DONE, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=60)  # the handler's key in the registry
    label = models.CharField(_("công việc"), max_length=250)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=250, blank=True)
    messages = models.JSONField(default=list, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=120, blank=True)
    file_content = models.BinaryField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [  # the header's "finished, not yet seen" notice of one user
            models.Index(fields=["user", "seen_at"], name="job_user_unseen")
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        """How far the job is, 0–100 (100 once finished, whatever the count)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


class ScheduleMark(models.Model):
    """When a periodic job was last put in the queue: one row per registered key, locked while
    it is checked, so two workers never enqueue the same run twice."""

    key = models.CharField(max_length=80, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key
