"""A person's timeline: categories, episodes, tests, care, moves and recorded changes, newest
first, with sensitive values hidden from roles without the capability."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Capability

from ...choices import SupportKind
from ...models import (
    Contact,
    DossierItem,
    DrugTest,
    Episode,
    FollowUp,
    Person,
    PersonCategory,
    ReconciliationItem,
    Supervision,
    SupportService,
    Transfer,
)
from ...rules.events import EventAction

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


# --- timeline ------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One dated fact of the person's history. ``changes``: (field, before, after) for an edit."""

    on: date
    kind: str
    title: str
    detail: str = ""
    actor: str = ""
    at: datetime | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    order: int = 0
    # (model label, pk) of the row this entry starts, to name who recorded it (audit CREATE)
    source: tuple[str, str] | None = None


# Fields never shown in a change list (derived or bookkeeping).
_NOISE_FIELDS = frozenset(
    {
        "id",
        "updated_at",
        "created_at",
        "name_folded",
        "name_sort",
        "search_text",
        "checked_at",
        "version",
    }
)
# Fields whose values only VIEW_SENSITIVE roles see in the change list.
_SENSITIVE_BY_MODEL: dict[str, frozenset[str]] = {
    "people.Person": frozenset(Person.SENSITIVE_FIELDS),
    "people.DrugTest": frozenset({"result", "substances"}),
    "people.FollowUp": frozenset({"resolution"}),
    "people.SupportService": frozenset({"outcome"}),
}
_HIDDEN = "•••"
_HEALTH_SUPPORT = frozenset({SupportKind.MEDICAL, SupportKind.PSYCHOLOGICAL})


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _local(at: datetime) -> datetime:
    return timezone.localtime(at)


def _actor_name(user: Any) -> str:
    return str(user) if user is not None else ""


@dataclass
class _Collected:
    """Rows read for the timeline and, per audited model, the ids whose history to show."""

    entries: list[TimelineEntry] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)

    def note_ids(self, label: str, rows: Iterable[Any]) -> None:
        self.ids.setdefault(label, []).extend(str(r.pk) for r in rows)


def _categories(
    person: Person, user: User, out: _Collected, rows: Sequence[PersonCategory] | None
) -> None:
    if rows is None:
        rows = list(PersonCategory.objects.for_user(user).filter(person=person))
    out.note_ids("people.PersonCategory", rows)
    for row in rows:
        label = row.get_category_display()
        detail = " · ".join(p for p in (row.source, row.note) if p)
        out.entries.append(
            TimelineEntry(
                row.started_on,
                "category",
                _("Bắt đầu diện: %(c)s") % {"c": label},
                detail,
                source=("people.PersonCategory", str(row.pk)),
            )
        )
        if row.ended_on:
            out.entries.append(
                TimelineEntry(row.ended_on, "category", _("Kết thúc diện: %(c)s") % {"c": label})
            )


def _episodes(person: Person, user: User, out: _Collected) -> None:
    rows = list(
        Episode.objects.for_user(user)
        .filter(person=person)
        .prefetch_related("events__actor")
        .select_related("created_by")
    )
    out.note_ids("people.Episode", rows)
    labels = EventAction.LABELS
    for episode in rows:
        kind = episode.get_kind_display()
        events = list(episode.events.all())
        out.note_ids("people.EpisodeEvent", events)
        for event in events:
            out.entries.append(
                TimelineEntry(
                    event.on,
                    "episode",
                    f"{kind}: {labels.get(event.action, event.action)}",
                    event.note,
                    _actor_name(event.actor),
                )
            )
        if not events:
            decision = " ".join(
                p for p in (episode.decision_number, _d(episode.decision_date)) if p
            )
            due = _("hạn %(due)s") % {"due": _d(episode.due_on)} if episode.due_on else ""
            out.entries.append(
                TimelineEntry(
                    episode.started_on,
                    "episode",
                    _("Bắt đầu: %(k)s") % {"k": kind},
                    " · ".join(p for p in (decision, due, episode.authority) if p),
                    _actor_name(episode.created_by),
                )
            )
            if episode.ended_on:
                out.entries.append(
                    TimelineEntry(
                        episode.ended_on,
                        "episode",
                        _("Kết thúc: %(k)s (%(s)s)")
                        % {"k": kind, "s": episode.get_status_display()},
                        episode.outcome,
                    )
                )


