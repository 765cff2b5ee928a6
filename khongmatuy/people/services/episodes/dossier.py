"""The compulsory-rehab dossier checklist: its items, their deadlines (a minor's from Luật Phòng,
chống ma túy 2021, Điều 34) and the court's decision that completes it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.public_holidays import public_holidays

from ... import durations
from ...models import DossierItem, Episode
from ...rules import transitions
from ...rules.dossier import (
    COMPILE_ITEMS,
    COURT_DECISION,
    COURT_SUBMISSION,
    DOSSIER_ITEMS,
    FAMILY_NOTICE,
    REVIEW,
    dossier_item_required,
)
from ...rules.events import EventAction
from .records import (
    MAX_TEXT,
    S,
    _d,
    _event,
    _locked,
    _not_future,
    _save,
    _text,
)

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
        holidays=public_holidays(),
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
