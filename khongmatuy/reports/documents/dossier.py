"""What a recognition dossier says: the area's stored evaluation with every criterion (value,
threshold, result, legal basis), the evidence list (the records behind each criterion, as the
lists that show them; what the record still lacks; the recognition decisions on file) and the
proposal. Rendered by the same .docx / .xlsx / PDF code as the periodic reports.

The recognition procedure (Decision 28/2025/QĐ-TTg; the local rules for residential groups)
asks the commune to send its evaluation with the documents that prove each criterion; the
dossier is that cover report, in the Decree 30/2020/NĐ-CP layout.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from khongmatuy.common.numbers import format_decimal
from khongmatuy.criteria.evaluate import COMPARATOR_SIGNS, with_unit
from khongmatuy.criteria.models import Recognition
from khongmatuy.criteria.rules import registry
from khongmatuy.criteria.selectors.evaluation import record_links

from .content import Document, signature

if TYPE_CHECKING:
    from khongmatuy.criteria.models import Evaluation

    from ..models import Report


def _number(value: Any, metric: str) -> str:
    if value is None or value == "":
        return "—"
    try:
        return with_unit(Decimal(str(value)), metric)
    except ArithmeticError:
        return str(value)


def _result(passed: bool | None) -> str:
    if passed is None:
        return _("Chưa kết luận")
    return _("Đạt") if passed else _("Không đạt")


def criteria_rows(evaluation: Evaluation) -> list[tuple[str, ...]]:
    """One row per criterion: criterion, value, threshold, result, legal basis."""
    rows: list[tuple[str, ...]] = []
    for r in evaluation.results:
        comparator = COMPARATOR_SIGNS.get(r.get("comparator", ""), r.get("comparator", ""))
        threshold = _number(r.get("threshold"), r.get("metric", ""))
        value = _number(r.get("value"), r.get("metric", ""))
        if r.get("window"):
            value = f"{value} ({r['window']})"
        rows.append(
            (
                f"{r.get('code', '')}. {r.get('label', '')}".strip(". "),
                value,
                f"{comparator} {threshold}".strip(),
                _result(r.get("passed")),
                str(r.get("article") or ""),
            )
        )
    return rows


def evidence(evaluation: Evaluation) -> list[str]:
    """The documents attached to the dossier, one line each."""
    area = evaluation.area
    lines: list[str] = []
    for r in evaluation.results:
        start = r.get("window_start")
        links = record_links(
            area=area,
            metric=r.get("metric", ""),
            on=evaluation.on,
            window_start=date.fromisoformat(start) if start else None,
        )
        for link in links:
            lines.append(
                _("Tiêu chí %(code)s: danh sách %(label)s (trên hệ thống: %(url)s)")
                % {"code": r.get("code", ""), "label": link.label.lower(), "url": link.url}
            )
    for missing in evaluation.missing_evidence:
        lines.append(_("Còn thiếu căn cứ: %(what)s") % {"what": missing})
    for recognition in Recognition.objects.filter(area=area).exclude(decision_number=""):
        lines.append(
            _("Quyết định công nhận số %(n)s ngày %(d)s của %(who)s")
            % {
                "n": recognition.decision_number,
                "d": f"{recognition.decision_date:%d/%m/%Y}" if recognition.decision_date else "",
                "who": recognition.authority,
            }
        )
    return lines


def rule_set_name(evaluation: Evaluation) -> str:
    """The rule set's name as of the evaluation (the catalogue of built-in and local sets)."""
    entry = next(
        (e for e in registry.catalogue(on=evaluation.on) if e.code == evaluation.rule_set_code),
        None,
    )
    return str(entry.current.name) if entry is not None else evaluation.rule_set_code


def dossier_document(report: Report, *, on: date) -> Document:
    """The dossier of ``report`` (its ``evaluation``), dated ``on``."""
    evaluation = report.evaluation
    if evaluation is None:  # the model allows it for periodic reports only
        raise ValueError("a recognition dossier needs its evaluation")
    criteria = criteria_rows(evaluation)
    attached = evidence(evaluation)
    met = sum(1 for r in evaluation.results if r.get("passed"))
    summary_line = _(
        "Kết quả đánh giá tính đến ngày %(on)s theo %(rules)s: đạt %(met)s/%(n)s tiêu chí; kết"
        " luận: %(result)s."
    ) % {
        "on": f"{evaluation.on:%d/%m/%Y}",
        "rules": rule_set_name(evaluation),
        "met": format_decimal(met),
        "n": format_decimal(len(criteria)),
        "result": _result(evaluation.passed).lower(),
    }
    return Document(
        **signature(report, on=on),
        period_line=summary_line,
        sections=[
            (_("I. KẾT QUẢ ĐÁNH GIÁ THEO TỪNG TIÊU CHÍ"), report.results),
            (
                _("II. DANH MỤC HỒ SƠ, TÀI LIỆU KÈM THEO"),
                "\n".join(f"{n}. {line}" for n, line in enumerate(attached, 1))
                or _("Không có tài liệu kèm theo."),
            ),
            (_("III. TỒN TẠI, HẠN CHẾ"), report.shortcomings),
            (_("IV. ĐỀ NGHỊ"), report.proposals),
        ],
        figure_sections=[],
        table_title=_("Kết quả từng tiêu chí:"),
        table_headers=(
            _("Tiêu chí"),
            _("Kết quả"),
            _("Yêu cầu"),
            _("Đánh giá"),
            _("Căn cứ"),
        ),
        table_rows=criteria,
        evidence=attached,
    )
