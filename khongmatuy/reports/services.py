"""Every write of official reports: create, draft, approve, issue (number and freeze), correct.

Keyword-only, one transaction each, audited. Issuing is the only step that renders files: it runs
in the background worker (``tasks.ISSUE_JOB``) and stores the files, the figures and the rule
versions with the number, so an issued report is never recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.areas.choices import Level
from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.common.access import require_in_scope
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability
from khongmatuy.programme.services.common import check_year

from . import documents, figures
from .legal import cutoff_day_for
from .models import Report
from .rules import periods
from .rules.numbering import valid_body_code
from .rules.periods import CITATION, Period

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.criteria.models import Evaluation

EDITABLE = (*Report.LETTERHEAD, *Report.NARRATIVE)
REQUIRED = ("issuing_body", "body_code", "place_name", "summary", "signer_position", "signer_name")
REPORT_LEVELS = (Level.COMMUNE, Level.PROVINCE)
ISSUE_ATTEMPTS = 3  # renderings of one issue when other reports of the body take the number
Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, text: str = "") -> None:
    """Progress reported to nobody (a caller outside a job)."""


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    errors: Errors = {}
    out: dict[str, Any] = {}
    for name in EDITABLE:
        if name not in changes:
            continue
        value = str(changes[name] or "").strip()
        if name == "body_code":
            value = value.upper()
            if value and not valid_body_code(value):
                add_error(
                    errors,
                    name,
                    _("Chữ viết tắt của cơ quan: chữ in hoa, số và dấu gạch ngang (ví dụ CAP)."),
                )
        if name in REQUIRED and not value:
            add_error(errors, name, _("Trường này là bắt buộc."))
        if name == "authority" and value not in Report.Authority.values:
            add_error(errors, name, _("Chọn quyền hạn ký."))
        out[name] = value
    if out.get("authority") and not out.get("authority_body", changes.get("_authority_body", "x")):
        add_error(errors, "authority_body", _("Ghi tập thể hoặc người đứng đầu sau TM., KT."))
    raise_if(errors)
    return out


def _check_area(area: Area) -> None:
    if area.level not in REPORT_LEVELS:
        raise DomainError(
            {"area": [_("Báo cáo định kỳ lập cho xã, phường, đặc khu hoặc tỉnh, thành phố.")]}
        )


@transaction.atomic
def report_create(*, actor: User | None, area: Area, period: Period, **fields: Any) -> Report:
    """A draft periodic report of ``area`` for ``period``; the figures are live until issued. The
    period is cut on the area's province's cut-off day (``legal.cutoff_day_for``)."""
    require_in_scope(actor, Capability.DRAFT_REPORTS, area=area)
    _check_area(area)
    cutoff_day = cutoff_day_for(area)
    period = periods.period(period.kind, period.year, period.number, cutoff_day=cutoff_day)
    values = _clean(
        {name: fields.get(name, "") for name in EDITABLE if name in fields or name in REQUIRED}
    )
    report = Report(
        area=area,
        period_kind=period.kind,
        year=period.year,
        number_in_year=period.number,
        cutoff_day=cutoff_day,
        created_by=actor,
        **values,
    )
    report.full_clean()
    report.save()
    audit.record_change(actor=actor, obj=report, before=None)
    return report


@transaction.atomic
def programme_report_create(*, actor: User | None, area: Area, year: int, **fields: Any) -> Report:
    """A draft yearly monitoring report of the national target programme of ``area`` (a commune
    or a province) for ``year``: per project the money by source, disbursed, the rate against
    the schedule and the outputs, then the programme's indicators (``documents.programme``)."""
    require_in_scope(actor, Capability.DRAFT_REPORTS, area=area)
    _check_area(area)
    errors: Errors = {}
    check_year(errors, year)  # the programme's years (Nghị quyết 163/2024/QH15)
    raise_if(errors)
    values = _clean(
        {name: fields.get(name, "") for name in EDITABLE if name in fields or name in REQUIRED}
    )
    report = Report(
        area=area,
        kind=Report.Kind.PROGRAMME,
        period_kind=periods.PeriodKind.YEAR,
        year=year,
        number_in_year=1,
        cutoff_day=cutoff_day_for(area),
        created_by=actor,
        **values,
    )
    report.full_clean()
    report.save()
    audit.record_change(actor=actor, obj=report, before=None)
    return report


DOSSIER_LEVELS = (Level.COMMUNE, Level.GROUP)


