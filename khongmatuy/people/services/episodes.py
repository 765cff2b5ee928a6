"""Writes of management episodes: open, complete, stop, restart, extend, cancel; the
compulsory-rehab dossier checklist; administrators' values of legal rules.

Every function is keyword-only, one transaction, checks everything before its first write
(guards in ``transitions.py``, dates from ``durations.py``), writes an ``EpisodeEvent`` for each
step and audits every row it saves in the same transaction. Each episode stores the rule
(code, version, confirmed) that computed its due date. Opening and closing an episode also keeps
the person's matching ``PersonCategory`` open or closed (audited here, through the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability

from .. import durations, transitions
from ..choices import Category, EpisodeKind, EpisodeStatus
from ..models import DossierItem, Episode, EpisodeEvent, LegalRuleSetting, Person, PersonCategory

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

K = EpisodeKind
S = EpisodeStatus

MAX_TEXT = 250
MAX_DEDUCTED_DAYS = 366  # the procedure never lasts a year; a bigger figure is a typo


class EventAction:
    """Values of ``EpisodeEvent.action``, with their Vietnamese labels."""

    OPENED = "opened"
    COMPLETED = "completed"
    STOPPED = "stopped"
    RESTARTED = "restarted"
    EXTENDED = "extended"
    CANCELLED = "cancelled"
    REOPENED = "reopened"
    DOSSIER_ITEM = "dossier_item"
    COURT_DECISION = "court_decision"

    LABELS = {
        OPENED: gettext_lazy("Bắt đầu"),
        COMPLETED: gettext_lazy("Hoàn thành"),
        STOPPED: gettext_lazy("Dừng trước thời hạn"),
        RESTARTED: gettext_lazy("Tính lại thời hạn (tái sử dụng)"),
        EXTENDED: gettext_lazy("Điều chỉnh thời hạn"),
        CANCELLED: gettext_lazy("Hủy (nhập nhầm)"),
        REOPENED: gettext_lazy("Khôi phục do hủy bước tiếp theo"),
        DOSSIER_ITEM: gettext_lazy("Cập nhật hồ sơ"),
        COURT_DECISION: gettext_lazy("Quyết định của Tòa án"),
    }


# The category a person holds while an episode of each kind runs (None: no category).
CATEGORY_BY_KIND: dict[str, str | None] = {
    K.USER_MANAGEMENT: Category.ILLEGAL_USER,
    K.ADDICTION_DETERMINATION: None,
    K.REHAB_HOME: Category.REHAB_VOLUNTARY_HOME,
    K.REHAB_FACILITY: Category.REHAB_VOLUNTARY_FACILITY,
    K.COMPULSORY_DOSSIER: None,
    K.COMPULSORY_REHAB: Category.REHAB_COMPULSORY,
    K.POST_REHAB: Category.POST_REHAB,
    K.METHADONE: Category.METHADONE,
}


# --- the compulsory-rehab dossier -------------------------------------------------------------


@dataclass(frozen=True)
class DossierItemSpec:
    code: str
    title: StrOrPromise
    required: bool = True
    title_minor: StrOrPromise = ""


COURT_DECISION = "court_decision"
FAMILY_NOTICE = "family_notice"
REVIEW = "review"
COURT_SUBMISSION = "court_submission"
# Documents compiled before the family is notified (a minor's 3 working days run from then).
COMPILE_ITEMS = ("request", "cv_summary", "residence", "test_results", "statement")

# Decree 116/2021 (adults), Law 73 Arts. 33-34 (minors): the documents of the dossier, in order,
# through to the court's decision. Form numbers are UNCONFIRMED (legal-basis §6.9) and not shown.
DOSSIER_ITEMS: tuple[DossierItemSpec, ...] = (
    DossierItemSpec(
        "request",
        gettext_lazy("Văn bản đề nghị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc"),
    ),
    DossierItemSpec("cv_summary", gettext_lazy("Bản tóm tắt lý lịch")),
    DossierItemSpec("residence", gettext_lazy("Tài liệu xác minh nơi cư trú")),
    DossierItemSpec(
        "test_results", gettext_lazy("Kết quả xét nghiệm, xác định tình trạng nghiện ma túy")
    ),
    DossierItemSpec(
        "prior_records",
        gettext_lazy("Tài liệu về việc sử dụng, cai nghiện ma túy trước đây (nếu có)"),
        required=False,
    ),
    DossierItemSpec("statement", gettext_lazy("Bản tự khai, tường trình của người bị đề nghị")),
    DossierItemSpec(
        FAMILY_NOTICE,
        gettext_lazy("Thông báo cho gia đình; ý kiến của gia đình"),
        title_minor=gettext_lazy(
            "Cha mẹ, người giám hộ đọc hồ sơ và có ý kiến (trong 03 ngày làm việc)"
        ),
    ),
    DossierItemSpec(
        REVIEW,
        gettext_lazy("Cơ quan có thẩm quyền kiểm tra tính pháp lý của hồ sơ"),
        title_minor=gettext_lazy("Chuyển hồ sơ đến cơ quan xem xét (trong 01 ngày)"),
    ),
    DossierItemSpec(
        COURT_SUBMISSION,
        gettext_lazy("Chuyển hồ sơ đề nghị Tòa án xem xét, quyết định"),
        title_minor=gettext_lazy("Chuyển hồ sơ đến Tòa án (trong 02 ngày)"),
    ),
    DossierItemSpec(COURT_DECISION, gettext_lazy("Quyết định của Tòa án")),
)
_SPECS = {s.code: s for s in DOSSIER_ITEMS}


def dossier_item_required(code: str) -> bool:
    spec = _SPECS.get(code)
    return spec.required if spec else False


# --- helpers ----------------------------------------------------------------------------------


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _text(value: str, field: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError({field: _("Dài quá %(n)s ký tự.") % {"n": limit}})
    return value


def _not_future(day: date | None, field: str, *, today: date) -> None:
    if day is not None and day > today:
        raise DomainError({field: _("Ngày %(d)s không được sau ngày hôm nay.") % {"d": _d(day)}})


def _event(
    *, episode: Episode, on: date, action: str, note: str, actor: User | None
) -> EpisodeEvent:
    event = EpisodeEvent(episode=episode, on=on, action=action, note=note[:MAX_TEXT], actor=actor)
    event.full_clean()
    event.save()
    audit.record_change(actor=actor, obj=event, before=None)
    return event


def _save(
    obj: Episode | DossierItem | PersonCategory,
    *,
    actor: User | None,
    before: audit.Snapshot | None,
) -> None:
    obj.full_clean()
    obj.save()
    audit.record_change(actor=actor, obj=obj, before=before)


def _locked(episode: Episode) -> Episode:
    """The episode re-read under a row lock (the caller is inside ``transaction.atomic``)."""
    return Episode.objects.select_for_update().select_related("person").get(pk=episode.pk)


def _person_episodes(person: Person) -> list[Episode]:
    return list(Episode.objects.filter(person=person).exclude(status=S.CANCELLED))


def _category_open(
    *, person: Person, kind: str, started_on: date, source: str, actor: User | None
) -> PersonCategory | None:
    """Open the category matching ``kind`` unless the person already holds it."""
    category = CATEGORY_BY_KIND.get(kind)
    if category is None:
        return None
    held = PersonCategory.objects.filter(
        person=person, category=category, ended_on__isnull=True
    ).first()
    if held is not None:
        return held
    row = PersonCategory(
        person=person,
        category=category,
        started_on=started_on,
        source=source[:MAX_TEXT],
        note=_("Tự động theo biện pháp quản lý"),
    )
    _save(row, actor=actor, before=None)
    return row


def _category_close(*, episode: Episode, ended_on: date, actor: User | None) -> None:
    """Close the category of ``episode``'s kind unless another active episode still needs it."""
    category = CATEGORY_BY_KIND.get(episode.kind)
    if category is None:
        return
    kinds = [k for k, c in CATEGORY_BY_KIND.items() if c == category]
    still = (
        Episode.objects.filter(person_id=episode.person_id, kind__in=kinds, status=S.ACTIVE)
        .exclude(pk=episode.pk)
        .exists()
    )
    if still:
        return
    for row in PersonCategory.objects.select_for_update().filter(
        person_id=episode.person_id, category=category, ended_on__isnull=True
    ):
        before = audit.snapshot(row)
        row.ended_on = max(ended_on, row.started_on)
        _save(row, actor=actor, before=before)


