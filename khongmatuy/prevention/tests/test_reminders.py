"""The reminder for a residential group not reached by communication this month: from the set
day, the groups due and not reached; a reached group, a group created mid-month and a dissolved
one never; delivered to the group's leader and the commune police once."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.alerts import services as alerts
from khongmatuy.alerts.models import Notification
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Kind
from khongmatuy.prevention.reminders import KIND, groups_not_reached

from .factories import activity


@pytest.fixture(autouse=True)
def _from_the_20th(settings):  # type: ignore[no-untyped-def]
    settings.KMT_ALERTS_COMMUNICATION_FROM_DAY = 20


def targets(on: date, area_ids=None) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.target_id for r in groups_not_reached(on=on, area_ids=area_ids)}


def test_nothing_before_the_day_then_every_group_not_reached(world, leader_a):
    assert targets(date(2026, 11, 19)) == set()
    activity(actor=leader_a, held_on=date(2026, 11, 3), groups=[world.group_a1])

    (reminder,) = [
        r for r in groups_not_reached(on=date(2026, 11, 20)) if r.target_id == world.group_a2.pk
    ]

    assert targets(date(2026, 11, 20)) == {world.group_a2.pk, world.group_b1.pk}
    assert (reminder.due_on, reminder.stage, reminder.area_id) == (
        date(2026, 11, 30),
        "2026-11",
        world.group_a2.pk,
    )
    assert "01 lần/tháng" in reminder.article
    # Reached in November does not count for December; the last day of the month still reminds.
    assert world.group_a1.pk in targets(date(2026, 12, 31))
    # Narrowed to the areas of a write: a commune selects its groups.
    assert targets(date(2026, 11, 20), area_ids=[world.ward_b.pk]) == {world.group_b1.pk}


def test_a_group_created_mid_month_is_due_from_the_next(world, officer_a):
    new = area_services.area_create(
        actor=None,
        parent=world.ward_a,
        name="Tổ dân phố số 9",
        kind=Kind.RESIDENTIAL_GROUP,
        valid_from=date(2026, 11, 10),
    )
    assert new.pk not in targets(date(2026, 11, 25))
    assert new.pk in targets(date(2026, 12, 25))


def test_delivered_to_the_leader_and_the_officer_once(world, leader_a, officer_a, officer_b):
    from khongmatuy.alerts.tests.helpers import at, received

    alerts.run_reminders(now=at(date(2026, 11, 21)))
    alerts.run_reminders(now=at(date(2026, 11, 22)))

    assert received(leader_a, KIND) == [(KIND, "2026-11", False)]
    # The ward officer: one for each of ward A's two groups.
    assert received(officer_a, KIND) == [(KIND, "2026-11", False)] * 2
    assert received(officer_b, KIND) == [(KIND, "2026-11", False)]
    assert Notification.objects.filter(kind=KIND).count() == 4
