"""Synthetic persons in management, with their categories, episodes and events, for every commune.

The second stage of ``generate_synthetic`` (the first, ``synthetic.py``, makes the residential
groups). For each commune-level unit of the scale: a few to a hundred persons (about 70 on average:
233,906 addicts and users with records nationally in March 2023 over 3,321 commune-level units,
very unevenly spread), spread
over its groups, each with categories held over time, management episodes at every stage (active,
completed, restarted after a relapse, overdue, ending soon), supervisors, contacts, drug tests
(some positive, with a follow-up), support services, and a few likely duplicates and incomplete
records so that the data-quality pages have something to find, and the data reviews of most
groups in the last year (the evidence an evaluation needs). National scale: about 230,000
persons and 1.5-2 million contacts, tests and other events.

Only synthetic people: names are drawn from common Vietnamese family, middle and given name parts,
addresses and phone numbers are invented, citizen IDs follow the structure of the real number
(province code, century/sex digit, birth year, tail) with a tail made from the commune's code and
the person's position, so they are unique without any global coordination.

Deterministic: a commune's persons depend only on the seed, the commune's code, its groups and the
reference date ``on`` (what "today" is for the data: episodes due soon or overdue are relative to
it). Idempotent like the area stage: a commune that already has persons is left alone. Rows are
written by the bulk loader (``common.db.bulk``) in one transaction and audited by one summary event.

Legal dates come from the episodes module's table (``khongmatuy.people.durations.due_on_for``), so
a synthetic episode carries the same due date, rule code and version as one entered by hand.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.db import bulk
from khongmatuy.people import durations
from khongmatuy.people.models import (
    Contact,
    DrugTest,
    Episode,
    EpisodeEvent,
    FollowUp,
    Person,
    PersonCategory,
    ReconciliationRound,
    Supervision,
    SupportService,
)

from . import synthetic, synthetic_pipeline
from .synthetic import SCALES
from .synthetic_people_data import Terms
from .synthetic_people_rows import CommuneInfo, PersonRows, commune_people

BATCH_SIZE = 2000
COMMUNES_PER_CHUNK = 100
# Share of residential groups whose data review (reconciliation round) completed in the last
# year: the rest leave their commune's evaluations inconclusive, as in a real programme.
REVIEWED_SHARE = 0.93


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleResult:
    scale: str
    seed: int
    communes_filled: int
    persons: int
    categories: int
    episodes: int
    events: int  # contacts, drug tests, follow-ups, support services and episode events
    supervisions: int

    @property
    def created_anything(self) -> bool:
        return self.persons > 0


Progress = Callable[[str], None]
# Writes objects of one model: ``put(model, objs, keep_timestamps=False)``.
Put = Callable[..., None]


def _commune_infos(communes: Sequence[Area]) -> list[CommuneInfo]:
    groups: dict[int, list[tuple[str, str, int]]] = {c.pk: [] for c in communes}
    rows = (
        Area.objects.filter(level=Level.GROUP, is_active=True, commune_id__in=list(groups))
        .order_by()
        .values_list("commune_id", "sort_key", "name", "pk")
    )
    for commune_id, sort_key, name, pk in rows:
        groups[commune_id].append((sort_key, name, pk))
    return [
        CommuneInfo(
            pk=c.pk,
            code=c.code,
            kind=c.kind,
            province_code=c.province.code if c.province is not None else "0",
            groups=tuple((pk, name) for _, name, pk in sorted(groups[c.pk])),
        )
        for c in communes
    ]


def review_rows(infos: Sequence[CommuneInfo], *, seed: int, on: date) -> list[ReconciliationRound]:
    """Completed data reviews: most groups once within the year before ``on``, deterministic
    by the seed, the commune's code and the group's name."""
    rows = []
    for info in infos:
        for pk, name in info.groups:
            rng = random.Random(f"kmt-review:{seed}:{info.code}:{name}")
            if rng.random() >= REVIEWED_SHARE:
                continue
            completed = on - timedelta(days=rng.randint(5, 330))
            rows.append(
                ReconciliationRound(
                    area_id=pk,
                    started_on=completed - timedelta(days=rng.randint(0, 10)),
                    completed_on=completed,
                    note="Rà soát định kỳ",
                )
            )
    return rows


def _write(people: list[PersonRows], *, on: date, taken: set[str], put: Put) -> tuple[int, ...]:
    """Insert one chunk; parents first so that children pick up their primary keys."""
    # A citizen ID already held (a person entered by hand) is left blank on the synthetic one.
    for rows in people:
        if rows.person.citizen_id in taken:
            rows.person.citizen_id = None
    # ``created_at`` and ``updated_at`` are ``auto_now``: the synthetic "last update" is kept
    # instead of the load's moment, so that stale records exist.
    for rows in people:
        if rows.updated_days_ago:
            moment = datetime.combine(
                on - timedelta(days=rows.updated_days_ago), time(9, 0), tzinfo=UTC
            )
            rows.person.created_at = rows.person.updated_at = moment
    put(Person, [r.person for r in people], True)

    def flat(attr: str) -> list:  # type: ignore[type-arg]
        return [obj for rows in people for obj in getattr(rows, attr)]

    categories = flat("categories")
    put(PersonCategory, categories)
    episodes = flat("episodes")
    # Episodes that follow another are inserted after it (their ``previous`` needs its key).
    put(Episode, [e for e in episodes if e.previous is None])
    chained = [e for e in episodes if e.previous is not None]
    while chained:
        ready = [e for e in chained if e.previous is not None and e.previous.pk is not None]
        if not ready:
            raise RuntimeError("episode chain without a first episode")
        put(Episode, ready)
        chained = [e for e in chained if e.pk is None]
    events = flat("events")
    put(EpisodeEvent, events)
    supervisions = flat("supervisions")
    put(Supervision, supervisions)
    contacts = flat("contacts")
    put(Contact, contacts)
    tests = flat("tests")
    put(DrugTest, tests)
    follow_ups = flat("follow_ups")
    put(FollowUp, follow_ups)
    supports = flat("supports")
    put(SupportService, supports)
    return (
        len(people),
        len(categories),
        len(episodes),
        len(events) + len(contacts) + len(tests) + len(follow_ups) + len(supports),
        len(supervisions),
    )


def _chunk(
    infos: list[CommuneInfo], *, seed: int, on: date, terms: Terms, taken: set[str], put: Put
) -> tuple[int, ...]:
    """Build and ``put`` the persons and data reviews of some communes (touches no database)."""
    people: list[PersonRows] = []
    for info in infos:
        people.extend(commune_people(seed=seed, commune=info, on=on, terms=terms))
    made = _write(people, on=on, taken=taken, put=put)
    put(ReconciliationRound, review_rows(infos, seed=seed, on=on))
    return made


PEOPLE_TABLES = (
    Person, PersonCategory, Episode, EpisodeEvent, Supervision, Contact, DrugTest, FollowUp,
    SupportService, ReconciliationRound,
)  # fmt: skip


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load."""
    synthetic.analyze(PEOPLE_TABLES)


