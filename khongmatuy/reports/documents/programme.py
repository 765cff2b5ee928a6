"""The yearly monitoring report of the national target programme on drug prevention and control
(Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030, Nghị quyết 163/2024/QH15;
Kế hoạch UBND phường Thủy Nguyên III.1.a, e: the ward police, the programme's standing body,
monitors and reports it): per commune project the money allocated by source, disbursed, the
rate against the disbursement schedule and the outputs; then the programme's indicators, target
against value. Rendered by the same .docx / .xlsx / PDF code as the periodic reports.

Money is counted as of the report's day (``on``, the issue day, or the year's last day when it
is later): allocations and adjustments decided, disbursements paid, outputs achieved on or
before it. The indicators are those of the programme page (``programme.selectors.indicators``),
read in the scope of the report's drafter, whose scope holds the area (checked on creation).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils.translation import gettext as _

from khongmatuy.common.numbers import format_decimal
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.models import (
    Adjustment,
    Allocation,
    CommuneProject,
    Disbursement,
    Output,
    ScheduleStep,
)
from khongmatuy.programme.rules.money import Ledger, display_percent, format_money
from khongmatuy.programme.rules.schedule import Step, progress
from khongmatuy.programme.selectors.indicators import indicator_rows

from .content import Document, signature

if TYPE_CHECKING:
    from ..models import Report


def _percent(value: Decimal | None) -> str:
    shown = display_percent(value)
    return "—" if shown is None else f"{format_decimal(shown)} %"


def project_rows(report: Report, *, on: date) -> list[tuple[str, ...]]:
    """One row per commune project of the area: project (and commune), allocated by source,
    allocation in force, disbursed, rate against the schedule's share by ``on``, outputs.
    A fixed number of queries (one per money table, the schedules, the outputs)."""
    year = report.year
    projects = list(
        CommuneProject.objects.filter(**below_q_kwargs(report.area, "area__"))
        .select_related("area", "project", "project__parent")
        .order_by("area__sort_key", "area__name", "project__sort_key", "pk")
    )
    ids = [p.pk for p in projects]
    by_source: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for model in (Allocation, Adjustment):
        for pk, source, amount in (
            model.objects.filter(commune_project_id__in=ids, year=year, decided_on__lte=on)
            .values("commune_project_id", "source")
            .annotate(total=Sum("amount"))
            .values_list("commune_project_id", "source", "total")
        ):
            by_source[pk][source] += Decimal(amount or 0)
    disbursed = dict(
        Disbursement.objects.filter(commune_project_id__in=ids, year=year, paid_on__lte=on)
        .values("commune_project_id")
        .annotate(total=Sum("amount"))
        .values_list("commune_project_id", "total")
    )
    steps: dict[int, list[Step]] = defaultdict(list)
    for pk, until, share in (
        ScheduleStep.objects.filter(commune_project_id__in=ids, year=year)
        .order_by("until")
        .values_list("commune_project_id", "until", "share")
    ):
        steps[pk].append(Step(until=until, share=share))
    outputs: dict[int, list[str]] = defaultdict(list)
    for output in Output.objects.filter(
        commune_project_id__in=ids, year=year, achieved_on__lte=on
    ).order_by("achieved_on", "pk"):
        quantity = f" {format_decimal(output.quantity)} {output.unit}".rstrip()
        outputs[output.commune_project_id].append(f"{output.description}{quantity}")
    rows: list[tuple[str, ...]] = []
    for cp in projects:
        sources = by_source.get(cp.pk, {})
        ledger = Ledger(
            allocated=sum(sources.values(), Decimal(0)),
            disbursed=Decimal(disbursed.get(cp.pk) or 0),
        )
        state = progress(ledger, steps.get(cp.pk, []), on)
        planned = (
            _("kế hoạch %(p)s") % {"p": _percent(state.planned)}
            if state.planned is not None
            else _("chưa có kế hoạch giải ngân")
        )
        rows.append(
            (
                f"{cp.project.label} ({cp.area.display_name})",
                "; ".join(
                    f"{FundSource(source).label}: {format_money(amount)}"
                    for source, amount in sorted(sources.items())
                )
                or "—",
                format_money(ledger.available),
                format_money(ledger.disbursed),
                f"{_percent(state.rate)} ({planned})",
                "; ".join(outputs.get(cp.pk, [])) or "—",
            )
        )
    return rows


def indicator_table(report: Report, *, on: date) -> list[tuple[str, ...]]:
    """Each indicator of the programme: target of the year, value in the area, met or not."""
    user = report.created_by
    if user is None:
        return []
    _tree, rows = indicator_rows(user=user, area=report.area, year=report.year, today=on)
    key = report.area.pk  # a commune's own value, or a province's roll-up
    out: list[tuple[str, ...]] = []
    for row in rows:
        ratio = row.value_at(key)
        met = row.meets_at(key)
        out.append(
            (
                row.indicator.name,
                "—" if row.target is None else f"{format_decimal(row.target)} %",
                _percent(ratio.percent),
                "—" if met is None else (_("Đạt") if met else _("Chưa đạt")),
            )
        )
    return out


def programme_document(report: Report, *, on: date) -> Document:
    """The yearly monitoring report of ``report.year``, dated ``on``."""
    as_of = min(on, date(report.year, 12, 31))
    projects = project_rows(report, on=as_of)
    return Document(
        **signature(report, on=on),
        period_line=_(
            "Kết quả thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy năm %(y)s,"
            " số liệu tính đến ngày %(on)s"
        )
        % {"y": report.year, "on": f"{as_of:%d/%m/%Y}"},
        sections=[
            (_("I. KẾT QUẢ THỰC HIỆN"), report.results),
            (_("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), report.shortcomings),
            (_("III. NHIỆM VỤ TRỌNG TÂM NĂM TỚI"), report.next_tasks),
            (_("IV. ĐỀ XUẤT, KIẾN NGHỊ"), report.proposals),
        ],
        figure_sections=[],
        table_title=_("Kinh phí và kết quả từng dự án:"),
        table_headers=(
            _("Dự án"),
            _("Vốn giao theo nguồn"),
            _("Vốn được giao"),
            _("Đã giải ngân"),
            _("Tỷ lệ giải ngân"),
            _("Sản phẩm, kết quả"),
        ),
        table_rows=projects,
        tables=[
            (
                _("Chỉ tiêu của Chương trình:"),
                (_("Chỉ tiêu"), _("Chỉ tiêu năm"), _("Kết quả"), _("Đánh giá")),
                indicator_table(report, on=as_of),
            )
        ],
    )
