"""Who receives what, once: recipients, escalation, scoping, idempotency across two runs and a
restart, preferences, the daily digest, and the warning at once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.accounts import services as account_services
from khongmatuy.alerts import services
from khongmatuy.alerts.choices import Delivery
from khongmatuy.alerts.models import Digest, Notification
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from khongmatuy.criteria.tests.factories import new_user, recognise, today
from khongmatuy.people.choices import EpisodeKind
from khongmatuy.people.models import Person
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.tests.factories import register
from khongmatuy.tips import services as tip_services
from khongmatuy.tips.tests.factories import TipFactory
from tests.personas import make_user

from .helpers import VN, at, received

DUE = date(2026, 12, 1)  # the last day of the measure below
M = "measure_ending"


@pytest.fixture
def measure(world, officer_a, supervisor_a):  # type: ignore[no-untyped-def]
    """A user-management measure of a person of group A1 supervised by ``supervisor_a``."""
    person = register(officer_a, world.group_a1, "Nguyễn Văn Nhắc", started_on=date(2025, 11, 1))
    care_services.supervision_assign(
        actor=officer_a,
        person=person,
        supervisor_user=supervisor_a,
        kind="veteran",
        started_on=date(2026, 2, 1),
        today=date(2026, 2, 1),
    )
    return episode_services.episode_open(
        person=person,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2025, 12, 1),
        decision_number="12/QĐ-UBND",
        decision_date=date(2025, 12, 1),
        actor=officer_a,
        today=date(2025, 12, 1),
    )


def test_measure_reaches_supervisor_and_officer_and_escalates(  # type: ignore[no-untyped-def]
    measure, officer_a, supervisor_a, leadership_a, leader_a, officer_b, city_user
) -> None:
    services.run_reminders(now=at(DUE - timedelta(days=7)))
    assert received(officer_a, M) == [("measure_ending", "7", False)]
    assert received(supervisor_a, M) == [("measure_ending", "7", False)]
    assert received(officer_b, M) == []  # another ward
    assert received(city_user, M) == []  # not in the audience
    assert received(leadership_a, M) == []
    services.run_reminders(now=at(DUE + timedelta(days=2)))  # overdue by 1 day: no escalation
    assert received(officer_a, M)[-1] == ("measure_ending", "overdue", False)
    assert received(leadership_a, M) == []
    services.run_reminders(now=at(DUE + timedelta(days=4)))  # overdue by 3 days: the leaders
    assert received(leadership_a, M) == [("measure_ending", "overdue", True)]
    assert received(officer_a, M)[-1] == ("measure_ending", "overdue", False)  # not twice


def test_two_runs_and_a_restart_deliver_once(measure, officer_a) -> None:  # type: ignore[no-untyped-def]
    first = services.run_reminders(now=at(DUE - timedelta(days=1)))
    assert first.delivered >= 2
    again = services.run_reminders(now=at(DUE - timedelta(days=1), 15))
    assert again.delivered == 0
    # A restart: nothing held in memory matters, the unique occurrence does.
    from khongmatuy.common import reminders

    reminders.rules()  # the registry is rebuilt from the apps; the database decides
    assert services.run_reminders(now=at(DUE)).delivered == 0  # the same stage "1" still
    assert Notification.objects.filter(recipient=officer_a).count() == 1
    entry = AuditEvent.objects.filter(model="alerts.Notification").first()
    assert entry is not None
    assert "thông báo" in entry.note


@pytest.mark.unaudited_writes  # the new due date is written by hand
def test_an_extension_is_a_new_occurrence(measure, officer_a) -> None:  # type: ignore[no-untyped-def]
    services.run_reminders(now=at(DUE - timedelta(days=1)))
    assert Notification.objects.filter(recipient=officer_a).count() == 1
    # a new due date (as after an extension) is reminded again
    from khongmatuy.people.models import Episode

    Episode.objects.filter(pk=measure.pk).update(due_on=DUE + timedelta(days=1))
    services.run_reminders(now=at(DUE))
    assert [n.due_on for n in Notification.objects.filter(recipient=officer_a).order_by("pk")] == [
        DUE,
        DUE + timedelta(days=1),
    ]


def test_tip_goes_to_its_handler_and_escalates_to_the_city(  # type: ignore[no-untyped-def]
    world, officer_a, city_user, leadership_a
) -> None:
    other = account_services.user_create(
        actor=None,
        username="cand_giavien_2",
        password="Matkhau-an-toan-2026",
        full_name="Hà Văn Xác",
        role="commune_police",
        areas=[world.ward_a],
    )
    tip = TipFactory(
        actor=officer_a, area=world.group_a1, received_at=datetime(2026, 11, 5, 9, tzinfo=VN)
    )
    services.run_reminders(now=at(tip.due_on - timedelta(days=2)))
    # unassigned: every officer of the ward
    assert received(officer_a) == received(other) == [("tip_due", "soon", False)]
    tip_services.tip_assign(tip=tip, officer=other, actor=officer_a)
    services.run_reminders(now=at(tip.due_on + timedelta(days=3)))
    # assigned: its handler alone, and the city police once 3 days overdue
    assert received(other)[-1] == ("tip_due", "overdue", False)
    assert received(officer_a) == [("tip_due", "soon", False)]
    assert received(city_user) == [("tip_due", "overdue", True)]
    assert received(leadership_a) == []  # leadership does not handle tips


@pytest.mark.unaudited_writes  # the move out of scope is written by hand
def test_a_reminder_never_names_a_person_the_recipient_may_not_see(  # type: ignore[no-untyped-def]
    world, measure, officer_a, leader_a, officer_a_client
) -> None:
    services.run_reminders(now=at(DUE - timedelta(days=1)))
    # the group leader of A1 sees the person, yet measures go to police and the supervisor only
    assert received(leader_a, M) == []
    page = officer_a_client.get(reverse("alerts:centre")).content.decode()
    assert "Nguyễn Văn Nhắc" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, object_id=str(measure.person_id)
    ).exists()
    # the person moves out of the reader's scope: the centre no longer names them
    Person.objects.filter(pk=measure.person_id).update(area=world.group_b1)
    page = officer_a_client.get(reverse("alerts:centre")).content.decode()
    assert "Nguyễn Văn Nhắc" not in page
    assert "Biện pháp quản lý sắp hết hạn" in page  # the reminder itself stays


def test_switched_off_kind_is_not_delivered(measure, officer_a, supervisor_a) -> None:  # type: ignore[no-untyped-def]
    services.preferences_save(user=supervisor_a, choices={"measure_ending": Delivery.OFF})
    services.run_reminders(now=at(DUE - timedelta(days=1)))
    assert received(supervisor_a, M) == []
    assert received(officer_a, M) == [("measure_ending", "1", False)]


@pytest.mark.unaudited_writes  # the addresses are set by hand
def test_digest_once_a_day_and_immediate_at_once(measure, officer_a, supervisor_a) -> None:  # type: ignore[no-untyped-def]
    for user, address in ((officer_a, "binh@example.vn"), (supervisor_a, "giup@example.vn")):
        type(user).objects.filter(pk=user.pk).update(email=address)
    services.preferences_save(
        user=supervisor_a,
        choices={"measure_ending": Delivery.IMMEDIATE, "visit_overdue": Delivery.IMMEDIATE},
    )
    services.run_reminders(now=at(DUE - timedelta(days=1)))
    assert [m.to for m in mail.outbox] == [["giup@example.vn"]]  # immediate: at once
    assert services.send_digests(day=DUE - timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox][-1] == ["binh@example.vn"]
    body = mail.outbox[-1].body
    assert "Biện pháp quản lý sắp hết hạn" in body
    assert "01/12/2026" in body
    assert "Nguyễn Văn Nhắc" not in body  # never a person's name by e-mail
    assert "https://kmt.example.vn/alerts/" in body
    assert services.send_digests(day=DUE - timedelta(days=1)) == 0  # run twice: nothing twice
    assert len(mail.outbox) == 2
    assert Digest.objects.get().count == 1


def test_recording_a_new_user_in_a_recognised_group_warns_at_once(  # type: ignore[no-untyped-def]
    world, officer_a, leader_a, leadership_a, officer_b, django_capture_on_commit_callbacks
) -> None:
    recognise(world.group_a1, on=today() - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        new_user(world.group_a1, "Vũ Văn Mới")
    for user in (leader_a, leadership_a, officer_a):
        assert [k for k, _s, _e in received(user)] == ["recognition_at_risk"]
    assert received(officer_b) == []
    # the periodic run finds the same failure delivered already
    assert services.run_reminders().delivered == 0


def test_delivery_is_a_fixed_number_of_queries(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    def persons(first: int, last: int) -> None:
        for n in range(first, last):
            person = register(
                officer_a, world.group_a1, f"Trần Văn Số {n}", started_on=date(2025, 11, 1)
            )
            episode_services.episode_open(
                person=person,
                kind=EpisodeKind.USER_MANAGEMENT,
                started_on=date(2025, 12, 1),
                actor=officer_a,
                today=date(2025, 12, 1),
            )

    def count(day: date) -> int:
        with CaptureQueriesContext(connection) as ctx:
            services.compute(on=day)
        return len(ctx.captured_queries)

    persons(0, 2)
    few = count(DUE)
    persons(2, 7)
    assert count(DUE) == few


def test_many_writes_in_one_transaction_check_once(  # type: ignore[no-untyped-def]
    world, officer_a, leader_a, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from django.db import transaction

    calls: list[frozenset[int]] = []
    monkeypatch.setattr(services, "compute", lambda **kw: calls.append(kw["area_ids"]) or [])
    recognise(world.group_a1, on=today() - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(3):
            new_user(world.group_a1, f"Vũ Văn Mới {n}")
        new_user(world.group_a2, "Vũ Văn Khác")
    assert calls == [frozenset({world.group_a1.pk, world.group_a2.pk})]


@pytest.mark.django_db(transaction=True)
def test_each_committed_write_is_checked_and_a_rolled_back_one_is_not(  # type: ignore[no-untyped-def]
    world, monkeypatch
) -> None:
    from django.db import transaction

    calls: list[frozenset[int]] = []
    monkeypatch.setattr(services, "compute", lambda **kw: calls.append(kw["area_ids"]) or [])
    new_user(world.group_a1, "Vũ Văn Một")  # its own transaction, committed
    new_user(world.group_a1, "Vũ Văn Hai")  # the same service again: checked again

    @transaction.atomic
    def abandoned() -> None:
        new_user(world.group_a2, "Vũ Văn Bỏ")
        raise RuntimeError

    with pytest.raises(RuntimeError):
        abandoned()
    assert calls == [frozenset({world.group_a1.pk})] * 2


def test_the_worker_schedules_the_sweep_and_the_digest(measure, officer_a) -> None:  # type: ignore[no-untyped-def]
    """The background worker's scheduler queues the sweep every few minutes and the digest once a
    day; each periodic job delivers through the same idempotent services."""
    from django.conf import settings

    from khongmatuy.common.jobs.registry import PERIODIC

    sweep, digest = PERIODIC["alerts.sweep"], PERIODIC["alerts.digest"]
    assert sweep.every == timedelta(minutes=settings.KMT_ALERTS_SWEEP_MINUTES)
    assert digest.daily_at == settings.KMT_ALERTS_DIGEST_AT
    morning = at(DUE - timedelta(days=1))
    sweep.run(now=morning)
    delivered = Notification.objects.count()
    assert delivered >= 2
    sweep.run(now=morning + timedelta(minutes=5))
    assert Notification.objects.count() == delivered  # once per occurrence
    digest.run(now=morning)
    digest.run(now=morning + timedelta(minutes=5))
    assert (
        Digest.objects.filter(day=morning.date()).count()
        <= Notification.objects.values("recipient").distinct().count()
    )
    assert len(mail.outbox) == Digest.objects.count()  # a digest run twice sends nothing twice


def test_a_user_bound_twice_in_the_chain_receives_once(measure, world) -> None:  # type: ignore[no-untyped-def]
    both = make_user("rm_both", Role.COMMUNE_POLICE, [world.ward_a, world.group_a1])
    leader = make_user("rm_lead_both", Role.COMMUNE_LEADERSHIP, [world.haiphong, world.ward_a])
    notes = [n for n in services.compute(on=DUE + timedelta(days=4)) if n.kind == M]
    assert [(n.stage, n.escalated) for n in notes if n.recipient_id == both.pk] == [
        ("overdue", False)
    ]
    assert [(n.stage, n.escalated) for n in notes if n.recipient_id == leader.pk] == [
        ("overdue", True)
    ]
