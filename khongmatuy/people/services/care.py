"""Writes of the care of a managed person: supervisors, contacts, drug tests, follow-ups, support.

Every function is keyword-only, one transaction, ``full_clean`` before saving, and audits itself.
Refusals are ``DomainError`` keyed by the form field (Vietnamese message); a step the record's
state does not allow (ending an ended supervision, resolving a resolved follow-up) is
``InvalidTransition``. Every check runs before the first write, so a refusal leaves nothing.

``actor`` is ``None`` only for system writes (demo data, imports run by a command). For a user,
the person must be visible to them (``Person.objects.for_user``): for a supervisor that means
the persons they currently supervise, so a supervisor records visits only for their own persons.
``today`` defaults to the local date; tests and imports pass it in.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability, Role
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import normalize

from ..choices import (
    Category,
    ContactForm,
    SupervisorKind,
    SupportKind,
    TestMethod,
    TestReason,
    TestResult,
)
from ..models import CarePolicy, Contact, DrugTest, FollowUp, Person, Supervision, SupportService
from ..rules.care import MAX_INTERVAL_DAYS, NOT_TRACKED

# --- checks (no writes) ---------------------------------------------------------------------


def _require(actor: User | None, person: Person, capability: Capability) -> None:
    """The actor's role holds ``capability`` and the person is in the actor's scope.

    Views already fetch the person through ``for_user`` (404 otherwise); this guards every
    other caller (API, commands) with the same rule.
    """
    if actor is None:
        return
    if not actor.can(capability):
        raise PermissionDenied
    if not Person.objects.for_user(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def _require_active(person: Person) -> None:
    if not person.is_active or person.merged_into_id is not None:
        raise DomainError(
            {"person": _("%(name)s không còn trong danh sách quản lý.") % {"name": person}}
        )


def _not_future(value: date, *, today: date, field: str) -> None:
    if value > today:
        raise DomainError(
            {
                field: _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.")
                % {"date": f"{value:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
            }
        )


def _check_supervisor_user(*, user: User, person: Person) -> None:
    """A supervisor account: role "supervisor", active, bound to an area containing the person's.

    Nghị quyết phường Thành Đông, III.4: each managed person has one or more people responsible
    for them; those with an account see only the persons assigned to them
    (``PersonQuerySet.for_user``), so the account must be able to see the person's residential
    group at all.
    """
    if user.role != Role.SUPERVISOR:
        raise DomainError(
            {
                "supervisor_user": _(
                    "Tài khoản “%(user)s” không có vai trò người được giao quản lý, giúp đỡ."
                )
                % {"user": user}
            }
        )
    if not user.is_active:
        raise DomainError(
            {"supervisor_user": _("Tài khoản “%(user)s” đã bị khóa.") % {"user": user}}
        )
    if not scope_for(user).contains(person.area):
        raise DomainError(
            {
                "supervisor_user": _(
                    "Tài khoản “%(user)s” không được giao địa bàn %(area)s nơi người này đang "
                    "được quản lý. Hãy giao địa bàn cho tài khoản trước."
                )
                % {"user": user, "area": person.area.name}
            }
        )


# --- supervisors ----------------------------------------------------------------------------


@transaction.atomic
def supervision_assign(
    *,
    actor: User | None,
    person: Person,
    name: str = "",
    kind: str,
    phone: str = "",
    started_on: date,
    supervisor_user: User | None = None,
    note: str = "",
    today: date | None = None,
) -> Supervision:
    """Make someone responsible for helping and supervising the person.

    Nghị quyết phường Thành Đông, III.4.

    Several supervisors at once are allowed; the same account twice at once is not. A named
    person without an account (a relative, a veteran) needs only a name.
    """
    _require(actor, person, Capability.MANAGE_PERSONS)
    _require_active(person)
    validators.choice(kind, SupervisorKind, field="kind")
    _not_future(started_on, today=today_or(today), field="started_on")
    phone = validators.phone(phone, field="phone")
    if supervisor_user is not None:
        _check_supervisor_user(user=supervisor_user, person=person)
        name = normalize(name) or supervisor_user.full_name or supervisor_user.username
        phone = phone or supervisor_user.phone
        if Supervision.objects.filter(
            person=person, supervisor_user=supervisor_user, ended_on__isnull=True
        ).exists():
            raise DomainError(
                {
                    "supervisor_user": _("%(user)s đang được giao quản lý, giúp đỡ người này.")
                    % {"user": supervisor_user}
                }
            )
    name = validators.required_text(name, field="name", message=_("Nhập họ tên người được giao."))
    supervision = Supervision(
        person=person,
        supervisor_user=supervisor_user,
        name=name,
        kind=kind,
        phone=phone,
        started_on=started_on,
        note=normalize(note),
    )
    supervision.full_clean()
    supervision.save()
    audit.record_change(actor=actor, obj=supervision, before=None)
    return supervision


@transaction.atomic
def supervision_end(
    *, actor: User | None, supervision: Supervision, ended_on: date, today: date | None = None
) -> Supervision:
    supervision = (
        Supervision.objects.select_for_update(of=("self",))
        .select_related("person__area")
        .get(pk=supervision.pk)
    )
    _require(actor, supervision.person, Capability.MANAGE_PERSONS)
    if supervision.ended_on is not None:
        raise InvalidTransition(
            {
                "ended_on": _("Việc giao quản lý, giúp đỡ này đã kết thúc ngày %(date)s.")
                % {"date": f"{supervision.ended_on:%d/%m/%Y}"}
            }
        )
    _not_future(ended_on, today=today_or(today), field="ended_on")
    if ended_on < supervision.started_on:
        raise DomainError(
            {
                "ended_on": _("Ngày kết thúc phải từ ngày bắt đầu (%(date)s) trở đi.")
                % {"date": f"{supervision.started_on:%d/%m/%Y}"}
            }
        )
    before = audit.snapshot(supervision)
    supervision.ended_on = ended_on
    supervision.full_clean()
    supervision.save(update_fields=["ended_on"])
    audit.record_change(actor=actor, obj=supervision, before=before)
    return supervision


# --- contacts -------------------------------------------------------------------------------


@transaction.atomic
def contact_record(
    *,
    actor: User | None,
    person: Person,
    contacted_on: date,
    form: str,
    content: str,
    observations: str = "",
    next_step: str = "",
    today: date | None = None,
) -> Contact:
    """A contact or visit (Decree 105/2021 Arts. 40-49: the management team's monthly check).

    Police, group leaders and the person's own supervisors (``RECORD_CONTACTS``) may record it.
    """
    _require(actor, person, Capability.RECORD_CONTACTS)
    _require_active(person)
    validators.choice(form, ContactForm, field="form")
    _not_future(contacted_on, today=today_or(today), field="contacted_on")
    contact = Contact(
        person=person,
        contacted_on=contacted_on,
        form=form,
        content=validators.required_text(
            content, field="content", message=_("Nhập nội dung tiếp xúc, thăm gặp.")
        ),
        observations=observations.strip(),
        next_step=normalize(next_step),
        recorded_by=actor,
    )
    contact.full_clean()
    contact.save()
    audit.record_change(actor=actor, obj=contact, before=None)
    return contact


# --- care policies --------------------------------------------------------------------------


def _check_interval(value: int | None, *, field: str, allow_zero: bool) -> None:
    low = 0 if allow_zero else 1
    if value is not None and not low <= value <= MAX_INTERVAL_DAYS:
        raise DomainError(
            {
                field: _("Số ngày phải từ %(low)s đến %(high)s.")
                % {"low": low, "high": MAX_INTERVAL_DAYS}
            }
        )


@transaction.atomic
def care_policy_set(
    *,
    actor: User | None,
    category: str,
    contact_interval_days: int | None,
    test_interval_days: int | None,
) -> CarePolicy:
    """Set the expected intervals of one category (administrator; ``CONFIGURE_RULES``).

    ``contact_interval_days`` ``None`` or 0 means no periodic contact is expected
    (stored as ``care.NOT_TRACKED``); ``test_interval_days`` ``None`` means no periodic test.
    """
    if actor is not None and not actor.can(Capability.CONFIGURE_RULES):
        raise PermissionDenied
    validators.choice(category, Category, field="category")
    _check_interval(contact_interval_days, field="contact_interval_days", allow_zero=True)
    _check_interval(test_interval_days, field="test_interval_days", allow_zero=False)
    policy = CarePolicy.objects.select_for_update(of=("self",)).filter(category=category).first()
    before = audit.snapshot(policy) if policy is not None else None
    if policy is None:
        policy = CarePolicy(category=category)
    policy.contact_interval_days = contact_interval_days or NOT_TRACKED
    policy.test_interval_days = test_interval_days
    policy.full_clean()
    policy.save()
    audit.record_change(actor=actor, obj=policy, before=before)
    return policy


@transaction.atomic
def care_policies_set(
    *, actor: User | None, changes: list[tuple[str, int | None, int | None]]
) -> list[CarePolicy]:
    """Several categories at once (the policy page): all saved or none."""
    return [
        care_policy_set(
            actor=actor, category=category, contact_interval_days=contact, test_interval_days=test
        )
        for category, contact, test in changes
    ]


# --- drug tests and follow-ups --------------------------------------------------------------


@transaction.atomic
def drug_test_record(
    *,
    actor: User | None,
    person: Person,
    tested_on: date,
    reason: str,
    method: str,
    kit_or_lab: str = "",
    substances: str = "",
    result: str,
    performed_by: str,
    today: date | None = None,
) -> DrugTest:
    """A drug test (Law 73/2021 Art. 22; Decree 105/2021 Arts. 38, 45-46), police only.

    A positive result opens a ``FollowUp``: the person's status must be reviewed (a user under
    management found using again is sent for addiction determination, Law 73 Art. 27; relapse
    during post-rehab management is a ground for compulsory rehab, Art. 32). It stays open until
    ``followup_resolve``.
    """
    _require(actor, person, Capability.MANAGE_PERSONS)
    _require_active(person)
    validators.choice(reason, TestReason, field="reason")
    validators.choice(method, TestMethod, field="method")
    validators.choice(result, TestResult, field="result")
    _not_future(tested_on, today=today_or(today), field="tested_on")
    test = DrugTest(
        person=person,
        tested_on=tested_on,
        reason=reason,
        method=method,
        kit_or_lab=normalize(kit_or_lab),
        substances=normalize(substances),
        result=result,
        performed_by=validators.required_text(
            performed_by, field="performed_by", message=_("Nhập người thực hiện xét nghiệm.")
        ),
        recorded_by=actor,
    )
    test.full_clean()
    test.save()
    audit.record_change(actor=actor, obj=test, before=None)
    if result == TestResult.POSITIVE:
        follow_up = FollowUp(person=person, test=test, opened_on=tested_on)
        follow_up.full_clean()
        follow_up.save()
        audit.record_change(actor=actor, obj=follow_up, before=None)
    return test


@transaction.atomic
def followup_resolve(
    *,
    actor: User | None,
    follow_up: FollowUp,
    resolution: str,
    resolved_on: date | None = None,
    today: date | None = None,
) -> FollowUp:
    """Close the review opened by a positive test, saying what was decided."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("person__area")
        .get(pk=follow_up.pk)
    )
    _require(actor, follow_up.person, Capability.MANAGE_PERSONS)
    if follow_up.resolved_on is not None:
        raise InvalidTransition(
            {
                "resolution": _("Việc này đã được xử lý xong ngày %(date)s.")
                % {"date": f"{follow_up.resolved_on:%d/%m/%Y}"}
            }
        )
    now = today_or(today)
    resolved_on = resolved_on or now
    _not_future(resolved_on, today=now, field="resolved_on")
    if resolved_on < follow_up.opened_on:
        raise DomainError(
            {
                "resolved_on": _("Ngày xử lý xong phải từ ngày mở (%(date)s) trở đi.")
                % {"date": f"{follow_up.opened_on:%d/%m/%Y}"}
            }
        )
    text = validators.required_text(
        resolution, field="resolution", message=_("Nhập kết quả xử lý.")
    )
    before = audit.snapshot(follow_up)
    follow_up.resolved_on = resolved_on
    follow_up.resolution = text
    follow_up.resolved_by = actor
    follow_up.full_clean()
    follow_up.save(update_fields=["resolved_on", "resolution", "resolved_by"])
    audit.record_change(actor=actor, obj=follow_up, before=before)
    return follow_up


# --- support --------------------------------------------------------------------------------


@transaction.atomic
def support_record(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    provided_on: date,
    provider: str,
    outcome: str = "",
    today: date | None = None,
) -> SupportService:
    """Counselling, medical or psychological support, legal aid, training, jobs, allowances.

    Post-rehab support content: Law 73/2021 Art. 40; Decree 116/2021.
    Indicator: Kế hoạch phường Thủy Nguyên, II.4-6.
    """
    _require(actor, person, Capability.RECORD_CONTACTS)
    _require_active(person)
    validators.choice(kind, SupportKind, field="kind")
    _not_future(provided_on, today=today_or(today), field="provided_on")
    support = SupportService(
        person=person,
        kind=kind,
        provided_on=provided_on,
        provider=validators.required_text(
            provider, field="provider", message=_("Nhập đơn vị, người thực hiện.")
        ),
        outcome=normalize(outcome),
    )
    support.full_clean()
    support.save()
    audit.record_change(actor=actor, obj=support, before=None)
    return support
