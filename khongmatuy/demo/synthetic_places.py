"""Synthetic places, businesses, inspections, cameras, cultivation, cases, arrests and tips.

The third stage of ``generate_synthetic`` (after the groups, ``synthetic.py``, and the persons,
``synthetic_people.py``). For each commune-level unit of the scale: a few hotspots and harbouring
places at every stage of their lifecycle, with their event log (the counts at a past date read
it); 3-15 conditional businesses with 0-3 inspections each (some never or long ago inspected);
cameras; cultivation in a few rural communes; 0-4 drug cases, crimes with persons of the
commune's registry arrested and drugs seized, administrative violations with a violator; and
tips in every status with their deadlines from the legal table (``tips.deadlines``) and their
handling events. About 150,000 rows nationwide.

Coordinates are invented: a pseudo-centre per province and per commune inside Vietnam's
bounding box, points scattered around it; about one record in six has none (the map lists those
beside it).

Deterministic (one ``random.Random`` per seed and commune code, and the reference date ``on``)
and idempotent: a commune that already has a business is left alone. Rows are written by the
bulk loader (``common.db.bulk``) in one transaction and audited by one summary event, like the other
stages.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Model

from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases.models import Case, CasePerson, Seizure, Substance
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.db import bulk
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.people.models import Person
from khongmatuy.places.models import Business, Camera, Cultivation, Inspection, Place, PlaceEvent
from khongmatuy.tips.models import Tip, TipEvent
from khongmatuy.tips.rules import deadlines

from . import synthetic
from .synthetic import SCALES
from .synthetic_places_data import (
    ADMIN_OFFENCES,
    BUSINESS_KINDS,
    BUSINESS_NAMES,
    CRIME_OFFENCES,
    KIND_LABELS,
    PLACE_NAMES,
    PLACE_PATHS,
    PS,
    SUBSTANCES,
    TIP_CATEGORIES,
    TIP_CHANNELS,
    TIP_STATES,
    TIP_TEXTS,
    TS,
)

# Instances built without ``Model.__init__``'s overhead (``bulk.instance_maker``).
make_place = bulk.instance_maker(Place)
make_place_event = bulk.instance_maker(PlaceEvent)
make_business = bulk.instance_maker(Business)
make_inspection = bulk.instance_maker(Inspection)
make_camera = bulk.instance_maker(Camera)
make_cultivation = bulk.instance_maker(Cultivation)
make_case = bulk.instance_maker(Case)
make_case_person = bulk.instance_maker(CasePerson)
make_seizure = bulk.instance_maker(Seizure)
make_tip = bulk.instance_maker(Tip)
make_tip_event = bulk.instance_maker(TipEvent)


GIA_VIEN_CODE = "11359"
BATCH_SIZE = 2000
COMMUNES_PER_CHUNK = 200
SOURCE_NOTE = "Dữ liệu mô phỏng (synthetic)"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as the tips service draws its codes
SIX = Decimal("0.000001")


def _weighted(rng: random.Random, options: Sequence[tuple[object, int]]) -> object:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _rng(seed: int, code: str) -> random.Random:
    return random.Random(f"kmt-synthetic-places:{seed}:{code}")


@dataclass(frozen=True)
class CommuneInfo:
    pk: int
    code: str
    kind: str
    province_code: str
    groups: tuple[int, ...]
    persons: tuple[int, ...]  # registry persons of the commune (for arrests)


@dataclass
class CommuneRows:
    """Everything generated for one commune; children refer to their parents by object."""

    places: list[Place] = field(default_factory=list)
    place_events: list[PlaceEvent] = field(default_factory=list)
    businesses: list[Business] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    cameras: list[Camera] = field(default_factory=list)
    cultivation: list[Cultivation] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    case_persons: list[CasePerson] = field(default_factory=list)
    seizures: list[Seizure] = field(default_factory=list)
    tips: list[Tip] = field(default_factory=list)
    tip_events: list[TipEvent] = field(default_factory=list)


class _Locator:
    """Plausible-looking coordinates: a pseudo-centre per commune inside Vietnam's box."""

    def __init__(self, seed: int, commune: CommuneInfo, rng: random.Random) -> None:
        province = random.Random(f"kmt-synthetic-geo:{seed}:{commune.province_code}")
        lat = province.uniform(10.5, 22.0) + rng.uniform(-0.3, 0.3)
        lng = province.uniform(104.5, 108.5) + rng.uniform(-0.3, 0.3)
        if commune.code == GIA_VIEN_CODE:
            lat, lng = 20.86, 106.683
        self.lat, self.lng, self.rng = lat, lng, rng

    def point(self) -> tuple[Decimal | None, Decimal | None]:
        if self.rng.random() < 0.16:
            return None, None
        return (
            Decimal(self.lat + self.rng.uniform(-0.012, 0.012)).quantize(SIX),
            Decimal(self.lng + self.rng.uniform(-0.012, 0.012)).quantize(SIX),
        )


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(1, 12), rng.randint(0, 59)), tzinfo=UTC)


