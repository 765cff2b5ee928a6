"""Reminders: due soon and overdue at the edges, returned, and who receives them."""

from __future__ import annotations

from datetime import date

import pytest

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
