"""Every reminder of the dataset computed at once, as the periodic run computes it.

``reminders_national_s``: ``alerts.services.compute`` (every registered rule, the recipients,
nothing written; the steering apps' rules included: plan tasks, programme money, communication
this month, report periods), the median of 3 runs. ``reminders_registry_s``: the same without
the two rules in ``SKIP``, and ``reminders_sql_s``: that same work's floor, the rule queries and
the recipients' bindings in hand-written SQL, fetched and nothing more. The ORM figure should stay
within 3× of its floor. ``notifications_rows``: the (reminder, recipient) rows computed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from bench.bench_people import _fetch
from bench.timing import Figure
from khongmatuy.accounts.models import AreaAssignment, User
from khongmatuy.alerts import services
from khongmatuy.alerts.recipients import Bindings, area_chains, deliveries
from khongmatuy.areas.models import Area, Level
from khongmatuy.common import reminders as registry
from khongmatuy.common.roles import Role
from khongmatuy.people.models import (
    DossierItem,
    Episode,
    FollowUp,
    ReconciliationRound,
    Supervision,
    Transfer,
)
from khongmatuy.places.models import Business
from khongmatuy.places.selectors import inspection_interval_days
from khongmatuy.plans.choices import TaskStatus
from khongmatuy.plans.models import Task
from khongmatuy.plans.rules import deadlines as plan_deadlines
from khongmatuy.prevention.models import GroupReach
from khongmatuy.prevention.rules.periods import month_of
from khongmatuy.programme.models import (
    Adjustment,
    Allocation,
    Commitment,
    CommuneProject,
    Disbursement,
    ScheduleStep,
)
from khongmatuy.reports import reminders as report_reminders
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules.periods import current
from khongmatuy.tips.models import Tip

RUNS = 3
# Not in the floor: the recognised areas' judgement (the criteria facts pass, ``bench_criteria``)
# and the visits overdue (the visits page's query, per-category CASE subqueries).
SKIP = frozenset({"recognition_at_risk", "visit_overdue"})


def _median_s(call: Callable[[], Any]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _registry(on: Any) -> int:
    rules = [r for r in registry.rules() if r.kind not in SKIP]
    computed = [(rule, rule.compute(on=on)) for rule in rules]
    chains = area_chains(r.area_id for _rule, rows in computed for r in rows)
    bindings = Bindings.load()
    return sum(
        len(deliveries(rule, rows, bindings=bindings, chains=chains, escalate_after=3))
        for rule, rows in computed
    )


def _t(model: Any) -> str:
    return str(model._meta.db_table)


def _sql(on: Any) -> int:
    """The same rows in hand-written SQL."""
    soon = on + timedelta(days=3)
    window = on + timedelta(days=30)
    follow = on - timedelta(days=int(getattr(settings, "KMT_ALERTS_FOLLOW_UP_DAYS", 7)))
    opened = on - timedelta(days=int(getattr(settings, "KMT_ALERTS_ROUND_OPEN_DAYS", 30)))
    inspected = on - timedelta(days=inspection_interval_days())
    person = "people_person"
    queries = [
        (
            f"SELECT id, area_id, due_on, assigned_to_id FROM {_t(Tip)} "
            "WHERE status <> 'closed' AND due_on <= %s",
            [soon],
        ),
        (
            f"SELECT e.id, e.person_id, p.area_id, e.due_on, e.rule_code, e.rule_version, "
            f"(SELECT s.supervisor_user_id FROM {_t(Supervision)} s WHERE s.person_id = "
            "e.person_id AND s.ended_on IS NULL AND s.supervisor_user_id IS NOT NULL "
            "ORDER BY s.started_on DESC, s.id DESC LIMIT 1) "
            f"FROM {_t(Episode)} e JOIN {person} p ON p.id = e.person_id "
            "WHERE e.status = 'active' AND e.due_on <= %s",
            [window],
        ),
        (
            f"SELECT d.id, d.episode_id, e.person_id, p.area_id, d.due_on FROM {_t(DossierItem)} d "
            f"JOIN {_t(Episode)} e ON e.id = d.episode_id JOIN {person} p ON p.id = e.person_id "
            "WHERE e.status = 'active' AND d.done_on IS NULL AND d.due_on < %s",
            [on],
        ),
        (
            f"SELECT f.id, f.person_id, p.area_id, f.opened_on FROM {_t(FollowUp)} f "
            f"JOIN {person} p ON p.id = f.person_id "
            "WHERE f.resolved_on IS NULL AND f.opened_on <= %s",
            [follow],
        ),
        (
            f"SELECT id, person_id, to_commune_id, proposed_at FROM {_t(Transfer)} "
            "WHERE status = 'pending' AND proposed_at < %s",
            [on - timedelta(days=5)],
        ),
        (
            f"SELECT id, area_id, started_on, started_by_id FROM {_t(ReconciliationRound)} "
            "WHERE completed_on IS NULL AND started_on < %s",
            [opened],
        ),
        (
            f"SELECT id, area_id, last_inspected_on FROM {_t(Business)} WHERE is_active "
            "AND (last_inspected_on IS NULL OR last_inspected_on < %s)",
            [inspected],
        ),
        (
            f"SELECT a.user_id, u.role, a.area_id, ar.level FROM {_t(AreaAssignment)} a "
            f"JOIN {_t(User)} u ON u.id = a.user_id JOIN {_t(Area)} ar ON ar.id = a.area_id "
            "WHERE u.is_active AND ar.is_active",
            [],
        ),
        (f"SELECT id, commune_id, province_id FROM {_t(Area)}", []),
        *_steering_sql(on),
    ]
    return sum(len(_fetch(sql, params)) for sql, params in queries)


def _steering_sql(on: Any) -> list[tuple[str, list[Any]]]:
    """The rules of the steering apps: plan tasks due or returned (with the agency accounts of
    their lead offices), programme money behind schedule (the year's sums per commune project
    with a schedule step passed, and the steps), groups not reached this month, communes with no
    report of a period closing soon."""
    year = on.year
    queries: list[tuple[str, list[Any]]] = [
        (
            f"SELECT id, area_id, due_on, officer_id, lead_id FROM {_t(Task)}"
            " WHERE status <> %s AND due_on <= %s",
            [TaskStatus.ACCEPTED, plan_deadlines.due_soon_until(on)],
        ),
        (
            f"SELECT id, area_id, due_on, officer_id, lead_id FROM {_t(Task)} WHERE status = %s",
            [TaskStatus.RETURNED],
        ),
        (
            f"SELECT organisation_id, id FROM {_t(User)}"
            " WHERE role = %s AND is_active AND organisation_id IS NOT NULL",
            [Role.AGENCY_OFFICER],
        ),
    ]
    sums = ", ".join(
        f"(SELECT SUM(m.amount) FROM {_t(model)} m WHERE m.commune_project_id = cp.id"
        " AND m.year = %s)"
        for model in (Allocation, Adjustment, Commitment, Disbursement)
    )
    scheduled = (
        f"cp.id IN (SELECT s.commune_project_id FROM {_t(ScheduleStep)} s"
        " WHERE s.year = %s AND s.until <= %s)"
    )
    queries += [
        (
            f"SELECT cp.id, cp.area_id, {sums} FROM {_t(CommuneProject)} cp WHERE {scheduled}",
            [year] * 4 + [year, on],
        ),
        (
            f"SELECT s.commune_project_id, s.until, s.share FROM {_t(ScheduleStep)} s"
            f" WHERE s.year = %s AND s.commune_project_id IN"
            f" (SELECT cp.id FROM {_t(CommuneProject)} cp WHERE {scheduled})"
            " ORDER BY s.until",
            [year, year, on],
        ),
    ]
    if on.day >= settings.KMT_ALERTS_COMMUNICATION_FROM_DAY:
        month = month_of(on)
        queries.append(
            (
                f"SELECT a.id FROM {_t(Area)} a WHERE a.level = %s"
                " AND (a.valid_from IS NULL OR a.valid_from <= %s)"
                " AND ((a.valid_until IS NULL AND a.is_active) OR a.valid_until >= %s)"
                f" AND NOT EXISTS (SELECT 1 FROM {_t(GroupReach)} r WHERE r.group_id = a.id"
                " AND r.held_on >= %s AND r.held_on <= %s)",
                [Level.GROUP, month.first, month.last, month.first, month.last],
            )
        )
    for kind in report_reminders.KINDS:
        period = current(kind, on=on)
        if 0 <= (period.end - on).days <= settings.KMT_ALERTS_REPORT_DRAFT_DAYS:
            queries.append(
                (
                    f"SELECT a.id FROM {_t(Area)} a WHERE a.level = %s AND a.is_active"
                    f" AND NOT EXISTS (SELECT 1 FROM {_t(Report)} r WHERE r.area_id = a.id"
                    " AND r.kind = %s AND r.period_kind = %s AND r.year = %s"
                    " AND r.number_in_year = %s)",
                    [Level.COMMUNE, Report.Kind.PERIODIC, kind, period.year, period.number],
                )
            )
    return queries


def run() -> list[Figure]:
    on = timezone.localdate()
    rows = len(services.compute(on=on))
    registry_rows = _registry(on)
    return [
        Figure("reminders_national_s", _median_s(lambda: services.compute(on=on)), "s"),
        Figure("reminders_registry_s", _median_s(lambda: _registry(on)), "s"),
        Figure("reminders_sql_s", _median_s(lambda: _sql(on)), "s"),
        Figure("notifications_rows", rows, "rows"),
        Figure("notifications_registry_rows", registry_rows, "rows"),
    ]
