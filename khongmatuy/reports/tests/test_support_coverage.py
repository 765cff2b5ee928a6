"""The 100 % support indicator, legal aid and communication coverage in a report: counted as of
the cut-off day against hand-built data, printed in the .docx, and equal to the bench's
hand-written SQL floor (every figure of ``figures.counts``, for a ward, the city and a ward with
nobody counted)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx

from khongmatuy.people.choices import SupportKind
from khongmatuy.people.models import Person
from khongmatuy.people.services import care as care_services
from khongmatuy.reports import documents, figures

from .fixtures import AFTER, CUTOFF, Q3, Quarter, draft

TODAY = date(2027, 1, 5)


def _support(person: Person, kind: str, on: date) -> None:
    care_services.support_record(
        actor=None, person=person, kind=kind, provided_on=on, provider="Trạm y tế", today=TODAY
    )


def _supported(quarter: Quarter) -> None:
    chot, cu, khac = (
        Person.objects.get(full_name=name) for name in ("Lê Văn Chốt", "Lê Văn Cũ", "Lê Văn Khác")
    )
    _support(chot, SupportKind.COUNSELLING, CUTOFF)  # both on the cut-off day: counted
    _support(chot, SupportKind.MEDICAL, CUTOFF)
    _support(cu, SupportKind.COUNSELLING, date(2026, 7, 1))
    _support(cu, SupportKind.PSYCHOLOGICAL, AFTER)  # the day after: not yet complete
    _support(cu, SupportKind.LEGAL_AID, CUTOFF)
    _support(cu, SupportKind.LEGAL_AID, date(2026, 8, 1))  # the same person counts once
    _support(chot, SupportKind.LEGAL_AID, AFTER)  # the next period
    _support(khac, SupportKind.COUNSELLING, date(2026, 8, 2))  # ward B
    _support(khac, SupportKind.PSYCHOLOGICAL, date(2026, 8, 2))


def _sessions(quarter: Quarter) -> None:
    from khongmatuy.prevention.tests.factories import activity

    w = quarter.world
    # One on the cut-off day reaching group A1 (twice: counted once), one the day after
    # reaching group A2 (the next period), one last year reaching group A2.
    activity(actor=quarter.officer, held_on=CUTOFF, today=TODAY, groups=[w.group_a1])
    activity(actor=quarter.officer, held_on=date(2026, 7, 2), today=TODAY, groups=[w.group_a1])
    activity(actor=quarter.officer, held_on=AFTER, today=TODAY, groups=[w.group_a2])
    activity(actor=quarter.officer, held_on=date(2025, 8, 1), today=TODAY, groups=[w.group_a2])


def _codes(rows: list[figures.Row]) -> dict[str, tuple[object, object]]:
    return {r.code: (r.value, r.last_year) for r in rows if r.code.startswith("support.")}


def test_the_support_indicator_counts_as_of_the_cut_off_day(quarter: Quarter) -> None:
    _supported(quarter)
    w = quarter.world
    ward = _codes(figures.compute(area=w.ward_a, period=Q3))
    # Chốt (from the cut-off day) and Cũ are counted; Sau's category starts the day after.
    # Last year: Cũ alone, not yet supported.
    assert ward == {
        "support.counted": (2, 1),
        "support.complete": (1, 0),
        "support.rate": ("50", "0"),
        "support.legal_aid": (1, 0),
    }
    assert _codes(figures.compute(area=w.haiphong, period=Q3))["support.rate"] == ("66.7", "0")
    # Nobody counted in ward B last year: the rate is "chưa ghi nhận", not 0 %.
    assert _codes(figures.compute(area=w.ward_b, period=Q3))["support.rate"] == ("100", None)


def test_communication_coverage_counts_the_groups_reached_in_the_period(quarter: Quarter) -> None:
    _sessions(quarter)
    w = quarter.world
    ward = {r.code: (r.value, r.last_year) for r in figures.compute(area=w.ward_a, period=Q3)}
    assert ward["prevention.groups_due"] == (2, 2)  # groups A1 and A2
    assert ward["prevention.groups_reached"] == (1, 1)  # A1 this year, A2 last year
    city = {r.code: r.value for r in figures.compute(area=w.haiphong, period=Q3)}
    assert (city["prevention.groups_due"], city["prevention.groups_reached"]) == (3, 1)


def test_the_support_indicator_is_printed_in_the_report(quarter: Quarter) -> None:
    _supported(quarter)
    report = draft(quarter)
    rows = figures.compute(area=report.area, period=report.period)
    doc = docx.Document(
        io.BytesIO(documents.render_docx(documents.document_for(report, rows=rows, on=TODAY)))
    )
    table = doc.tables[1]
    printed = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows}
    assert printed["Tỷ lệ được tư vấn, hỗ trợ y tế, tâm lý (chỉ tiêu 100%)"] == [
        "50 %",
        "0 %",
        "+50 %",
    ]
    assert printed["Người được trợ giúp pháp lý trong kỳ (người)"] == ["1", "0", "+1"]


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    out["seizures"] = [(n, u, float(t)) for n, u, t in values["seizures"]]
    return out


def test_the_bench_sql_floor_counts_every_figure_the_same(quarter: Quarter) -> None:
    from bench.bench_dashboard import sql_counts

    _supported(quarter)
    _sessions(quarter)
    w = quarter.world
    for area in (w.ward_a, w.haiphong, w.ward_b):
        periods = [Q3, Q3.last_year()]
        orm = [_plain(figures.counts(area, p)) for p in periods]
        sql = [_plain(v) for v in sql_counts(area, periods)]
        assert set(sql[0]) == set(orm[0]), area
        assert sql == orm, area
    assert orm[0]["support.counted"] == 1  # ward B: Khác, counselled and supported