# Quitting these on one's own starts the Criminal Code Art. 256a window (legal-basis §6.10).
_QUIT_256A_KINDS = (K.REHAB_HOME, K.REHAB_FACILITY, K.METHADONE)


def _with_256a_warning(note: str, *, ended_on: date) -> str:
    """Add the end of the 2-year window of Criminal Code Art. 256a, when it is in force."""
    until = durations.criminal_256a_window_end(ended_on=ended_on, on=ended_on)
    if until is None:
        return note
    warning = _(
        "Sử dụng trái phép chất ma túy đến hết ngày %(d)s có thể bị truy cứu theo Điều 256a "
        "Bộ luật Hình sự"
    ) % {"d": _d(until)}
    return f"{note}. {warning}" if note else warning


def _rule_not_in_force(on: date) -> DomainError:
    return DomainError(
        {
            "started_on": _(
                "Không có quy định pháp luật trong bảng áp dụng cho ngày %(d)s (bảng bắt đầu từ "
                "01/01/2022, Luật 73/2021/QH14)."
            )
            % {"d": _d(on)}
        }
    )


# --- opening ----------------------------------------------------------------------------------


def _open(
    *,
    person: Person,
    kind: str,
    started_on: date,
    decision_number: str,
    decision_date: date | None,
    authority: str,
    planned_months: int | None,
    facility: str,
    deducted_days: int,
    actor: User | None,
    today: date,
    previous: Episode | None = None,
) -> Episode:
    """Open an episode; the caller holds the person's row lock."""
    if person.merged_into_id is not None or not person.is_active:
        raise InvalidTransition(
            {
                "__all__": _(
                    "Người này không còn trong danh sách quản lý (đã đưa ra khỏi danh sách hoặc "
                    "đã gộp vào hồ sơ khác); không mở biện pháp mới."
                )
            }
        )
    decision_number = _text(decision_number, "decision_number", limit=100)
    authority = _text(authority, "authority", limit=200)
    facility = _text(facility, "facility", limit=200)
    _not_future(decision_date, "decision_date", today=today)
    plan = transitions.plan_open(
        kind,
        episodes=_person_episodes(person),
        date_of_birth=person.date_of_birth,
        started_on=started_on,
        decision_date=decision_date,
        today=today,
    )
    if deducted_days and kind != K.COMPULSORY_REHAB:
        raise DomainError(
            {"deducted_days": _("Chỉ trừ thời gian quản lý khi lập hồ sơ cho cai nghiện bắt buộc.")}
        )
    if not 0 <= deducted_days <= MAX_DEDUCTED_DAYS:
        raise DomainError(
            {"deducted_days": _("Số ngày được trừ phải từ 0 đến %(n)s.") % {"n": MAX_DEDUCTED_DAYS}}
        )
    on = decision_date or started_on
    term_minor = plan.after_minor if kind == K.POST_REHAB else plan.is_minor
    overrides = durations.load_overrides()
    code = durations.term_rule_code(kind, is_minor=term_minor, after_kind=plan.after_kind)
    try:
        rule = durations.rule_for(code, on=on, overrides=overrides) if code else None
    except durations.RuleNotInForceError:
        raise _rule_not_in_force(on) from None
    transitions.check_planned_months(kind, rule=rule, planned_months=planned_months)
    term = durations.due_on_for(
        kind,
        started_on=started_on,
        is_minor=term_minor,
        planned_months=planned_months,
        after_kind=plan.after_kind,
        deducted_days=deducted_days,
        on=on,
        overrides=overrides,
    )
    if term.due_on is not None and term.due_on <= started_on:
        raise DomainError(
            {"deducted_days": _("Số ngày được trừ không được bằng hoặc vượt quá thời hạn.")}
        )
    episode = Episode(
        person=person,
        kind=kind,
        status=S.ACTIVE,
        authority=authority,
        decision_number=decision_number,
        decision_date=decision_date,
        started_on=started_on,
        planned_months=term.months,
        due_on=term.due_on,
        is_minor=plan.is_minor,
        facility=facility,
        previous=previous or plan.previous,
        rule_code=term.rule.code if term.rule else "",
        rule_version=term.rule.version if term.rule else "",
        rule_confirmed=term.rule.confirmed if term.rule else True,
        created_by=actor,
    )
    _save(episode, actor=actor, before=None)

    notes = [str(K(kind).label)]
    if term.due_on:
        notes.append(_("hạn đến hết ngày %(d)s") % {"d": _d(term.due_on)})
    if deducted_days:
        notes.append(
            _("đã trừ %(n)s ngày bị quản lý trong thời gian lập hồ sơ") % {"n": deducted_days}
        )
    if term.rule and not term.rule.confirmed:
        notes.append(_("quy định CHƯA XÁC NHẬN (%(v)s)") % {"v": term.rule.version})
    _event(
        episode=episode,
        on=started_on,
        action=EventAction.OPENED,
        note="; ".join(notes),
        actor=actor,
    )

    if kind == K.COMPULSORY_DOSSIER:
        _dossier_create_items(episode=episode, actor=actor)
    source = (
        _("Quyết định số %(n)s") % {"n": decision_number} if decision_number else str(K(kind).label)
    )
    _category_open(person=person, kind=kind, started_on=started_on, source=source, actor=actor)
    return episode


