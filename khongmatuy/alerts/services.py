"""Every write of the alerts app: computing and delivering reminders, e-mails, read marks and
preferences.

The two entry points the background worker calls (and ``manage.py run_reminders``):

* ``run_reminders(now=...)``: every registered rule (``common.reminders``) computed for the whole
  country, the recipients found (``recipients``), one ``Notification`` per (recipient,
  occurrence) inserted with ``ignore_conflicts`` on the unique constraint, then the e-mails of
  users who asked for them at once. Idempotent: a second run, or a run after a restart, inserts
  and sends nothing that was delivered already.
* ``send_digests(day=...)``: one e-mail per user and day listing what was not e-mailed yet; the
  ``Digest`` row is claimed before the e-mail is sent, so a second run sends nothing twice.

``deliver_at_once(area_ids)`` runs the at-once rules after a write that changed those areas'
facts (registered as a watcher of ``common.reminders.area_changed``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import reminders as registry
from khongmatuy.common.errors import DomainError

from . import selectors
from .choices import Delivery
from .models import Digest, Notification, NotificationPreference
from .recipients import Bindings, area_chains, deliveries

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

log = logging.getLogger(__name__)
BATCH = 2000
RUN_TAG = "reminders"


def escalate_after_days() -> int:
    return int(getattr(settings, "KMT_ALERTS_ESCALATE_AFTER_DAYS", 3))


@dataclass(frozen=True)
class RunOutcome:
    computed: int  # reminders the rules returned
    delivered: int  # notifications newly inserted
    emailed: int  # e-mails sent at once


def compute(
    *, on: date, area_ids: Collection[int] | None = None, at_once_only: bool = False
) -> list[Notification]:
    """The notifications the rules call for on ``on`` (unsaved; nothing is written)."""
    rules = [r for r in registry.rules() if r.at_once or not at_once_only]
    computed = [(rule, rule.compute(on=on, area_ids=area_ids)) for rule in rules]
    chains = area_chains(r.area_id for _rule, rows in computed for r in rows)
    bindings = Bindings.load(
        None if area_ids is None else {a for chain in chains.values() for a in chain}
    )
    off = selectors.switched_off()
    now = timezone.now()
    notifications: list[Notification] = []
    escalate_after = escalate_after_days()
    for rule, rows in computed:
        for item in deliveries(
            rule, rows, bindings=bindings, chains=chains, escalate_after=escalate_after
        ):
            if (item.recipient_id, rule.kind) in off:
                continue
            reminder = item.reminder
            notifications.append(
                Notification(
                    recipient_id=item.recipient_id,
                    kind=rule.kind,
                    occurrence=item.occurrence,
                    target_id=reminder.target_id,
                    area_id=reminder.area_id,
                    person_id=reminder.person_id,
                    due_on=reminder.due_on,
                    stage=reminder.stage,
                    days_overdue=reminder.days_overdue,
                    article=reminder.article[:400],
                    escalated=item.escalated,
                    created_at=now,
                )
            )
    return notifications


def _insert(notifications: Sequence[Notification], *, tag: str) -> int:
    """Insert what was not delivered yet; audit how many reached how many users, by kind."""
    if not notifications:
        return 0
    stamp = notifications[0].created_at
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, batch_size=BATCH, ignore_conflicts=True)
        new = Notification.objects.filter(created_at=stamp)
        count = new.count()
        if count:
            by_kind = Counter(new.values_list("kind", flat=True))
            recipients = new.values("recipient_id").distinct().count()
            audit.record_bulk(
                actor=None,
                action=AuditEvent.Action.CREATE,
                model=Notification,
                count=count,
                tag=tag,
                note=_("Gửi %(n)s thông báo tới %(users)s người nhận (%(kinds)s).")
                % {
                    "n": count,
                    "users": recipients,
                    "kinds": ", ".join(f"{k}: {n}" for k, n in sorted(by_kind.items())),
                },
            )
    return count


def run_reminders(*, now: datetime | None = None) -> RunOutcome:
    """Compute every reminder of the day for the whole country and deliver the new ones."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        notifications = compute(on=on)
        delivered = _insert(notifications, tag=RUN_TAG)
        emailed = send_immediate()
    log.info("reminders on %s: %s computed, %s new", on, len(notifications), delivered)
    return RunOutcome(computed=len(notifications), delivered=delivered, emailed=emailed)


