"""Notifications delivered to users, their preferences, and the daily digests sent.

A ``Notification`` belongs to its recipient, not to a place: it is read only through
``Notification.objects.of(user)``. It stores no personal name: the centre shows the person of a
reminder only to a recipient who may see them at the moment of reading (``selectors``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import DEFAULT_DELIVERY, Delivery

USER = settings.AUTH_USER_MODEL


class NotificationQuerySet(models.QuerySet["Notification"]):
    def of(self, user: object) -> NotificationQuerySet:
        """The notifications of ``user`` (the only way pages read them)."""
        return self.filter(recipient_id=getattr(user, "pk", None))

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One reminder delivered to one recipient, once per occurrence (``occurrence``)."""

    recipient = models.ForeignKey(USER, models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=40)
    # kind:target:stage:due date (``common.reminders.Reminder.occurrence``); an escalation
    # adds ":escalated". Unique per recipient: a run repeated, or after a restart, adds nothing.
    occurrence = models.CharField(max_length=200)
    target_id = models.BigIntegerField()
    area = models.ForeignKey("areas.Area", models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "people.Person", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    stage = models.CharField(max_length=80)
    days_overdue = models.PositiveIntegerField(default=0)
    article = models.CharField(_("căn cứ"), max_length=400, blank=True)
    escalated = models.BooleanField(_("báo lãnh đạo"), default=False)
    created_at = models.DateTimeField(_("thời điểm"))
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "occurrence"], name="notification_once_per_occurrence"
            )
        ]
        indexes = [
            # the unread count in the header
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # the centre: a user's notifications, newest first
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            # the notifications one run inserted (its audit entry counts them)
            models.Index(fields=["created_at"], name="notification_created"),
            # e-mails still to send
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.occurrence}"


class NotificationPreference(models.Model):
    """How one user receives one kind of reminder (no row: ``DEFAULT_DELIVERY``)."""

    user = models.ForeignKey(USER, models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=40)
    delivery = models.CharField(
        _("cách nhận"), max_length=20, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class Digest(models.Model):
    """The daily e-mail of one user: at most one per day, claimed before it is sent."""

    recipient = models.ForeignKey(USER, models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day:%d/%m/%Y}"
