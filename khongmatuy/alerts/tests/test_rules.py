"""Each rule at its edges: a deadline today, yesterday, across a month end, after the measure
was closed; each one a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.common import reminders as registry
from khongmatuy.people import reminders as people_reminders
from khongmatuy.people.choices import EpisodeKind
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.tests.factories import register
from khongmatuy.places import reminders as places_reminders
from khongmatuy.places.services import businesses as business_services
from khongmatuy.tips import reminders as tip_reminders
from khongmatuy.tips.tests.factories import TipFactory

from .helpers import VN


@pytest.mark.parametrize(
    ("due", "on", "stage"),
    [
        (date(2026, 12, 1), date(2026, 10, 31), None),  # 31 days before
        (date(2026, 12, 1), date(2026, 11, 1), "30"),  # 30 days, across a month end
        (date(2026, 12, 1), date(2026, 11, 24), "7"),
        (date(2026, 12, 1), date(2026, 11, 30), "1"),  # the day before, across the month end
        (date(2026, 12, 1), date(2026, 12, 1), "1"),  # the last day itself
        (date(2026, 12, 1), date(2026, 12, 2), "overdue"),  # the day after
        (date(2026, 2, 28), date(2026, 3, 1), "overdue"),
    ],
)
def test_measure_stage_edges(due: date, on: date, stage: str | None) -> None:
    assert people_reminders.measure_stage(due_on=due, on=on) == stage


def test_every_rule_is_registered_by_its_app() -> None:
    kinds = {rule.kind for rule in registry.rules()}
    assert {
        "tip_due",
        "measure_ending",
        "dossier_step_late",
        "positive_test_pending",
        "transfer_pending",
        "reconciliation_open",
        "business_uninspected",
        "recognition_at_risk",
    } <= kinds


def _episode(officer, person, started_on):  # type: ignore[no-untyped-def]
    return episode_services.episode_open(
        person=person,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=started_on,
        decision_number="12/QĐ-UBND",
        decision_date=started_on,
        actor=officer,
        today=started_on,
    )


def test_measure_ending_by_its_term_and_not_after_it_closed(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    person = register(officer_a, world.group_a1, "Nguyễn Văn Hạn", started_on=date(2025, 11, 1))
    episode = _episode(officer_a, person, date(2025, 12, 1))  # 12 months: last day 01/12/2026
    assert episode.due_on == date(2026, 12, 1)

    def stages(on: date) -> list[tuple[str, date | None, str]]:
        rows = people_reminders.measures_ending(on=on)
        return [(r.stage, r.due_on, r.article) for r in rows if r.target_id == episode.pk]

    assert stages(date(2026, 10, 31)) == []
    stage, due, article = stages(date(2026, 11, 30))[0]
    assert (stage, due) == ("1", date(2026, 12, 1))
    assert "Điều 23" in article  # the article the term was computed by
    assert stages(date(2026, 12, 1))[0][0] == "1"  # today
    assert stages(date(2026, 12, 2))[0][0] == "overdue"  # yesterday was the last day
    episode_services.episode_complete(
        episode=episode, ended_on=date(2026, 12, 2), actor=officer_a, today=date(2026, 12, 2)
    )
    assert stages(date(2026, 12, 3)) == []  # closed: nothing more


def test_tip_due_in_three_days_or_overdue(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    tip = TipFactory(
        actor=officer_a, area=world.group_a1, received_at=datetime(2026, 11, 5, 9, tzinfo=VN)
    )
    due = tip.due_on

    def stage(on: date) -> list[tuple[str, int]]:
        return [
            (r.stage, r.days_overdue)
            for r in tip_reminders.tips_due(on=on)
            if r.target_id == tip.pk
        ]

    assert stage(due - timedelta(days=4)) == []
    assert stage(due - timedelta(days=3)) == [("soon", 0)]
    assert stage(due) == [("soon", 0)]  # the last day
    assert stage(due + timedelta(days=1)) == [("overdue", 1)]
    row = tip_reminders.tips_due(on=due)[0]
    assert "Điều 147" in row.article


def test_business_never_inspected_then_inspected(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    business = business_services.business_create(
        actor=officer_a, area=world.group_a1, kind="karaoke", name="Karaoke Hoa Sữa"
    )
    rows = places_reminders.businesses_uninspected(on=date(2026, 11, 23))
    assert [(r.target_id, r.stage) for r in rows] == [(business.pk, "never")]


def test_rules_run_a_fixed_number_of_queries(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    for n in range(2):
        person = register(
            officer_a, world.group_a1, f"Nguyễn Văn Số {n}", started_on=date(2025, 11, 1)
        )
        _episode(officer_a, person, date(2025, 12, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            people_reminders.measures_ending(on=date(2026, 11, 30))
        return len(ctx.captured_queries)

    few = count()
    for n in range(2, 6):
        person = register(
            officer_a, world.group_a1, f"Nguyễn Văn Số {n}", started_on=date(2025, 11, 1)
        )
        _episode(officer_a, person, date(2025, 12, 1))
    assert count() == few


def test_visit_overdue_goes_to_supervisor_and_group_leader(  # type: ignore[no-untyped-def]
    world, officer_a, leader_a
) -> None:
    from khongmatuy.alerts import services
    from khongmatuy.alerts.tests.conftest import make_supervisor
    from khongmatuy.people.tests.factories import ContactFactory, SupervisionFactory

    from .helpers import at, received

    supervisor = make_supervisor(world)
    person = register(officer_a, world.group_a1, "Phạm Văn Thăm", started_on=date(2026, 1, 10))
    SupervisionFactory(actor=officer_a, person=person, supervisor_user=supervisor)
    ContactFactory(actor=officer_a, person=person, contacted_on=date(2026, 11, 1))
    rows = people_reminders.visits_overdue(on=date(2026, 11, 23))
    assert rows == []  # the visit of 01/11 is recent
    rows = people_reminders.visits_overdue(on=date(2027, 1, 15))
    assert [(r.person_id, r.responsible_id, r.stage) for r in rows] == [
        (person.pk, supervisor.pk, "overdue")
    ]
    assert rows[0].due_on is not None
    assert rows[0].due_on > date(2026, 11, 1)
    services.run_reminders(now=at(date(2027, 1, 15)))
    assert received(supervisor, "visit_overdue") == [("visit_overdue", "overdue", False)]
    assert received(leader_a, "visit_overdue") == [("visit_overdue", "overdue", False)]
    assert received(officer_a, "visit_overdue") == []


def test_positive_test_waiting_past_the_local_limit(world, officer_a, settings) -> None:  # type: ignore[no-untyped-def]
    from khongmatuy.people.choices import TestResult
    from khongmatuy.people.tests.factories import DrugTestFactory

    settings.KMT_ALERTS_FOLLOW_UP_DAYS = 7
    person = register(officer_a, world.group_a1, "Lý Văn Dương", started_on=date(2026, 1, 10))
    DrugTestFactory(
        actor=officer_a, person=person, tested_on=date(2026, 11, 20), result=TestResult.POSITIVE
    )

    def rows(on: date) -> list[tuple[str, date | None, int]]:
        return [
            (r.stage, r.due_on, r.days_overdue)
            for r in people_reminders.positive_tests_pending(on=on)
        ]

    opened = FollowUpOf(person)
    assert rows(opened + timedelta(days=6)) == []
    assert rows(opened + timedelta(days=7)) == [("overdue", opened + timedelta(days=7), 0)]
    assert rows(opened + timedelta(days=9)) == [("overdue", opened + timedelta(days=7), 2)]


def FollowUpOf(person) -> date:  # type: ignore[no-untyped-def]  # noqa: N802
    from khongmatuy.people.models import FollowUp

    return FollowUp.objects.get(person=person).opened_on


def test_transfer_not_accepted_in_time(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from khongmatuy.common.public_holidays import public_holidays
    from khongmatuy.people import durations
    from khongmatuy.people.services import transfers

    person = register(officer_a, world.group_a1, "Mai Văn Chuyển", started_on=date(2026, 1, 10))
    transfer = transfers.transfer_propose(
        actor=officer_a, person=person, to_commune=world.ward_b, summary="Chuyển nơi ở"
    )
    proposed = timezone.localtime(transfer.proposed_at).date()
    due = durations.deadline(
        durations.Code.MOVE_NOTICE, start=proposed, on=proposed, holidays=public_holidays()
    )
    assert due is not None
    assert due > proposed
    assert people_reminders.transfers_pending(on=due) == []  # its last day: not late yet
    (row,) = people_reminders.transfers_pending(on=due + timedelta(days=1))
    assert (row.due_on, row.days_overdue) == (due, 1)
    assert row.area_id == world.ward_b.pk  # the receiving commune must act
    assert row.article


def test_reconciliation_round_open_too_long(world, officer_a, settings) -> None:  # type: ignore[no-untyped-def]
    from khongmatuy.people.services import quality

    settings.KMT_ALERTS_ROUND_OPEN_DAYS = 30
    (round_,) = quality.reconciliation_start(
        actor=officer_a, area=world.group_a1, on=date(2026, 10, 31)
    )
    assert people_reminders.rounds_open(on=date(2026, 11, 30)) == []  # 30 days: not yet
    (row,) = people_reminders.rounds_open(on=date(2026, 12, 1))  # across the month end
    assert (row.target_id, row.responsible_id, row.days_overdue) == (round_.pk, officer_a.pk, 1)


def test_dossier_step_past_its_limit_until_done(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    """A minor's dossier: once compiled, the family comments within 3 working days (Law 73
    Art. 34); late the day after, no longer once done."""
    from khongmatuy.people.models import DossierItem
    from khongmatuy.people.rules.dossier import COMPILE_ITEMS, FAMILY_NOTICE

    person = register(
        officer_a,
        world.group_a1,
        "Tạ Văn Hồ Sơ",
        started_on=date(2026, 1, 10),
        date_of_birth=date(2010, 5, 1),
    )
    dossier = episode_services.episode_open(
        person=person,
        kind=EpisodeKind.COMPULSORY_DOSSIER,
        started_on=date(2026, 11, 2),
        actor=officer_a,
        today=date(2026, 11, 2),
    )
    for item in DossierItem.objects.filter(episode=dossier, code__in=COMPILE_ITEMS):
        episode_services.dossier_item_set(
            item=item, done_on=date(2026, 11, 2), actor=officer_a, today=date(2026, 11, 2)
        )
    item = DossierItem.objects.get(episode=dossier, code=FAMILY_NOTICE)
    assert item.due_on is not None

    def late(on: date) -> list[str]:
        return [r.stage for r in people_reminders.dossier_steps_late(on=on)]

    assert late(item.due_on) == []  # its last day
    assert late(item.due_on + timedelta(days=1)) == [f"item{item.pk}"]
    episode_services.dossier_item_set(
        item=item, done_on=item.due_on, actor=officer_a, today=item.due_on + timedelta(days=1)
    )
    assert f"item{item.pk}" not in late(item.due_on + timedelta(days=1))


def test_command_twice_delivers_once(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    TipFactory(actor=officer_a, area=world.group_a1, received_at=datetime(2026, 1, 5, 9, tzinfo=VN))
    first, second = StringIO(), StringIO()
    call_command("run_reminders", "--digest", stdout=first)
    call_command("run_reminders", "--digest", stdout=second)  # a new run, as after a restart
    assert "1 new" in first.getvalue()
    assert "0 new" in second.getvalue()
    assert "digests: 0 sent" in second.getvalue()
