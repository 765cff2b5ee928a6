"""Households of a residential group, their annual commitments, and the paper-list counts.

Nghị quyết Đảng bộ phường Thành Đông II.2.2 (Thành Đông: every household commits by the end of
2026), Kế hoạch UBND phường Cao Xanh III.2 (Cao Xanh): a household commits that no member takes part
in drug crime or drug use. A group keeps either its list (households and their commitments) or, on
paper only, its counts for a year: never both for the same group and year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import storage, validators
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.scoping import scope_for
from khongmatuy.tips import uploads

from ..models import Household, HouseholdCommitment, HouseholdCount

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

MAX_MEMBERS = 99


def _check_group(actor: User, group: Area) -> None:
    if group.level != Level.GROUP or not scope_for(actor).contains(group):
        raise DomainError(
            {"area": _("“%(name)s” không phải tổ dân phố của bạn.") % {"name": group}}
        )


def _paper_years(group: Area) -> set[int]:
    return set(HouseholdCount.objects.filter(area=group).values_list("year", flat=True))


def _refuse_paper_year(group: Area, year: int, field: str) -> None:
    if year in _paper_years(group):
        raise DomainError(
            {
                field: _(
                    "Năm %(year)s tổ này đã ghi số liệu theo sổ giấy: không ghi thêm danh sách hộ."
                )
                % {"year": year}
            }
        )


@dataclass(frozen=True)
class HouseholdSpec:
    """One household to add, with its commitment of the year when ``signed_on`` is given."""

    head_name: str
    address: str = ""
    members: int | None = None
    signed_on: date | None = None
    signed_by: str = ""


def _new_household(group: Area, spec: HouseholdSpec, *, field_prefix: str = "") -> Household:
    head = validators.required_text(
        spec.head_name,
        field=f"{field_prefix}head_name",
        message=_("Ghi họ tên chủ hộ."),
        max_length=150,
    )
    address = validators.limited_text(
        spec.address.strip(), field=f"{field_prefix}address", max_length=250
    )
    if spec.members is not None and not 0 < spec.members <= MAX_MEMBERS:
        raise DomainError(
            {f"{field_prefix}members": _("Số nhân khẩu từ 1 đến %(n)s.") % {"n": MAX_MEMBERS}}
        )
    return Household(
        area=group,
        head_name=head,
        head_name_sort=name_sort_string(head),
        address=address,
        members=spec.members,
    )


@transaction.atomic
def household_add(*, actor: User, group: Area, spec: HouseholdSpec, today: date) -> Household:
    """Add one household by hand (and its commitment of the year if signed)."""
    _check_group(actor, group)
    household = _new_household(group, spec)
    if spec.signed_on is not None:
        _refuse_paper_year(group, spec.signed_on.year, "signed_on")
    household.full_clean()
    household.save()
    audit.record_change(actor=actor, obj=household, before=None)
    if spec.signed_on is not None:
        commitment_record(
            actor=actor,
            household=household,
            signed_on=spec.signed_on,
            signed_by=spec.signed_by or spec.head_name,
            today=today,
        )
    return household


@transaction.atomic
def household_update(
    *, actor: User, household: Household, head_name: str, address: str = "", members: int | None
) -> Household:
    """Correct a household's head, address or members (checked as when it was added)."""
    household = Household.objects.select_for_update().select_related("area").get(pk=household.pk)
    _check_group(actor, household.area)
    checked = _new_household(
        household.area, HouseholdSpec(head_name=head_name, address=address, members=members)
    )
    before = audit.snapshot(household)
    household.head_name = checked.head_name
    household.head_name_sort = checked.head_name_sort
    household.address = checked.address
    household.members = checked.members
    household.full_clean()
    household.save()
    audit.record_change(actor=actor, obj=household, before=before)
    return household


@transaction.atomic
def household_remove(*, actor: User, household: Household, note: str) -> Household:
    """Take a household off the group's list (moved away, split, entered twice). It is kept,
    inactive, with its commitments for the record; the coverage counts active households and
    their commitments only."""
    household = Household.objects.select_for_update().select_related("area").get(pk=household.pk)
    _check_group(actor, household.area)
    note = validators.required_text(
        note, field="note", message=_("Ghi lý do đưa hộ ra khỏi danh sách."), max_length=250
    )
    if not household.is_active:
        raise DomainError({"note": _("Hộ này đã được đưa ra khỏi danh sách.")})
    before = audit.snapshot(household)
    household.is_active = False
    household.save(update_fields=["is_active"])
    audit.record_change(actor=actor, obj=household, before=before, note=note)
    commitments = HouseholdCommitment.objects.filter(household=household, counted=True)
    if commitments.exists():
        uncounted = commitments.update(counted=False)
        audit.record_bulk(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            model=HouseholdCommitment,
            count=uncounted,
            area_id=household.area_id,
            tag=f"household-{household.pk}",
            note=note,
        )
    return household


