"""Reads of transfers between communes. Every read starts from ``Transfer.objects.for_user``.

A transfer belongs to both communes (``Transfer.scope_area_field``), so both see it while it is
pending and afterwards. After an acceptance the sending commune no longer sees the person
(``Person.objects.for_user``), but keeps, through the transfer it can see, a read-only history of
the person up to the acceptance: ``history_before_acceptance`` reads the person's records by the
transfer's person, bounded by the acceptance date and time. That bound, not the area, is what
limits it, and the transfer's visibility is what grants it.

For a REQUEST, the requesting commune looked the person up by identity and must not learn more
than it typed until the holder accepts: ``TransferView.shows_identity`` is False for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for

from ..choices import TransferDirection, TransferStatus
from ..models import (
    Contact,
    DrugTest,
    Episode,
    EpisodeEvent,
    Person,
    PersonCategory,
    Supervision,
    SupportService,
    Transfer,
)
from ..rules.events import EVENT_TRANSFERRED, EventAction

EVENT_LABELS: dict[str, Any] = {
    **EventAction.LABELS,
    EVENT_TRANSFERRED: gettext_lazy("Chuyển giao quản lý sang địa bàn khác"),
}
_RELATED = ("person", "person__area", "from_commune", "to_commune", "to_area", "proposed_by")


# --- who may decide (the views show the buttons, the services enforce the same rule) ---------


def on_side(actor: User | None, commune: Area) -> bool:
    return actor is None or scope_for(actor).contains(commune)


def proposing_commune(transfer: Transfer) -> Area:
    if transfer.direction == TransferDirection.HANDOVER:
        return transfer.from_commune
    return transfer.to_commune


def deciding_commune(transfer: Transfer) -> Area:
    if transfer.direction == TransferDirection.HANDOVER:
        return transfer.to_commune
    return transfer.from_commune


def can_decide(actor: User, transfer: Transfer) -> bool:
    """The actor may accept or refuse: police of the deciding side, not the proposer."""
    return (
        transfer.status == TransferStatus.PENDING
        and actor.can(Capability.MANAGE_PERSONS)
        and on_side(actor, deciding_commune(transfer))
        and transfer.proposed_by_id != actor.pk
    )


def can_cancel(actor: User, transfer: Transfer) -> bool:
    """The actor may withdraw the proposal: police of the proposing side."""
    return (
        transfer.status == TransferStatus.PENDING
        and actor.can(Capability.MANAGE_PERSONS)
        and on_side(actor, proposing_commune(transfer))
    )


@dataclass(frozen=True)
class TransferView:
    """A transfer as one user sees it: which side they are on and what they may do."""

    transfer: Transfer
    is_sender: bool  # the user sees the commune that held the person
    is_receiver: bool
    can_decide: bool
    can_cancel: bool
    shows_identity: bool  # False for the requester of a REQUEST until it is accepted

    @property
    def person_label(self) -> str:
        if self.shows_identity:
            return self.transfer.person.full_name
        return lookup_label(self.transfer)


def lookup_label(transfer: Transfer) -> str:
    """What the requester typed, kept as the first line of a REQUEST's summary."""
    first = transfer.summary.split("\n", 1)[0]
    return first if first.startswith("[") else "—"


def view_for(*, user: User, transfer: Transfer) -> TransferView:
    scope = scope_for(user)
    is_sender = scope.contains(transfer.from_commune)
    is_receiver = scope.contains(transfer.to_commune)
    hidden = (
        transfer.direction == TransferDirection.REQUEST
        and transfer.status != TransferStatus.ACCEPTED
        and not is_sender
    )
    return TransferView(
        transfer=transfer,
        is_sender=is_sender,
        is_receiver=is_receiver,
        can_decide=can_decide(user, transfer),
        can_cancel=can_cancel(user, transfer),
        shows_identity=not hidden,
    )


def transfer_get_for_user(*, user: User, pk: int) -> Transfer:
    return get_object_or_404(
        Transfer.objects.for_user(user).select_related(*_RELATED, "decided_by"), pk=pk
    )


@dataclass(frozen=True)
class TransferLists:
    incoming: list[TransferView]  # pending, the user's side decides
    outgoing: list[TransferView]  # pending, the user's side proposed
    decided: list[TransferView]  # accepted, refused or cancelled, newest first


DECIDED_SHOWN = 100


def transfer_lists(*, user: User) -> TransferLists:
    """The transfers page: two queries (pending ones, the latest decided ones).

    Pending transfers are few (one per person at most); decided ones are capped at
    ``DECIDED_SHOWN``.
    """
    base = Transfer.objects.for_user(user).select_related(*_RELATED)
    pending = [
        view_for(user=user, transfer=t)
        for t in base.filter(status=TransferStatus.PENDING).order_by("proposed_at", "pk")
    ]
    decided = [
        view_for(user=user, transfer=t)
        for t in base.exclude(status=TransferStatus.PENDING).order_by("-decided_at", "-pk")[
            :DECIDED_SHOWN
        ]
    ]

    def proposed_by_my_side(v: TransferView) -> bool:
        if v.transfer.direction == TransferDirection.HANDOVER:
            return v.is_sender
        return v.is_receiver

    return TransferLists(
        incoming=[v for v in pending if not proposed_by_my_side(v) or v.can_decide],
        outgoing=[v for v in pending if proposed_by_my_side(v)],
        decided=decided,
    )