@transaction.atomic
def episode_open(
    *,
    person: Person,
    kind: str,
    started_on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    authority: str = "",
    planned_months: int | None = None,
    facility: str = "",
    deducted_days: int = 0,
    actor: User | None,
    today: date,
) -> Episode:
    """Open a management measure for ``person`` with its legal due date.

    ``deducted_days`` (compulsory rehab only) is the time spent under management during the
    dossier procedure, deducted from the term (Decree 116/2021 Arts. 44-45). Post-rehab
    management follows the person's latest completed rehab or methadone; compulsory rehab
    follows the dossier the court decided on (both linked as ``previous``).
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    return _open(
        person=person,
        kind=kind,
        started_on=started_on,
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority,
        planned_months=planned_months,
        facility=facility,
        deducted_days=deducted_days,
        actor=actor,
        today=today,
    )


# --- ending and changing ----------------------------------------------------------------------


@transaction.atomic
def episode_complete(
    *,
    episode: Episode,
    ended_on: date,
    outcome: str = "",
    early_reason: str = "",
    addicted: bool | None = None,
    actor: User | None,
    today: date,
) -> Episode:
    """Complete the measure on ``ended_on`` (not before its due date without a lawful early-end
    reason, see ``transitions.check_complete``). An addiction determination records its result
    (``addicted``); a positive one opens the person's "addict" category (Law 73 Art. 2, 27)."""
    episode = _locked(episode)
    outcome = _text(outcome, "outcome")
    transitions.check_complete(episode, ended_on=ended_on, early_reason=early_reason, today=today)
    if episode.kind == K.ADDICTION_DETERMINATION and addicted is None:
        raise DomainError(
            {"addicted": _("Ghi rõ kết luận: có nghiện ma túy hay không nghiện ma túy.")}
        )
    if episode.kind == K.ADDICTION_DETERMINATION:
        verdict = _("Kết luận: nghiện ma túy") if addicted else _("Kết luận: không nghiện ma túy")
        outcome = f"{verdict}. {outcome}" if outcome else verdict
    if early_reason and episode.due_on and ended_on < episode.due_on:
        label = str(transitions.EarlyEnd(early_reason).label)
        outcome = f"{label}. {outcome}" if outcome else label
    before = audit.snapshot(episode)
    episode.status = S.COMPLETED
    episode.ended_on = ended_on
    episode.outcome = outcome[:MAX_TEXT]
    _save(episode, actor=actor, before=before)
    note = outcome
    if episode.kind == K.POST_REHAB:
        note = _with_256a_warning(note, ended_on=ended_on)
    _event(episode=episode, on=ended_on, action=EventAction.COMPLETED, note=note, actor=actor)
    _category_close(episode=episode, ended_on=ended_on, actor=actor)
    if episode.kind == K.ADDICTION_DETERMINATION and addicted:
        row = PersonCategory.objects.filter(
            person_id=episode.person_id, category=Category.ADDICT, ended_on__isnull=True
        ).first()
        if row is None:
            row = PersonCategory(
                person_id=episode.person_id,
                category=Category.ADDICT,
                started_on=ended_on,
                source=_("Kết quả xác định tình trạng nghiện"),
            )
            _save(row, actor=actor, before=None)
    return episode