@transaction.atomic
def households_import(
    *, actor: User, group: Area, specs: Sequence[HouseholdSpec], today: date
) -> list[Household]:
    """Add every household of a checked import, or none: one transaction, one bulk entry per
    table in the audit log. The rows were checked by ``imports.parse_households``; the checks
    that need the database (scope, paper years, dates) run again here."""
    _check_group(actor, group)
    errors: Errors = {}
    paper = _paper_years(group)
    for n, spec in enumerate(specs, start=2):
        if spec.signed_on is not None and (spec.signed_on > today or spec.signed_on.year in paper):
            add_error(
                errors,
                "file",
                _("Dòng %(row)s: ngày ký không hợp lệ (sau hôm nay, hoặc năm đã ghi theo sổ giấy).")
                % {"row": n},
            )
    raise_if(errors)
    households = [_new_household(group, spec) for spec in specs]
    Household.objects.bulk_create(households)
    audit.record_bulk(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        model=Household,
        count=len(households),
        area_id=group.pk,
        tag=f"household-import:{group.pk}",
    )
    commitments = [
        HouseholdCommitment(
            household=h,
            area=group,
            year=spec.signed_on.year,
            signed_on=spec.signed_on,
            signed_by=spec.signed_by or h.head_name,
        )
        for h, spec in zip(households, specs, strict=True)
        if spec.signed_on is not None
    ]
    if commitments:
        HouseholdCommitment.objects.bulk_create(commitments)
        audit.record_bulk(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            model=HouseholdCommitment,
            count=len(commitments),
            area_id=group.pk,
            tag=f"household-import:{group.pk}",
        )
    return households


@transaction.atomic
def commitment_record(
    *,
    actor: User,
    household: Household,
    signed_on: date,
    signed_by: str,
    today: date,
    scan: UploadedFile | None = None,
) -> HouseholdCommitment:
    """The household's commitment of the year of ``signed_on`` (one per year)."""
    _check_group(actor, household.area)
    errors: Errors = {}
    if signed_on > today:
        add_error(errors, "signed_on", _("Ngày ký không được sau hôm nay."))
    signer = validators.required_text(
        signed_by, field="signed_by", message=_("Ghi họ tên người ký."), max_length=150
    )
    if HouseholdCommitment.objects.filter(household=household, year=signed_on.year).exists():
        add_error(
            errors,
            "signed_on",
            _("Hộ này đã ký cam kết năm %(year)s.") % {"year": signed_on.year},
        )
    raise_if(errors)
    _refuse_paper_year(household.area, signed_on.year, "signed_on")
    checked = None
    if scan is not None:
        try:
            checked = uploads.check_uploads([scan], documents=True)[0]
        except uploads.UploadRefused as exc:
            raise DomainError({"scan": str(exc)}) from None
    commitment = HouseholdCommitment(
        household=household,
        area_id=household.area_id,
        year=signed_on.year,
        signed_on=signed_on,
        signed_by=signer,
    )
    stored: list[str] = []
    with storage.removed_on_failure(stored):
        if checked is not None:
            commitment.scan.save(checked.stored_name, checked.file, save=False)
            commitment.scan_type = checked.content_type
            stored.append(commitment.scan.name or "")
        commitment.full_clean()
        commitment.save()
        audit.record_change(actor=actor, obj=commitment, before=None)
    return commitment


@transaction.atomic
def household_counts_set(
    *, actor: User, group: Area, year: int, households: int, signed: int, as_of: date
) -> HouseholdCount:
    """A paper-only group's counts for ``year``; refused when the group keeps a list."""
    _check_group(actor, group)
    errors: Errors = {}
    if signed > households:
        add_error(errors, "signed", _("Số hộ đã ký không được lớn hơn số hộ."))
    if as_of.year != year:
        add_error(errors, "as_of", _("Ngày tính phải thuộc năm %(year)s.") % {"year": year})
    if Household.objects.filter(area=group, is_active=True).exists():
        add_error(
            errors,
            "year",
            _(
                "Tổ này đã có danh sách hộ: số hộ ký cam kết tính từ danh sách, "
                "không ghi số liệu sổ giấy."
            ),
        )
    raise_if(errors)
    count = HouseholdCount.objects.select_for_update().filter(area=group, year=year).first()
    before = audit.snapshot(count) if count is not None else None
    if count is None:
        count = HouseholdCount(area=group, year=year)
    count.households, count.signed, count.as_of = households, signed, as_of
    count.full_clean()
    count.save()
    audit.record_change(actor=actor, obj=count, before=before)
    return count
