"""Reads of management episodes: deadline lists, the person-page section, the legal-rules table.

Everything starts from ``scoped_episodes(user)``: ``Episode.objects.for_user(user)`` (area scope)
narrowed, for supervisors, to the persons they are assigned (as ``Person.objects.for_user`` does;
the generic person-owned manager does not narrow by assignment). The deadline lists are one
indexed query each (``episode_active_due_on``), with the person and area joined in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from khongmatuy.accounts.models import User
from khongmatuy.common.dates import today_or
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.roles import Capability, Role
from khongmatuy.legal.models import LegalValue
from khongmatuy.legal.selectors import values_of

from .. import durations, legal
from ..choices import EpisodeKind, EpisodeStatus
from ..models import DossierItem, Episode, EpisodeEvent, Person
from ..rules import transitions
from ..rules.dossier import dossier_item_required
from ..rules.events import EventAction

S = EpisodeStatus
DEFAULT_WINDOW_DAYS = 30


def scoped_episodes(user: User) -> QuerySet[Episode]:
    """The episodes ``user`` may see (404 for the rest)."""
    qs: QuerySet[Episode] = Episode.objects.for_user(user)
    if user.role == Role.SUPERVISOR:
        qs = qs.filter(person__in=Person.objects.for_user(user).values("pk"))
    return qs


def episode_get_for_user(*, user: User, pk: int) -> Episode:
    qs = scoped_episodes(user).select_related("person", "person__area", "previous")
    return get_object_or_404(qs, pk=pk)


def dossier_item_get_for_user(*, user: User, pk: int) -> DossierItem:
    qs = DossierItem.objects.for_user(user).select_related("episode", "episode__person")
    if user.role == Role.SUPERVISOR:
        qs = qs.filter(episode__person__in=Person.objects.for_user(user).values("pk"))
    return get_object_or_404(qs, pk=pk)


# --- deadline lists ---------------------------------------------------------------------------


# The columns a deadline list's row reads (``people/episodes/_row.html``): the person's name,
# flag and area name, the measure's kind, dates and decision number; not the person's whole
# record and the area's, which cost the page more to convert and build than its query takes.
LISTED_FIELDS = (
    "kind",
    "rule_confirmed",
    "started_on",
    "due_on",
    "decision_number",
    "person__full_name",
    "person__psychosis",
    "person__area__name",
)


def _listed(qs: QuerySet[Episode]) -> QuerySet[Episode]:
    """Psychosis-flagged persons first (priority everywhere), then by due date and name."""
    return (
        qs.select_related("person", "person__area")
        .only(*LISTED_FIELDS)
        .order_by("-person__psychosis", "due_on", "person__name_sort", "pk")
    )


def active(*, user: User) -> QuerySet[Episode]:
    return scoped_episodes(user).filter(status=S.ACTIVE)


def ending_within(*, user: User, today: date, days: int = DEFAULT_WINDOW_DAYS) -> QuerySet[Episode]:
    """Active episodes whose term ends from ``today`` to ``today + days`` (inclusive)."""
    until = today + timedelta(days=days)
    return _listed(active(user=user).filter(due_on__gte=today, due_on__lte=until))


def overdue(*, user: User, today: date) -> QuerySet[Episode]:
    """Active episodes whose last day has passed (``due_on < today``): a decision is late."""
    return _listed(active(user=user).filter(due_on__lt=today))


def active_of_kind(*, user: User, kind: str) -> QuerySet[Episode]:
    return _listed(active(user=user).filter(kind=kind))


def active_in_area(*, user: User, area_id: int) -> QuerySet[Episode]:
    """Active episodes of the persons managed in one residential group (or commune)."""
    return _listed(active(user=user).filter(person__area_id=area_id))


@dataclass(frozen=True)
class CountRow:
    key: Any
    label: str
    active: int
    ending: int
    overdue: int
    parent: str = ""


def _counts(today: date, days: int) -> dict[str, Count]:
    until = today + timedelta(days=days)
    return {
        "n_active": Count("pk"),
        "n_ending": Count("pk", filter=Q(due_on__gte=today, due_on__lte=until)),
        "n_overdue": Count("pk", filter=Q(due_on__lt=today)),
    }


def counts_by_kind(*, user: User, today: date, days: int = DEFAULT_WINDOW_DAYS) -> list[CountRow]:
    """Active episodes per measure, with how many end soon and how many are overdue (1 query)."""
    rows = {
        r["kind"]: r
        for r in active(user=user).order_by().values("kind").annotate(**_counts(today, days))
    }
    return [
        CountRow(k, str(EpisodeKind(k).label), r["n_active"], r["n_ending"], r["n_overdue"])
        for k in EpisodeKind.values
        if (r := rows.get(k))
    ]


def counts_by_group(*, user: User, today: date, days: int = DEFAULT_WINDOW_DAYS) -> list[CountRow]:
    """Active episodes per residential group (the person's managing area), grouped by commune
    in the areas' own order (one query)."""
    rows = (
        active(user=user)
        .order_by()
        .values(
            "person__area_id",
            "person__area__name",
            "person__area__sort_key",
            "person__area__commune__name",
            "person__area__commune__sort_key",
        )
        .annotate(**_counts(today, days))
        .order_by("person__area__commune__sort_key", "person__area__sort_key", "person__area__name")
    )
    return [
        CountRow(
            key=r["person__area_id"],
            label=r["person__area__name"],
            active=r["n_active"],
            ending=r["n_ending"],
            overdue=r["n_overdue"],
            parent=r["person__area__commune__name"] or "",
        )
        for r in rows
    ]


# --- the person page --------------------------------------------------------------------------


@dataclass
class EpisodeRow:
    """One episode on the person page, with what may be done next."""

    episode: Episode
    events: list[EpisodeEvent]
    actions: list[str]
    dossier_done: int = 0
    dossier_total: int = 0
    overdue: bool = False
    # The rule has since been confirmed by an administrator: the due date should be checked.
    rule_confirmed_since: bool = False
    dossier_items: list[DossierItem] = field(default_factory=list)
    # User management stopped or ended: the last day to send the Chairman's decision.
    decision_send_by: date | None = None


def _label_events(events: Sequence[EpisodeEvent]) -> list[EpisodeEvent]:
    for event in events:
        event.label = EventAction.LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    return list(events)


def _rule_confirmed_since(episode: Episode, overrides: durations.Overrides) -> bool:
    if episode.rule_confirmed or not episode.rule_code:
        return False
    try:
        rule = durations.rule_for(
            episode.rule_code, on=episode.decision_date or episode.started_on, overrides=overrides
        )
    except durations.RuleNotInForceError:
        return False
    return rule.confirmed and rule.version == episode.rule_version


def _row(episode: Episode, *, today: date, overrides: durations.Overrides) -> EpisodeRow:
    items = list(episode.dossier_items.all())
    required = [i for i in items if dossier_item_required(i.code)]
    return EpisodeRow(
        episode=episode,
        events=_label_events(list(episode.events.all())),
        actions=[str(a) for a in transitions.available_actions(episode)],
        dossier_done=sum(1 for i in required if i.done_on),
        dossier_total=len(required),
        overdue=episode.status == S.ACTIVE
        and episode.due_on is not None
        and episode.due_on < today,
        rule_confirmed_since=_rule_confirmed_since(episode, overrides),
        dossier_items=items,
    )


def _with_history(qs: QuerySet[Episode]) -> QuerySet[Episode]:
    return qs.select_related("previous").prefetch_related(
        Prefetch("events", queryset=EpisodeEvent.objects.select_related("actor")),
        "dossier_items",
    )


def person_section(*, user: User, person: Person, today: date | None = None) -> dict[str, Any]:
    """Context of ``people/sections/episodes.html``: the person's episodes (newest first) with
    their events and dossier items, the actions each allows, the measures that could be opened,
    and warnings for dates computed from unconfirmed rules. Five queries, whatever the count."""
    today = today_or(today)
    episodes = list(_with_history(scoped_episodes(user).filter(person=person)))
    overrides = durations.load_overrides() if any(not e.rule_confirmed for e in episodes) else {}
    rows = [_row(e, today=today, overrides=overrides) for e in episodes]
    live = [e for e in episodes if e.status != S.CANCELLED]
    can_manage = user.can(Capability.MANAGE_PERSONS)
    openable = (
        transitions.openable_kinds(episodes=live, date_of_birth=person.date_of_birth, today=today)
        if can_manage
        else []
    )
    return {
        "episode_rows": rows,
        "episode_openable": [(k, EpisodeKind(k).label) for k in openable],
        "episode_can_manage": can_manage,
        "episode_unconfirmed": sum(
            1 for e in episodes if not e.rule_confirmed and e.status == S.ACTIVE
        ),
        "episode_person": person,
    }


def episode_detail(*, user: User, episode: Episode, today: date) -> EpisodeRow:
    """The episode page's row (events and dossier items loaded in two more queries)."""
    loaded = _with_history(scoped_episodes(user).filter(pk=episode.pk)).get()
    ended = (
        loaded.kind == EpisodeKind.USER_MANAGEMENT
        and loaded.status in (S.STOPPED, S.COMPLETED)
        and loaded.ended_on is not None
    )
    overrides = durations.load_overrides() if ended or not loaded.rule_confirmed else {}
    row = _row(loaded, today=today, overrides=overrides)
    if ended and loaded.ended_on is not None:
        send_by = durations.decision_send_by(
            ended_on=loaded.ended_on,
            on=loaded.ended_on,
            overrides=overrides,
            holidays=public_holidays(),
        )
        row = replace(row, decision_send_by=send_by)
    return row


# --- legal rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleVersionRow:
    rule: durations.ResolvedRule
    in_force: bool
    setting: LegalValue | None


@dataclass(frozen=True)
class RuleRow:
    code: str
    title: str
    versions: list[RuleVersionRow]


def legal_rules(*, today: date) -> list[RuleRow]:
    """Every rule of ``durations.RULES``, each version resolved with the administrators'
    confirmed values, marking the one in force ``today`` (one query)."""
    settings = values_of(legal.KEY)
    overrides = legal.overrides_from(settings)
    rows = []
    for code in dict.fromkeys(r.code for r in durations.RULES):
        versions = durations.resolve_versions(code, overrides=overrides)
        current = [v for v in versions if v.effective_from <= today]
        in_force = current[-1].version if current else None
        rows.append(
            RuleRow(
                code=code,
                title=str(versions[0].title),
                versions=[
                    RuleVersionRow(
                        rule=v,
                        in_force=v.version == in_force,
                        setting=settings.get((v.code, v.effective_from)),
                    )
                    for v in versions
                ],
            )
        )
    return rows