def _area(rng: random.Random, commune: CommuneInfo) -> int:
    if not commune.groups or rng.random() < 0.1:
        return commune.pk
    return commune.groups[int(rng.random() * len(commune.groups))]


def _places(rng: random.Random, c: CommuneInfo, at: _Locator, on: date, rows: CommuneRows) -> None:
    count = 8 if c.code == GIA_VIEN_CODE else min(6, int(rng.expovariate(1 / 2.2)))
    for n in range(count):
        kind = Place.Kind.HARBOURING if rng.random() < 0.45 else Place.Kind.HOTSPOT
        path: tuple[tuple[str, int], ...] = _weighted(rng, PLACE_PATHS)  # type: ignore[assignment]
        span = sum(days for _, days in path)
        discovered = on - timedelta(days=span + rng.randint(5, 900))
        lat, lng = at.point()
        area = _area(rng, c)  # the draws in the order they always had
        base, lane = rng.choice(PLACE_NAMES), rng.randint(1, 200)
        # A name ending in "ngõ" takes the lane of its address ("Phòng trọ cuối ngõ 57").
        name = f"{base} {lane}" if base.endswith("ngõ") else f"{base} {n + 1}"
        place = make_place(
            area_id=area,
            kind=kind,
            name=name,
            name_sort=text_sort_string(name),
            address=f"Ngõ {lane}",
            status=PS.DETECTED,
            discovered_on=discovered,
            latitude=lat,
            longitude=lng,
        )
        rows.places.append(place)
        rows.place_events.append(
            make_place_event(place=place, on=discovered, from_status="", to_status=PS.DETECTED)
        )
        day, status = discovered, str(PS.DETECTED)
        for next_status, days in path:
            day += timedelta(days=days)
            rows.place_events.append(
                make_place_event(
                    place=place, on=day, from_status=status, to_status=next_status, note=SOURCE_NOTE
                )
            )
            status = next_status
            if next_status == PS.ELIMINATED:
                place.eliminated_on = day
            elif next_status == PS.RECURRED:
                place.eliminated_on = None
        place.status = status


def _businesses(
    rng: random.Random, c: CommuneInfo, at: _Locator, on: date, rows: CommuneRows
) -> None:
    count = 20 if c.code == GIA_VIEN_CODE else rng.randint(3, 15 if c.kind != Kind.COMMUNE else 7)
    for _n in range(count):
        kind = str(_weighted(rng, BUSINESS_KINDS))
        lat, lng = at.point()
        name = f"{KIND_LABELS[kind]} {rng.choice(BUSINESS_NAMES)}"
        business = make_business(
            area_id=_area(rng, c),
            kind=kind,
            name=name,
            name_sort=text_sort_string(name),
            owner_name="Chủ cơ sở (mô phỏng)",
            licence_number=f"{rng.randint(1, 999)}/GCN-ANTT",
            risk=rng.choice((Business.Risk.LOW, Business.Risk.MEDIUM, Business.Risk.HIGH)),
            is_active=rng.random() > 0.05,
            latitude=lat,
            longitude=lng,
        )
        rows.businesses.append(business)
        days_ago = sorted(rng.sample(range(5, 720), k=rng.choice((0, 1, 1, 2, 2, 3))))
        for days in days_ago:
            violation = rng.random() < 0.2
            rows.inspections.append(
                make_inspection(
                    business=business,
                    inspected_on=on - timedelta(days=days),
                    team="Tổ công tác Công an xã, phường",
                    findings=SOURCE_NOTE,
                    violation=violation,
                    sanction="Phạt tiền" if violation else "",
                    fine_vnd=rng.choice((1_000_000, 2_500_000, 5_000_000)) if violation else None,
                )
            )
        if days_ago:
            business.last_inspected_on = on - timedelta(days=days_ago[0])