@transaction.atomic
def episode_stop(
    *,
    episode: Episode,
    ended_on: date,
    reason: str,
    note: str = "",
    actor: User | None,
    today: date,
) -> Episode:
    """Stop the measure early for one of the grounds the law lists for its kind
    (``transitions.STOP_REASONS_BY_KIND``; Decree 105 Art. 48, Law 73 Arts. 32, 43)."""
    episode = _locked(episode)
    note = _text(note, "note")
    transitions.check_stop(episode, ended_on=ended_on, reason=reason, today=today)
    label = str(transitions.StopReason(reason).label)
    outcome = f"{label}. {note}" if note else label
    before = audit.snapshot(episode)
    episode.status = S.STOPPED
    episode.ended_on = ended_on
    episode.outcome = outcome[:MAX_TEXT]
    _save(episode, actor=actor, before=before)
    event_note = outcome
    if reason == transitions.StopReason.QUIT and episode.kind in _QUIT_256A_KINDS:
        event_note = _with_256a_warning(outcome, ended_on=ended_on)
    _event(episode=episode, on=ended_on, action=EventAction.STOPPED, note=event_note, actor=actor)
    _category_close(episode=episode, ended_on=ended_on, actor=actor)
    return episode


@transaction.atomic
def episode_restart(
    *,
    episode: Episode,
    started_on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    authority: str = "",
    note: str = "",
    actor: User | None,
    today: date,
) -> Episode:
    """Reuse during user management: close the running episode as RESTARTED on ``started_on``
    and open a new 12-month one from the new decision, linked by ``previous`` (Decree 105
    Arts. 42-43). Returns the new episode."""
    person = Person.objects.select_for_update().get(pk=episode.person_id)
    episode = _locked(episode)
    note = _text(note, "note")
    transitions.check_restart(episode, started_on=started_on, today=today)
    _not_future(decision_date, "decision_date", today=today)
    outcome = _("Tái sử dụng trong thời gian quản lý; tính lại thời hạn từ %(d)s") % {
        "d": _d(started_on)
    }
    if note:
        outcome = f"{outcome}. {note}"
    before = audit.snapshot(episode)
    episode.status = S.RESTARTED
    episode.ended_on = started_on
    episode.outcome = outcome[:MAX_TEXT]
    _save(episode, actor=actor, before=before)
    _event(episode=episode, on=started_on, action=EventAction.RESTARTED, note=outcome, actor=actor)
    return _open(
        person=person,
        kind=episode.kind,
        started_on=started_on,
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority or episode.authority,
        planned_months=None,
        facility=episode.facility,
        deducted_days=0,
        actor=actor,
        today=today,
        previous=episode,
    )


