"""Reminders: due soon and overdue at the edges, returned, and who receives them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.accounts import services as account_services
from khongmatuy.alerts import services as alert_services
from khongmatuy.common.roles import Role
from khongmatuy.plans import reminders, services
from tests.personas import make_user

from .factories import TODAY, document, organisation, task


@pytest.fixture
def ward(world):  # type: ignore[no-untyped-def]
    officer = make_user("rm_officer", Role.COMMUNE_POLICE, [world.ward_a])
    culture = organisation(world.ward_a, "Phòng Văn hóa Nhắc")
    economy = organisation(world.ward_a, "Phòng Kinh tế Nhắc")
    return officer, culture, economy, document(officer, world.ward_a)


def test_due_soon_overdue_and_not_yet(ward):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = ward
    monday = date(2026, 11, 30)
    today_due = task(officer, doc, culture, first_due_on=monday)
    friday = task(officer, doc, culture, first_due_on=date(2026, 11, 27))
    saturday = task(officer, doc, culture, first_due_on=date(2026, 11, 28))
    far = task(officer, doc, culture, first_due_on=date(2027, 1, 30))
    stages = {r.target_id: r.stage for r in reminders.tasks_due(on=monday)}
    assert stages[today_due.pk] == "soon"
    assert stages[saturday.pk] == "soon"  # moved to Monday: due today
    assert stages[friday.pk] == "overdue"
    assert far.pk not in stages


def test_the_agency_of_the_lead_receives_and_the_leadership_on_escalation(world, ward):  # type: ignore[no-untyped-def]
    officer, culture, economy, doc = ward
    agency = make_user("rm_agency", Role.AGENCY_OFFICER, [world.ward_a], organisation=culture)
    other = make_user("rm_other", Role.AGENCY_OFFICER, [world.ward_a], organisation=economy)
    leader = make_user("rm_leader", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    late = task(officer, doc, culture, first_due_on=date(2026, 10, 1))
    notes = alert_services.compute(on=TODAY)
    got = {(n.recipient_id, n.escalated) for n in notes if n.target_id == late.pk}
    assert (agency.pk, False) in got
    assert (officer.pk, False) in got
    assert (leader.pk, True) in got
    assert all(n.recipient_id != other.pk for n in notes)


def test_returned_reminds_the_agency(world, ward):  # type: ignore[no-untyped-def]
    officer, culture, _economy, doc = ward
    agency = make_user("rm_agency2", Role.AGENCY_OFFICER, [world.ward_a], organisation=culture)
    t = task(officer, doc, culture)
    services.task_report(
        actor=agency, task=t, percent=100, text_done="Xong", done=True, today=TODAY
    )
    services.task_return(actor=officer, task=t, reason="Thiếu", today=TODAY)
    rows = reminders.tasks_returned(on=TODAY)
    assert {r.responsible_id for r in rows} >= {agency.pk}
    assert {r.stage for r in rows} == {"returned"}


def test_days_overdue_count_from_the_next_working_day_for_every_task_of_a_deadline(ward):  # type: ignore[no-untyped-def]
    officer, culture, economy, doc = ward
    wednesday = date(2026, 12, 2)
    saturday = [
        task(officer, doc, lead, first_due_on=date(2026, 11, 28)) for lead in (culture, economy)
    ]
    friday = task(officer, doc, culture, first_due_on=date(2026, 11, 27))
    late = {r.target_id: r.days_overdue for r in reminders.tasks_due(on=wednesday)}
    assert [late[t.pk] for t in saturday] == [2, 2]  # moved to Monday 30/11 (Civil Code Art. 148)
    assert late[friday.pk] == 5


def test_the_queries_do_not_grow_with_the_tasks(world, ward):  # type: ignore[no-untyped-def]
    officer, culture, economy, doc = ward
    make_user("rm_agency3", Role.AGENCY_OFFICER, [world.ward_a], organisation=culture)
    make_user("rm_agency4", Role.AGENCY_OFFICER, [world.ward_a], organisation=economy)
    gone = make_user("rm_gone", Role.AGENCY_OFFICER, [world.ward_a], organisation=economy)
    account_services.user_deactivate(actor=None, user=gone)
    task(officer, doc, culture, first_due_on=date(2026, 10, 1))
    with CaptureQueriesContext(connection) as one:
        assert len(reminders.tasks_due(on=TODAY)) == 2  # the officer and culture's account
    for lead in (culture, economy, economy):
        task(officer, doc, lead, first_due_on=date(2026, 10, 2))
    with CaptureQueriesContext(connection) as four:
        rows = reminders.tasks_due(on=TODAY)
    assert len(four.captured_queries) == len(one.captured_queries)
    # every task reaches the officer and the active accounts of its lead, never the inactive one
    assert len(rows) == 2 + 2 + 2 + 2
    assert gone.pk not in {r.responsible_id for r in rows}
    assert sum(r.responsible_id is None for r in rows) == 4  # the ward police, by audience