def person_section(*, user: User, person: Person) -> dict[str, Any]:
    """Context of ``people/sections/transfers.html`` (keys prefixed ``transfers_``)."""
    transfers = [
        view_for(user=user, transfer=t)
        for t in Transfer.objects.for_user(user)
        .filter(person=person)
        .select_related(*_RELATED)
        .order_by("-proposed_at", "-pk")
    ]
    pending = next((v for v in transfers if v.transfer.status == TransferStatus.PENDING), None)
    holds = scope_for(user).contains(person.area)
    return {
        "transfers_pending": pending,
        "transfers_past": [v for v in transfers if v.transfer.status != TransferStatus.PENDING],
        "transfers_can_propose": (
            pending is None
            and holds
            and person.is_active
            and person.merged_into_id is None
            and user.can(Capability.MANAGE_PERSONS)
        ),
    }


# --- the sender's read-only history ---------------------------------------------------------


def accepted_on(transfer: Transfer) -> date | None:
    if transfer.status != TransferStatus.ACCEPTED or transfer.decided_at is None:
        return None
    return timezone.localdate(transfer.decided_at)


def _until(qs: QuerySet[Any], date_field: str, on: date, at: datetime) -> QuerySet[Any]:
    """Records dated on or before the acceptance day AND entered before the acceptance: what the
    sending commune held (a contact back-dated later by the new commune is not theirs)."""
    return qs.filter(**{f"{date_field}__lte": on, "created_at__lte": at})


def _ended_by(ended_on: date | None, on: date) -> date | None:
    return ended_on if ended_on is not None and ended_on <= on else None


def history_before_acceptance(*, user: User, transfer: Transfer) -> dict[str, Any] | None:
    """The person's records up to the acceptance, for the sending commune (read-only).

    ``None`` unless the transfer is accepted and the user is on the sending side. Dates that
    fell after the acceptance (an episode ended later by the new commune) are not shown: an
    item's end and outcome appear only if they were on or before the acceptance day. Drug tests
    only with ``VIEW_SENSITIVE``. The caller writes the access-log entry.
    """
    on = accepted_on(transfer)
    if on is None or not scope_for(user).contains(transfer.from_commune):
        return None
    at = transfer.decided_at
    assert at is not None  # noqa: S101  (accepted_on checked it)
    person = transfer.person
    events = EpisodeEvent.objects.filter(on__lte=on, at__lte=at).order_by("on", "pk")
    episodes = list(
        _until(Episode.objects.filter(person=person), "started_on", on, at)
        .prefetch_related(Prefetch("events", queryset=events, to_attr="events_then"))
        .order_by("started_on", "pk")
    )
    for episode in episodes:
        for event in episode.events_then:
            event.label = EVENT_LABELS.get(event.action, event.action)
    categories = list(
        _until(PersonCategory.objects.filter(person=person), "started_on", on, at).order_by(
            "started_on", "pk"
        )
    )
    history: dict[str, Any] = {
        "on": on,
        "person": person,
        # (record, its end if that was on or before the acceptance, else None: "still open then")
        "categories": [(c, _ended_by(c.ended_on, on)) for c in categories],
        "episodes": [(e, _ended_by(e.ended_on, on)) for e in episodes],
        "supervisions": list(
            _until(Supervision.objects.filter(person=person), "started_on", on, at).order_by(
                "started_on", "pk"
            )
        ),
        "contacts": list(
            _until(Contact.objects.filter(person=person), "contacted_on", on, at).order_by(
                "-contacted_on", "-pk"
            )
        ),
        "support": list(
            _until(SupportService.objects.filter(person=person), "provided_on", on, at).order_by(
                "-provided_on", "-pk"
            )
        ),
        "tests": None,
    }
    if user.can(Capability.VIEW_SENSITIVE):
        history["tests"] = list(
            _until(DrugTest.objects.filter(person=person), "tested_on", on, at).order_by(
                "-tested_on", "-pk"
            )
        )
    return history


def user_sees_person(*, user: User, person: Person) -> bool:
    visible: bool = Person.objects.for_user(user).filter(pk=person.pk).exists()
    return visible


def transferred_away(*, user: User, person_id: int) -> Transfer | None:
    """The latest accepted transfer that took the person out of a commune the user sees.

    What the sending commune keeps when its old link to the person is opened: the receiving
    commune, the acceptance and who accepted. ``None`` for anyone not on the sending side (the
    caller answers 404, as for any person out of scope).
    """
    scope = scope_for(user)
    accepted = (
        Transfer.objects.for_user(user)
        .filter(person_id=person_id, status=TransferStatus.ACCEPTED)
        .select_related(*_RELATED, "decided_by")
        .order_by("-decided_at", "-pk")
    )
    return next((t for t in accepted if scope.contains(t.from_commune)), None)
