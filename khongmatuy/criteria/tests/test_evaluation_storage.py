"""How evaluations are stored: the per-criterion results once per distinct content
(``EvaluationDetail``), shared by every evaluation that found the same, found again by a later
run; and the migration that moved the results of existing rows into details and back."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Kind
from khongmatuy.audit.models import AuditEvent
from khongmatuy.criteria.models import Evaluation, EvaluationDetail
from khongmatuy.criteria.rules import local
from khongmatuy.criteria.services import evaluation as services

from .factories import TODAY, Facts, reviewed

GROUP = local.DRUG_FREE_GROUP


def test_a_bulk_run_stores_each_distinct_result_once(facts_world: Facts) -> None:
    w = facts_world.world
    added = []
    for n in range(3, 13):
        group = area_services.area_create(
            actor=None, parent=w.ward_b, name=f"Tổ dân phố số {n}", kind=Kind.RESIDENTIAL_GROUP
        )
        area_services.figure_set(
            actor=None, area=group, as_of=date(2026, 1, 1), population=400, households=100
        )
        added.append(group.pk)
    reviewed(w.ward_b, date(2026, 11, 1))
    outcome = services.evaluate_all(actor=None, root=w.country, rule_set_code=GROUP, on=TODAY)
    assert outcome.evaluated == 13
    rows = list(Evaluation.objects.select_related("detail"))
    contents = {(tuple(map(str, e.results)), tuple(e.missing_evidence)) for e in rows}
    assert EvaluationDetail.objects.count() == len(contents) < 13
    # The ten new groups (nothing on record, all reviewed) share one detail.
    assert len({e.detail_id for e in rows if e.area_id in added}) == 1
    for e in rows:
        assert e.detail.digest == services.detail_digest(e.results, e.missing_evidence)
    assert AuditEvent.objects.filter(model="criteria.EvaluationDetail").count() == 1

    # The same date again: new rows, no new detail, no detail audit entry.
    services.evaluate_all(actor=None, root=w.country, rule_set_code=GROUP, on=TODAY)
    assert Evaluation.objects.count() == 26
    assert EvaluationDetail.objects.count() == len(contents)
    assert AuditEvent.objects.filter(model="criteria.EvaluationDetail").count() == 1
    # A single evaluation finds the bulk run's detail too.
    single = services.evaluate_area(actor=None, area=w.group_a1, rule_set_code=GROUP, on=TODAY)
    bulk = Evaluation.objects.filter(area=w.group_a1).earliest("pk")
    assert single.detail_id == bulk.detail_id


BEFORE = [("criteria", "0009_evaluationdetail")]
AFTER = [("criteria", "0011_evaluation_results_in_detail")]


@pytest.mark.unaudited_writes  # the migration writes rows directly, as migrations do
@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_results_into_details_and_back(facts_world: Facts) -> None:
    area_id = facts_world.world.group_a1.pk
    results = [{"code": "1", "label": "Không phát sinh mới", "value": "0", "passed": True}]
    missing = ["Chưa có số dân đang cư trú tại ngày đánh giá."]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("criteria", "Evaluation")
    for content in ((results, []), (results, []), (results, missing)):
        old.objects.create(
            area_id=area_id,
            rule_set_code=GROUP,
            rule_set_version="1",
            on=TODAY,
            met=1,
            results=content[0],
            missing_evidence=content[1],
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    details = {d.digest: d for d in EvaluationDetail.objects.all()}
    assert set(details) == {
        services.detail_digest(results, []),
        services.detail_digest(results, missing),
    }
    stored = [(e.results, e.missing_evidence) for e in Evaluation.objects.order_by("pk")]
    assert stored == [(results, []), (results, []), (results, missing)]

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("criteria", "Evaluation")
    back = [(e.results, e.missing_evidence) for e in old.objects.order_by("pk")]
    assert back == [(results, []), (results, []), (results, missing)]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
