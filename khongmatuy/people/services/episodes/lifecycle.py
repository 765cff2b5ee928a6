"""Opening an episode, then completing, stopping, restarting, extending or cancelling it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError, InvalidTransition

from ... import durations
from ...choices import Category
from ...models import Episode, Person, PersonCategory
from ...rules import transitions
from ...rules.events import EventAction
from .dossier import (
    _dossier_create_items,
)
from .records import (
    _QUIT_256A_KINDS,
    MAX_DEDUCTED_DAYS,
    MAX_TEXT,
    K,
    S,
    _category_close,
    _category_open,
    _d,
    _event,
    _locked,
    _not_future,
    _person_episodes,
    _rule_not_in_force,
    _save,
    _text,
    _with_256a_warning,
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
        notes.append(
            _("quy định CHƯA XÁC NHẬN (%(v)s)")
            % {"v": durations.rule_in_words(term.rule.code, term.rule.version)}
        )
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