def _cameras_and_cultivation(
    rng: random.Random, c: CommuneInfo, at: _Locator, on: date, rows: CommuneRows
) -> None:
    for n in range(rng.randint(1, 4)):
        lat, lng = at.point()
        rows.cameras.append(
            make_camera(
                area_id=_area(rng, c),
                location=f"Ngã ba số {n + 1}",
                location_sort=text_sort_string(f"Ngã ba số {n + 1}"),
                owner=Camera.Owner.PUBLIC if rng.random() < 0.6 else Camera.Owner.HOUSEHOLD,
                status=rng.choice((Camera.Status.ACTIVE,) * 8 + (Camera.Status.BROKEN,)),
                installed_on=on - timedelta(days=rng.randint(30, 1500)),
                latitude=lat,
                longitude=lng,
            )
        )
    if c.kind == Kind.COMMUNE and rng.random() < 0.06:
        discovered = on - timedelta(days=rng.randint(3, 600))
        lat, lng = at.point()
        rows.cultivation.append(
            make_cultivation(
                area_id=_area(rng, c),
                site=f"Nương, vườn thôn {rng.randint(1, 20)}",
                plant=rng.choice((Cultivation.Plant.CANNABIS, Cultivation.Plant.POPPY)),
                plant_count=rng.randint(5, 400),
                area_m2=Decimal(rng.randint(5, 900)),
                discovered_on=discovered,
                destroyed_on=discovered + timedelta(days=rng.randint(0, 3))
                if rng.random() < 0.85
                else None,
                latitude=lat,
                longitude=lng,
            )
        )


def _cases(
    rng: random.Random,
    c: CommuneInfo,
    on: date,
    rows: CommuneRows,
    substances: Mapping[str, int],
) -> None:
    persons = list(c.persons)
    rng.shuffle(persons)
    count = 3 if c.code == GIA_VIEN_CODE else min(4, int(rng.expovariate(1 / 1.3)))
    for n in range(count):
        crime = rng.random() < 0.6
        occurred = on - timedelta(days=rng.randint(1, 700))
        status = (
            rng.choice((Case.Status.DETECTED, Case.Status.PROSECUTED, Case.Status.TRIED))
            if crime
            else rng.choice((Case.Status.DETECTED, Case.Status.SANCTIONED))
        )
        case = make_case(
            area_id=_area(rng, c),
            kind=Case.Kind.CRIME if crime else Case.Kind.ADMINISTRATIVE,
            number=f"{n + 1}/{occurred.year}/{c.code}",
            issuing_unit_id=c.pk,
            year=occurred.year,
            occurred_on=occurred,
            offence=str(_weighted(rng, CRIME_OFFENCES if crime else ADMIN_OFFENCES)),
            summary=SOURCE_NOTE,
            status=status,
        )
        rows.cases.append(case)
        for _i in range(rng.randint(1, 3) if crime else 1):
            if not persons:
                break
            rows.case_persons.append(
                make_case_person(
                    case=case,
                    person_id=persons.pop(),
                    role=CasePerson.Role.ARRESTED if crime else CasePerson.Role.VIOLATOR,
                    arrested_on=occurred if crime else None,
                )
            )
        if crime:
            for _i in range(rng.randint(1, 2)):
                substance, form, unit = rng.choice(SUBSTANCES)
                rows.seizures.append(
                    make_seizure(
                        case=case,
                        substance_id=substances[substance],
                        form=form,
                        quantity=Decimal(rng.randint(10, 50_000)) / 100,
                        unit=unit,
                    )
                )