@transaction.atomic
def episode_extend(
    *,
    episode: Episode,
    planned_months: int,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
    actor: User | None,
    today: date,
) -> Episode:
    """Set a longer term for compulsory rehab, within the legal maximum of the rule version that
    computed it (Law 73 Art. 32: 24 months; Arts. 33-34: 12 for minors). The deduction for time
    managed during the procedure is kept (Decree 116 Arts. 44-45)."""
    episode = _locked(episode)
    decision_number = _text(decision_number, "decision_number", limit=100)
    note = _text(note, "note")
    _not_future(decision_date, "decision_date", today=today)
    transitions.check_action(episode, transitions.Action.EXTEND)
    on = episode.decision_date or episode.started_on
    try:
        rule = durations.rule_for(episode.rule_code, on=on)
    except durations.RuleNotInForceError:
        raise _rule_not_in_force(on) from None
    transitions.check_extend(episode, planned_months=planned_months, rule=rule)
    old_months = episode.planned_months or planned_months
    if episode.due_on is None:  # defensive: a compulsory term always has a due date
        raise InvalidTransition({"__all__": _("Biện pháp này không có thời hạn để điều chỉnh.")})
    new_due = durations.extended_due_on(
        started_on=episode.started_on,
        old_months=old_months,
        old_due_on=episode.due_on,
        new_months=planned_months,
    )
    before = audit.snapshot(episode)
    episode.planned_months = planned_months
    episode.due_on = new_due
    _save(episode, actor=actor, before=before)
    text = _("Từ %(old)s lên %(new)s tháng; hạn mới đến hết ngày %(due)s") % {
        "old": old_months,
        "new": planned_months,
        "due": _d(new_due),
    }
    if decision_number:
        text += _("; quyết định số %(n)s") % {"n": decision_number}
    if note:
        text += f". {note}"
    _event(
        episode=episode,
        on=decision_date or today,
        action=EventAction.EXTENDED,
        note=text,
        actor=actor,
    )
    return episode


