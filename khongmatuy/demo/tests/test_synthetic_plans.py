"""The plans stage of the synthetic generator: every commune's offices, plan and tasks, each task
with all six "rõ", some overdue on the day; deterministic and idempotent; the bench's overdue
floor lists the same rows as the overdue page on it."""

from __future__ import annotations

from datetime import date

import pytest

from bench.bench_plans import overdue_orm, overdue_sql
from khongmatuy.accounts.models import User
from khongmatuy.demo import synthetic, synthetic_plans
from khongmatuy.plans import selectors
from khongmatuy.plans.models import PlanDocument, Task, TaskCoordinator
from khongmatuy.plans.rules import numbering

ON = date(2026, 11, 23)
SIX = ("content", "officer_name", "recurrence", "expected_output", "accepting_authority")


@pytest.mark.django_db
def test_ward_scale_plans_are_complete_overdue_in_part_and_idempotent():
    synthetic.generate(scale="ward", seed=42)
    result = synthetic_plans.generate(scale="ward", seed=42, on=ON)
    assert (result.communes_filled, result.documents) == (1, 1)
    assert result.tasks == Task.objects.count() == synthetic_plans.TASKS_PER_COMMUNE
    plan = PlanDocument.objects.get()
    parsed = numbering.parse(plan.number)
    assert parsed is not None
    assert numbering.fits_kind(parsed, plan.kind)
    for values in Task.objects.values(*SIX, "lead_id", "first_due_on", "due_on", "document_id"):
        assert all(str(values[f]).strip() for f in SIX), values
        assert None not in (values["lead_id"], values["first_due_on"], values["due_on"])
        assert values["document_id"] == plan.pk
    assert TaskCoordinator.objects.exists()
    city = User.objects.get(username="bench_city")
    late = selectors.overdue(user=city, on=ON).count()
    assert 0 < late < result.tasks
    orm = overdue_orm(city, ON)
    assert len(orm) == late
    assert overdue_sql(city, ON) == orm
    snapshot = sorted(Task.objects.values_list("content", "due_on", "status", "percent"))
    again = synthetic_plans.generate(scale="ward", seed=42, on=ON)
    assert not again.created_anything
    assert sorted(Task.objects.values_list("content", "due_on", "status", "percent")) == snapshot
