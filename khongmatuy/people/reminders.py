"""Reminders of the people registry: measures ending or overdue, dossier steps past their limit,
positive tests not followed up, transfers not accepted in time, reconciliation rounds left open.

Each rule is one query over an indexed condition (``episode_active_due_on``, ``followup_open``…)
returning the records that need action on ``on``; the alerts app finds the recipients. The legal
dates come from the records (``Episode.due_on``, ``DossierItem.due_on``, computed by
``durations``) or from ``durations`` itself (the transfer's time limit), never re-derived here.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from functools import cache

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.reminders import Reminder, ReminderRule
from khongmatuy.common.roles import Capability, Role

from . import durations
from .choices import EpisodeStatus, TransferStatus
from .models import (
    DossierItem,
    Episode,
    FollowUp,
    Person,
    ReconciliationRound,
    Supervision,
    Transfer,
)
from .rules import care
from .selectors.care import contacts_overdue_of

MEASURE_ENDING = "measure_ending"
DOSSIER_LATE = "dossier_step_late"
FOLLOW_UP_PENDING = "positive_test_pending"
TRANSFER_PENDING = "transfer_pending"
ROUND_OPEN = "reconciliation_open"
VISIT_OVERDUE = "visit_overdue"

# The steps of a measure's reminders: 30, 7 and 1 days before its last day, then overdue.
ENDING_STAGES = (1, 7, 30)


def measure_stage(*, due_on: date, on: date) -> str | None:
    """ "overdue" after the last day; "1", "7" or "30" within that many days of it (the last day
    itself is "1"); None further away. A run that missed a day still sends the stage reached."""
    left = (due_on - on).days
    if left < 0:
        return "overdue"
    return next((str(days) for days in ENDING_STAGES if left <= days), None)


def _supervisor_user(person: str = "person_id") -> Subquery:
    """The account of the person's open supervision (the responsible supervisor), if any;
    ``person`` names the outer query's person column."""
    return Subquery(
        Supervision.objects.filter(
            person_id=OuterRef(person), ended_on__isnull=True, supervisor_user__isnull=False
        )
        .order_by("-started_on", "-pk")
        .values("supervisor_user_id")[:1]
    )


def _in_areas(qs: QuerySet, field: str, area_ids: Collection[int] | None) -> QuerySet:  # type: ignore[type-arg]
    """``qs`` of those areas, without the model's default ordering (a rule reads every row;
    sorting them, or joining for the sort, is wasted work)."""
    qs = qs.order_by()
    return qs if area_ids is None else qs.filter(**{f"{field}__in": area_ids})


@cache
def _article(code: str, version: str) -> str:
    return durations.rule_in_words(code, version) if code else ""