@transaction.atomic
def episode_cancel(*, episode: Episode, reason: str, actor: User | None, today: date) -> Episode:
    """Cancel an episode entered by mistake. An episode that others build on must have those
    cancelled first; cancelling a restart's new episode reopens the one it had closed."""
    episode = _locked(episode)
    reason = _text(reason, "reason")
    if not reason:
        raise DomainError({"reason": _("Ghi lý do hủy (ví dụ: nhập nhầm người, nhầm biện pháp).")})
    transitions.check_cancel(episode, successors=list(episode.next_episodes.all()))
    was_active = episode.status == S.ACTIVE
    before = audit.snapshot(episode)
    episode.status = S.CANCELLED
    episode.ended_on = episode.ended_on or episode.started_on
    episode.outcome = (_("Hủy do nhập nhầm: %(r)s") % {"r": reason})[:MAX_TEXT]
    _save(episode, actor=actor, before=before)
    _event(episode=episode, on=today, action=EventAction.CANCELLED, note=reason, actor=actor)

    previous = episode.previous
    if previous is not None and previous.status == S.RESTARTED and previous.kind == episode.kind:
        previous = _locked(previous)
        before = audit.snapshot(previous)
        previous.status = S.ACTIVE
        previous.ended_on = None
        previous.outcome = ""
        _save(previous, actor=actor, before=before)
        _event(
            episode=previous,
            on=today,
            action=EventAction.REOPENED,
            note=_("Biện pháp tính lại thời hạn đã bị hủy"),
            actor=actor,
        )
    elif was_active:
        _category_close(episode=episode, ended_on=episode.ended_on, actor=actor)
    return episode