def _tests(person: Person, user: User, out: _Collected, *, sensitive: bool) -> None:
    rows = list(DrugTest.objects.for_user(user).filter(person=person).select_related("recorded_by"))
    out.note_ids("people.DrugTest", rows)
    for test in rows:
        result = (
            test.get_result_display() if sensitive else _("(kết quả chỉ cán bộ có thẩm quyền xem)")
        )
        out.entries.append(
            TimelineEntry(
                test.tested_on,
                "test",
                _("Xét nghiệm chất ma túy (%(reason)s)") % {"reason": test.get_reason_display()},
                _("Kết quả: %(r)s · %(by)s") % {"r": result, "by": test.performed_by},
                _actor_name(test.recorded_by),
            )
        )
    if not sensitive:
        return  # a follow-up exists only after a positive result: it would reveal the result
    follow_ups = list(FollowUp.objects.for_user(user).filter(person=person))
    out.note_ids("people.FollowUp", follow_ups)
    for item in follow_ups:
        out.entries.append(
            TimelineEntry(
                item.opened_on,
                "test",
                _("Mở việc xử lý sau xét nghiệm dương tính"),
                source=("people.FollowUp", str(item.pk)),
            )
        )
        if item.resolved_on:
            out.entries.append(
                TimelineEntry(
                    item.resolved_on,
                    "test",
                    _("Đã xử lý sau xét nghiệm dương tính"),
                    item.resolution,
                )
            )


def _care(person: Person, user: User, out: _Collected, *, sensitive: bool) -> None:
    contacts = list(
        Contact.objects.for_user(user).filter(person=person).select_related("recorded_by")
    )
    out.note_ids("people.Contact", contacts)
    for contact in contacts:
        detail = contact.content if len(contact.content) <= 300 else contact.content[:299] + "…"
        if contact.next_step:
            detail = _("%(detail)s · Tiếp theo: %(next)s") % {
                "detail": detail,
                "next": contact.next_step,
            }
        out.entries.append(
            TimelineEntry(
                contact.contacted_on,
                "contact",
                _("Tiếp xúc, thăm gặp (%(form)s)") % {"form": contact.get_form_display()},
                detail,
                _actor_name(contact.recorded_by),
            )
        )
    supports = list(SupportService.objects.for_user(user).filter(person=person))
    out.note_ids("people.SupportService", supports)
    for support in supports:
        outcome = support.outcome if sensitive or support.kind not in _HEALTH_SUPPORT else ""
        out.entries.append(
            TimelineEntry(
                support.provided_on,
                "support",
                _("Hỗ trợ: %(kind)s") % {"kind": support.get_kind_display()},
                " · ".join(p for p in (support.provider, outcome) if p),
                source=("people.SupportService", str(support.pk)),
            )
        )
    supervisions = list(Supervision.objects.for_user(user).filter(person=person))
    out.note_ids("people.Supervision", supervisions)
    for item in supervisions:
        who = f"{item.name} ({item.get_kind_display()})"
        out.entries.append(
            TimelineEntry(
                item.started_on,
                "supervision",
                _("Giao người quản lý, giúp đỡ: %(who)s") % {"who": who},
                source=("people.Supervision", str(item.pk)),
            )
        )
        if item.ended_on:
            out.entries.append(
                TimelineEntry(
                    item.ended_on,
                    "supervision",
                    _("Thôi giao quản lý, giúp đỡ: %(who)s") % {"who": who},
                )
            )


def _moves_and_checks(person: Person, user: User, out: _Collected) -> None:
    transfers = list(
        Transfer.objects.for_user(user)
        .filter(person=person)
        .select_related("from_commune", "to_commune", "proposed_by", "decided_by")
    )
    out.note_ids("people.Transfer", transfers)
    for transfer in transfers:
        route = f"{transfer.from_commune.name} → {transfer.to_commune.name}"
        out.entries.append(
            TimelineEntry(
                _local(transfer.proposed_at).date(),
                "transfer",
                _("%(direction)s: %(route)s")
                % {"direction": transfer.get_direction_display(), "route": route},
                transfer.get_status_display(),
                _actor_name(transfer.proposed_by),
                at=transfer.proposed_at,
            )
        )
        if transfer.decided_at:
            out.entries.append(
                TimelineEntry(
                    _local(transfer.decided_at).date(),
                    "transfer",
                    _("%(status)s chuyển giao: %(route)s")
                    % {"status": transfer.get_status_display(), "route": route},
                    transfer.refusal_reason,
                    _actor_name(transfer.decided_by),
                    at=transfer.decided_at,
                )
            )
    items = list(
        ReconciliationItem.objects.for_user(user)
        .filter(person=person)
        .select_related("round", "checked_by")
    )
    out.note_ids("people.ReconciliationItem", items)
    for item in items:
        out.entries.append(
            TimelineEntry(
                _local(item.checked_at).date(),
                "reconciliation",
                _("Rà soát (đợt %(start)s): %(outcome)s")
                % {"start": _d(item.round.started_on), "outcome": item.get_outcome_display()},
                item.note,
                _actor_name(item.checked_by),
                at=item.checked_at,
            )
        )


def _field_label(model_label: str, attname: str) -> str:
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return attname
    for model_field in model._meta.concrete_fields:
        if model_field.attname == attname:
            label = str(model_field.verbose_name)
            return label[:1].upper() + label[1:]
    return attname