@transaction.atomic
def dossier_create(*, actor: User | None, evaluation: Evaluation, **fields: Any) -> Report:
    """A draft recognition dossier of the evaluated area: its stored ``evaluation`` (every
    criterion), the evidence list and the proposal, in the same layout as the reports. Dated by
    the evaluation's year (its period is the year, cut as the province cuts it)."""
    area = evaluation.area
    require_in_scope(actor, Capability.DRAFT_REPORTS, area=area)
    if area.level not in DOSSIER_LEVELS:
        raise DomainError(
            {"evaluation": [_("Hồ sơ đề nghị công nhận lập cho xã, phường hoặc tổ dân phố, thôn.")]}
        )
    values = _clean(
        {name: fields.get(name, "") for name in EDITABLE if name in fields or name in REQUIRED}
    )
    cutoff_day = cutoff_day_for(area)
    report = Report(
        area=area,
        kind=Report.Kind.DOSSIER,
        evaluation=evaluation,
        period_kind=periods.PeriodKind.YEAR,
        year=evaluation.on.year,
        number_in_year=1,
        cutoff_day=cutoff_day,
        created_by=actor,
        **values,
    )
    report.full_clean()
    report.save()
    audit.record_change(actor=actor, obj=report, before=None)
    return report


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update(of=("self",)).select_related("area").get(pk=report.pk)


@transaction.atomic
def report_update(
    *, actor: User | None, report: Report, version: int | None = None, **changes: Any
) -> Report:
    """Edit a draft (letterhead, signature, narrative). An approved draft goes back to draft: the
    leader approves what is issued."""
    report = _locked(report)
    require_in_scope(actor, Capability.DRAFT_REPORTS, obj=report)
    audit.version_check(report, version, yours=changes)
    if report.frozen:
        raise DomainError(
            {"status": [_("Báo cáo đã ban hành không sửa được; hãy lập bản đính chính.")]}
        )
    values = _clean(changes)
    before = audit.snapshot(report)
    for name, value in values.items():
        setattr(report, name, value)
    if report.status == Report.Status.APPROVED:
        report.status, report.approved_by, report.approved_at = Report.Status.DRAFT, None, None
    report.full_clean()
    report.save()
    audit.record_change(actor=actor, obj=report, before=before)
    return report


@transaction.atomic
def report_approve(*, actor: User | None, report: Report) -> Report:
    """A leader approves the draft as it stands (narrative and letterhead)."""
    report = _locked(report)
    require_in_scope(actor, Capability.ISSUE_REPORTS, obj=report)
    if report.status != Report.Status.DRAFT:
        raise DomainError({"status": [_("Chỉ duyệt được báo cáo đang là dự thảo.")]})
    missing = [name for name in ("results",) if not getattr(report, name).strip()]
    if missing:
        raise DomainError({"results": [_("Chưa có nội dung kết quả thực hiện.")]})
    before = audit.snapshot(report)
    report.status = Report.Status.APPROVED
    report.approved_by = actor
    report.approved_at = timezone.now()
    report.save()
    audit.record_change(actor=actor, obj=report, before=before)
    return report


def next_number(*, area: Area, body_code: str, year: int) -> int:
    """The next number of ``body_code`` of ``area`` in ``year`` (numbering per body and year,
    Decree 30/2020/NĐ-CP); call with the report row locked, in the issuing transaction."""
    last = Report.objects.filter(area=area, body_code=body_code, number_year=year).aggregate(
        n=Max("number")
    )["n"]
    return (last or 0) + 1


def rule_versions(report: Report | None = None) -> dict[str, str]:
    """The rules the figures were computed with, kept on an issued report."""
    from khongmatuy.criteria.models import RuleSetVersion

    versions = {
        "reporting_periods": CITATION,
        "cutoff_day": str(report.cutoff_day if report is not None else periods.CUTOFF_DAY),
        "document_layout": "Nghị định số 30/2020/NĐ-CP",
    }
    for code, version in RuleSetVersion.objects.values_list("code", "version").order_by(
        "code", "version"
    ):
        versions[f"rule_set:{code}"] = str(version)
    return versions


