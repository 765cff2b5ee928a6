"""Overdue and due-soon as the pages read them from the database, at the edges around a holiday
(Civil Code 2015, Art. 148(5): a deadline on a day off moves to the next working day), and the
bench's hand-written floor giving the same rows as the page's selector."""

from __future__ import annotations

from datetime import date

import pytest

from bench.bench_plans import overdue_orm, overdue_sql
from khongmatuy.common.roles import Role
from khongmatuy.plans import selectors, services
from tests.personas import make_user

from .factories import TODAY, document, organisation, task

pytestmark = pytest.mark.django_db

# Thursday 03/09/2026, after the National Day break: Monday 31/08 is a day off swapped for a
# Saturday, 01/09 and 02/09 are public holidays. The last working day before it is Friday 28/08.
ON = date(2026, 9, 3)


@pytest.fixture
def ward(world):  # type: ignore[no-untyped-def]
    officer = make_user("od_officer", Role.COMMUNE_POLICE, [world.ward_a])
    culture = organisation(world.ward_a, "Phòng Văn hóa - Xã hội Hạn")
    economy = organisation(world.ward_a, "Phòng Kinh tế Hạn")
    doc = document(officer, world.ward_a)
    for day in (
        date(2026, 8, 27),
        date(2026, 8, 28),
        date(2026, 8, 31),
        date(2026, 9, 2),
        date(2026, 9, 3),
        date(2026, 9, 10),
        date(2026, 9, 11),
    ):
        task(
            officer,
            doc,
            culture if day.day % 2 else economy,
            content=f"Hạn {day:%d/%m}",
            first_due_on=day,
            coordinators=[economy] if day.day % 2 else [],
        )
    accepted = task(officer, doc, culture, content="Đã nghiệm thu", first_due_on=date(2026, 8, 3))
    services.task_report(
        actor=officer, task=accepted, percent=100, text_done="Xong", done=True, today=TODAY
    )
    services.task_accept(actor=officer, task=accepted, today=TODAY)
    return officer, doc


def test_overdue_and_due_soon_at_the_edges_of_a_holiday(ward):  # type: ignore[no-untyped-def]
    officer, doc = ward
    assert selectors.tasks.threshold(ON) == date(2026, 8, 28)
    late = [t.due_on for t in selectors.overdue(user=officer, on=ON)]
    # due on the Friday and before: overdue; on the days off: not yet; accepted: never
    assert late == [date(2026, 8, 27), date(2026, 8, 28)]
    soon = [t.due_on for t in selectors.due_soon(user=officer, on=ON)]
    # the days off, today, and up to 7 days ahead (10/09), not the 8th day
    assert soon == [date(2026, 8, 31), date(2026, 9, 2), date(2026, 9, 3), date(2026, 9, 10)]
    by_lead, by_plan = selectors.agency_counts(user=officer, on=ON)
    assert sum(c.overdue for c in by_lead) == 2
    assert [(c.key, c.overdue, c.soon) for c in by_plan] == [(doc.pk, 2, 4)]


def test_the_plan_page_counts_overdue_as_the_overdue_list(ward):  # type: ignore[no-untyped-def]
    officer, doc = ward
    tasks = list(
        selectors.task_list(user=officer, filters=selectors.tasks.TaskFilters(document=doc), on=ON)
    )
    progress = selectors.document_progress(tasks=tasks, threshold=selectors.tasks.threshold(ON))
    assert progress.overdue == selectors.overdue(user=officer, on=ON).count() == 2
    assert (progress.total, progress.accepted) == (8, 1)


def test_the_bench_floor_lists_the_same_overdue_rows(ward, city_user):  # type: ignore[no-untyped-def]
    officer, _doc = ward
    for user in (officer, city_user):
        orm = overdue_orm(user, ON)
        assert [row[1] for row in orm] == [date(2026, 8, 27), date(2026, 8, 28)]
        assert orm[0][7] == ("Phòng Kinh tế Hạn",)  # the coordinating office
        assert overdue_sql(user, ON) == orm
