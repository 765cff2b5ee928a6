"""Which status changes of a management episode the law allows, as data plus guard functions.

Guards are pure: they read the episode(s) handed to them and the rules of ``durations.py``, and
raise ``InvalidTransition`` (keyed by the form field at fault, Vietnamese message) for a step that
is not allowed. Authorization (who may act) is checked separately, by the views' capabilities.

Legal sources: Law 73/2021/QH14 Arts. 23, 27, 30-34, 40, 41;
Decree 105/2021 Arts. 42-43, 48; Decree 116/2021 Arts. 44-45, 81.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.common.dates import add_months
from khongmatuy.common.errors import InvalidTransition
from khongmatuy.common.transitions import Transition, TransitionTable

from .. import durations
from ..choices import EpisodeKind, EpisodeStatus, TransferStatus

if TYPE_CHECKING:
    from ..models import Episode

K = EpisodeKind
S = EpisodeStatus


class Action(StrEnum):
    COMPLETE = "complete"
    STOP = "stop"
    RESTART = "restart"
    EXTEND = "extend"
    CANCEL = "cancel"


# What each measure allows besides opening. The compulsory-rehab dossier is completed by
# recording the court's decision in its checklist, never by a plain "complete".
ACTIONS_BY_KIND: dict[str, frozenset[Action]] = {
    # Decree 105 Arts. 42-43, 48: ends after the year, stops early, restarts on reuse.
    K.USER_MANAGEMENT: frozenset({Action.COMPLETE, Action.STOP, Action.RESTART, Action.CANCEL}),
    K.ADDICTION_DETERMINATION: frozenset({Action.COMPLETE, Action.STOP, Action.CANCEL}),
    K.REHAB_HOME: frozenset({Action.COMPLETE, Action.STOP, Action.CANCEL}),
    K.REHAB_FACILITY: frozenset({Action.COMPLETE, Action.STOP, Action.CANCEL}),
    K.COMPULSORY_DOSSIER: frozenset({Action.STOP, Action.CANCEL}),
    # The term is decided within the legal range; it may be set longer, up to the maximum.
    K.COMPULSORY_REHAB: frozenset({Action.COMPLETE, Action.STOP, Action.EXTEND, Action.CANCEL}),
    K.POST_REHAB: frozenset({Action.COMPLETE, Action.STOP, Action.CANCEL}),
    K.METHADONE: frozenset({Action.COMPLETE, Action.STOP, Action.CANCEL}),
}

# From which statuses each action may start, and where it leads. A cancellation (data-entry
# error) may undo an episode in any state except an already cancelled one.
_ENDED = frozenset({S.COMPLETED, S.STOPPED, S.RESTARTED, S.TRANSFERRED})
_OPEN = frozenset({S.ACTIVE})
EPISODE_STEPS = TransitionTable(
    [
        Transition(Action.COMPLETE, _OPEN, S.COMPLETED),
        Transition(Action.STOP, _OPEN, S.STOPPED),
        Transition(Action.RESTART, _OPEN, S.RESTARTED),
        Transition(Action.EXTEND, _OPEN, None),
        Transition(Action.CANCEL, _OPEN | _ENDED, S.CANCELLED),
    ],
    field="__all__",
)

# A transfer is decided once: accepted, refused, or withdrawn by the proposing commune.
TRANSFER_STEPS = TransitionTable.from_graph(
    {
        TransferStatus.PENDING: (
            TransferStatus.ACCEPTED,
            TransferStatus.REFUSED,
            TransferStatus.CANCELLED,
        )
    },
    order=TransferStatus.values,
    field="__all__",
)

# Kinds whose completion is followed by post-rehab management (Law 73 Art. 40).
POST_REHAB_AFTER = (K.REHAB_HOME, K.REHAB_FACILITY, K.COMPULSORY_REHAB, K.METHADONE)
# Kinds for which the person's age decides the rules (Law 73 Arts. 32-34).
AGE_BOUND = (K.COMPULSORY_DOSSIER, K.COMPULSORY_REHAB)


class StopReason(models.TextChoices):
    """Grounds for stopping a measure early.

    Nghị định 105/2021/NĐ-CP, Điều 48; Luật Phòng, chống ma túy 2021, Điều 32.
    """

    ADDICTED = "addicted", gettext_lazy("Được xác định là người nghiện ma túy")
    COMMUNE_EDUCATION = (
        "commune_education",
        gettext_lazy("Bị áp dụng biện pháp giáo dục tại xã, phường, thị trấn"),
    )
    REFORM_SCHOOL = (
        "reform_school",
        gettext_lazy("Bị đưa vào trường giáo dưỡng, cơ sở giáo dục bắt buộc"),
    )
    IMPRISONED = "imprisoned", gettext_lazy("Chấp hành án phạt tù")
    DIED = "died", gettext_lazy("Chết")
    MISSING = "missing", gettext_lazy("Bị Tòa án tuyên bố mất tích")
    QUIT = "quit", gettext_lazy("Tự ý chấm dứt, không tiếp tục thực hiện")
    USED_DURING = (
        "used_during",
        gettext_lazy("Sử dụng trái phép chất ma túy trong thời gian cai nghiện"),
    )
    EXPELLED = "expelled", gettext_lazy("Bị đình chỉ điều trị do vi phạm")
    RELAPSE = "relapse", gettext_lazy("Tái nghiện trong thời gian quản lý sau cai nghiện")
    COURT_REJECTED = "court_rejected", gettext_lazy("Tòa án không chấp nhận đề nghị")


_COMMON_STOPS = (StopReason.IMPRISONED, StopReason.DIED, StopReason.MISSING)
STOP_REASONS_BY_KIND: dict[str, tuple[StopReason, ...]] = {
    # Decree 105 Art. 48: addicted, commune education, compulsory education
    # or reform school, imprisoned, dead or declared missing.
    K.USER_MANAGEMENT: (
        StopReason.ADDICTED,
        StopReason.COMMUNE_EDUCATION,
        StopReason.REFORM_SCHOOL,
        *_COMMON_STOPS,
    ),
    K.ADDICTION_DETERMINATION: _COMMON_STOPS,
    # Law 73 Art. 32 (a), (b): quitting or using during voluntary rehab.
    K.REHAB_HOME: (StopReason.QUIT, StopReason.USED_DURING, *_COMMON_STOPS),
    K.REHAB_FACILITY: (StopReason.QUIT, StopReason.USED_DURING, *_COMMON_STOPS),
    # Law 73 Art. 32 (c): quitting or being expelled from substitution treatment.
    K.METHADONE: (StopReason.QUIT, StopReason.EXPELLED, *_COMMON_STOPS),
    K.COMPULSORY_DOSSIER: (StopReason.COURT_REJECTED, *_COMMON_STOPS),
    K.COMPULSORY_REHAB: _COMMON_STOPS,
    # Law 73 Art. 32 (d), Art. 43: relapse; removal on prison, death, missing.
    K.POST_REHAB: (StopReason.RELAPSE, *_COMMON_STOPS),
}


class EarlyEnd(models.TextChoices):
    """Lawful grounds for completing a measure before its due date."""

    # Decree 116/2021: compulsory rehab cut by 3-6 months after half the term.
    REDUCED_TERM = (
        "reduced_term",
        gettext_lazy("Được giảm thời hạn chấp hành (đã chấp hành ít nhất một nửa thời hạn)"),
    )
    # Law 73 Arts. 30-31: voluntary rehab lasts 6-12 months; finishing the programme after the
    # minimum but before the planned end completes it.
    PROGRAMME_DONE = (
        "programme_done",
        gettext_lazy(
            "Hoàn thành chương trình cai nghiện trước thời hạn dự kiến (đã đủ thời hạn tối thiểu)"
        ),
    )


EARLY_ENDS_BY_KIND: dict[str, tuple[EarlyEnd, ...]] = {
    K.COMPULSORY_REHAB: (EarlyEnd.REDUCED_TERM,),
    K.REHAB_HOME: (EarlyEnd.PROGRAMME_DONE,),
    K.REHAB_FACILITY: (EarlyEnd.PROGRAMME_DONE,),
}


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _refuse(field: str, message: str) -> InvalidTransition:
    return InvalidTransition({field: message})


# --- opening ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenPlan:
    """What the guards decided about a new episode: minority, the episode it follows, and the
    facts the term depends on (``after_kind`` / ``after_minor`` for post-rehab)."""

    is_minor: bool
    previous: Episode | None
    after_kind: str | None = None
    after_minor: bool = False


def _age_facts(kind: str, *, date_of_birth: date | None, decision_on: date) -> bool:
    """Whether the person is a minor (12 to under 18) on the decision date, refusing what the law
    forbids for the age-bound measures (Law 73 Arts. 32-34)."""
    if date_of_birth is None:
        if kind in AGE_BOUND:
            raise _refuse(
                "kind",
                _(
                    "Chưa có ngày sinh của người này. Hãy cập nhật ngày sinh trước: tuổi tại "
                    "ngày quyết định quyết định việc áp dụng cai nghiện bắt buộc (Luật 73/2021 "
                    "Điều 32-34)."
                ),
            )
        return False
    age = durations.age_on(date_of_birth, decision_on)
    if kind in AGE_BOUND and age < durations.MINOR_MIN_AGE:
        raise _refuse(
            "kind",
            _(
                "Không áp dụng cai nghiện bắt buộc cho người dưới %(min)s tuổi (ngày %(on)s người "
                "này %(age)s tuổi; Luật 73/2021 Điều 33)."
            )
            % {"min": durations.MINOR_MIN_AGE, "on": _d(decision_on), "age": age},
        )
    return durations.MINOR_MIN_AGE <= age < durations.ADULT_AGE


def _latest_completed(episodes: Iterable[Episode], kinds: Sequence[str]) -> list[Episode]:
    done = [e for e in episodes if e.kind in kinds and e.status == S.COMPLETED and e.ended_on]
    return sorted(done, key=lambda e: (e.ended_on, e.pk or 0), reverse=True)


def plan_open(
    kind: str,
    *,
    episodes: Sequence[Episode],
    date_of_birth: date | None,
    started_on: date,
    decision_date: date | None,
    today: date,
) -> OpenPlan:
    """Check that ``kind`` may be opened for a person whose other ``episodes`` are given.

    Refuses: an unknown kind; a decision dated in the future; a second active episode of the same
    kind; post-rehab management for someone who never completed rehab or methadone (Law 73
    Art. 40) or starting before that completion; compulsory rehab without a completed dossier
    (court decision) or for a person under 12 or of unknown age (Arts. 32-34).
    """
    if kind not in ACTIONS_BY_KIND:
        raise _refuse("kind", _("Biện pháp không hợp lệ."))
    if decision_date is not None and decision_date > today:
        raise _refuse(
            "decision_date",
            _("Ngày quyết định (%(d)s) không được sau ngày hôm nay.") % {"d": _d(decision_date)},
        )
    if any(e.kind == kind and e.status == S.ACTIVE for e in episodes):
        raise _refuse(
            "kind",
            _("Người này đang có biện pháp “%(kind)s” chưa kết thúc.") % {"kind": K(kind).label},
        )
    decision_on = decision_date or started_on
    is_minor = _age_facts(kind, date_of_birth=date_of_birth, decision_on=decision_on)

    if kind == K.POST_REHAB:
        completed = _latest_completed(episodes, POST_REHAB_AFTER)
        if not completed:
            raise _refuse(
                "kind",
                _(
                    "Không thể áp dụng quản lý sau cai nghiện: người này chưa hoàn thành cai "
                    "nghiện hoặc điều trị thay thế nào (Luật 73/2021 Điều 40)."
                ),
            )
        before = [e for e in completed if e.ended_on is not None and e.ended_on <= started_on]
        if not before:
            raise _refuse(
                "started_on",
                _(
                    "Quản lý sau cai nghiện bắt đầu từ ngày hoàn thành cai nghiện, điều trị "
                    "(%(d)s), không được sớm hơn."
                )
                % {"d": _d(completed[0].ended_on)},  # type: ignore[arg-type]
            )
        prior = before[0]
        return OpenPlan(
            is_minor=is_minor,
            previous=prior,
            after_kind=prior.kind,
            after_minor=prior.kind == K.COMPULSORY_REHAB and prior.is_minor,
        )

    if kind == K.COMPULSORY_REHAB:
        dossiers = _latest_completed(episodes, (K.COMPULSORY_DOSSIER,))
        if not dossiers:
            raise _refuse(
                "kind",
                _(
                    "Chưa có hồ sơ đề nghị áp dụng cai nghiện bắt buộc được Tòa án quyết định. "
                    "Hãy hoàn tất danh mục hồ sơ (quyết định của Tòa án) trước."
                ),
            )
        dossier = dossiers[0]
        if dossier.ended_on is not None and started_on < dossier.ended_on:
            raise _refuse(
                "started_on",
                _("Ngày bắt đầu không được trước ngày Tòa án quyết định (%(d)s).")
                % {"d": _d(dossier.ended_on)},
            )
        return OpenPlan(is_minor=is_minor, previous=dossier)

    return OpenPlan(is_minor=is_minor, previous=None)


def check_planned_months(
    kind: str, *, rule: durations.ResolvedRule | None, planned_months: int | None
) -> None:
    """The term typed in must fit the rule: inside a range (Law 73 Arts. 30-34), equal to a fixed
    term (Arts. 23, 40) or absent for an open-ended measure (Art. 41)."""
    if rule is None or (rule.months is None and rule.months_max is None):
        if planned_months is not None:
            raise _refuse(
                "planned_months",
                _("Biện pháp “%(kind)s” không có thời hạn tính theo tháng; hãy để trống.")
                % {"kind": K(kind).label},
            )
        return
    if rule.is_range:
        low, high = rule.months, rule.months_max
        if (
            planned_months is None
            or low is None
            or high is None
            or not (low <= planned_months <= high)
        ):
            raise _refuse(
                "planned_months",
                _("Thời hạn phải từ %(min)s đến %(max)s tháng (%(article)s).")
                % {"min": low, "max": high, "article": rule.article},
            )
        return
    if planned_months is not None and planned_months != rule.months:
        raise _refuse(
            "planned_months",
            _(
                "Thời hạn của biện pháp này là %(n)s tháng (%(article)s); hãy để trống hoặc "
                "nhập %(n)s."
            )
            % {"n": rule.months, "article": rule.article},
        )


# --- changes of an open episode ---------------------------------------------------------------


def check_action(episode: Episode, action: Action) -> None:
    """The measure allows ``action`` and the episode is in a state it may start from."""
    if action not in ACTIONS_BY_KIND.get(episode.kind, frozenset()):
        if action == Action.COMPLETE and episode.kind == K.COMPULSORY_DOSSIER:
            raise _refuse(
                "__all__",
                _(
                    "Hồ sơ đề nghị chỉ hoàn thành khi ghi nhận quyết định của Tòa án trong danh "
                    "mục hồ sơ."
                ),
            )
        raise _refuse(
            "__all__",
            _("Biện pháp “%(kind)s” không có thao tác này.") % {"kind": K(episode.kind).label},
        )
    EPISODE_STEPS.guard(
        episode.status,
        action,
        message=_("Không thể thực hiện: biện pháp đang ở trạng thái “%(status)s”.")
        % {"status": S(episode.status).label},
    )


def check_end_date(
    episode: Episode, *, ended_on: date, today: date, field: str = "ended_on"
) -> None:
    """An end is neither before the start nor in the future."""
    if ended_on < episode.started_on:
        raise _refuse(
            field,
            _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).")
            % {"end": _d(ended_on), "start": _d(episode.started_on)},
        )
    if ended_on > today:
        raise _refuse(
            field, _("Ngày kết thúc (%(end)s) không được sau ngày hôm nay.") % {"end": _d(ended_on)}
        )


def check_complete(
    episode: Episode,
    *,
    ended_on: date,
    early_reason: str,
    today: date,
    overrides: durations.Overrides | None = None,
) -> None:
    """Completion on or after the due date; before it only with a lawful early end:
    a reduced compulsory term inside the Decree 116 window, or voluntary rehab after its
    minimum of 6 months (Law 73 Arts. 30-31). User management and post-rehab management run
    their full term (Decree 105 Art. 48; Law 73 Art. 40)."""
    check_action(episode, Action.COMPLETE)
    check_end_date(episode, ended_on=ended_on, today=today)
    due = episode.due_on
    if due is None or ended_on >= due:
        return
    if not early_reason:
        raise _refuse(
            "ended_on",
            _(
                "Chưa hết thời hạn (đến hết ngày %(due)s). Chỉ kết thúc trước hạn khi có lý do "
                "theo quy định; nếu không, hãy dùng “Dừng trước thời hạn”."
            )
            % {"due": _d(due)},
        )
    if early_reason not in EARLY_ENDS_BY_KIND.get(episode.kind, ()):
        raise _refuse(
            "early_reason", _("Lý do kết thúc trước hạn không áp dụng cho biện pháp này.")
        )
    on = episode.decision_date or episode.started_on
    if early_reason == EarlyEnd.REDUCED_TERM:
        window = durations.early_release_window(
            started_on=episode.started_on, due_on=due, on=on, overrides=overrides
        )
        if window is None or not window[0] <= ended_on <= window[1]:
            message = (
                _(
                    "Giảm thời hạn chỉ được khi đã chấp hành ít nhất một nửa thời hạn và giảm từ 3 "
                    "đến 6 tháng: ngày kết thúc phải từ %(first)s đến %(last)s."
                )
                % {"first": _d(window[0]), "last": _d(window[1])}
                if window
                else _("Thời hạn này quá ngắn để được giảm theo quy định.")
            )
            raise _refuse("ended_on", message)
    if early_reason == EarlyEnd.PROGRAMME_DONE:
        rule = durations.rule_for(episode.rule_code or episode.kind, on=on, overrides=overrides)
        minimum = rule.months or 0
        earliest = add_months(episode.started_on, minimum)
        if ended_on < earliest:
            raise _refuse(
                "ended_on",
                _("Chưa đủ thời hạn tối thiểu %(n)s tháng (đến ngày %(d)s; %(article)s).")
                % {"n": minimum, "d": _d(earliest), "article": rule.article},
            )


def check_stop(episode: Episode, *, ended_on: date, reason: str, today: date) -> None:
    """A stop before the term, for one of the grounds the law lists for this measure."""
    check_action(episode, Action.STOP)
    if reason not in STOP_REASONS_BY_KIND.get(episode.kind, ()):
        raise _refuse("reason", _("Lý do dừng không phù hợp với biện pháp này."))
    check_end_date(episode, ended_on=ended_on, today=today)


def check_restart(episode: Episode, *, started_on: date, today: date) -> None:
    """Reuse during user management: a new decision restarts the 12 months (Decree 105
    Arts. 42-43). The reuse must fall inside the running term; after it, close and open anew."""
    check_action(episode, Action.RESTART)
    if started_on < episode.started_on:
        raise _refuse(
            "started_on",
            _("Ngày quyết định mới không được trước ngày bắt đầu quản lý hiện tại (%(d)s).")
            % {"d": _d(episode.started_on)},
        )
    if started_on > today:
        raise _refuse(
            "started_on",
            _("Ngày bắt đầu (%(d)s) không được sau ngày hôm nay.") % {"d": _d(started_on)},
        )
    if episode.due_on is not None and started_on > episode.due_on:
        raise _refuse(
            "started_on",
            _(
                "Thời hạn quản lý đã hết ngày %(due)s: hãy kết thúc biện pháp này và mở một biện "
                "pháp quản lý mới."
            )
            % {"due": _d(episode.due_on)},
        )


def check_extend(episode: Episode, *, planned_months: int, rule: durations.ResolvedRule) -> None:
    """A longer term for compulsory rehab, never beyond the legal maximum (Law 73 Art. 32:
    24 months for adults; Arts. 33-34: 12 months for minors)."""
    check_action(episode, Action.EXTEND)
    current = episode.planned_months or 0
    if planned_months <= current:
        raise _refuse(
            "planned_months",
            _("Thời hạn mới phải dài hơn thời hạn hiện tại (%(n)s tháng).") % {"n": current},
        )
    if rule.months_max is not None and planned_months > rule.months_max:
        raise _refuse(
            "planned_months",
            _("Không được vượt quá %(max)s tháng (%(article)s).")
            % {"max": rule.months_max, "article": rule.article},
        )


def check_cancel(episode: Episode, *, successors: Iterable[Episode]) -> None:
    """A data-entry error may be cancelled unless a later episode still builds on it."""
    check_action(episode, Action.CANCEL)
    live = [e for e in successors if e.status != S.CANCELLED]
    if live:
        raise _refuse(
            "__all__",
            _("Hãy hủy trước biện pháp tiếp theo dựa trên biện pháp này (“%(kind)s”).")
            % {"kind": K(live[0].kind).label},
        )


# --- what can be done next (for the person page) ----------------------------------------------


def available_actions(episode: Episode) -> list[Action]:
    """The actions whose guards on kind and status pass (dates are checked on submission)."""
    return [
        a
        for a in Action
        if a in ACTIONS_BY_KIND.get(episode.kind, frozenset())
        and EPISODE_STEPS.allows(episode.status, a)
    ]


def openable_kinds(
    *, episodes: Sequence[Episode], date_of_birth: date | None, today: date
) -> list[str]:
    """The measures that could be opened today for this person (preconditions only)."""
    kinds = []
    for kind in ACTIONS_BY_KIND:
        try:
            plan_open(
                kind,
                episodes=episodes,
                date_of_birth=date_of_birth,
                started_on=today,
                decision_date=None,
                today=today,
            )
        except InvalidTransition:
            continue
        kinds.append(kind)
    return kinds