def render_files(
    report: Report,
    *,
    rows: list[figures.Row],
    on: date,
    formats: tuple[str, ...] = ("docx", "xlsx", "pdf"),
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """The files of ``report`` in ``formats`` (PDF only when LibreOffice is installed)."""
    step: Progress = progress or _no_progress
    document = documents.document_for(report, rows=rows, on=on)
    files: dict[str, bytes] = {}
    if "docx" in formats or "pdf" in formats:
        step(2, 5, _("Đang soạn tệp Word"))
        files["docx"] = documents.render_docx(document)
    if "xlsx" in formats:
        step(3, 5, _("Đang ghi phụ lục Excel"))
        files["xlsx"] = documents.render_xlsx(document)
    if "pdf" in formats and documents.converter_available():
        step(4, 5, _("Đang chuyển sang PDF"))
        files["pdf"] = documents.docx_to_pdf(files["docx"])
    return files


def report_issue(
    *, actor: User | None, report: Report, on: date, progress: Progress | None = None
) -> Report:
    """Issue an approved report: number it ("Số: NN/BC-XXX", per body and year), compute its
    figures as of the cut-off, render its files, and freeze all of it.

    The files take seconds (LibreOffice), so they are rendered outside the transaction with the
    number that is next when rendering starts; the transaction then locks the row and checks that
    this number is still the next one (another report of the same body issued meanwhile: render
    again with the new number). A long write lock would stall every other writer on SQLite.
    """
    step = progress or _no_progress
    if report.status != Report.Status.APPROVED:
        raise DomainError({"status": [_("Chỉ ban hành được báo cáo đã được lãnh đạo duyệt.")]})
    require_in_scope(actor, Capability.ISSUE_REPORTS, obj=report)
    step(1, 5, _("Đang tính số liệu tại ngày chốt"))
    rows = live_rows(report)
    for _attempt in range(ISSUE_ATTEMPTS):
        number = next_number(area=report.area, body_code=report.body_code, year=on.year)
        report.number, report.number_year, report.issued_on = number, on.year, on
        files = render_files(report, rows=rows, on=on, progress=step)
        with transaction.atomic():
            locked = _locked(report)
            if locked.status != Report.Status.APPROVED:
                raise DomainError({"status": [_("Báo cáo đã được ban hành hoặc đã bị sửa lại.")]})
            if next_number(area=locked.area, body_code=locked.body_code, year=on.year) != number:
                continue  # taken meanwhile: render again with the next number
            before = audit.snapshot(locked)
            locked.number, locked.number_year, locked.issued_on = number, on.year, on
            locked.status = Report.Status.ISSUED
            locked.issued_by = actor
            locked.figures = {
                "rows": figures.to_json(rows),
                "cutoff": report.period.end.isoformat(),
            }
            locked.rule_versions = rule_versions(locked)
            locked.docx, locked.xlsx, locked.pdf = files["docx"], files["xlsx"], files.get("pdf")
            locked.full_clean(exclude=["docx", "xlsx", "pdf"])
            locked.save()
            audit.record_change(actor=actor, obj=locked, before=before)
        step(5, 5, "")
        return locked
    raise DomainError({"status": [_("Đang có báo cáo khác được cấp số; hãy ban hành lại.")]})


@transaction.atomic
def report_correct(*, actor: User | None, report: Report) -> Report:
    """A correction of an issued report: a new draft (revision + 1) naming the one it replaces,
    with the same letterhead and narrative to edit."""
    report = _locked(report)
    require_in_scope(actor, Capability.DRAFT_REPORTS, obj=report)
    if not report.frozen:
        raise DomainError({"status": [_("Chỉ lập bản đính chính cho báo cáo đã ban hành.")]})
    if Report.objects.filter(replaces=report).exists():
        raise DomainError({"status": [_("Báo cáo này đã có bản đính chính.")]})
    copy = Report(
        area=report.area,
        kind=report.kind,
        evaluation=report.evaluation,
        cutoff_day=report.cutoff_day,
        period_kind=report.period_kind,
        year=report.year,
        number_in_year=report.number_in_year,
        replaces=report,
        revision=report.revision + 1,
        created_by=actor,
        **{name: getattr(report, name) for name in EDITABLE},
    )
    copy.full_clean()
    copy.save()
    audit.record_change(actor=actor, obj=copy, before=None)
    return copy


def live_rows(report: Report) -> list[figures.Row]:
    """A draft's figures, computed now; an issued report's, as frozen; none for a recognition
    dossier (its table is its stored evaluation) nor for the programme's yearly report (its
    tables are the projects and indicators, ``documents.programme``)."""
    if report.kind in (Report.Kind.DOSSIER, Report.Kind.PROGRAMME):
        return []
    if report.frozen:
        return figures.from_json(report.figures.get("rows", []))
    return figures.compute(area=report.area, period=report.period)
