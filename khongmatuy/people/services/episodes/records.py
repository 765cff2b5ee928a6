"""What every episode write shares: checks of its input, the event it logs, the audited save,
and the person's category kept in step with the episode."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError

from ... import durations
from ...choices import Category, EpisodeKind, EpisodeStatus
from ...models import DossierItem, Episode, EpisodeEvent, Person, PersonCategory

K = EpisodeKind
S = EpisodeStatus

MAX_TEXT = 250
MAX_DEDUCTED_DAYS = 366  # the procedure never lasts a year; a bigger figure is a typo


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


# --- small pieces ---------------------------------------------------------------------------------


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


# Quitting these on one's own starts the Criminal Code Art. 256a window.
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
