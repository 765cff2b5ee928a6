"""The plan tasks and programme money of a periodic report (2026-Q3, cut-off 14/09/2026, a
Monday): counted as of the cut-off day, a record on that day counted and one the day after not,
money in whole đồng printed "1.234.567 đ" in the report's files and on the dashboard."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Organisation
from khongmatuy.common.roles import Role
from khongmatuy.plans import services as plan_services
from khongmatuy.plans.models import PlanDocument, Task
from khongmatuy.plans.selectors.tasks import threshold
from khongmatuy.plans.tests.factories import document, organisation, six
from khongmatuy.programme import services as money_services
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.tests.factories import allocate, commune_project, disburse
from khongmatuy.reports import documents, figures, services
from khongmatuy.reports.dashboard import running_period
from khongmatuy.reports.documents.content import cell
from tests.personas import client_for, make_user

from .fixtures import AFTER, CUTOFF, Q3, Quarter, draft

pytestmark = pytest.mark.django_db


def _task(
    q: Quarter, area: Area, due: date, *, recurrence: str = "once", actor: User | None = None
) -> Task:
    actor = actor or q.officer
    doc = PlanDocument.objects.filter(area=area).first() or document(actor, area)
    lead = Organisation.objects.filter(area=area, name="Phòng Văn hóa Mẫu").first()
    lead = lead or organisation(area, "Phòng Văn hóa Mẫu")
    return plan_services.task_create(
        actor=actor, document=doc, **six(lead, recurrence=recurrence, first_due_on=due)
    )


def _accept(q: Quarter, task: Task, on: date) -> None:
    plan_services.task_report(
        actor=q.officer, task=task, percent=100, text_done="Xong", done=True, today=on
    )
    plan_services.task_accept(actor=q.officer, task=task, today=on)


@pytest.fixture
def tasks(quarter: Quarter) -> Quarter:
    q, ward = quarter, quarter.world.ward_a
    _task(q, ward, date(2026, 9, 11))  # due on the threshold (Friday): overdue on Monday 14/09
    _task(q, ward, date(2026, 9, 12))  # due Saturday: moves to Monday, not overdue that day
    _accept(q, _task(q, ward, date(2026, 8, 1)), CUTOFF)  # done on the cut-off day
    _accept(q, _task(q, ward, date(2026, 8, 1)), AFTER)  # done the day after: overdue then
    monthly = _task(q, ward, date(2026, 8, 31), recurrence="monthly")
    _accept(q, monthly, date(2026, 9, 1))  # done; next due 30/09, not overdue
    _accept(q, _task(q, ward, date(2025, 8, 1)), date(2025, 9, 14))  # last year's
    other = make_user("cand_kehoach_b", Role.COMMUNE_POLICE, [q.world.ward_b])
    _task(q, q.world.ward_b, date(2026, 7, 1), actor=other)  # another ward's, overdue
    return q


@pytest.fixture
def money(quarter: Quarter) -> Quarter:
    q = quarter
    cp = commune_project(actor=q.officer, area=q.world.ward_a)
    allocate(actor=q.officer, cp=cp, amount="100000000")
    allocate(actor=q.officer, cp=cp, amount="20000000", source=FundSource.LOCAL, decided_on=AFTER)
    money_services.adjustment_record(
        actor=q.officer,
        commune_project=cp,
        year=2026,
        source=FundSource.CENTRAL,
        amount=Decimal("5000000"),
        decision="20/QĐ-UBND",
        decided_on=CUTOFF,
        reason="Bổ sung kinh phí tuyên truyền",
        today=date(2026, 11, 30),
    )
    disburse(actor=q.officer, cp=cp, amount="30000000", paid_on=CUTOFF)
    disburse(actor=q.officer, cp=cp, amount="10000000", paid_on=AFTER)
    return q


def _values(rows: list[figures.Row]) -> dict[str, tuple[object, object]]:
    return {r.code: (r.value, r.last_year) for r in rows}


def test_plan_tasks_done_and_overdue_as_of_the_cut_off_day(tasks: Quarter) -> None:
    got = _values(figures.compute(area=tasks.world.ward_a, period=Q3))
    # done: accepted on the cut-off day and the monthly task on 01/09; not the day after's
    assert got["plans.tasks_done"] == (2, 1)
    # overdue on 14/09: due on the threshold, and the one accepted only the day after
    assert got["plans.tasks_overdue"] == (2, 0)
    city = _values(figures.compute(area=tasks.world.haiphong, period=Q3))
    assert city["plans.tasks_overdue"] == (3, 0)  # ward B's task too


def test_overdue_today_equals_the_task_lists_overdue_filter(tasks: Quarter) -> None:
    today = date(2026, 11, 30)
    period, _compared = running_period("month", today)
    got = figures.counts(tasks.world.ward_a, period)["plans.tasks_overdue"]
    listed = Task.objects.filter(area=tasks.world.ward_a).exclude(status="accepted")
    assert got == listed.filter(due_on__lte=threshold(today)).count() == 3


def test_programme_money_allocated_and_disbursed_up_to_the_cut_off(money: Quarter) -> None:
    rows = figures.compute(area=money.world.ward_a, period=Q3)
    got = _values(rows)
    # allocation of January and the adjustment of the cut-off day; not the local money
    # decided the day after
    assert got["programme.allocated"] == ("105000000", "0")
    assert got["programme.disbursed"] == ("30000000", "0")  # paid on the cut-off day only
    assert got["programme.rate"] == ("28.5", None)  # 30/105 rounded down; none last year
    kinds = {r.code: r.kind for r in rows}
    assert kinds["programme.allocated"] == figures.MONEY
    assert cell("105000000", figures.MONEY) == "105.000.000 đ"
    assert cell("28.5", figures.PERCENT) == "28,5 %"
    assert cell(None, figures.PERCENT) == "chưa ghi nhận"


def test_the_files_print_money_in_dong(money: Quarter) -> None:
    report = draft(money)
    document = documents.document_for(report, rows=services.live_rows(report), on=CUTOFF)
    content = documents.render_docx(document)
    text = "\n".join(
        c.text for t in docx.Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells
    )
    assert "105.000.000 đ" in text
    assert "30.000.000 đ" in text
    assert "28,5 %" in text
    assert "+30.000.000 đ" in text  # the change against last year's 0
    book = load_workbook(io.BytesIO(documents.render_xlsx(document)))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert 105000000 in cells


def test_the_dashboard_shows_money_and_links_overdue_tasks(tasks: Quarter) -> None:
    client = client_for(tasks.officer)
    response = client.get(reverse("reports:dashboard"), {"area": tasks.world.ward_a.pk})
    assert response.status_code == 200
    board = response.context["board"]
    overdue = board.figure("plans.tasks_overdue")
    assert overdue.url
    listed = client.get(overdue.url)
    assert listed.context["page_obj"].paginator.count == overdue.value
    assert not board.figure("plans.tasks_done").url  # no list selects acceptances of a period
    html = response.content.decode()
    assert 'id="figure-programmeallocated"' in html


def test_the_bench_sql_floor_counts_the_same(tasks: Quarter, money: Quarter) -> None:
    from bench.bench_dashboard import sql_counts

    codes = (
        "plans.tasks_done",
        "plans.tasks_overdue",
        "programme.allocated",
        "programme.disbursed",
        "programme.rate",
    )
    for area in (tasks.world.ward_a, tasks.world.haiphong):
        periods = [Q3, Q3.last_year()]
        orm = [figures.counts(area, p) for p in periods]
        sql = sql_counts(area, periods)
        assert [{c: v[c] for c in codes} for v in sql] == [{c: v[c] for c in codes} for v in orm]
    assert sql[0]["plans.tasks_overdue"] == 3
