"""Who receives a reminder: set-based, scoped like every read.

The bindings of the users concerned are read once (one query), the areas of the reminders once;
each reminder then goes to:

* its responsible user (the tip's handler, the person's supervisor) if that user is active,
  holds the rule's capability and is bound to the record's area, its commune, its province or
  the country (the areas ``scoping.scope_for`` lets them see);
* else, or also when the rule says so, the users of the rule's ``audience`` roles bound to the
  record's area, its commune or its province;
* once it is overdue by ``escalate_after`` days, the leaders of the rule's ``escalate_to`` roles
  bound there (a second occurrence, ":escalated").

A role without the rule's capability never receives it: a supervisor never learns of a positive
test, a group leader never of a tip. A supervisor is responsible only for the persons they are
assigned, the same narrowing ``Person.objects.for_user`` applies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from khongmatuy.accounts.models import AreaAssignment
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import CAPABILITIES, Role

# Below this many areas, read only those; above, read every area once (one sequential scan).
AREA_IN_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Delivery:
    """A reminder for one recipient; ``escalated`` when it reaches them as a leader."""

    reminder: Reminder
    recipient_id: int
    escalated: bool = False

    @property
    def occurrence(self) -> str:
        base = self.reminder.occurrence
        return f"{base}:escalated" if self.escalated else base


class Bindings:
    """Active users' bindings: area id -> [(user id, role)], and each user's bound areas."""

    def __init__(self, rows: Iterable[tuple[int, str, int, int]]) -> None:
        self.by_area: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.areas_of: dict[int, set[int]] = defaultdict(set)
        self.role_of: dict[int, str] = {}
        self.everything: set[int] = set()
        for user_id, role, area_id, level in rows:
            self.by_area[area_id].append((user_id, role))
            self.areas_of[user_id].add(area_id)
            self.role_of[user_id] = role
            if level == Level.COUNTRY:
                self.everything.add(user_id)

    @classmethod
    def load(cls, areas: Collection[int] | None = None) -> Bindings:
        """Every active user bound to an active area (with ``areas``: bound to one of them or to
        the country, for the few areas of a check run at once): one query."""
        qs = AreaAssignment.objects.filter(user__is_active=True, area__is_active=True)
        if areas is not None:
            qs = qs.filter(Q(area_id__in=areas) | Q(area__level=Level.COUNTRY))
        return cls(qs.order_by().values_list("user_id", "user__role", "area_id", "area__level"))

    def sees(self, user_id: int, chain: tuple[int, ...]) -> bool:
        return user_id in self.everything or not self.areas_of.get(user_id, set()).isdisjoint(chain)

    def by_role(self, roles: frozenset[Role]) -> dict[int, frozenset[int]]:
        """The areas holding users of ``roles``, with those users: the only areas a reminder's
        chain needs to be looked up in."""
        found: dict[int, set[int]] = defaultdict(set)
        for area_id, users in self.by_area.items():
            for user_id, role in users:
                if role in roles:
                    found[area_id].add(user_id)
        return {area_id: frozenset(users) for area_id, users in found.items()}


def _in_chain(chain: tuple[int, ...], users_at: dict[int, frozenset[int]]) -> frozenset[int]:
    """The users of ``users_at`` bound to an area of ``chain`` (most chains hold none)."""
    found = [users_at[a] for a in chain if a in users_at]
    if not found:
        return frozenset()
    return found[0] if len(found) == 1 else frozenset().union(*found)


def area_chains(area_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """Each area with its commune and province: the areas whose users see it (one query)."""
    ids = set(area_ids)
    qs = Area.objects.order_by()  # read in any order: no sort of the country's areas
    qs = qs if len(ids) > AREA_IN_LIMIT else qs.filter(pk__in=ids)
    chains: dict[int, tuple[int, ...]] = {}
    for pk, commune_id, province_id in qs.values_list("pk", "commune_id", "province_id"):
        if pk in ids:
            chains[pk] = tuple(dict.fromkeys(a for a in (pk, commune_id, province_id) if a))
    return chains


def deliveries(
    rule: ReminderRule,
    reminders: Sequence[Reminder],
    *,
    bindings: Bindings,
    chains: dict[int, tuple[int, ...]],
    escalate_after: int,
) -> list[Delivery]:
    """Every (reminder, recipient) of one rule. The users of the audience and of the leaders'
    roles are grouped by area once per rule; each reminder then looks its chain up there."""
    allowed: set[str] = {role for role, caps in CAPABILITIES.items() if rule.capability in caps}
    audience = bindings.by_role(frozenset(r for r in rule.audience if r in allowed))
    leaders = bindings.by_role(frozenset(r for r in rule.escalate_to if r in allowed))
    out: list[Delivery] = []
    for reminder in reminders:
        chain = chains.get(reminder.area_id)
        if chain is None:
            continue
        responsible = reminder.responsible_id
        if (
            responsible is not None
            and bindings.role_of.get(responsible) in allowed
            and bindings.sees(responsible, chain)
        ):
            out.append(Delivery(reminder, responsible))
        else:
            responsible = None
        if responsible is None or rule.also_audience:
            out.extend(
                Delivery(reminder, user_id)
                for user_id in _in_chain(chain, audience)
                if user_id != responsible
            )
        if leaders and reminder.days_overdue >= escalate_after:
            out.extend(
                Delivery(reminder, user_id, escalated=True) for user_id in _in_chain(chain, leaders)
            )
    return out
