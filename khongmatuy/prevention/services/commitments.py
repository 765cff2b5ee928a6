"""Organisation commitments and a person's link to an organisation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Organisation
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.scoping import scope_for

from ..models import Affiliation, OrganisationCommitment

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.people.models import Person


@transaction.atomic
def organisation_commitment_record(
    *,
    actor: User,
    organisation: Organisation,
    year: int,
    signed_on: date,
    head_name: str,
    today: date,
    members_count: int | None = None,
    members_named: str = "",
) -> OrganisationCommitment:
    """The organisation's commitment of ``year`` (one per year), members counted or named."""
    errors: Errors = {}
    if not scope_for(actor).contains(organisation.area):
        add_error(errors, "organisation", _("Đơn vị không thuộc địa bàn của bạn."))
    if signed_on > today:
        add_error(errors, "signed_on", _("Ngày ký không được sau hôm nay."))
    if signed_on.year not in (year, year - 1):
        add_error(errors, "signed_on", _("Ngày ký phải thuộc năm cam kết hoặc cuối năm trước."))
    head = validators.required_text(
        head_name,
        field="head_name",
        message=_("Ghi họ tên người đứng đầu chịu trách nhiệm."),
        max_length=150,
    )
    names = "\n".join(line.strip() for line in members_named.splitlines() if line.strip())
    if members_count is None and names:
        members_count = len(names.splitlines())
    if OrganisationCommitment.objects.filter(organisation=organisation, year=year).exists():
        add_error(errors, "year", _("Đơn vị đã đăng ký cam kết năm %(year)s.") % {"year": year})
    raise_if(errors)
    commitment = OrganisationCommitment(
        organisation=organisation,
        year=year,
        signed_on=signed_on,
        head_name=head,
        members_count=members_count,
        members_named=names,
        recorded_by=actor,
    )
    commitment.full_clean()
    commitment.save()
    audit.record_change(actor=actor, obj=commitment, before=None)
    return commitment


@transaction.atomic
def affiliation_set(
    *, actor: User, person: Person, organisation: Organisation | None, relation: str = ""
) -> Affiliation | None:
    """Link ``person`` to ``organisation`` (None removes the link)."""
    scope = scope_for(actor)
    if not scope.contains(person.area):
        raise DomainError({"person": _("Người này không thuộc địa bàn của bạn.")})
    current = Affiliation.objects.select_for_update().filter(person=person).first()
    if organisation is None:
        if current is not None:
            audit.record_delete(actor=actor, obj=current)
            current.delete()
        return None
    if not scope.contains(organisation.area):
        raise DomainError({"organisation": _("Đơn vị không thuộc địa bàn của bạn.")})
    validators.choice(relation, Affiliation.Relation, field="relation")
    before = audit.snapshot(current) if current is not None else None
    link = current or Affiliation(person=person)
    link.organisation, link.relation = organisation, relation
    link.full_clean()
    link.save()
    audit.record_change(actor=actor, obj=link, before=before)
    return link
