"""What a report document says, independent of the file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from khongmatuy.common.numbers import format_decimal
from khongmatuy.programme.rules.money import format_money

from .. import figures as figures_mod

if TYPE_CHECKING:
    from ..models import Report

NOT_RECORDED = "chưa ghi nhận"


@dataclass(frozen=True)
class Document:
    parent_body: str
    issuing_body: str
    number_text: str
    date_line: str
    type_name: str
    summary: str
    period_line: str
    replaces_line: str
    sections: list[tuple[str, str]]  # (heading, text)
    figure_sections: list[tuple[str, list[figures_mod.Row]]]
    authority_line: str
    position: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    filing: str = "VT"
    # A table of text cells instead of the figures (the recognition dossier's criteria).
    table_title: str = ""
    table_headers: tuple[str, ...] = ()
    table_rows: list[tuple[str, ...]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    # Further tables of text cells after the first: (title, headers, rows).
    tables: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = field(default_factory=list)


def date_line(place: str, day: date) -> str:
    """ "Gia Viên, ngày 05 tháng 01 năm 2027": days below 10 and months 1–2 take a leading zero
    (Decree 30/2020/NĐ-CP, Appendix I, the place and date)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {
        "place": place,
        "d": f"{day.day:02d}",
        "m": month,
        "y": day.year,
    }


def cell(value: int | str | None, kind: str = "") -> str:
    """A figure as printed: 1.234 or 1.234,5; money "1.234.567 đ", a rate "45,5 %";
    "chưa ghi nhận" for a figure not recorded."""
    if value is None:
        return _(NOT_RECORDED)
    number = Decimal(value) if isinstance(value, str) else value
    if kind == figures_mod.MONEY:
        return format_money(number)
    if kind == figures_mod.PERCENT:
        return f"{format_decimal(number)} %"
    return format_decimal(number)


def change(row: figures_mod.Row) -> str:
    """This period against the same period last year: "+3", "-2", "0"; blank if not recorded."""
    if row.value is None or row.last_year is None:
        return ""
    delta = Decimal(str(row.value)) - Decimal(str(row.last_year))
    sign = "+" if delta > 0 else ""
    return f"{sign}{cell(str(delta), row.kind)}"


def signature(report: Report, *, on: date) -> dict[str, Any]:
    """What every kind of report prints the same way (Decree 30/2020/NĐ-CP, Appendix I): the
    letterhead, the number, the place and date, the type and summary, the line naming the
    report a correction replaces, the signature block (authority prefix, position, name) and
    "Nơi nhận:" with the filing."""
    replaces = ""
    if report.replaces is not None and report.replaces.number is not None:
        replaces = _("Thay thế Báo cáo số %(n)s ngày %(d)s") % {
            "n": report.replaces.number_text,
            "d": f"{report.replaces.issued_on:%d/%m/%Y}" if report.replaces.issued_on else "",
        }
    authority = f"{report.authority} {report.authority_body}".upper() if report.authority else ""
    return {
        "parent_body": report.parent_body.upper(),
        "issuing_body": report.issuing_body.upper(),
        "number_text": _("Số: %(n)s") % {"n": report.number_text},
        "date_line": date_line(report.place_name, on),
        "type_name": _("BÁO CÁO"),
        "summary": report.summary,
        "replaces_line": replaces,
        "authority_line": authority,
        "position": report.signer_position.upper(),
        "signer_name": report.signer_name,
        "recipients": report.recipient_lines(),
        "filing": report.filing,
    }


def document_for(report: Report, *, rows: list[figures_mod.Row], on: date) -> Document:
    """The document of ``report`` with ``rows``, dated ``on`` (a recognition dossier: its
    evaluation, ``dossier.dossier_document``)."""
    if report.kind == report.Kind.DOSSIER:
        from .dossier import dossier_document

        return dossier_document(report, on=on)
    if report.kind == report.Kind.PROGRAMME:
        from .programme import programme_document

        return programme_document(report, on=on)
    p = report.period
    return Document(
        **signature(report, on=on),
        period_line=_("Kỳ báo cáo: từ ngày %(s)s đến ngày %(e)s (%(c)s)")
        % {"s": f"{p.start:%d/%m/%Y}", "e": f"{p.end:%d/%m/%Y}", "c": p.citation},
        sections=[
            (_("I. KẾT QUẢ THỰC HIỆN"), report.results),
            (_("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), report.shortcomings),
            (_("III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"), report.next_tasks),
            (_("IV. ĐỀ XUẤT, KIẾN NGHỊ"), report.proposals),
        ],
        figure_sections=figures_mod.sections(rows),
        tables=roadmap_tables(report, on=p.end),
    )


def roadmap_tables(
    report: Report, *, on: date
) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """The area's own roadmaps, each target against what is achieved as of the cut-off day
    (``criteria.selectors.roadmaps.progress``, read in the drafter's scope like the dashboard);
    none when the area has no roadmap."""
    from khongmatuy.criteria.models import Roadmap
    from khongmatuy.criteria.selectors import roadmaps

    user = report.created_by
    if user is None:
        return []
    rows: list[tuple[str, ...]] = []
    own = Roadmap.objects.for_user(user).filter(area=report.area).order_by("name_sort", "pk")
    for roadmap in own:
        for t in roadmaps.progress(user=user, roadmap=roadmap, on=on).targets:
            status = _("Đạt") if t.reached else _("Chậm") if t.behind else _("Chưa đến hạn")
            rows.append(
                (
                    roadmap.name,
                    f"{t.target.due_on:%d/%m/%Y}",
                    format_decimal(t.expected),
                    format_decimal(t.actual),
                    status,
                )
            )
    if not rows:
        return []
    title = _("Lộ trình: chỉ tiêu và kết quả")  # as of the cut-off day, as the figures
    headers = (_("Lộ trình"), _("Hạn"), _("Chỉ tiêu"), _("Đạt"), _("Tình trạng"))
    return [(title, headers, rows)]
