"""The money of a commune project: allocations (with their disbursement schedule), adjustments,
commitments, disbursements, outputs.

Every service takes the commune project's row lock first, so two disbursements entered at once
cannot both pass the check against the allocation in force. A disbursement above the allocation
(allocations plus adjustments of the year) is refused, naming the amount still available
("1.234.567 đ"); recording an adjustment decision first is the only way past it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if

from ..choices import FundSource
from ..models import (
    Adjustment,
    Allocation,
    Commitment,
    CommuneProject,
    Disbursement,
    Output,
    Project,
    ScheduleStep,
)
from ..rules import schedule as schedule_rules
from ..rules.money import adjustment_shortfall, disbursement_excess, format_money
from ..selectors.ledger import ledger_of
from .common import check_amount, check_year, require_manager

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def _locked(commune_project: CommuneProject) -> CommuneProject:
    return (
        CommuneProject.objects.select_for_update()
        .select_related("area", "project")
        .get(pk=commune_project.pk)
    )


def _text(errors: Errors, value: str, *, field: str, message: str, max_length: int) -> str:
    """The required text, its refusal added to ``errors`` (so every refusal is shown at once)."""
    try:
        return validators.required_text(value, field=field, message=message, max_length=max_length)
    except DomainError as error:
        for key, messages in error.message_dict.items():
            for text in messages:
                add_error(errors, key, text)
        return ""


def _choice(errors: Errors, value: str, *, field: str) -> None:
    try:
        validators.choice(value, FundSource, field=field)
    except DomainError as error:
        for key, messages in error.message_dict.items():
            for text in messages:
                add_error(errors, key, text)


def _check_date(errors: Errors, day: date | None, *, year: int, today: date, field: str) -> None:
    if day is None:
        add_error(errors, field, _("Nhập ngày theo dạng dd/mm/yyyy."))
    elif day > today:
        add_error(errors, field, _("Ngày không được sau hôm nay."))
    elif day.year != year:
        add_error(errors, field, _("Ngày phải thuộc năm %(year)s.") % {"year": year})


@transaction.atomic
def commune_project_create(
    *,
    actor: User,
    area: Area,
    project: Project,
    lead: Organisation,
    note: str = "",
) -> CommuneProject:
    """A project the commune runs, led by one of its agencies (Kế hoạch UBND phường Thủy
    Nguyên III.1.b, III.3)."""
    require_manager(actor, area)
    errors: Errors = {}
    if area.level != Level.COMMUNE:
        add_error(errors, "area", _("Chọn một xã, phường."))
    if lead.area_id != area.pk and getattr(lead.area, "commune_id", None) != area.pk:
        add_error(errors, "lead", _("Đơn vị chủ trì phải thuộc xã, phường này."))
    if project.subprojects.exists():
        add_error(
            errors, "project", _("Dự án có tiểu dự án: chọn tiểu dự án xã, phường thực hiện.")
        )
    if CommuneProject.objects.filter(area=area, project=project).exists():
        add_error(errors, "project", _("Xã, phường đã có dự án này."))
    raise_if(errors)
    row = CommuneProject(
        area=area, project=project, lead=lead, note=note.strip()[:250], created_by=actor
    )
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=None)
    return row


@transaction.atomic
def commune_project_lead_set(
    *, actor: User, commune_project: CommuneProject, lead: Organisation, note: str = ""
) -> CommuneProject:
    """Another agency of the commune leads the project from now on (audited with the before)."""
    commune_project = _locked(commune_project)
    require_manager(actor, commune_project.area)
    if lead.area_id != commune_project.area_id and lead.area.commune_id != commune_project.area_id:
        raise DomainError({"lead": _("Đơn vị chủ trì phải thuộc xã, phường này.")})
    before = audit.snapshot(commune_project)
    commune_project.lead = lead
    commune_project.note = note.strip()[:250]
    commune_project.full_clean()
    commune_project.save()
    audit.record_change(actor=actor, obj=commune_project, before=before)
    return commune_project


@transaction.atomic
def allocation_record(
    *,
    actor: User,
    commune_project: CommuneProject,
    year: int,
    source: str,
    amount: Decimal | None,
    decision: str,
    decided_on: date | None,
    today: date,
    balanced_by: Organisation | None = None,
    schedule: Sequence[tuple[date, Decimal]] = (),
) -> Allocation:
    """The year's allocation of one source, and (when given) the year's disbursement schedule:
    cumulative shares by date, replacing the stored ones."""
    commune_project = _locked(commune_project)
    require_manager(actor, commune_project.area)
    errors: Errors = {}
    check_year(errors, year)
    _choice(errors, source, field="source")
    check_amount(errors, amount)
    decision = _text(
        errors, decision, field="decision", message=_("Ghi số quyết định giao vốn."), max_length=100
    )
    if decided_on is None:
        add_error(errors, "decided_on", _("Nhập ngày theo dạng dd/mm/yyyy."))
    elif decided_on > today:
        add_error(errors, "decided_on", _("Ngày không được sau hôm nay."))
    elif decided_on.year not in (year - 1, year):
        # The year's estimate is decided in December of the year before (Luật Ngân sách nhà
        # nước 2015, Art. 49-50) or during the year.
        add_error(
            errors,
            "decided_on",
            _("Ngày quyết định phải thuộc năm %(year)s hoặc năm trước.") % {"year": year},
        )
    if balanced_by is not None and balanced_by.area_id != commune_project.area_id:
        add_error(errors, "balanced_by", _("Đơn vị phải thuộc xã, phường này."))
    if Allocation.objects.filter(
        commune_project=commune_project, year=year, source=source
    ).exists():
        add_error(
            errors,
            "source",
            _("Đã giao vốn nguồn này năm %(year)s: ghi quyết định điều chỉnh.") % {"year": year},
        )
    steps = [schedule_rules.Step(until=d, share=s) for d, s in schedule]
    problems = schedule_rules.validate(steps)
    if any(s.until.year != year for s in steps):
        problems.append("year")
    if problems:
        add_error(
            errors,
            "schedule",
            _(
                "Tiến độ giải ngân: tỷ lệ lũy kế từ 0 đến 100 %%, không giảm dần, các mốc trong"
                " năm %(year)s."
            )
            % {"year": year},
        )
    raise_if(errors)
    allocation = Allocation(
        commune_project=commune_project,
        year=year,
        source=source,
        amount=amount,
        decision=decision,
        decided_on=cast(date, decided_on),  # refused above when missing
        balanced_by=balanced_by,
        recorded_by=actor,
    )
    allocation.full_clean()
    allocation.save()
    audit.record_change(actor=actor, obj=allocation, before=None)
    if steps:
        _schedule_replace(actor=actor, commune_project=commune_project, year=year, steps=steps)
    return allocation


def _schedule_replace(
    *,
    actor: User,
    commune_project: CommuneProject,
    year: int,
    steps: Sequence[schedule_rules.Step],
) -> None:
    for old in ScheduleStep.objects.filter(commune_project=commune_project, year=year):
        audit.record_delete(actor=actor, obj=old)
        old.delete()
    for step in sorted(steps, key=lambda s: s.until):
        row = ScheduleStep(
            commune_project=commune_project,
            year=year,
            until=step.until,
            share=step.share,
            recorded_by=actor,
        )
        row.full_clean()
        row.save()
        audit.record_change(actor=actor, obj=row, before=None)


@transaction.atomic
def adjustment_record(
    *,
    actor: User,
    commune_project: CommuneProject,
    year: int,
    source: str,
    amount: Decimal | None,
    decision: str,
    decided_on: date | None,
    reason: str,
    today: date,
) -> Adjustment:
    """A decision raising (positive) or lowering (negative) the year's allocation. Lowering
    below what was already disbursed is refused."""
    commune_project = _locked(commune_project)
    require_manager(actor, commune_project.area)
    errors: Errors = {}
    check_year(errors, year)
    _choice(errors, source, field="source")
    check_amount(errors, amount, signed=True)
    decision = _text(
        errors,
        decision,
        field="decision",
        message=_("Ghi số quyết định điều chỉnh."),
        max_length=100,
    )
    reason = _text(
        errors, reason, field="reason", message=_("Ghi lý do điều chỉnh."), max_length=250
    )
    if year is not None:
        _check_date(errors, decided_on, year=year, today=today, field="decided_on")
    raise_if(errors)
    amount = amount or Decimal(0)  # checked above: never None here
    ledger = ledger_of(commune_project=commune_project, year=year)
    if not ledger.allocated:
        raise DomainError(
            {"amount": _("Chưa giao vốn năm %(year)s: ghi vốn được giao trước.") % {"year": year}}
        )
    shortfall = adjustment_shortfall(ledger, amount)
    if shortfall:
        raise DomainError(
            {
                "amount": _(
                    "Giảm vốn xuống dưới số đã giải ngân (%(disbursed)s): chỉ giảm được tối đa"
                    " %(most)s."
                )
                % {
                    "disbursed": format_money(ledger.disbursed),
                    "most": format_money(ledger.remaining),
                }
            }
        )
    row = Adjustment(
        commune_project=commune_project,
        year=year,
        source=source,
        amount=amount,
        decision=decision,
        decided_on=cast(date, decided_on),  # refused above when missing
        reason=reason,
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=None)
    return row


@transaction.atomic
def commitment_record(
    *,
    actor: User,
    commune_project: CommuneProject,
    year: int,
    signed_on: date | None,
    amount: Decimal | None,
    document: str,
    content: str,
    today: date,
) -> Commitment:
    commune_project = _locked(commune_project)
    require_manager(actor, commune_project.area)
    errors: Errors = {}
    check_year(errors, year)
    check_amount(errors, amount)
    document = _text(
        errors, document, field="document", message=_("Ghi số hợp đồng, văn bản."), max_length=100
    )
    content = _text(errors, content, field="content", message=_("Ghi nội dung."), max_length=250)
    if year is not None:
        _check_date(errors, signed_on, year=year, today=today, field="signed_on")
    raise_if(errors)
    row = Commitment(
        commune_project=commune_project,
        year=year,
        signed_on=cast(date, signed_on),  # refused above when missing
        amount=amount,
        document=document,
        content=content,
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=None)
    return row


@transaction.atomic
def disbursement_record(
    *,
    actor: User,
    commune_project: CommuneProject,
    year: int,
    paid_on: date | None,
    amount: Decimal | None,
    document: str,
    today: date,
    content: str = "",
) -> Disbursement:
    """Money paid out. Refused above the allocation in force (allocations plus adjustments of
    the year), naming what is still available: record an adjustment decision first."""
    commune_project = _locked(commune_project)
    require_manager(actor, commune_project.area)
    errors: Errors = {}
    check_year(errors, year)
    check_amount(errors, amount)
    document = _text(
        errors, document, field="document", message=_("Ghi số chứng từ."), max_length=100
    )
    if year is not None:
        _check_date(errors, paid_on, year=year, today=today, field="paid_on")
    raise_if(errors)
    amount = amount or Decimal(0)  # checked above: never None here
    ledger = ledger_of(commune_project=commune_project, year=year)
    excess = disbursement_excess(ledger, amount)
    if excess:
        raise DomainError(
            {
                "amount": _(
                    "Số tiền giải ngân %(amount)s vượt vốn được giao năm %(year)s: còn lại"
                    " %(left)s (vượt %(excess)s). Ghi quyết định điều chỉnh vốn trước khi giải"
                    " ngân."
                )
                % {
                    "amount": format_money(amount),
                    "year": year,
                    "left": format_money(max(ledger.remaining, Decimal(0))),
                    "excess": format_money(excess),
                }
            }
        )
    row = Disbursement(
        commune_project=commune_project,
        year=year,
        paid_on=cast(date, paid_on),  # refused above when missing
        amount=amount,
        document=document,
        content=content.strip()[:250],
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=None)
    return row


@transaction.atomic
def output_record(
    *,
    actor: User,
    commune_project: CommuneProject,
    year: int,
    description: str,
    achieved_on: date | None,
    today: date,
    quantity: Decimal | None = None,
    unit: str = "",
) -> Output:
    commune_project = _locked(commune_project)
    require_manager(actor, commune_project.area)
    errors: Errors = {}
    check_year(errors, year)
    description = _text(
        errors,
        description,
        field="description",
        message=_("Ghi sản phẩm, kết quả."),
        max_length=250,
    )
    if quantity is not None and quantity < 0:
        add_error(errors, "quantity", _("Số lượng không được âm."))
    if year is not None:
        _check_date(errors, achieved_on, year=year, today=today, field="achieved_on")
    raise_if(errors)
    row = Output(
        commune_project=commune_project,
        year=year,
        description=description,
        quantity=quantity,
        unit=unit.strip()[:40],
        achieved_on=cast(date, achieved_on),  # refused above when missing
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=None)
    return row
