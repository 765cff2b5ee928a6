"""The figures of a periodic report: counted from the records, for an area and its subtree, as
of the period's cut-off day (a record dated on the cut-off day counts; one dated the day after
does not). Each figure comes with the same period of the year before.

Aggregate queries only (a few per section), whatever the size of the area. A figure whose source
holds nothing to count from (a disbursement rate without any allocation) reads "chưa ghi nhận".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import Case, CasePerson, Seizure
from khongmatuy.criteria.models import Recognition, RecognitionEvent
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.people import counting
from khongmatuy.people.choices import Category, EpisodeKind, SupportKind, TestResult
from khongmatuy.people.models import DrugTest, Episode, Person, PersonCategory, SupportService
from khongmatuy.people.rules import care
from khongmatuy.places.models import Cultivation, Inspection, Place, PlaceEvent
from khongmatuy.plans.choices import TaskStep
from khongmatuy.plans.models import Task, TaskEvent
from khongmatuy.plans.selectors.tasks import threshold as overdue_threshold
from khongmatuy.prevention.models import (
    Activity,
    DrugFreeModel,
    DrugFreeModelEvent,
    GroupReach,
    HouseholdCommitment,
)
from khongmatuy.prevention.rules.periods import Period as Span
from khongmatuy.prevention.selectors import coverage
from khongmatuy.programme.models import Adjustment, Allocation, Disbursement
from khongmatuy.programme.rules.money import ZERO, Ledger, display_percent
from khongmatuy.tips.models import Tip

from .rules.periods import Period

NOT_RECORDED = None  # shown as "chưa ghi nhận"


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    value: int | str | None
    last_year: int | str | None = None
    unit: str = ""
    section: str = ""
    kind: str = ""  # MONEY: whole đồng as a decimal string; PERCENT: a rate as a decimal string


MONEY, PERCENT = "money", "percent"


def _below(area: Area, prefix: str) -> dict[str, int]:
    """The filter keeping records whose area (through ``prefix``) is ``area`` or below it."""
    return {f"{prefix}{key}": value for key, value in below_q_kwargs(area).items()}


def counts(area: Area, p: Period) -> dict[str, Any]:
    """Every counted figure of ``area`` for period ``p``, keyed by code (the reports and the
    dashboards read the same numbers)."""
    start, end = p.start, p.end
    values: dict[str, Any] = {}
    categories = PersonCategory.objects.filter(**_below(area, "person__area__"))
    held = dict(
        categories.filter(counting.open_on(end))
        .values_list("category")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("category", "n")
    )
    for category in Category:
        values[f"persons.{category.value}"] = held.get(category.value, 0)
    # One pass over the categories and one over the episodes for the ungrouped figures: each
    # is a scan of the area's rows, so counting them one query at a time read them five times.
    person_figures = categories.aggregate(
        managed=Count("person_id", distinct=True, filter=counting.managed_on(end)),
        new_users=Count("person_id", distinct=True, filter=counting.new_user_between(start, end)),
        ended=Count(
            "pk", filter=Q(category__in=counting.USERS, ended_on__gte=start, ended_on__lte=end)
        ),
    )
    values["persons.managed"] = person_figures["managed"]
    values["persons.new_users"] = person_figures["new_users"]
    values["persons.categories_ended"] = person_figures["ended"]

    still_open = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    rehab = (EpisodeKind.REHAB_HOME, EpisodeKind.REHAB_FACILITY, EpisodeKind.COMPULSORY_REHAB)
    measures = Episode.objects.filter(**_below(area, "person__area__")).aggregate(
        started=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        ended=Count("pk", filter=Q(ended_on__gte=start, ended_on__lte=end)),
        overdue=Count("pk", filter=still_open & Q(due_on__lt=end)),
        rehab_open=Count("pk", filter=still_open & Q(kind__in=rehab)),
        post_rehab_open=Count("pk", filter=still_open & Q(kind=EpisodeKind.POST_REHAB)),
    )
    for name, value in measures.items():
        values[f"measures.{name}"] = value

    tests = DrugTest.objects.filter(
        tested_on__gte=start, tested_on__lte=end, **_below(area, "person__area__")
    ).aggregate(total=Count("pk"), positive=Count("pk", filter=Q(result=TestResult.POSITIVE)))
    values["tests.total"], values["tests.positive"] = tests["total"], tests["positive"]
    values.update(_support(area, start, end))

    places = Place.objects.filter(**_below(area, "area__"))
    values["places.found"] = places.filter(discovered_on__gte=start, discovered_on__lte=end).count()
    values["places.eliminated"] = (
        PlaceEvent.objects.filter(
            to_status=Place.Status.ELIMINATED,
            on__gte=start,
            on__lte=end,
            **_below(area, "place__area__"),
        )
        .values("place_id")
        .distinct()
        .count()
    )
    values["places.recurred"] = places.recurred_between(start, end).count()
    values["places.existing"] = places.existing_on(end).count()
    values["businesses.inspected"] = (
        Inspection.objects.filter(
            inspected_on__gte=start, inspected_on__lte=end, **_below(area, "business__area__")
        )
        .values("business_id")
        .distinct()
        .count()
    )
    values["cultivation.destroyed"] = Cultivation.objects.filter(
        destroyed_on__gte=start, destroyed_on__lte=end, **_below(area, "area__")
    ).count()

    values["cases.total"] = Case.objects.filter(
        occurred_on__gte=start, occurred_on__lte=end, **_below(area, "area__")
    ).count()
    values["cases.arrested"] = (
        CasePerson.objects.arrested_between(start, end)
        .filter(**_below(area, "case__area__"))
        .values("person_id")
        .distinct()
        .count()
    )
    seized = (
        Seizure.objects.filter(
            case__occurred_on__gte=start, case__occurred_on__lte=end, **_below(area, "case__area__")
        )
        .values("substance__name", "unit")
        .annotate(total=Sum("quantity"))
        .order_by("substance__name", "unit")
    )
    values["seizures"] = [
        (row["substance__name"] or _("Chưa xác định"), row["unit"], row["total"]) for row in seized
    ]

    tips = Tip.objects.filter(**_below(area, "area__"))
    received = tips.filter(received_at__date__gte=start, received_at__date__lte=end)
    values["tips.received"] = received.count()
    values["tips.closed_in_time"] = (
        tips.filter(closed_on__gte=start, closed_on__lte=end)
        .filter(closed_on__lte=F("due_on"))
        .count()
    )
    values["tips.overdue"] = (
        tips.filter(received_at__date__lte=end, due_on__lt=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .count()
    )
    values.update(_recognition(area, end))
    values.update(_prevention(area, start, end))
    values.update(_plans(area, start, end))
    values.update(_programme(area, end))
    return values


def _support(area: Area, start: date, end: date) -> dict[str, int | str | None]:
    """The 100 % support indicator as of the cut-off day (Kế hoạch phường Thủy Nguyên, II.4-6;
    the definition of ``people.selectors.care.support_indicator``): active persons holding an
    open category of ``care.SUPPORT_INDICATOR_CATEGORIES`` on ``end``, and those of them
    counselled and given medical or psychological support on or before it; the rate (None when
    nobody is counted). Then the persons given legal aid in the period (II.5). Two queries."""
    held = PersonCategory.objects.filter(
        counting.open_on(end),
        person=OuterRef("pk"),
        category__in=care.SUPPORT_INDICATOR_CATEGORIES,
    )
    support = SupportService.objects.filter(person=OuterRef("pk"), provided_on__lte=end)
    counted = (
        Person.objects.active()
        .filter(Exists(held), **_below(area, "area__"))
        .annotate(
            has_counselling=Exists(support.filter(kind__in=care.COUNSELLING_KINDS)),
            has_medical=Exists(support.filter(kind__in=care.MEDICAL_KINDS)),
        )
        .aggregate(
            total=Count("pk"),
            complete=Count("pk", filter=Q(has_counselling=True, has_medical=True)),
        )
    )
    rate = care.percent(counted["complete"], counted["total"])
    legal_aid = (
        SupportService.objects.filter(
            kind=SupportKind.LEGAL_AID,
            provided_on__gte=start,
            provided_on__lte=end,
            **_below(area, "person__area__"),
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return {
        "support.counted": counted["total"],
        "support.complete": counted["complete"],
        "support.rate": None if rate is None else _decimal(rate),
        "support.legal_aid": legal_aid,
    }


def _plans(area: Area, start: date, end: date) -> dict[str, int]:
    """Plan tasks accepted in the period (each acceptance: a recurring task accepted every month
    counts once a month), and tasks overdue on the cut-off day by the plans' own rule
    (``plans.rules.deadlines``: not accepted and due on or before the last working day before
    it, Civil Code 2015 Art. 148(5)).

    As of the cut-off day: the deadline then is the one the task's first step after that day
    recorded (each step stores the deadline in force), else its current one; the task counts as
    accepted when an acceptance of that deadline was recorded on or before the day. On today's
    date this is exactly the overdue list's condition (``plans.selectors.tasks.overdue``)."""
    events = TaskEvent.objects.filter(**_below(area, "task__area__"))
    done = events.filter(step=TaskStep.ACCEPT, on__gte=start, on__lte=end).count()
    due_then = Coalesce(
        Subquery(
            TaskEvent.objects.filter(task=OuterRef("pk"), on__gt=end)
            .order_by("on", "pk")
            .values("due_on")[:1]
        ),
        F("due_on"),
    )
    accepted_then = TaskEvent.objects.filter(
        task=OuterRef("pk"), step=TaskStep.ACCEPT, on__lte=end, due_on=OuterRef("due_then")
    )
    overdue = (
        Task.objects.filter(**_below(area, "area__"))
        .annotate(due_then=due_then)
        .filter(due_then__lte=overdue_threshold(end))
        .exclude(Exists(accepted_then))
        .count()
    )
    return {"plans.tasks_done": done, "plans.tasks_overdue": overdue}


