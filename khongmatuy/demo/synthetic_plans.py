"""Synthetic plans and tasks: every commune of the scale gets its offices, one plan of the year
and its tasks with the six "rõ", some of them late, some accepted, submitted or returned.

A stage of ``generate_synthetic`` (``--plans``, the default at national scale; the bench runs it
itself when the dataset has none). Per commune: five offices (``Organisation``), one plan
(``NN/KH-UBND``), ``TASKS_PER_COMMUNE`` tasks led by the offices in turn (one in three with a
coordinating office), deadlines spread over the year of ``on``; a task due before ``on`` is
accepted with probability 0.6, else submitted, returned or still in progress; a later one is
open or in progress. About 3,300 communes × 20 = 66,000 tasks nationwide.

Deterministic (one ``random.Random`` per seed and commune code, and ``on``) and idempotent: a
commune that already has a plan document is left alone. Rows are written by the bulk loader
(``common.db.bulk``) in one transaction and audited by one summary entry per table.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Model

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.db import bulk
from khongmatuy.common.text import fold
from khongmatuy.plans.choices import TaskStatus
from khongmatuy.plans.models import PlanDocument, Task, TaskCoordinator

from . import synthetic
from .synthetic import SCALES

# Instances built without ``Model.__init__``'s overhead (``bulk.instance_maker``).
make_organisation = bulk.instance_maker(Organisation)
make_plan_document = bulk.instance_maker(PlanDocument)
make_task = bulk.instance_maker(Task)
make_task_coordinator = bulk.instance_maker(TaskCoordinator)


TASKS_PER_COMMUNE = 20
COMMUNES_PER_CHUNK = 200
OFFICES = (
    "Công an {name}",
    "Phòng Văn hóa - Xã hội {name}",
    "Phòng Kinh tế {name}",
    "Ủy ban MTTQ Việt Nam {name}",
    "Đoàn Thanh niên {name}",
)
CONTENTS = (
    "Tuyên truyền phòng, chống ma túy trên hệ thống loa truyền thanh",
    "Rà soát, thống kê người sử dụng trái phép chất ma túy",
    "Kiểm tra cơ sở kinh doanh có điều kiện về an ninh, trật tự",
    "Vận động hộ gia đình ký cam kết không có ma túy",
    "Báo cáo kết quả thực hiện Chương trình MTQG",
)
RECURRENCES = ("once", "once", "once", "monthly", "quarterly", "yearly")
PLANS_TABLES = (Organisation, PlanDocument, Task, TaskCoordinator)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PlansResult:
    scale: str
    communes_filled: int
    documents: int
    tasks: int

    @property
    def created_anything(self) -> bool:
        return self.communes_filled > 0


def _rng(seed: int, code: str, on: date) -> random.Random:
    return random.Random(f"kmt-synthetic-plans:{seed}:{code}:{on.isoformat()}")


def _status(rng: random.Random, due_on: date, on: date) -> tuple[str, int]:
    if due_on < on:
        roll = rng.random()
        if roll < 0.6:
            return TaskStatus.ACCEPTED, 100
        if roll < 0.7:
            return TaskStatus.SUBMITTED, 100
        if roll < 0.75:
            return TaskStatus.RETURNED, 100
        return TaskStatus.IN_PROGRESS, rng.randrange(10, 90, 10)
    return (TaskStatus.OPEN, 0) if rng.random() < 0.5 else (TaskStatus.IN_PROGRESS, 30)


def _commune_rows(
    *, seed: int, commune: Area, offices: list[int], on: date
) -> tuple[PlanDocument, list[tuple[Task, int | None]]]:
    """The commune's plan and its tasks with their coordinating office (pure: nothing written)."""
    rng = _rng(seed, commune.code, on)
    start = date(on.year, 1, 1)
    document = make_plan_document(
        area_id=commune.pk,
        kind="plan",
        number=f"{rng.randint(1, 99):02d}/KH-UBND",
        issued_on=min(on, start + timedelta(days=14)),
        issuing_body=f"Ủy ban nhân dân {commune.name}",
        signer_name="Người Ký Mô Phỏng",
        summary="Kế hoạch phòng, chống ma túy năm (dữ liệu mô phỏng)",
        period_start=start,
        period_end=date(on.year, 12, 31),
    )
    tasks = []
    for n in range(TASKS_PER_COMMUNE):
        due_on = start + timedelta(days=rng.randrange(365))
        status, percent = _status(rng, due_on, on)
        lead = offices[n % len(offices)]
        coordinator = offices[(n + 1) % len(offices)] if n % 3 == 0 else None
        tasks.append(
            (
                make_task(
                    area_id=commune.pk,
                    section=f"III.{n + 1}",
                    content=f"{CONTENTS[n % len(CONTENTS)]} (mô phỏng {n + 1})",
                    lead_id=lead,
                    officer_name="Cán bộ phụ trách",
                    recurrence=RECURRENCES[n % len(RECURRENCES)],
                    first_due_on=due_on,
                    due_on=due_on,
                    expected_output="Báo cáo kết quả",
                    accepting_authority="Chủ tịch UBND",
                    status=status,
                    percent=percent,
                ),
                coordinator,
            )
        )
    return document, tasks


