"""Move each stored evaluation's results and missing evidence into an ``EvaluationDetail``, one
per distinct content, so that migration 0011 can drop the columns.

The digest is ``common.digests.json_digest`` of ``[results, missing_evidence]``, as the service
computes it (it depends on the standard library only), so a later run finds these details again.
Batched and re-runnable: only evaluations without a detail are read. Going back writes each
detail's content into its evaluations again (0011 going back has added the columns, empty).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from khongmatuy.common.digests import json_digest

BATCH = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    evaluation = apps.get_model("criteria", "Evaluation")
    detail = apps.get_model("criteria", "EvaluationDetail")
    ids: dict[str, int] = dict(detail.objects.values_list("digest", "pk"))
    pending = evaluation.objects.filter(detail__isnull=True).order_by("pk")
    while True:
        batch = list(pending.only("pk", "results", "missing_evidence")[:BATCH])
        if not batch:
            return
        for row in batch:
            content = [row.results or [], row.missing_evidence or []]
            digest = json_digest(content)
            if digest not in ids:
                ids[digest] = detail.objects.create(
                    digest=digest, results=content[0], missing_evidence=content[1]
                ).pk
            row.detail_id = ids[digest]
        evaluation.objects.bulk_update(batch, ["detail"])


def empty(apps: Any, schema_editor: Any) -> None:
    evaluation = apps.get_model("criteria", "Evaluation")
    detail = apps.get_model("criteria", "EvaluationDetail")
    for row in detail.objects.order_by("pk").iterator(BATCH):
        evaluation.objects.filter(detail_id=row.pk).update(
            results=row.results, missing_evidence=row.missing_evidence
        )


class Migration(migrations.Migration):
    dependencies = [("criteria", "0009_evaluationdetail")]

    operations = [migrations.RunPython(fill, empty)]
