"""Synthetic programme money: every commune of the scale runs the projects the ward plan names
(Kế hoạch UBND phường Thủy Nguyên III.1.b: Projects 1, 2, 4, 5, 9 and Sub-project 2 of Project 7),
led by its police (an ``Organisation`` created for it), with the year's allocation by source, a
quarterly schedule, a commitment and disbursements at a pace drawn per project, so that some
projects are behind schedule at every scale. About 20,000 commune projects and 200,000 money
rows nationwide.

A stage of ``generate_synthetic`` (``--programme``, the default at national scale; the bench
runs it itself when the dataset has none). Deterministic (one ``random.Random`` per seed and
commune code, and the reference date ``on``) and idempotent: a commune that already runs a
project is left alone. Rows are written by the bulk loader (``common.db.bulk``) in one transaction
and audited by one summary entry per table. Amounts are whole đồng, ``Decimal``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Model

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.db import bulk
from khongmatuy.common.text import fold
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.models import (
    Allocation,
    Commitment,
    CommuneProject,
    Disbursement,
    Indicator,
    IndicatorValue,
    Project,
    ScheduleStep,
)
from khongmatuy.programme.rules.schedule import quarter_ends

from . import synthetic
from .synthetic import SCALES

# Instances built without ``Model.__init__``'s overhead (``bulk.instance_maker``).
make_organisation = bulk.instance_maker(Organisation)
make_commune_project = bulk.instance_maker(CommuneProject)
make_allocation = bulk.instance_maker(Allocation)
make_schedule_step = bulk.instance_maker(ScheduleStep)
make_commitment = bulk.instance_maker(Commitment)
make_disbursement = bulk.instance_maker(Disbursement)
make_indicator_value = bulk.instance_maker(IndicatorValue)


CODES = ("DA1", "DA2", "DA4", "DA5", "DA7-TDA2", "DA9")
SHARES = (Decimal(10), Decimal(40), Decimal(70), Decimal(100))
MILLION = Decimal(1_000_000)
COMMUNES_PER_CHUNK = 200
PROGRAMME_TABLES = (
    CommuneProject, Allocation, ScheduleStep, Commitment, Disbursement, IndicatorValue,
)  # fmt: skip
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ProgrammeResult:
    scale: str
    communes_filled: int
    projects: int
    disbursements: int

    @property
    def created_anything(self) -> bool:
        return self.communes_filled > 0


def _rng(seed: int, code: str) -> random.Random:
    return random.Random(f"kmt-synthetic-programme:{seed}:{code}")


def programme_year(on: date) -> int:
    return min(max(on.year, 2025), 2030)


@dataclass
class CommunePlan:
    """One project's money (pure: the rows are built from it)."""

    project_id: int
    central: Decimal
    local: Decimal
    disbursed: list[tuple[date, Decimal]]