def _display_value(model_label: str, attname: str, value: Any, areas: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if attname in (
        "area_id",
        "permanent_area_id",
        "from_commune_id",
        "to_commune_id",
        "to_area_id",
    ):
        return areas.get(value, str(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _d(date.fromisoformat(value))
        except ValueError:
            return value
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
        choices = dict(
            next(f for f in model._meta.concrete_fields if f.attname == attname).flatchoices
        )
    except (LookupError, ValueError, StopIteration):
        choices = {}
    return str(choices.get(value, value))


def _changes(user: User, person: Person, out: _Collected, *, sensitive: bool, limit: int) -> None:
    """Edits and deletions from the audit trail (creations are the entries themselves, and the
    creator's name is put on them). Views of the record are in the access log, not here."""
    condition = Q(model="people.Person", object_id=str(person.pk))
    for label, ids in out.ids.items():
        if ids:
            condition |= Q(model=label, object_id__in=ids)
    dossier_ids = (
        DossierItem.objects.filter(episode__person=person)
        .annotate(text_id=Cast("pk", CharField()))
        .values("text_id")
    )
    condition |= Q(model="people.DossierItem", object_id__in=dossier_ids)
    events = list(
        AuditEvent.objects.for_user(user)
        .filter(condition)
        .select_related("actor")
        .exclude(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT])
        .order_by("-at", "-pk")[:limit]
    )
    area_ids = {
        value
        for event in events
        for key, before, after in event.changed_fields
        for value in (before, after)
        if key.endswith("area_id") or key.endswith("commune_id")
        if isinstance(value, int)
    }
    areas = dict(Area.objects.filter(pk__in=area_ids).values_list("pk", "name")) if area_ids else {}
    creators = {
        (event.model, event.object_id): _actor_name(event.actor) or event.actor_name
        for event in events
        if event.action == AuditEvent.Action.CREATE
    }
    for entry in out.entries:
        if entry.source is not None and not entry.actor:
            entry.actor = creators.get(entry.source, "")
    for event in events:
        hidden = set() if sensitive else _SENSITIVE_BY_MODEL.get(event.model, frozenset())
        if event.action == AuditEvent.Action.CREATE and event.model != "people.Person":
            continue  # shown as the record's own entry, with the creator's name
        changes = []
        if event.action != AuditEvent.Action.CREATE:
            for key, before, after in event.changed_fields:
                if key in _NOISE_FIELDS:
                    continue
                label = _field_label(event.model, key)
                if key in hidden:
                    changes.append((label, _HIDDEN, _HIDDEN))
                else:
                    changes.append(
                        (
                            label,
                            _display_value(event.model, key, before, areas),
                            _display_value(event.model, key, after, areas),
                        )
                    )
            if event.action == AuditEvent.Action.UPDATE and not changes and not event.note:
                continue
        if event.model == "people.Person" and event.action == AuditEvent.Action.CREATE:
            title = _("Đăng ký vào danh sách quản lý")
        else:
            title = f"{event.get_action_display()}: {event.object_repr}"
        out.entries.append(
            TimelineEntry(
                _local(event.at).date(),
                "change",
                title,
                event.note,
                _actor_name(event.actor) or event.actor_name,
                at=event.at,
                changes=changes,
            )
        )


_KIND_ORDER = {
    "change": 0,
    "transfer": 1,
    "reconciliation": 2,
    "episode": 3,
    "test": 4,
    "contact": 5,
    "support": 6,
    "supervision": 7,
    "category": 8,
}


def person_timeline(
    *,
    user: User,
    person: Person,
    categories: Sequence[PersonCategory] | None = None,
    audit_limit: int = 200,
) -> list[TimelineEntry]:
    """Everything about the person, newest first: categories, episodes and their events, drug
    tests (results only for ``VIEW_SENSITIVE``), contacts, support, supervisors, transfers,
    reconciliation checks, and edits from the audit trail (who changed what).

    A fixed number of queries (about a dozen), whatever the length of the history.
    ``person`` must come from ``person_get_for_user``; ``categories``, when the caller has
    already read them (``person_categories``), saves a query.
    """
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    out = _Collected()
    _categories(person, user, out, categories)
    _episodes(person, user, out)
    if sensitive:  # group leaders and supervisors do not learn that a test took place
        _tests(person, user, out, sensitive=sensitive)
    _care(person, user, out, sensitive=sensitive)
    _moves_and_checks(person, user, out)
    _changes(user, person, out, sensitive=sensitive, limit=audit_limit)
    epoch = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    for index, entry in enumerate(out.entries):
        entry.order = index
    out.entries.sort(
        key=lambda e: (e.on, e.at or epoch, -_KIND_ORDER.get(e.kind, 9), e.order), reverse=True
    )
    return out.entries