def _tips(
    rng: random.Random,
    c: CommuneInfo,
    on: date,
    rows: CommuneRows,
    overrides: deadlines.Overrides,
) -> None:
    count = 30 if c.code == GIA_VIEN_CODE else rng.randint(1, 16)
    for _n in range(count):
        status, outcome, _w = rng.choices(TIP_STATES, weights=[s[2] for s in TIP_STATES])[0]
        # Open tips are recent (some past the 20-day limit); closed ones spread over two years.
        received_on = on - timedelta(
            days=rng.randint(1, 45) if status != TS.CLOSED else rng.randint(20, 700)
        )
        extensions = 1 if status == TS.VERIFYING and rng.random() < 0.2 else 0
        deadline = deadlines.deadline_for(
            received_on=received_on,
            extensions=extensions,
            overrides=overrides,
            holidays=public_holidays(),
        )
        channel = str(_weighted(rng, TIP_CHANNELS))
        received_at = _moment(received_on, rng)
        tip = make_tip(
            code="".join(rng.choice(CODE_ALPHABET) for _ in range(10)),
            area_id=_area(rng, c),
            channel=channel,
            category=str(_weighted(rng, TIP_CATEGORIES)),
            description=rng.choice(TIP_TEXTS),
            location_text=f"Khu vực ngõ {rng.randint(1, 150)}",
            anonymous=channel == Tip.Channel.PUBLIC_FORM or rng.random() < 0.6,
            status=status,
            received_at=received_at,
            due_on=deadline.due_on,
            due_rule=deadline.label,
            extensions=extensions,
            outcome=outcome,
            outcome_note=SOURCE_NOTE if outcome else "",
            closed_on=min(on, received_on + timedelta(days=rng.randint(3, 30)))
            if status == TS.CLOSED
            else None,
        )
        rows.tips.append(tip)
        steps = {
            TS.RECEIVED: ("received",),
            TS.ASSIGNED: ("received", "assigned"),
            TS.VERIFYING: ("received", "assigned", "verifying"),
            TS.CLOSED: ("received", "assigned", "verifying", "closed"),
        }[status]
        # The handling steps lie between the receipt and the closing (or ``on``), a day apart.
        last = (
            datetime.combine(tip.closed_on, time(9, 0), tzinfo=UTC)
            if tip.closed_on is not None
            else received_at + (on - received_on)
        )
        for i, action in enumerate(steps):
            moment = last if action == "closed" else min(received_at + timedelta(days=i), last)
            rows.tip_events.append(
                make_tip_event(tip=tip, action=action, note=SOURCE_NOTE, at=moment)
            )


def substance_ids() -> dict[str, int]:
    """The national list's keys of the substances the synthetic seizures name."""
    names = [name for name, _form, _unit in SUBSTANCES]
    return dict(Substance.objects.filter(name__in=names).values_list("name", "pk"))


def commune_rows(
    *,
    seed: int,
    commune: CommuneInfo,
    on: date,
    overrides: deadlines.Overrides,
    substances: Mapping[str, int],
) -> CommuneRows:
    """Every synthetic record of one commune; depends only on the arguments.

    ``substances``: the keys of the national list's substances by name (``substance_ids``).
    """
    rng = _rng(seed, commune.code)
    at = _Locator(seed, commune, rng)
    rows = CommuneRows()
    _places(rng, commune, at, on, rows)
    _businesses(rng, commune, at, on, rows)
    _cameras_and_cultivation(rng, commune, at, on, rows)
    _cases(rng, commune, on, rows, substances)
    _tips(rng, commune, on, rows, overrides)
    return rows


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacesResult:
    scale: str
    seed: int
    communes_filled: int
    places: int
    businesses: int
    inspections: int
    cases: int
    arrests: int
    tips: int
    other: int  # place events, cameras, cultivation, seizures, tip events

    @property
    def created_anything(self) -> bool:
        return self.communes_filled > 0


Progress = Callable[[str], None]