def _money_sum(model: Any, area: Area, **conditions: Any) -> Decimal:
    row = model.objects.filter(**_below(area, "commune_project__area__"), **conditions).aggregate(
        total=Sum("amount")
    )
    return Decimal(row["total"] or ZERO)


def _programme(area: Area, end: date) -> dict[str, str | None]:
    """The national target programme's money of the cut-off day's year in the area's commune
    projects, as of that day: allocations and adjustments decided, and disbursements paid, on or
    before it (``programme.rules.money.Ledger``: exact đồng, the rate disbursed over the
    allocation in force; None without any allocation)."""
    year = end.year
    ledger = Ledger(
        allocated=_money_sum(Allocation, area, year=year, decided_on__lte=end),
        adjusted=_money_sum(Adjustment, area, year=year, decided_on__lte=end),
        disbursed=_money_sum(Disbursement, area, year=year, paid_on__lte=end),
    )
    rate = display_percent(ledger.rate)
    return {
        "programme.allocated": _decimal(ledger.available),
        "programme.disbursed": _decimal(ledger.disbursed),
        "programme.rate": None if rate is None else _decimal(rate),
    }


def _prevention(area: Area, start: date, end: date) -> dict[str, int]:
    """Communication sessions held in the period, filed under the area or reaching one of its
    residential groups (as the activity list filters them); the coverage: residential groups
    due in the period (existing on its first and last day) and those reached by a session held
    in it (``prevention.selectors.coverage``, over the report's period instead of a month);
    households that signed their commitment in the period; drug-free models working (active or
    recognised) on its last day, by their last status step on or before it."""
    reached = GroupReach.objects.filter(**_below(area, "group__")).values("activity_id")
    sessions = Activity.objects.filter(held_on__gte=start, held_on__lte=end).filter(
        Q(**_below(area, "area__")) | Q(pk__in=reached)
    )
    commitments = HouseholdCommitment.objects.filter(
        signed_on__gte=start, signed_on__lte=end, **_below(area, "area__")
    )
    status_then = (
        DrugFreeModelEvent.objects.filter(model=OuterRef("pk"), on__lte=end)
        .order_by("-on", "-pk")
        .values("to_status")[:1]
    )
    working = (DrugFreeModel.Status.ACTIVE, DrugFreeModel.Status.RECOGNISED)
    models_working = (
        DrugFreeModel.objects.filter(**_below(area, "area__"))
        .annotate(status_then=Subquery(status_then))
        .filter(status_then__in=working)
    )
    span = Span(start, end)
    groups = Area.objects.filter(coverage.below(area), level=Level.GROUP).aggregate(
        due=Count("pk", filter=coverage.due_in(span)),
        reached=Count("pk", filter=coverage.due_in(span) & Q(coverage.reached_in(span))),
    )
    return {
        "prevention.sessions": sessions.count(),
        "prevention.groups_due": groups["due"],
        "prevention.groups_reached": groups["reached"],
        "prevention.commitments": commitments.values("household_id").distinct().count(),
        "prevention.models": models_working.count(),
    }