# --- the dossier checklist --------------------------------------------------------------------


def _dossier_create_items(*, episode: Episode, actor: User | None) -> None:
    for position, spec in enumerate(DOSSIER_ITEMS, start=1):
        title = spec.title_minor if episode.is_minor and spec.title_minor else spec.title
        item = DossierItem(episode=episode, code=spec.code, title=str(title), position=position)
        _save(item, actor=actor, before=None)


def _dossier_refresh_due(
    *, episode: Episode, items: dict[str, DossierItem], actor: User | None
) -> None:
    """A minor's dossier: recompute the step deadlines of Law 73 Art. 34 from the dates done."""
    if not episode.is_minor:
        return
    compile_dates = [items[c].done_on for c in COMPILE_ITEMS if c in items]
    compiled_on = max(compile_dates) if compile_dates and all(compile_dates) else None  # type: ignore[type-var]
    deadlines = durations.minor_dossier_deadlines(
        compiled_on=compiled_on,
        family_commented_on=items[FAMILY_NOTICE].done_on,
        sent_to_review_on=items[REVIEW].done_on,
        on=episode.started_on,
    )
    wanted = {
        FAMILY_NOTICE: deadlines.family_comment_by,
        REVIEW: deadlines.to_review_by,
        COURT_SUBMISSION: deadlines.to_court_by,
    }
    for code, due in wanted.items():
        item = items[code]
        if item.due_on != due:
            before = audit.snapshot(item)
            item.due_on = due
            _save(item, actor=actor, before=before)


@transaction.atomic
def dossier_item_set(
    *,
    item: DossierItem,
    done_on: date | None,
    reference: str = "",
    note: str = "",
    court_applies: bool = True,
    actor: User | None,
    today: date,
) -> DossierItem:
    """Check off (or un-check, ``done_on=None``) one document of an open dossier.

    The court's decision can be recorded only once every required document is done and not
    before the submission to the court; it ends the dossier: completed when the court applies
    compulsory rehab (which may then be opened), stopped when it does not.
    """
    episode = _locked(item.episode)
    items = {i.code: i for i in DossierItem.objects.select_for_update().filter(episode=episode)}
    item = items[item.code]
    reference = _text(reference, "reference", limit=150)
    note = _text(note, "note")
    if episode.status != S.ACTIVE:
        raise InvalidTransition(
            {
                "__all__": _("Hồ sơ đã kết thúc (%(s)s), không sửa được.")
                % {"s": S(episode.status).label}
            }
        )
    _not_future(done_on, "done_on", today=today)
    if item.code == COURT_DECISION:
        if done_on is None:
            raise DomainError({"done_on": _("Nhập ngày Tòa án ra quyết định.")})
        missing = [
            i.title
            for code, i in items.items()
            if code != COURT_DECISION and dossier_item_required(code) and i.done_on is None
        ]
        if missing:
            raise InvalidTransition(
                {"done_on": _("Hồ sơ chưa đủ: %(items)s.") % {"items": "; ".join(missing)}}
            )
        submitted = items[COURT_SUBMISSION].done_on
        if submitted is not None and done_on < submitted:
            raise InvalidTransition(
                {
                    "done_on": _(
                        "Ngày quyết định của Tòa án không được trước ngày chuyển hồ sơ (%(d)s)."
                    )
                    % {"d": _d(submitted)}
                }
            )
        if done_on < episode.started_on:
            raise InvalidTransition(
                {
                    "done_on": _("Ngày quyết định không được trước ngày lập hồ sơ (%(d)s).")
                    % {"d": _d(episode.started_on)}
                }
            )

    before = audit.snapshot(item)
    item.done_on = done_on
    item.reference = reference
    item.note = note
    _save(item, actor=actor, before=before)

    if item.code != COURT_DECISION:
        status = _("xong ngày %(d)s") % {"d": _d(done_on)} if done_on else _("bỏ đánh dấu")
        _event(
            episode=episode,
            on=done_on or today,
            action=EventAction.DOSSIER_ITEM,
            note=f"{item.title}: {status}",
            actor=actor,
        )
        _dossier_refresh_due(episode=episode, items=items, actor=actor)
        return item

    assert done_on is not None  # noqa: S101  (checked above)
    before = audit.snapshot(episode)
    if court_applies:
        episode.status = S.COMPLETED
        text = _("Tòa án quyết định áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc")
    else:
        episode.status = S.STOPPED
        text = str(transitions.StopReason.COURT_REJECTED.label)
    if reference:
        text += _(" (quyết định số %(n)s)") % {"n": reference}
    episode.ended_on = done_on
    episode.outcome = text[:MAX_TEXT]
    _save(episode, actor=actor, before=before)
    _event(episode=episode, on=done_on, action=EventAction.COURT_DECISION, note=text, actor=actor)
    return item