def _offices(
    chunk: list[Area], *, batch_size: int, written: Counter[type[Model]]
) -> dict[int, list[int]]:
    """The synthetic offices of each commune of ``chunk`` (created when missing)."""
    wanted = {(c.pk, t.format(name=c.name)) for c in chunk for t in OFFICES}
    have = {
        (area_id, name): pk
        for pk, area_id, name in Organisation.objects.filter(
            area_id__in=[c.pk for c in chunk], kind=Organisation.OrgKind.AGENCY
        ).values_list("pk", "area_id", "name")
    }
    new = [
        make_organisation(
            area_id=area_id,
            kind=Organisation.OrgKind.AGENCY,
            name=name,
            name_folded=fold(name),
            name_sort=text_sort_string(name),
        )
        for area_id, name in sorted(wanted - set(have))
    ]
    synthetic.put(Organisation, new, batch_size=batch_size, written=written)
    have.update({(o.area_id, o.name): o.pk for o in new})
    return {c.pk: [have[(c.pk, t.format(name=c.name))] for t in OFFICES] for c in chunk}


def generate(
    *, scale: str, seed: int, on: date, batch_size: int = 5000, progress: Progress | None = None
) -> PlansResult:
    """Fill every commune of ``scale`` that has no plan document yet."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    written: Counter[type[Model]] = Counter()
    with transaction.atomic(), bulk.loading(PLANS_TABLES):
        communes_qs = Area.objects.communes().filter(is_active=True)
        if spec.province_codes is not None:
            communes_qs = communes_qs.filter(
                province__code__in=[str(c) for c in sorted(spec.province_codes)]
            )
        if spec.commune_codes is not None:
            communes_qs = communes_qs.filter(code__in=sorted(spec.commune_codes))
        filled = set(
            PlanDocument.objects.filter(area__in=communes_qs).values_list("area_id", flat=True)
        )
        todo = [
            c for c in communes_qs.only("pk", "code", "name").order_by("pk") if c.pk not in filled
        ]
        for begin in range(0, len(todo), COMMUNES_PER_CHUNK):
            chunk = todo[begin : begin + COMMUNES_PER_CHUNK]
            offices = _offices(chunk, batch_size=batch_size, written=written)
            rows = [
                _commune_rows(seed=seed, commune=c, offices=offices[c.pk], on=on) for c in chunk
            ]
            synthetic.put(
                PlanDocument, [d for d, _ in rows], batch_size=batch_size, written=written
            )
            for document, tasks in rows:
                for task, _coordinator in tasks:
                    task.document_id = document.pk
            synthetic.put(
                Task,
                [t for _, tasks in rows for t, _ in tasks],
                batch_size=batch_size,
                written=written,
            )
            coordinators = [
                make_task_coordinator(task_id=t.pk, organisation_id=o)
                for _, tasks in rows
                for t, o in tasks
                if o is not None
            ]
            synthetic.put(TaskCoordinator, coordinators, batch_size=batch_size, written=written)
            say(f"{scale}: {written[Task]:,} tasks in {begin + len(chunk):,} communes")
        if todo:
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-plans:{scale}:{seed}",
                note="generate_synthetic --plans",
            )
    if todo:
        synthetic.analyze(PLANS_TABLES)
    return PlansResult(
        scale=scale,
        communes_filled=len(todo),
        documents=written[PlanDocument],
        tasks=written[Task],
    )