def deliver_at_once(area_ids: Collection[int]) -> int:
    """The at-once rules for these areas, right after the write that changed them. A failure
    here never undoes the write (it ran after commit): it is logged, and the next periodic run
    delivers the same reminder."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            notifications = compute(on=timezone.localdate(), area_ids=area_ids, at_once_only=True)
            delivered = _insert(notifications, tag=f"{RUN_TAG}:at-once")
            if delivered:
                send_immediate()
            return delivered
    except Exception:
        log.exception("at-once reminders for areas %s failed", sorted(area_ids))
        return 0


# --- e-mail -----------------------------------------------------------------------------------


def _mail(*, user: User, notifications: Sequence[Notification], subject: str) -> None:
    """One e-mail listing the notifications (no personal names: never a person's data by
    e-mail), with a link to the notification centre."""
    context = {
        "user": user,
        "items": selectors.rows_for_mail(notifications),
        "centre_url": f"{settings.KMT_SITE_URL}{selectors.centre_path()}",
    }
    body = render_to_string("alerts/email.txt", context)
    send_mail(subject, body, None, [user.email], fail_silently=False)


def _claim(user: User, ids: Iterable[int], now: datetime) -> list[Notification]:
    """Mark the notifications e-mailed before sending (inside the caller's transaction): a
    second run finds nothing to send; a failed send rolls the mark back."""
    ids = list(ids)
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
    return list(Notification.objects.filter(pk__in=ids, emailed_at=now).order_by("kind", "pk"))


def send_immediate(*, now: datetime | None = None) -> int:
    """E-mail at once what users asked to receive so (``Delivery.IMMEDIATE``): one e-mail per
    user per run."""
    now = now or timezone.now()
    wanted = NotificationPreference.objects.filter(
        user_id=OuterRef("recipient_id"), kind=OuterRef("kind"), delivery=Delivery.IMMEDIATE
    )
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .filter(Exists(wanted))
        .values_list("recipient_id", "pk")
    )
    by_user: dict[int, list[int]] = {}
    for user_id, pk in pending:
        by_user.setdefault(user_id, []).append(pk)
    sent = 0
    users = selectors.users_by_id(by_user)
    for user_id, ids in by_user.items():
        with transaction.atomic():
            claimed = _claim(users[user_id], ids, now)
            if claimed:
                _mail(user=users[user_id], notifications=claimed, subject=_("Nhắc việc mới"))
                sent += 1
    return sent


def send_digests(*, day: date | None = None, now: datetime | None = None) -> int:
    """The daily digest: one e-mail per user with notifications not e-mailed yet (those of the
    kinds they receive as a digest), at most one per user and day. Returns e-mails sent."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    pending = selectors.digest_pending()
    users = selectors.users_by_id(pending)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, ids in pending.items():
            try:
                with transaction.atomic():
                    claimed = _claim(users[user_id], ids, now)
                    if not claimed:
                        continue
                    digest = Digest.objects.create(
                        recipient_id=user_id, day=day, count=len(claimed), sent_at=now
                    )
                    audit.record_change(actor=None, obj=digest, before=None)
                    _mail(
                        user=users[user_id],
                        notifications=claimed,
                        subject=_("Tổng hợp nhắc việc ngày %(d)s") % {"d": f"{day:%d/%m/%Y}"},
                    )
                    sent += 1
            except IntegrityError:
                continue  # this user's digest of the day was sent already
    return sent


# --- the centre ---------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (another user's is not found)."""
    notification = selectors.notification_get(user=user, pk=notification_id)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.of(user).unread().update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    """Store the user's delivery for each kind; an unknown kind or delivery is refused whole."""
    kinds = {rule.kind for rule in registry.rules()}
    errors = {
        kind: [_("Cách nhận không hợp lệ.")]
        for kind, value in choices.items()
        if kind not in kinds or value not in Delivery.values
    }
    if errors:
        raise DomainError(errors)
    for kind, value in choices.items():
        row = NotificationPreference.objects.filter(user=user, kind=kind).first()
        before = audit.snapshot(row) if row else None
        row, _created = NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": value}
        )
        audit.record_change(actor=user, obj=row, before=before)