def generate(
    *,
    scale: str,
    seed: int,
    on: date,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> PeopleResult:
    """Fill every commune of ``scale`` that has no person yet (run the area stage first)."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    totals = [0, 0, 0, 0, 0]
    with transaction.atomic(), bulk.loading(PEOPLE_TABLES):
        terms = Terms(durations.load_overrides())
        communes_qs = synthetic.communes_in_scope(spec)
        filled = set(
            Person.objects.filter(area__commune__in=communes_qs)
            .order_by()
            .values_list("area__commune_id", flat=True)
            .distinct()
        )
        todo = sorted(
            (
                c
                for c in communes_qs.select_related("province").only(
                    "pk", "code", "kind", "province__code"
                )
                if c.pk not in filled
            ),
            key=lambda c: int(c.code),
        )
        written: Counter[type[Model]] = Counter()
        taken = {
            held
            for held in Person.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True)
            if held
        }
        jobs = [_commune_infos(chunk) for chunk in synthetic.chunks(todo, COMMUNES_PER_CHUNK)]

        def build(infos: list[CommuneInfo], put: Put) -> tuple[int, ...]:
            return _chunk(infos, seed=seed, on=on, terms=terms, taken=taken, put=put)

        if connection.vendor == "postgresql":  # built in a second process while this one writes
            built = synthetic_pipeline.load(jobs, build, tables=PEOPLE_TABLES, written=written)
        else:

            def put(model: type[Model], objs: Sequence[Any], keep_timestamps: bool = False) -> None:
                synthetic.put(
                    model,
                    objs,
                    batch_size=batch_size,
                    written=written,
                    keep_timestamps=keep_timestamps,
                )

            built = (build(infos, put) for infos in jobs)
        for made in built:
            totals = [t + m for t, m in zip(totals, made, strict=True)]
            say(f"{scale}: {totals[0]:,} persons, {totals[3]:,} events")
        result = PeopleResult(scale, seed, len(todo), *totals)
        if result.persons:
            audit.record(
                actor=None,
                action=AuditEvent.Action.CREATE,
                model_label="people.Person",
                object_id=f"synthetic-people:{scale}:{seed}",
                object_repr=(
                    f"synthetic people {scale} (seed {seed}, on {on:%d/%m/%Y}): "
                    f"{len(todo)} communes, {result.persons} persons, {result.categories} "
                    f"categories, {result.episodes} episodes, {result.events} events"
                ),
                note="generate_synthetic --people",
            )
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-people:{scale}:{seed}",
                note="generate_synthetic --people",
            )
    if result.persons:
        analyze()
    return result