def _commune_infos(communes: Sequence[Area]) -> list[CommuneInfo]:
    ids = [c.pk for c in communes]
    groups: dict[int, list[int]] = {pk: [] for pk in ids}
    for commune_id, pk in (
        Area.objects.filter(level=Level.GROUP, is_active=True, commune_id__in=ids)
        .order_by("commune_id", "sort_key", "pk")
        .values_list("commune_id", "pk")
    ):
        groups[commune_id].append(pk)
    persons: dict[int, list[int]] = {pk: [] for pk in ids}
    for person_commune, person_pk in (
        Person.objects.filter(area__commune_id__in=ids, is_active=True)
        .order_by("area__commune_id", "pk")
        .values_list("area__commune_id", "pk")
    ):
        if person_commune is not None:
            persons[person_commune].append(person_pk)
    return [
        CommuneInfo(
            pk=c.pk,
            code=c.code,
            kind=c.kind,
            province_code=c.province.code if c.province is not None else "0",
            groups=tuple(groups[c.pk]),
            persons=tuple(persons[c.pk]),
        )
        for c in communes
    ]


def _write(
    all_rows: list[CommuneRows], *, batch_size: int, written: Counter[type[Model]]
) -> tuple[int, ...]:
    """Insert one chunk, parents first (both engines return the new keys from a bulk insert)."""

    def flat(attr: str) -> list:  # type: ignore[type-arg]
        return [obj for rows in all_rows for obj in getattr(rows, attr)]

    counts = []
    for model, attr in (
        (Place, "places"),
        (PlaceEvent, "place_events"),
        (Business, "businesses"),
        (Inspection, "inspections"),
        (Camera, "cameras"),
        (Cultivation, "cultivation"),
        (Case, "cases"),
        (CasePerson, "case_persons"),
        (Seizure, "seizures"),
        (Tip, "tips"),
        (TipEvent, "tip_events"),
    ):
        objs = flat(attr)
        # Children hold their parent object and take its new key. A tip event's ``at``
        # (``auto_now_add``) keeps the step's moment, so that a tip's history lies between its
        # receipt and ``on``.
        synthetic.put(
            model, objs, batch_size=batch_size, written=written, keep_timestamps=model is TipEvent
        )
        counts.append(len(objs))
    places, events, businesses, inspections, cameras, cultivation = counts[:6]
    cases, arrests, seizures, tips, tip_events = counts[6:]
    return (
        places,
        businesses,
        inspections,
        cases,
        arrests,
        tips,
        events + cameras + cultivation + seizures + tip_events,
    )


PLACES_TABLES = (
    Place, PlaceEvent, Business, Inspection, Camera, Cultivation, Case, CasePerson, Seizure, Tip,
    TipEvent,
)  # fmt: skip


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load."""
    synthetic.analyze(PLACES_TABLES)


def generate(
    *,
    scale: str,
    seed: int,
    on: date,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> PlacesResult:
    """Fill every commune of ``scale`` that has no business yet (after the other stages)."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    totals = [0] * 7
    with transaction.atomic(), bulk.loading(PLACES_TABLES):
        overrides = deadlines.load_overrides()
        substances = substance_ids()
        communes_qs = synthetic.communes_in_scope(spec)
        filled = set(
            Business.objects.filter(area__commune__in=communes_qs)
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
        for chunk in synthetic.chunks(todo, COMMUNES_PER_CHUNK):
            rows = [
                commune_rows(
                    seed=seed, commune=info, on=on, overrides=overrides, substances=substances
                )
                for info in _commune_infos(chunk)
            ]
            made = _write(rows, batch_size=batch_size, written=written)
            totals = [t + m for t, m in zip(totals, made, strict=True)]
            say(f"{scale}: {totals[0]:,} places, {totals[1]:,} businesses, {totals[5]:,} tips")
        result = PlacesResult(scale, seed, len(todo), *totals)
        if todo:
            audit.record(
                actor=None,
                action=AuditEvent.Action.CREATE,
                model_label="places.Place",
                object_id=f"synthetic-places:{scale}:{seed}",
                object_repr=(
                    f"synthetic places {scale} (seed {seed}, on {on:%d/%m/%Y}): {len(todo)} "
                    f"communes, {result.places} places, {result.businesses} businesses, "
                    f"{result.inspections} inspections, {result.cases} cases, "
                    f"{result.arrests} arrests, {result.tips} tips"
                ),
                note="generate_synthetic --places",
            )
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-places:{scale}:{seed}",
                note="generate_synthetic --places",
            )
    if todo:
        analyze()
    return result