def _recognition(area: Area, end: date) -> dict[str, int]:
    """Residential groups (and communes) recognised or kept drug-free as of ``end``: each
    recognition's last status event on or before ``end`` (one aggregate query)."""
    status_then = (
        RecognitionEvent.objects.filter(recognition=OuterRef("pk"), on__lte=end)
        .order_by("-on", "-pk")
        .values("to_status")[:1]
    )
    achieved = (Recognition.Status.RECOGNISED, Recognition.Status.KEPT)
    counted = (
        Recognition.objects.filter(**_below(area, "area__"))
        .annotate(status_then=Subquery(status_then))
        .filter(status_then__isnull=False)
        .aggregate(
            registered=Count("pk"),
            achieved=Count("pk", filter=Q(status_then__in=achieved)),
            withdrawn=Count("pk", filter=Q(status_then=Recognition.Status.WITHDRAWN)),
        )
    )
    return {f"recognition.{key}": value for key, value in counted.items()}


# Figures that are not counts: their printed form (``documents.content.cell``).
KINDS = {
    "support.rate": PERCENT,
    "programme.allocated": MONEY,
    "programme.disbursed": MONEY,
    "programme.rate": PERCENT,
}


def _spec() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(section, [(code, label, unit)]) in the order the report prints them."""
    persons = [(f"persons.{c.value}", str(c.label), _("người")) for c in Category]
    return [
        (
            _("Người sử dụng trái phép chất ma túy, người nghiện và các diện quản lý"),
            [
                (
                    "persons.managed",
                    _("Người sử dụng trái phép, người nghiện đang quản lý"),
                    _("người"),
                ),
                (
                    "persons.new_users",
                    _("Người sử dụng, nghiện mới phát hiện trong kỳ"),
                    _("người"),
                ),
                (
                    "persons.categories_ended",
                    _("Người đưa ra khỏi diện sử dụng, nghiện trong kỳ"),
                    _("lượt"),
                ),
                *persons,
            ],
        ),
        (
            _("Biện pháp quản lý, cai nghiện, xét nghiệm"),
            [
                ("measures.started", _("Biện pháp bắt đầu trong kỳ"), _("biện pháp")),
                ("measures.ended", _("Biện pháp kết thúc trong kỳ"), _("biện pháp")),
                ("measures.overdue", _("Biện pháp quá hạn chưa kết thúc"), _("biện pháp")),
                ("measures.rehab_open", _("Người đang cai nghiện"), _("người")),
                ("measures.post_rehab_open", _("Người đang quản lý sau cai nghiện"), _("người")),
                ("tests.total", _("Lượt xét nghiệm chất ma túy"), _("lượt")),
                ("tests.positive", _("Lượt xét nghiệm dương tính"), _("lượt")),
            ],
        ),
        (
            _("Tư vấn, hỗ trợ, can thiệp (chỉ tiêu 100%)"),
            [
                (
                    "support.counted",
                    _("Người thuộc diện phải được tư vấn, hỗ trợ y tế, tâm lý (cuối kỳ)"),
                    _("người"),
                ),
                (
                    "support.complete",
                    _("Người đã được tư vấn và hỗ trợ y tế, tâm lý"),
                    _("người"),
                ),
                ("support.rate", _("Tỷ lệ được tư vấn, hỗ trợ y tế, tâm lý (chỉ tiêu 100%)"), ""),
                ("support.legal_aid", _("Người được trợ giúp pháp lý trong kỳ"), _("người")),
            ],
        ),
        (
            _("Địa bàn, điểm, tụ điểm"),
            [
                ("places.found", _("Điểm, tụ điểm phát hiện mới"), _("điểm")),
                ("places.eliminated", _("Điểm, tụ điểm triệt xóa"), _("điểm")),
                ("places.recurred", _("Điểm, tụ điểm tái phát"), _("điểm")),
                ("places.existing", _("Điểm, tụ điểm còn tồn tại"), _("điểm")),
                (
                    "businesses.inspected",
                    _("Cơ sở kinh doanh có điều kiện được kiểm tra"),
                    _("cơ sở"),
                ),
                (
                    "cultivation.destroyed",
                    _("Vụ trồng cây có chứa chất ma túy đã tiêu hủy"),
                    _("vụ"),
                ),
            ],
        ),
        (
            _("Đấu tranh, bắt giữ"),
            [
                ("cases.total", _("Vụ việc, vụ án phát hiện"), _("vụ")),
                ("cases.arrested", _("Người bị bắt giữ"), _("người")),
            ],
        ),
        (
            _("Tin báo, tố giác"),
            [
                ("tips.received", _("Tin báo, tố giác tiếp nhận"), _("tin")),
                ("tips.closed_in_time", _("Tin giải quyết xong trong hạn"), _("tin")),
                ("tips.overdue", _("Tin quá hạn chưa giải quyết"), _("tin")),
            ],
        ),
        (
            _("Xây dựng địa bàn không ma túy"),
            [
                ("recognition.registered", _("Địa bàn đăng ký xây dựng"), _("địa bàn")),
                ("recognition.achieved", _("Địa bàn được công nhận, giữ vững"), _("địa bàn")),
                ("recognition.withdrawn", _("Địa bàn bị thu hồi công nhận"), _("địa bàn")),
            ],
        ),
        (
            _("Tuyên truyền, cam kết, kế hoạch và kinh phí"),
            [
                ("prevention.sessions", _("Buổi tuyên truyền"), _("buổi")),
                (
                    "prevention.groups_due",
                    _("Tổ dân phố, thôn phải được tuyên truyền trong kỳ"),
                    _("tổ"),
                ),
                (
                    "prevention.groups_reached",
                    _("Tổ dân phố, thôn đã được tuyên truyền trong kỳ"),
                    _("tổ"),
                ),
                ("prevention.commitments", _("Hộ gia đình ký cam kết"), _("hộ")),
                (
                    "prevention.models",
                    _("Mô hình không ma túy đang hoạt động, được công nhận (cuối kỳ)"),
                    _("mô hình"),
                ),
                (
                    "plans.tasks_done",
                    _("Nhiệm vụ kế hoạch hoàn thành (được nghiệm thu trong kỳ)"),
                    _("nhiệm vụ"),
                ),
                (
                    "plans.tasks_overdue",
                    _("Nhiệm vụ kế hoạch quá hạn chưa nghiệm thu (cuối kỳ)"),
                    _("nhiệm vụ"),
                ),
                (
                    "programme.allocated",
                    _("Kinh phí Chương trình mục tiêu quốc gia được giao trong năm"),
                    "",
                ),
                ("programme.disbursed", _("Kinh phí Chương trình đã giải ngân đến cuối kỳ"), ""),
                ("programme.rate", _("Tỷ lệ giải ngân kinh phí Chương trình"), ""),
            ],
        ),
    ]


def _seizure_rows(now: list[Any], before: list[Any]) -> list[Row]:
    section = _("Tang vật thu giữ")
    earlier = {(name, unit): total for name, unit, total in before}
    keys = sorted({(n, u) for n, u, _t in now} | set(earlier))
    current = {(name, unit): total for name, unit, total in now}
    return [
        Row(
            code=f"seizures.{name}.{unit}",
            label=name,
            value=_decimal(current.get((name, unit), Decimal(0))),
            last_year=_decimal(earlier.get((name, unit), Decimal(0))),
            unit=str(Seizure.Unit(unit).label) if unit in Seizure.Unit.values else unit,
            section=section,
        )
        for name, unit in keys
    ]


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def compute(*, area: Area, period: Period, compared: Period | None = None) -> list[Row]:
    """Every row of the report: this period and ``compared`` (by default the same period of the
    year before; the dashboard passes the same days of last year for a period still running)."""
    now = counts(area, period)
    before = counts(area, compared or period.last_year())
    rows: list[Row] = []
    for section, items in _spec():
        for code, label, unit in items:
            recorded = code in now
            rows.append(
                Row(
                    code=code,
                    label=label,
                    value=now[code] if recorded else NOT_RECORDED,
                    last_year=before[code] if recorded else NOT_RECORDED,
                    unit=unit,
                    section=section,
                    kind=KINDS.get(code, ""),
                )
            )
    after = next(i for i, r in enumerate(rows) if r.code == "cases.arrested") + 1
    rows[after:after] = _seizure_rows(now["seizures"], before["seizures"])
    return rows


def to_json(rows: Iterable[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


def from_json(data: Iterable[dict[str, Any]]) -> list[Row]:
    return [Row(**d) for d in data]


def sections(rows: Iterable[Row]) -> list[tuple[str, list[Row]]]:
    """The rows grouped by section, in order."""
    out: list[tuple[str, list[Row]]] = []
    for row in rows:
        if not out or out[-1][0] != row.section:
            out.append((row.section, []))
        out[-1][1].append(row)
    return out
