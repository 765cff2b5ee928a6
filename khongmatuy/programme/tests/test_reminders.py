"""The reminder of a disbursement behind schedule: set-based, at the schedule's edges."""

from __future__ import annotations

from datetime import date

from khongmatuy.common import reminders as registry
from khongmatuy.programme.reminders import KIND, disbursement_behind

from .factories import QUARTERS, allocate, commune_project, disburse


def test_behind_schedule_reminds_from_the_missed_step(officer_a, world):
    cp = commune_project(actor=officer_a, area=world.ward_a)
    allocate(actor=officer_a, cp=cp, amount="1000000", schedule=QUARTERS)
    disburse(actor=officer_a, cp=cp, amount="100000", paid_on=date(2026, 3, 20))
    # 10 % planned by 31/3 and 10 % disbursed: on schedule
    assert disbursement_behind(on=date(2026, 3, 31)) == []
    # 40 % planned by 30/6: behind from that day, due on the missed step
    [reminder] = disbursement_behind(on=date(2026, 7, 2))
    assert (reminder.kind, reminder.target_id, reminder.area_id) == (KIND, cp.pk, world.ward_a.pk)
    assert reminder.due_on == date(2026, 6, 30)
    assert reminder.days_overdue == 2
    assert disbursement_behind(on=date(2026, 7, 2), area_ids=[world.ward_b.pk]) == []
    disburse(actor=officer_a, cp=cp, amount="300000", paid_on=date(2026, 7, 1))
    assert disbursement_behind(on=date(2026, 7, 2)) == []


def test_the_rule_is_registered():
    rule = registry.get(KIND)
    assert rule is not None
    assert rule.url_name == "programme:project"
