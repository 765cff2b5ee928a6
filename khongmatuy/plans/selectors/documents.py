"""Plan documents: the list, one document, its tasks' progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.text import fold

from ..choices import TaskStatus
from ..models import PlanDocument, Task

if TYPE_CHECKING:
    from datetime import date

    from khongmatuy.accounts.models import User


def commune_choices(*, user: User) -> QuerySet[Area]:
    """The communes (and provinces, for a city's plan) a user may file a plan under."""
    return (
        Area.objects.for_user(user)
        .filter(is_active=True, level__in=[Level.PROVINCE, Level.COMMUNE])
        .order_by("level", "sort_key")
    )


def document_list(
    *, user: User, q: str = "", kind: str = "", area: Area | None = None
) -> QuerySet[PlanDocument]:
    qs = (
        PlanDocument.objects.for_user(user)
        .select_related("area", "implements")
        .annotate(
            task_count=Count("tasks"),
            accepted_count=Count("tasks", filter=Q(tasks__status=TaskStatus.ACCEPTED)),
        )
        .order_by("-issued_on", "-pk")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if area is not None:
        qs = qs.filter(area=area)
    if q:
        folded = fold(q)
        # the number as typed, or words of the summary (diacritics ignored, in Python: the list
        # of one area's plans is short)
        matching = [
            pk
            for pk, number, summary in qs.values_list("pk", "number", "summary")
            if folded in fold(number) or folded in fold(summary)
        ]
        qs = qs.filter(pk__in=matching)
    return qs


def document_get(*, user: User, pk: int) -> PlanDocument:
    return get_object_or_404(
        PlanDocument.objects.for_user(user).select_related("area", "implements", "roadmap"), pk=pk
    )


@dataclass(frozen=True)
class Progress:
    total: int
    accepted: int
    submitted: int
    overdue: int
    mean_percent: int


def document_progress(*, tasks: list[Task], threshold: date) -> Progress:
    """The plan's progress from its tasks (already read for the page: no query). A task is
    overdue when not accepted and due on or before ``threshold`` (``selectors.tasks.threshold``:
    the last working day before today, public holidays included), as the overdue list counts."""
    total = len(tasks)
    accepted = sum(1 for t in tasks if t.status == TaskStatus.ACCEPTED)
    submitted = sum(1 for t in tasks if t.status == TaskStatus.SUBMITTED)
    late = sum(1 for t in tasks if t.status != TaskStatus.ACCEPTED and t.due_on <= threshold)
    mean = round(sum(t.percent for t in tasks) / total) if total else 0
    return Progress(total, accepted, submitted, late, mean)
