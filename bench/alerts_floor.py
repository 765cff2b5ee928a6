"""The floor of ``bench_alerts``: every registered rule's reminders in hand-written SQL.

Each rule's query returns exactly the rows its ``compute`` returns (the stage and the dates are
read from the row; a legal date that needs the working-day calendar or the versions in force,
the transfer's time limit, goes through the same pure rule), as the key ``Key``: target, area,
due date, stage, person, responsible user, days overdue. ``bench_alerts`` compares the keys of
both sides rule by rule. The recipients' part is the bindings of active users and the areas'
chains, read as ``recipients`` reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from bench.bench_criteria import facts_sql
from bench.bench_people import _fetch
from khongmatuy.accounts.models import AreaAssignment, User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.reminders import Reminder
from khongmatuy.common.roles import Role
from khongmatuy.criteria import reminders as criteria_reminders
from khongmatuy.criteria.engine import AreaFacts
from khongmatuy.criteria.evaluate import evaluate, window_months_of
from khongmatuy.criteria.facts import window
from khongmatuy.criteria.models import Recognition
from khongmatuy.criteria.rules import lifecycle
from khongmatuy.criteria.rules.registry import rule_set_for
from khongmatuy.criteria.selectors.recognition import RULE_SET_BY_LEVEL, AtRisk, hotspot_reasons
from khongmatuy.people import durations
from khongmatuy.people import reminders as people_reminders
from khongmatuy.people.models import (
    Contact,
    DossierItem,
    Episode,
    FollowUp,
    PersonCategory,
    ReconciliationRound,
    Supervision,
    Transfer,
)
from khongmatuy.people.rules import care
from khongmatuy.people.selectors.care import policies
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
    CommuneProject,
    Disbursement,
    ScheduleStep,
)
from khongmatuy.reports import reminders as report_reminders
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules.periods import current
from khongmatuy.tips.models import Tip

# target, area, due date, stage, person, responsible user, days overdue
Key = tuple[int, int, date | None, str, int | None, int | None, int]
PERSON = "people_person"


def _t(model: Any) -> str:
    return str(model._meta.db_table)


def _day(value: Any) -> date:
    """A date from a row (SQLite returns an aggregate's date as text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def key_of(reminder: Reminder) -> Key:
    r = reminder
    return (
        r.target_id,
        r.area_id,
        r.due_on,
        r.stage,
        r.person_id,
        r.responsible_id,
        r.days_overdue,
    )


def _supervisor(person: str) -> str:
    return (
        f"(SELECT s.supervisor_user_id FROM {_t(Supervision)} s WHERE s.person_id = {person}"
        " AND s.ended_on IS NULL AND s.supervisor_user_id IS NOT NULL"
        " ORDER BY s.started_on DESC, s.id DESC LIMIT 1)"
    )


def tips(on: date) -> list[Key]:
    rows = _fetch(
        f"SELECT id, area_id, due_on, assigned_to_id FROM {_t(Tip)}"
        " WHERE status <> 'closed' AND due_on <= %s",
        [on + timedelta(days=3)],
    )
    return [
        (pk, area, due, "overdue" if due < on else "soon", None, who, max((on - due).days, 0))
        for pk, area, due, who in rows
    ]


def measures(on: date) -> list[Key]:
    rows = _fetch(
        f"SELECT e.id, e.person_id, p.area_id, e.due_on, {_supervisor('e.person_id')},"
        " CASE WHEN e.due_on < %s THEN 'overdue' WHEN e.due_on <= %s THEN '1'"
        " WHEN e.due_on <= %s THEN '7' ELSE '30' END"
        f" FROM {_t(Episode)} e JOIN {PERSON} p ON p.id = e.person_id"
        " WHERE e.status = 'active' AND e.due_on <= %s",
        [on, on + timedelta(days=1), on + timedelta(days=7), on + timedelta(days=30)],
    )
    return [
        (pk, area, due, stage, person, who, max((on - due).days, 0))
        for pk, person, area, due, who, stage in rows
    ]


def visits(on: date) -> list[Key]:
    """Persons overdue for a contact: the open categories' latest cut-off and earliest start in
    one grouped pass, the last contact and the supervisor only for the persons that pass."""
    intervals = care.contact_intervals(policies())
    if not intervals:
        return []
    cases = " ".join("WHEN %s THEN %s" for _ in intervals)
    cut_params: list[Any] = []
    for category, days in intervals.items():
        cut_params += [category, care.cutoff(on=on, interval_days=days)]
    marks = ", ".join(["%s"] * len(intervals))
    last = (
        f"(SELECT MAX(c.contacted_on) FROM {_t(Contact)} c"
        " WHERE c.person_id = p.id AND c.contacted_on <= %s)"
    )
    rows = _fetch(
        f"SELECT p.id, p.area_id, o.threshold, o.since, {last}, {_supervisor('p.id')}"
        f" FROM (SELECT pc.person_id, MAX(CASE pc.category {cases} END) AS threshold,"
        "  MIN(pc.started_on) AS since"
        f"  FROM {_t(PersonCategory)} pc WHERE pc.category IN ({marks})"
        "  AND pc.started_on <= %s AND (pc.ended_on IS NULL OR pc.ended_on >= %s)"
        "  GROUP BY pc.person_id) o"
        f" JOIN {PERSON} p ON p.id = o.person_id"
        " WHERE p.is_active AND p.merged_into_id IS NULL"
        f" AND COALESCE({last}, o.since) < o.threshold",
        [on, *cut_params, *intervals, on, on, on],
    )
    out: list[Key] = []
    for pk, area, threshold, since, last_on, who in rows:
        last_day = None if last_on is None else _day(last_on)
        interval = (on - _day(threshold)).days
        due = care.due_on(last=last_day, since=_day(since), interval_days=interval)
        out.append((pk, area, due, "overdue", pk, who, (on - due).days))
    return out


def dossiers(on: date) -> list[Key]:
    rows = _fetch(
        f"SELECT d.id, d.episode_id, e.person_id, p.area_id, d.due_on FROM {_t(DossierItem)} d"
        f" JOIN {_t(Episode)} e ON e.id = d.episode_id JOIN {PERSON} p ON p.id = e.person_id"
        " WHERE e.status = 'active' AND d.done_on IS NULL AND d.due_on < %s",
        [on],
    )
    return [
        (episode, area, due, f"item{pk}", person, None, (on - due).days)
        for pk, episode, person, area, due in rows
    ]


def follow_ups(on: date) -> list[Key]:
    days = people_reminders.follow_up_days()
    rows = _fetch(
        f"SELECT f.id, f.person_id, p.area_id, f.opened_on FROM {_t(FollowUp)} f"
        f" JOIN {PERSON} p ON p.id = f.person_id"
        " WHERE f.resolved_on IS NULL AND f.opened_on <= %s",
        [on - timedelta(days=days)],
    )
    return [
        (pk, area, opened + timedelta(days), "overdue", person, None, (on - opened).days - days)
        for pk, person, area, opened in rows
    ]


def transfers(on: date) -> list[Key]:
    tz = timezone.get_current_timezone()
    latest = timezone.make_aware(datetime.combine(on - timedelta(days=1), time.min), tz)
    rows = _fetch(
        f"SELECT id, person_id, to_commune_id, proposed_at FROM {_t(Transfer)}"
        " WHERE status = 'pending' AND proposed_at < %s",
        [latest],
    )
    holidays, overrides = public_holidays(), durations.load_overrides()
    code = durations.Code.MOVE_NOTICE
    out: list[Key] = []
    for pk, person, commune, proposed in rows:
        start = timezone.localtime(proposed, tz).date()
        try:
            durations.rule_for(code, on=start, overrides=overrides)
        except durations.RuleNotInForceError:
            continue
        due = durations.deadline(
            code, start=start, on=start, overrides=overrides, holidays=holidays
        )
        if due is not None and due < on:
            out.append((pk, commune, due, "overdue", person, None, (on - due).days))
    return out


def rounds(on: date) -> list[Key]:
    days = people_reminders.round_open_days()
    rows = _fetch(
        f"SELECT id, area_id, started_on, started_by_id FROM {_t(ReconciliationRound)}"
        " WHERE completed_on IS NULL AND started_on < %s",
        [on - timedelta(days=days)],
    )
    return [
        (pk, area, started + timedelta(days), "overdue", None, who, (on - started).days - days)
        for pk, area, started, who in rows
    ]


def businesses(on: date) -> list[Key]:
    days = inspection_interval_days()
    rows = _fetch(
        f"SELECT id, area_id, last_inspected_on FROM {_t(Business)} WHERE is_active"
        " AND (last_inspected_on IS NULL OR last_inspected_on < %s)",
        [on - timedelta(days=days)],
    )
    return [
        (pk, area, last + timedelta(days), "overdue", None, None, (on - last).days - days)
        if last
        else (pk, area, None, "never", None, None, 0)
        for pk, area, last in rows
    ]


def _tasks(on: date, where: str, params: list[Any], stage: Callable[[date], str]) -> list[Key]:
    """Tasks with the agency accounts of their lead organisation joined in the same query (a
    task without one keeps a row with no account)."""
    rows = _fetch(
        f"SELECT t.id, t.area_id, t.due_on, t.officer_id, u.id FROM {_t(Task)} t"
        f" LEFT JOIN {_t(User)} u ON u.organisation_id = t.lead_id AND u.role = %s"
        f" AND u.is_active WHERE {where}",
        [Role.AGENCY_OFFICER, *params],
    )
    holidays = public_holidays()
    late_of: dict[date, int] = {}
    fanned: dict[int, tuple[int, date, set[int | None]]] = {}
    for pk, area, due, officer, agency in rows:
        entry = fanned.setdefault(pk, (area, due, {officer}))
        if agency is not None:
            entry[2].add(agency)
    out: list[Key] = []
    for pk, (area, due, who) in fanned.items():
        if due not in late_of:
            late_of[due] = plan_deadlines.days_overdue(due, on, holidays=holidays)
        out += [(pk, area, due, stage(due), None, user, late_of[due]) for user in who]
    return out


def tasks_due(on: date) -> list[Key]:
    threshold = plan_deadlines.overdue_threshold(on, holidays=public_holidays())
    return _tasks(
        on,
        "t.status <> %s AND t.due_on <= %s",
        [TaskStatus.ACCEPTED, plan_deadlines.due_soon_until(on)],
        lambda due: "overdue" if due <= threshold else "soon",
    )


def tasks_returned(on: date) -> list[Key]:
    return _tasks(on, "t.status = %s", [TaskStatus.RETURNED], lambda _due: "returned")


def programme(on: date) -> list[Key]:
    """Commune projects behind their schedule, judged in the query: the last step passed
    plans a share above 0 and the disbursed amount is below that share of the allocation in
    force (none in force: behind)."""
    year = on.year
    sums = ", ".join(
        f"COALESCE((SELECT SUM(m.amount) FROM {_t(model)} m WHERE m.commune_project_id = cp.id"
        f" AND m.year = %s), 0) AS {name}"
        for name, model in (
            ("allocated", Allocation),
            ("adjusted", Adjustment),
            ("disbursed", Disbursement),
        )
    )
    rows = _fetch(
        f"SELECT id, area_id, due FROM (SELECT cp.id, cp.area_id, s.until AS due, s.share, {sums}"
        f" FROM {_t(CommuneProject)} cp JOIN (SELECT commune_project_id, MAX(until) AS until"
        f"  FROM {_t(ScheduleStep)} WHERE year = %s AND until <= %s GROUP BY commune_project_id)"
        "  last ON last.commune_project_id = cp.id"
        f" JOIN {_t(ScheduleStep)} s ON s.commune_project_id = cp.id AND s.year = %s"
        "  AND s.until = last.until) x"
        " WHERE share > 0 AND (allocated + adjusted <= 0"
        " OR disbursed * 10000 < CAST(ROUND(share * 100) AS INTEGER) * (allocated + adjusted))",
        [year, year, year, year, on, year],
    )
    out: list[Key] = []
    for pk, area, due in rows:
        day = _day(due)
        out.append((pk, area, day, "behind", None, None, (on - day).days))
    return out


def groups(on: date) -> list[Key]:
    if on.day < settings.KMT_ALERTS_COMMUNICATION_FROM_DAY:
        return []
    month = month_of(on)
    rows = _fetch(
        f"SELECT a.id FROM {_t(Area)} a WHERE a.level = %s"
        " AND (a.valid_from IS NULL OR a.valid_from <= %s)"
        " AND ((a.valid_until IS NULL AND a.is_active) OR a.valid_until >= %s)"
        f" AND NOT EXISTS (SELECT 1 FROM {_t(GroupReach)} r WHERE r.group_id = a.id"
        " AND r.held_on >= %s AND r.held_on <= %s)",
        [Level.GROUP, month.first, month.last, month.first, month.last],
    )
    stage = f"{month.first:%Y-%m}"
    return [(pk, pk, month.last, stage, None, None, 0) for (pk,) in rows]


def reports(on: date) -> list[Key]:
    out: list[Key] = []
    for kind in report_reminders.KINDS:
        period = current(kind, on=on)
        if not 0 <= (period.end - on).days <= settings.KMT_ALERTS_REPORT_DRAFT_DAYS:
            continue
        rows = _fetch(
            f"SELECT a.id FROM {_t(Area)} a WHERE a.level = %s AND a.is_active"
            f" AND NOT EXISTS (SELECT 1 FROM {_t(Report)} r WHERE r.area_id = a.id"
            " AND r.kind = %s AND r.period_kind = %s AND r.year = %s"
            " AND r.number_in_year = %s)",
            [Level.COMMUNE, Report.Kind.PERIODIC, kind, period.year, period.number],
        )
        stage = f"{kind}-{period.year}-{period.number}"
        out += [(pk, pk, period.end, stage, None, None, 0) for (pk,) in rows]
    return out


def recognitions(on: date) -> list[Key]:
    """Recognised areas whose live evaluation fails: the recognitions in one query; when there
    are any, the facts of their level (``bench_criteria.facts_sql``, the whole level) judged by
    the rule set in force."""
    rows = _fetch(
        f"SELECT r.id, r.area_id, r.rule_set_code, a.level FROM {_t(Recognition)} r"
        f" JOIN {_t(Area)} a ON a.id = r.area_id WHERE r.status IN ("
        + ", ".join(["%s"] * len(lifecycle.RECOGNISED))
        + ")",
        list(lifecycle.RECOGNISED),
    )
    out: list[Key] = []
    for level, code in RULE_SET_BY_LEVEL.items():
        mine = [(pk, area) for pk, area, c, lvl in rows if c == code and lvl == level]
        rule_set = rule_set_for(code, on=on)
        if not mine or rule_set is None:
            continue
        months = window_months_of(rule_set)
        start = window(on=on, months=months).start
        facts = facts_sql(level, on, months)
        for pk, area in mine:
            if area not in facts:
                continue
            population, metrics, groups_, reviewed = facts[area]
            area_facts = AreaFacts(
                area_id=area,
                on=on,
                population=population,
                metrics=metrics,
                window_start=start,
                groups=groups_,
                reviewed_groups=reviewed,
            )
            result = evaluate(rule_set, area_facts)
            hotspots = hotspot_reasons(area_facts)
            if result.passed is False or result.missing_evidence or hotspots:
                item = AtRisk(
                    recognition=Recognition(pk=pk, area_id=area), result=result, hotspots=hotspots
                )
                out.append((pk, area, None, criteria_reminders.failure_stage(item), None, None, 0))
    return out


RULES: dict[str, Callable[[date], list[Key]]] = {
    "recognition_at_risk": recognitions,
    "tip_due": tips,
    "measure_ending": measures,
    "visit_overdue": visits,
    "dossier_step_late": dossiers,
    "plan_task_due": tasks_due,
    "positive_test_pending": follow_ups,
    "plan_task_returned": tasks_returned,
    "transfer_pending": transfers,
    "reconciliation_open": rounds,
    "business_uninspected": businesses,
    "programme_behind": programme,
    "group_not_reached": groups,
    "report_period_no_draft": reports,
}


def recipients() -> int:
    """The bindings of active users and the areas' chains, as ``recipients`` reads them."""
    bindings = _fetch(
        f"SELECT a.user_id, u.role, a.area_id, ar.level FROM {_t(AreaAssignment)} a"
        f" JOIN {_t(User)} u ON u.id = a.user_id JOIN {_t(Area)} ar ON ar.id = a.area_id"
        " WHERE u.is_active AND ar.is_active",
        [],
    )
    chains = _fetch(f"SELECT id, commune_id, province_id FROM {_t(Area)}", [])
    return len(bindings) + len(chains)


def compute(on: date) -> dict[str, list[Key]]:
    """Every rule's keys, and the recipients' reads."""
    keys = {kind: rule(on) for kind, rule in RULES.items()}
    recipients()
    return keys