# --- legal-rule settings ----------------------------------------------------------------------


MAX_MONTHS = 120
MAX_DAYS = 365


@transaction.atomic
def legal_rule_confirm(
    *,
    code: str,
    effective_from: date,
    months: int | None,
    months_max: int | None,
    days: int | None,
    article: str,
    note: str = "",
    actor: User,
) -> LegalRuleSetting:
    """An administrator sets a rule's value from the official text, which confirms it.

    Only for a (code, effective_from) of ``durations.RULES``; the values must have the shape of
    that rule (a range needs both bounds, a term its months, a time limit its days).
    """
    if not actor.can(Capability.CONFIGURE_RULES):
        raise PermissionDenied
    rule = durations.find_rule(code, effective_from)
    if rule is None:
        raise DomainError({"code": _("Không có quy định này trong bảng quy định.")})
    if rule.day_unit == durations.DayUnit.HOURS:
        raise DomainError(
            {"days": _("Quy định này tính theo giờ và đã được xác nhận; không sửa tại đây.")}
        )
    article = _text(article, "article")
    note = _text(note, "note")
    if not article:
        raise DomainError({"article": _("Ghi điều, khoản, văn bản căn cứ.")})
    for field, value, limit in (
        ("months", months, MAX_MONTHS),
        ("months_max", months_max, MAX_MONTHS),
        ("days", days, MAX_DAYS),
    ):
        if value is not None and not 1 <= value <= limit:
            raise DomainError({field: _("Giá trị phải từ 1 đến %(n)s.") % {"n": limit}})
    shape = next(
        r
        for r in durations.resolve_versions(code, overrides=durations.NO_OVERRIDES)
        if r.effective_from == effective_from
    )
    if shape.months_max is not None and (months is None or months_max is None):
        raise DomainError(
            {"months_max": _("Quy định này là một khoảng: nhập cả số tháng tối thiểu và tối đa.")}
        )
    if shape.months is not None and shape.months_max is None and months is None:
        raise DomainError({"months": _("Nhập số tháng.")})
    if shape.days is not None and days is None:
        raise DomainError({"days": _("Nhập số ngày.")})
    if months_max is not None and (months is None or months_max < months):
        raise DomainError(
            {"months_max": _("Số tháng tối đa phải lớn hơn hoặc bằng số tháng tối thiểu.")}
        )
    setting = (
        LegalRuleSetting.objects.select_for_update()
        .filter(code=code, effective_from=effective_from)
        .first()
    )
    before = audit.snapshot(setting) if setting is not None else None
    if setting is None:
        setting = LegalRuleSetting(code=code, effective_from=effective_from)
    setting.months = months
    setting.months_max = months_max
    setting.days = days
    setting.article = article
    setting.note = note
    setting.confirmed_by = actor
    setting.full_clean()
    setting.save()
    audit.record_change(actor=actor, obj=setting, before=before)
    return setting
