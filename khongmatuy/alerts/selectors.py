"""Reads of the alerts app: a user's notifications as rows to show, the unread count, the
preferences, what a digest holds.

A row names the person of a reminder only when the recipient may see that person now
(``Person.objects.for_user``, one query per page): a reminder delivered before a transfer, or
to a role that does not see the person, shows the record's kind and area, never the name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khongmatuy.accounts.models import User
from khongmatuy.common import reminders as registry
from khongmatuy.people.models import Person

from .choices import DEFAULT_DELIVERY, Delivery
from .models import Notification, NotificationPreference

if TYPE_CHECKING:
    from khongmatuy.common.reminders import ReminderRule


def notifications(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.of(user).select_related("area")
    return qs.unread() if unread_only else qs


def notification_get(*, user: User, pk: int) -> Notification:
    """One of the user's notifications; another user's is a 404."""
    return get_object_or_404(Notification.objects.of(user), pk=pk)


def unread_count(*, user: User) -> int:
    """One indexed count (``notification_unread``)."""
    return Notification.objects.of(user).unread().count()


def switched_off() -> set[tuple[int, str]]:
    """(user, kind) pairs a user switched off: one query."""
    rows = NotificationPreference.objects.filter(delivery=Delivery.OFF)
    return set(rows.values_list("user_id", "kind"))


def preferences(*, user: User) -> list[tuple[ReminderRule, str]]:
    """Every kind of reminder with the user's delivery for it (the default when not set)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(rule, chosen.get(rule.kind, DEFAULT_DELIVERY)) for rule in registry.rules()]


def users_by_id(ids: Iterable[int]) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=list(ids))}


def digest_pending() -> dict[int, list[int]]:
    """Notifications not e-mailed yet, of the kinds their recipient receives as a digest (no
    preference row means the digest), for active users with an e-mail address."""
    other = NotificationPreference.objects.filter(
        user_id=OuterRef("recipient_id"), kind=OuterRef("kind")
    ).exclude(delivery=Delivery.DIGEST)
    rows = (
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .filter(~Exists(other))
        .values_list("recipient_id", "pk")
    )
    pending: dict[int, list[int]] = {}
    for user_id, pk in rows:
        pending.setdefault(user_id, []).append(pk)
    return pending


def centre_path() -> str:
    return reverse("alerts:centre")


# --- rows shown -------------------------------------------------------------------------------


def _when(n: Notification) -> str:
    """The state of the deadline in words, as of the day the reminder was computed."""
    if n.due_on is None:
        return ""
    due = f"{n.due_on:%d/%m/%Y}"
    if n.stage == "overdue" or n.days_overdue:
        return ngettext(
            "quá hạn %(n)s ngày (hạn %(d)s)", "quá hạn %(n)s ngày (hạn %(d)s)", n.days_overdue
        ) % {"n": n.days_overdue, "d": due}
    return _("hạn %(d)s") % {"d": due}


def rule_of(n: Notification) -> ReminderRule | None:
    return registry.get(n.kind)


def link(n: Notification, rule: ReminderRule | None) -> str:
    """The record's page (a notification whose rule is no longer registered has none)."""
    if rule is None:
        return ""
    ids: dict[str, list[int | None]] = {
        "target": [n.target_id],
        "area": [n.area_id],
        "person": [n.person_id],
    }
    args = ids.get(rule.url_from, [])
    try:
        return reverse(rule.url_name, args=args)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class Row:
    notification: Notification
    label: str
    area: str
    when: str
    url: str
    person: Person | None = None  # only when the reader may see them

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def rows(*, user: User, notifications: Sequence[Notification]) -> list[Row]:
    """The page's notifications in words, with the person named only if ``user`` sees them."""
    person_ids = {n.person_id for n in notifications if n.person_id}
    persons: dict[int, Person] = {}
    if person_ids:
        visible = Person.objects.for_user(user).filter(pk__in=person_ids)
        persons = {p.pk: p for p in visible.only("pk", "full_name", "area_id")}
    return [_row(n, persons.get(n.person_id or 0)) for n in notifications]


def _row(n: Notification, person: Person | None) -> Row:
    rule = registry.get(n.kind)
    label = str(rule.label) if rule else n.kind
    if n.escalated:
        label = _("%(label)s (báo cáo lãnh đạo)") % {"label": label}
    return Row(
        notification=n,
        label=label,
        area=n.area.name if n.area_id else "",
        when=_when(n),
        url=link(n, rule),
        person=person,
    )


def rows_for_mail(notifications: Sequence[Notification]) -> list[Row]:
    """The rows of an e-mail: never a person's name (an e-mail leaves the system)."""
    with_area = Notification.objects.filter(pk__in=[n.pk for n in notifications]).select_related(
        "area"
    )
    return [_row(n, None) for n in with_area.order_by("kind", "due_on", "pk")]
