"""The reminder of a disbursement behind schedule: set-based, at the schedule's edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from khongmatuy.common import reminders as registry
from khongmatuy.programme.reminders import KIND, disbursement_behind

from .factories import QUARTERS, adjust, allocate, commune_project, disburse


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


def _on_share_and_one_short(officer, area, *, schedule, amount, planned):  # type: ignore[no-untyped-def]
    """Two projects of ``amount`` đồng on ``schedule``: one disbursed exactly ``planned`` đồng
    by 20/3, the other one đồng less."""
    pair = []
    for code, paid in (("DA4", planned), ("DA1", planned - 1)):
        cp = commune_project(
            actor=officer, area=area, code=code, lead=pair[0].lead if pair else None
        )
        allocate(actor=officer, cp=cp, amount=amount, schedule=schedule)
        disburse(actor=officer, cp=cp, amount=str(paid), paid_on=date(2026, 3, 20))
        pair.append(cp)
    return pair


def test_behind_at_the_edges_of_the_planned_share(officer_a, world):
    schedule = ((date(2026, 3, 31), Decimal(0)), (date(2026, 6, 30), Decimal("12.5")))
    _on_share, short = _on_share_and_one_short(
        officer_a, world.ward_a, schedule=schedule, amount="1000000", planned=125000
    )
    # 12.5 % planned by 30/6: exactly 12.5 % disbursed is on schedule, one đồng less is behind
    assert {r.target_id for r in disbursement_behind(on=date(2026, 7, 1))} == {short.pk}
    assert disbursement_behind(on=date(2026, 6, 29)) == []  # the step of 31/3 plans 0 %
    assert disbursement_behind(on=date(2026, 3, 30)) == []  # no step passed yet


def test_a_share_with_decimals_is_compared_exactly(officer_a, world):
    schedule = ((date(2026, 3, 31), Decimal("0.07")),)
    _exact, short = _on_share_and_one_short(
        officer_a, world.ward_a, schedule=schedule, amount="10000", planned=7
    )
    # 0.07 % of 10,000 đồng is 7 đồng (0.07 × 10000 is 700.0000000000001 in floating point)
    assert {r.target_id for r in disbursement_behind(on=date(2026, 4, 1))} == {short.pk}


def test_nothing_in_force_is_behind_a_planned_share(officer_a, world):
    cp = commune_project(actor=officer_a, area=world.ward_a)
    allocate(actor=officer_a, cp=cp, amount="1000000", schedule=QUARTERS)
    adjust(actor=officer_a, cp=cp, amount="-1000000")
    [reminder] = disbursement_behind(on=date(2026, 4, 1))
    assert (reminder.target_id, reminder.due_on) == (cp.pk, date(2026, 3, 31))