def measures_ending(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Active measures whose last day is within 30 days, or past (Law 73/2021/QH14 Arts. 23,
    30-40: the term of each measure; the article is the one its ``due_on`` was computed by).
    The person's supervisor and the officers of the area both receive it."""
    qs = Episode.objects.filter(
        status=EpisodeStatus.ACTIVE, due_on__lte=on + timedelta(days=max(ENDING_STAGES))
    )
    rows = (
        _in_areas(qs, "person__area_id", area_ids)
        .annotate(supervisor=_supervisor_user())
        .values_list(
            "pk",
            "person_id",
            "person__area_id",
            "due_on",
            "rule_code",
            "rule_version",
            "supervisor",
        )
    )
    reminders: list[Reminder] = []
    for pk, person_id, area_id, due_on, code, version, supervisor in rows:
        stage = measure_stage(due_on=due_on, on=on)
        if stage is not None:
            reminders.append(
                Reminder(
                    kind=MEASURE_ENDING,
                    target_id=pk,
                    area_id=area_id,
                    due_on=due_on,
                    stage=stage,
                    article=_article(code, version),
                    person_id=person_id,
                    responsible_id=supervisor,
                    days_overdue=max((on - due_on).days, 0),
                )
            )
    return reminders


def dossier_steps_late(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Documents of an active compulsory-rehab dossier not done by their limit (Decree
    116/2021/NĐ-CP; Law 73/2021/QH14 Art. 34 for minors: ``DossierItem.due_on``)."""
    qs = DossierItem.objects.filter(
        episode__status=EpisodeStatus.ACTIVE, done_on__isnull=True, due_on__lt=on
    )
    rows = _in_areas(qs, "episode__person__area_id", area_ids).values_list(
        "pk", "episode_id", "episode__person_id", "episode__person__area_id", "due_on"
    )
    article = _("Nghị định 116/2021/NĐ-CP; Luật Phòng, chống ma túy 2021, Điều 34")
    return [
        Reminder(
            kind=DOSSIER_LATE,
            target_id=episode_id,
            area_id=area_id,
            due_on=due_on,
            stage=f"item{pk}",
            article=article,
            person_id=person_id,
            days_overdue=(on - due_on).days,
        )
        for pk, episode_id, person_id, area_id, due_on in rows
    ]


def follow_up_days() -> int:
    """Days a positive test may wait for its follow-up (a local rule; no law fixes it)."""
    return int(getattr(settings, "KMT_ALERTS_FOLLOW_UP_DAYS", 7))


def positive_tests_pending(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Follow-ups of positive tests still open ``follow_up_days()`` after they were opened (the
    ``followup_open`` index). Police only: the reminder itself tells that a test was positive."""
    days = follow_up_days()
    qs = FollowUp.objects.filter(resolved_on__isnull=True, opened_on__lte=on - timedelta(days))
    rows = _in_areas(qs, "person__area_id", area_ids).values_list(
        "pk", "person_id", "person__area_id", "opened_on"
    )
    return [
        Reminder(
            kind=FOLLOW_UP_PENDING,
            target_id=pk,
            area_id=area_id,
            due_on=opened_on + timedelta(days),
            stage="overdue",
            person_id=person_id,
            days_overdue=(on - opened_on).days - days,
        )
        for pk, person_id, area_id, opened_on in rows
    ]


def transfers_pending(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Transfers still waiting for the receiving commune after the time limit of a move, by the
    version in force on the day it was proposed (Law 73/2021/QH14 Art. 26, Decree 105/2021/NĐ-CP
    Art. 47: 5 working days; Law 120/2025/QH15 from 1/7/2026: 24 hours; ``durations``).

    Every version's limit is at least a day, so the query keeps the pending transfers proposed
    before yesterday; each one's last day is then computed from one read of the administrators'
    values (pending transfers are few: they wait days, not years)."""
    tz = timezone.get_current_timezone()
    latest = timezone.make_aware(datetime.combine(on - timedelta(days=1), time.min), tz)
    qs = Transfer.objects.filter(status=TransferStatus.PENDING, proposed_at__lt=latest)
    if area_ids is not None:
        qs = qs.filter(Q(to_commune_id__in=area_ids) | Q(to_area_id__in=area_ids))
    holidays = public_holidays()
    overrides = durations.load_overrides()
    reminders: list[Reminder] = []
    rows = qs.order_by().values_list("pk", "person_id", "to_commune_id", "proposed_at")
    for pk, person_id, commune_id, proposed_at in rows:
        start = timezone.localtime(proposed_at, tz).date()
        code = durations.Code.MOVE_NOTICE
        try:
            rule = durations.rule_for(code, on=start, overrides=overrides)
        except durations.RuleNotInForceError:
            continue
        due = durations.deadline(
            code, start=start, on=start, overrides=overrides, holidays=holidays
        )
        if due is not None and due < on:
            reminders.append(
                Reminder(
                    kind=TRANSFER_PENDING,
                    target_id=pk,
                    area_id=commune_id,
                    due_on=due,
                    stage="overdue",
                    article=str(rule.article),
                    person_id=person_id,
                    days_overdue=(on - due).days,
                )
            )
    return reminders


def visits_overdue(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Active persons whose last contact (visit, call…) is older than the shortest contact
    interval of their open categories, as the visits page lists them
    (``selectors.care.contacts_overdue_of``; the intervals are the care policies, Nghị quyết
    phường Thành Đông III.4: the supervisor meets the person regularly). The supervisor receives
    it, and the group leader of the person's group."""
    qs = contacts_overdue_of(_in_areas(Person.objects.active(), "area_id", area_ids), on=on)
    rows = qs.annotate(supervisor=_supervisor_user("pk")).values_list(
        "pk", "area_id", "threshold", "last", "since", "supervisor"
    )
    reminders: list[Reminder] = []
    for pk, area_id, threshold, last, since, supervisor_id in rows:
        due = care.due_on(last=last, since=since, interval_days=(on - threshold).days)
        reminders.append(
            Reminder(
                kind=VISIT_OVERDUE,
                target_id=pk,
                area_id=area_id,
                due_on=due,
                stage="overdue",
                person_id=pk,
                responsible_id=supervisor_id,
                days_overdue=(on - due).days,
            )
        )
    return reminders


def round_open_days() -> int:
    """Days a reconciliation round may stay open (a local rule; no law fixes it)."""
    return int(getattr(settings, "KMT_ALERTS_ROUND_OPEN_DAYS", 30))


def rounds_open(*, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]:
    """Reconciliation rounds started more than ``round_open_days()`` ago and not completed; the
    officer who started it receives it, else the officers of the area."""
    days = round_open_days()
    qs = ReconciliationRound.objects.filter(
        completed_on__isnull=True, started_on__lt=on - timedelta(days)
    )
    rows = _in_areas(qs, "area_id", area_ids).values_list(
        "pk", "area_id", "started_on", "started_by_id"
    )
    return [
        Reminder(
            kind=ROUND_OPEN,
            target_id=pk,
            area_id=area_id,
            due_on=started_on + timedelta(days),
            stage="overdue",
            responsible_id=started_by,
            days_overdue=(on - started_on).days - days,
        )
        for pk, area_id, started_on, started_by in rows
    ]


RULES = (
    ReminderRule(
        kind=MEASURE_ENDING,
        label=gettext_lazy("Biện pháp quản lý sắp hết hạn hoặc đã quá hạn"),
        compute=measures_ending,
        capability=Capability.VIEW_PERSONS,
        url_name="people:episode_detail",
        also_audience=True,
        order=20,
    ),
    ReminderRule(
        kind=DOSSIER_LATE,
        label=gettext_lazy("Bước hồ sơ đề nghị cai nghiện bắt buộc quá thời hạn"),
        compute=dossier_steps_late,
        capability=Capability.MANAGE_PERSONS,
        url_name="people:dossier",
        order=30,
    ),
    ReminderRule(
        kind=FOLLOW_UP_PENDING,
        label=gettext_lazy("Kết quả xét nghiệm dương tính chưa được xử lý"),
        compute=positive_tests_pending,
        capability=Capability.VIEW_SENSITIVE,
        url_name="people:followups",
        url_from="",
        order=40,
    ),
    ReminderRule(
        kind=TRANSFER_PENDING,
        label=gettext_lazy("Chuyển giao quản lý chưa được tiếp nhận đúng hạn"),
        compute=transfers_pending,
        capability=Capability.MANAGE_PERSONS,
        url_name="people:transfer_detail",
        order=50,
    ),
    ReminderRule(
        kind=VISIT_OVERDUE,
        label=gettext_lazy("Người trong diện quản lý quá hạn thăm gặp"),
        compute=visits_overdue,
        capability=Capability.RECORD_CONTACTS,
        url_name="people:detail",
        audience=frozenset({Role.GROUP_LEADER}),
        also_audience=True,
        escalate_to=frozenset(),
        order=25,
    ),
    ReminderRule(
        kind=ROUND_OPEN,
        label=gettext_lazy("Đợt rà soát danh sách mở quá lâu"),
        compute=rounds_open,
        capability=Capability.MANAGE_PERSONS,
        url_name="people:reconciliations",
        url_from="",
        order=60,
    ),
)