def commune_plan(*, seed: int, code: str, projects: dict[str, int], on: date) -> list[CommunePlan]:
    """The commune's projects and their money of ``on``'s year (pure: nothing written)."""
    rng = _rng(seed, code)
    year = programme_year(on)
    start = date(year, 1, 15)
    end = min(on, date(year, 12, 31))
    plans = []
    for project_code in CODES:
        central = Decimal(rng.randint(50, 1_500)) * MILLION
        local = Decimal(rng.randint(0, 400)) * MILLION
        available = central + local
        passed = [s for d, s in zip(quarter_ends(year), SHARES, strict=True) if d <= end]
        planned = passed[-1] if passed else Decimal(0)
        pace = Decimal(rng.randint(30, 120)) / 100
        target = min((available * planned / 100 * pace).quantize(MILLION), available)
        payments: list[tuple[date, Decimal]] = []
        span = max((end - start).days, 1)
        if target > 0 and end > start:
            first = (target * Decimal("0.4")).quantize(MILLION)
            payments = [
                (start + timedelta(days=span // 3), first),
                (start + timedelta(days=span * 2 // 3), target - first),
            ]
        plans.append(CommunePlan(projects[project_code], central, local, payments))
    return plans


def legal_aid_value(*, seed: int, commune: Area, indicator_id: int, year: int) -> IndicatorValue:
    """The commune's entered legal-aid figure of the year (requests and those helped)."""
    rng = _rng(seed, f"legal-aid:{commune.code or commune.pk}")
    whole = rng.randint(0, 30)
    return make_indicator_value(
        indicator_id=indicator_id,
        area_id=commune.pk,
        year=year,
        part=whole - min(whole, rng.choice((0, 0, 0, 1, 2))),
        whole=whole,
        source="Dữ liệu mô phỏng (synthetic)",
    )


def generate(
    *, scale: str, seed: int, on: date, batch_size: int = 5000, progress: Progress | None = None
) -> ProgrammeResult:
    """Fill every commune of ``scale`` that runs no project yet."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    written: Counter[type[Model]] = Counter()
    year = programme_year(on)
    projects = dict(Project.objects.filter(code__in=CODES).values_list("code", "pk"))
    legal_aid = Indicator.objects.filter(code="legal_aid").values_list("pk", flat=True).first()
    with transaction.atomic(), bulk.loading(PROGRAMME_TABLES):
        communes_qs = Area.objects.communes().filter(is_active=True)
        if spec.province_codes is not None:
            communes_qs = communes_qs.filter(
                province__code__in=[str(c) for c in sorted(spec.province_codes)]
            )
        if spec.commune_codes is not None:
            communes_qs = communes_qs.filter(code__in=sorted(spec.commune_codes))
        filled = set(
            CommuneProject.objects.filter(area__in=communes_qs)
            .order_by()
            .values_list("area_id", flat=True)
            .distinct()
        )
        todo = [
            c
            for c in communes_qs.only("pk", "code", "name", "kind").order_by("pk")
            if c.pk not in filled
        ]
        for begin in range(0, len(todo), COMMUNES_PER_CHUNK):
            chunk = todo[begin : begin + COMMUNES_PER_CHUNK]
            existing = dict(
                Organisation.objects.filter(
                    area__in=chunk, kind=Organisation.OrgKind.AGENCY, name__startswith="Công an "
                ).values_list("area_id", "pk")
            )
            new = []
            for commune in chunk:
                if commune.pk not in existing:
                    name = f"Công an {commune.get_kind_display().lower()} {commune.name}"
                    new.append(
                        make_organisation(
                            area_id=commune.pk,
                            kind=Organisation.OrgKind.AGENCY,
                            name=name,
                            name_folded=fold(name),
                            name_sort=text_sort_string(name),
                        )
                    )
            synthetic.put(Organisation, new, batch_size=batch_size, written=written)
            existing.update({o.area_id: o.pk for o in new})
            plans = {
                c.pk: commune_plan(seed=seed, code=c.code or str(c.pk), projects=projects, on=on)
                for c in chunk
            }
            rows = [
                (
                    make_commune_project(
                        area_id=c.pk, project_id=p.project_id, lead_id=existing[c.pk]
                    ),
                    p,
                )
                for c in chunk
                for p in plans[c.pk]
            ]
            synthetic.put(
                CommuneProject, [cp for cp, _ in rows], batch_size=batch_size, written=written
            )
            allocations, steps, commitments, payments = [], [], [], []
            for cp, plan in rows:
                for source, amount in (
                    (FundSource.CENTRAL, plan.central),
                    (FundSource.LOCAL, plan.local),
                ):
                    if amount:
                        allocations.append(
                            make_allocation(
                                commune_project_id=cp.pk,
                                year=year,
                                source=source,
                                amount=amount,
                                decision="01/QĐ-UBND",
                                decided_on=date(year, 1, 15),
                            )
                        )
                steps += [
                    make_schedule_step(
                        commune_project_id=cp.pk, year=year, until=until, share=share
                    )
                    for until, share in zip(quarter_ends(year), SHARES, strict=True)
                ]
                if plan.disbursed:
                    commitments.append(
                        make_commitment(
                            commune_project_id=cp.pk,
                            year=year,
                            signed_on=date(year, 2, 1),
                            amount=sum((a for _d, a in plan.disbursed), Decimal(0)),
                            document="HĐ 01",
                            content="Dữ liệu mô phỏng (synthetic)",
                        )
                    )
                payments += [
                    make_disbursement(
                        commune_project_id=cp.pk,
                        year=year,
                        paid_on=paid_on,
                        amount=amount,
                        document=f"GN {n}",
                    )
                    for n, (paid_on, amount) in enumerate(plan.disbursed, 1)
                    if amount > 0
                ]
            synthetic.put(Allocation, allocations, batch_size=batch_size, written=written)
            synthetic.put(ScheduleStep, steps, batch_size=batch_size, written=written)
            synthetic.put(Commitment, commitments, batch_size=batch_size, written=written)
            synthetic.put(Disbursement, payments, batch_size=batch_size, written=written)
            if legal_aid is not None:
                synthetic.put(
                    IndicatorValue,
                    [
                        legal_aid_value(seed=seed, commune=c, indicator_id=legal_aid, year=year)
                        for c in chunk
                    ],
                    batch_size=batch_size,
                    written=written,
                )
            say(f"{scale}: {written[CommuneProject]:,} commune projects")
        if todo:
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-programme:{scale}:{seed}",
                note="generate_synthetic --programme",
            )
    if todo:
        synthetic.analyze(PROGRAMME_TABLES)
    return ProgrammeResult(scale, len(todo), written[CommuneProject], written[Disbursement])
