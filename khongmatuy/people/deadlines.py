"""Resolution of the legal rules of ``durations.RULES`` and the dates computed from them.

``rule_for`` picks the version of a rule in force on a date and applies an administrator's
confirmed value (``khongmatuy.legal``); the term and deadline functions turn a start date into
the last day of a measure or a procedural step, each citing the article its rule gives. The table
itself, with every article, stays in ``durations``, which re-exports this module's names so callers
import one module.

Everything here is a pure function of its arguments except ``load_overrides`` (one query on
the administrators' legal values), which ``rule_for`` and the date functions call only when the
caller does not pass ``overrides``. Time is always a parameter (``on=``): nothing here reads
the clock.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.dates import add_months
from khongmatuy.common.workdays import NO_HOLIDAYS, add_working_days

from .choices import EpisodeKind
from .durations import BASIS_NAMES, RULES, Code, DayUnit, LegalRule


class RuleNotInForceError(LookupError):
    """No version of the rule is in force on the given date (e.g. before 1/1/2022)."""


@dataclass(frozen=True)
class RuleOverride:
    """An administrator's values for one (code, effective_from), read from the official text."""

    months: int | None
    months_max: int | None
    days: int | None
    article: str
    note: str = ""
    hours: int | None = None


Overrides = Mapping[tuple[str, date], RuleOverride]
NO_OVERRIDES: Overrides = {}


@dataclass(frozen=True)
class ResolvedRule:
    """The rule in force on a date, with an administrator's setting applied.

    ``carried_from`` names the version whose values an unconfirmed version carries;
    ``set_by_administrator`` is true when an administrator's confirmed value supplied them.
    """

    code: str
    title: str | Promise
    effective_from: date
    version: str
    months: int | None
    months_max: int | None
    days: int | None
    hours: int | None
    day_unit: DayUnit
    article: str | Promise
    confirmed: bool
    note: str | Promise
    carried_from: str | None = None
    set_by_administrator: bool = False

    @property
    def is_range(self) -> bool:
        return self.months_max is not None

    @property
    def version_in_words(self) -> str:
        return version_in_words(self.version)

    @property
    def carried_from_in_words(self) -> str:
        return version_in_words(self.carried_from) if self.carried_from else ""

    @property
    def open_ended(self) -> bool:
        return self.months is None and self.months_max is None and self.days is None

    @property
    def summary(self) -> str:
        """The value in words ("12 tháng", "từ 6 đến 12 tháng", "3 ngày làm việc", "24 giờ")."""
        if self.months is not None and self.months_max is not None:
            return str(
                _("từ %(min)s đến %(max)s tháng") % {"min": self.months, "max": self.months_max}
            )
        if self.months is not None:
            return str(_("%(n)s tháng") % {"n": self.months})
        if self.day_unit == DayUnit.HOURS and self.hours is not None:
            return str(_("%(n)s giờ") % {"n": self.hours})
        if self.days is not None:
            if self.day_unit == DayUnit.WORKING:
                return str(_("%(n)s ngày làm việc") % {"n": self.days})
            return str(_("%(n)s ngày") % {"n": self.days})
        return str(_("Không xác định thời hạn")) if self.confirmed else "—"


def _parse_version(version: str) -> tuple[str, date] | None:
    """("law120", 2026-07-01) from the stored label "law120-2026-07-01"; None if malformed."""
    basis, _sep, day = version.partition("-")
    try:
        return basis, date.fromisoformat(day)
    except ValueError:
        return None


def version_in_words(version: str) -> str:
    """A version label in words: "Luật Phòng, chống ma túy số 120/2025/QH15, hiệu lực từ
    01/07/2026"; "—" for an empty or unknown label."""
    parsed = _parse_version(version)
    if parsed is None or parsed[0] not in BASIS_NAMES:
        return "—"
    basis, effective_from = parsed
    return str(
        _("%(law)s, hiệu lực từ %(d)s")
        % {"law": BASIS_NAMES[basis], "d": f"{effective_from:%d/%m/%Y}"}
    )


def rule_in_words(code: str, version: str) -> str:
    """The article a stored (code, version) computed with, and its effective date, in words:
    "Luật Phòng, chống ma túy số 73/2021/QH14, Điều 23; …, hiệu lực từ 01/01/2022"."""
    parsed = _parse_version(version)
    rule = find_rule(code, parsed[1]) if parsed else None
    if rule is None or parsed is None:
        return version_in_words(version)
    return str(
        _("%(article)s, hiệu lực từ %(d)s")
        % {"article": rule.article, "d": f"{parsed[1]:%d/%m/%Y}"}
    )


def versions_of(code: str) -> list[LegalRule]:
    """Every version of a rule, oldest first."""
    return sorted((r for r in RULES if r.code == code), key=lambda r: r.effective_from)


def find_rule(code: str, effective_from: date) -> LegalRule | None:
    return next((r for r in RULES if r.code == code and r.effective_from == effective_from), None)


def load_overrides() -> Overrides:
    """The administrators' confirmed values. HIDDEN QUERY: one SELECT on the legal values."""
    from khongmatuy.legal.selectors import values_of  # the only ORM access of this module

    from .legal import KEY, overrides_from

    return overrides_from(values_of(KEY))


def _resolve(rule: LegalRule, previous: ResolvedRule | None, overrides: Overrides) -> ResolvedRule:
    resolved = ResolvedRule(
        code=rule.code,
        title=rule.title,
        effective_from=rule.effective_from,
        version=rule.version,
        months=rule.months,
        months_max=rule.months_max,
        days=rule.days,
        hours=rule.hours,
        day_unit=rule.day_unit,
        article=rule.article,
        confirmed=rule.confirmed,
        note=rule.note,
    )
    override = overrides.get((rule.code, rule.effective_from))
    if override is not None:
        return replace(
            resolved,
            months=override.months,
            months_max=override.months_max,
            days=override.days,
            hours=override.hours if override.hours is not None else resolved.hours,
            article=override.article or rule.article,
            note=override.note,
            confirmed=True,
            set_by_administrator=True,
        )
    if not rule.confirmed and previous is not None:
        # An unconfirmed version: each missing value is carried from the version before it.
        return replace(
            resolved,
            months=rule.months if rule.months is not None else previous.months,
            months_max=rule.months_max if rule.months_max is not None else previous.months_max,
            # A limit the version states in hours is not carried from one in days.
            days=rule.days if rule.days is not None or rule.hours is not None else previous.days,
            hours=rule.hours if rule.hours is not None else previous.hours,
            day_unit=(
                rule.day_unit
                if rule.days is not None or rule.hours is not None
                else previous.day_unit
            ),
            carried_from=previous.version,
        )
    return resolved


def resolve_versions(code: str, *, overrides: Overrides) -> list[ResolvedRule]:
    """Every version of ``code`` resolved (carrying and settings applied), oldest first."""
    resolved: list[ResolvedRule] = []
    for rule in versions_of(code):
        resolved.append(_resolve(rule, resolved[-1] if resolved else None, overrides))
    return resolved


def rule_for(code: str, *, on: date, overrides: Overrides | None = None) -> ResolvedRule:
    """The version of ``code`` in force on ``on`` (the latest with ``effective_from <= on``).

    An administrator's confirmed value for that same (code, effective_from) replaces the
    values and makes the rule confirmed. ``overrides=None`` loads them (one query); pass
    ``load_overrides()`` (or ``NO_OVERRIDES``) to compute several rules from one read.
    Raises ``RuleNotInForceError`` when no version applies on that date.
    """
    if overrides is None:
        overrides = load_overrides()
    in_force = [r for r in resolve_versions(code, overrides=overrides) if r.effective_from <= on]
    if not in_force:
        raise RuleNotInForceError(code, on)
    return in_force[-1]


# --- terms of the measures --------------------------------------------------------------------


def term_rule_code(kind: str, *, is_minor: bool, after_kind: str | None = None) -> Code | None:
    """Which rule gives the term of an episode of ``kind`` (None: the kind has no term).

    For ``POST_REHAB``, ``after_kind`` is the measure completed before it and ``is_minor`` tells
    whether that measure was compulsory rehab of a minor (Law 73 Art. 40: 2 years only for adults
    after compulsory rehab; 1 year otherwise).
    """
    match kind:
        case EpisodeKind.USER_MANAGEMENT:
            return Code.USER_MANAGEMENT
        case EpisodeKind.ADDICTION_DETERMINATION:
            return Code.ADDICTION_DETERMINATION
        case EpisodeKind.REHAB_HOME:
            return Code.REHAB_HOME
        case EpisodeKind.REHAB_FACILITY:
            return Code.REHAB_FACILITY
        case EpisodeKind.COMPULSORY_REHAB:
            return Code.COMPULSORY_MINOR if is_minor else Code.COMPULSORY_ADULT
        case EpisodeKind.POST_REHAB:
            if after_kind == EpisodeKind.COMPULSORY_REHAB and not is_minor:
                return Code.POST_REHAB_AFTER_ADULT_COMPULSORY
            return Code.POST_REHAB
        case EpisodeKind.METHADONE:
            return Code.METHADONE
    return None  # the compulsory-rehab dossier: deadlines per document, no term


@dataclass(frozen=True)
class Term:
    """An episode's computed term: ``due_on`` (its last day), the months used, and the rule."""

    due_on: date | None
    months: int | None
    rule: ResolvedRule | None


def user_management_end(*, started_on: date, rule: ResolvedRule) -> date | None:
    """Last day of user management: 12 months from the decision (Law 73 Art. 23; Decree 105
    Arts. 42-43). A restart on reuse computes a new 12 months from the new decision."""
    return add_months(started_on, rule.months) if rule.months is not None else None


def voluntary_rehab_end(*, started_on: date, planned_months: int) -> date:
    """Last day of voluntary rehab of ``planned_months`` (6-12; Law 73 Arts. 30, 31)."""
    return add_months(started_on, planned_months)


def compulsory_rehab_end(*, started_on: date, planned_months: int, deducted_days: int = 0) -> date:
    """Last day of compulsory rehab (Law 73 Art. 32: adults 12-24 months; Arts. 33-34: minors
    6-12 months), less the days spent under management during the procedure (Decree 116/2021
    Arts. 44-45)."""
    return add_months(started_on, planned_months) - timedelta(days=deducted_days)


def post_rehab_end(*, started_on: date, rule: ResolvedRule) -> date | None:
    """Last day of post-rehab management (Law 73 Art. 40; Decree 116 Art. 81): 1 year after
    voluntary rehab, methadone or a minor's compulsory rehab; 2 years after an adult's."""
    return add_months(started_on, rule.months) if rule.months is not None else None


def due_on_for(
    kind: str,
    *,
    started_on: date,
    is_minor: bool,
    planned_months: int | None,
    after_kind: str | None = None,
    deducted_days: int = 0,
    on: date,
    overrides: Overrides | None = None,
) -> Term:
    """The term of a new episode, from the rule version in force on ``on`` (the decision date).

    Fixed terms (user management, post-rehab) ignore ``planned_months``; ranged terms (voluntary
    and compulsory rehab) require it within the range (``transitions.check_planned_months`` says
    so in Vietnamese first; here a missing value is a programming error). Methadone (Law 73
    Art. 41) and an addiction determination whose time limit is UNCONFIRMED have no due date.
    """
    code = term_rule_code(kind, is_minor=is_minor, after_kind=after_kind)
    if code is None:
        return Term(None, None, None)
    rule = rule_for(code, on=on, overrides=overrides)
    if rule.is_range:
        if planned_months is None:
            raise ValueError(f"{code} needs planned_months")
        if kind == EpisodeKind.COMPULSORY_REHAB:
            due = compulsory_rehab_end(
                started_on=started_on, planned_months=planned_months, deducted_days=deducted_days
            )
        else:
            due = voluntary_rehab_end(started_on=started_on, planned_months=planned_months)
        return Term(due, planned_months, rule)
    if rule.months is not None:
        if kind == EpisodeKind.POST_REHAB:
            return Term(post_rehab_end(started_on=started_on, rule=rule), rule.months, rule)
        return Term(user_management_end(started_on=started_on, rule=rule), rule.months, rule)
    if rule.days is not None:  # e.g. an addiction determination once its limit is set
        return Term(_add_days(started_on, rule, NO_HOLIDAYS), None, rule)
    return Term(None, None, rule)


def extended_due_on(
    *, started_on: date, old_months: int, old_due_on: date, new_months: int
) -> date:
    """The due date after extending a ranged term to ``new_months``.

    Keeps whatever was deducted when the term was computed (Decree 116 Arts. 44-45): the
    deduction is the gap between the undeducted end and the stored ``old_due_on``.
    """
    deducted = (add_months(started_on, old_months) - old_due_on).days
    return add_months(started_on, new_months) - timedelta(days=deducted)


# --- procedural time limits -------------------------------------------------------------------


def _add_days(start: date, rule: ResolvedRule, holidays: Collection[date]) -> date:
    if rule.day_unit == DayUnit.HOURS:
        hours = rule.hours or 0
        return start + timedelta(days=-(-hours // 24))  # 24 hours after an event: the next day
    days = rule.days or 0
    if rule.day_unit == DayUnit.WORKING:
        return add_working_days(start, days, holidays=holidays)
    return start + timedelta(days=days)


def deadline(
    code: str,
    *,
    start: date,
    on: date,
    overrides: Overrides | None = None,
    holidays: Collection[date] = NO_HOLIDAYS,
) -> date | None:
    """The last day of a procedural time limit counted from ``start`` (not counted itself),
    by the rule version in force on ``on``. None when the limit has no value."""
    rule = rule_for(code, on=on, overrides=overrides)
    if rule.days is None and rule.hours is None:
        return None
    return _add_days(start, rule, holidays)


@dataclass(frozen=True)
class UserProcedureDeadlines:
    """Decree 105/2021 Arts. 40-49: from the positive result to the management decision."""

    verify_residence_by: date | None
    dossier_by: date | None
    decision_by: date | None


def user_management_procedure(
    *,
    received_on: date,
    remote: bool,
    on: date,
    overrides: Overrides | None = None,
    holidays: Collection[date] = NO_HOLIDAYS,
) -> UserProcedureDeadlines:
    """Latest dates of each step after a positive result is received (Decree 105 Arts. 40-49):
    verify residence in 3 working days (10 in remote or difficult areas), compile and send the
    dossier in 3 more, the Chairman decides in 3 more."""
    if overrides is None:
        overrides = load_overrides()
    verify_code = Code.RESIDENCE_VERIFICATION_REMOTE if remote else Code.RESIDENCE_VERIFICATION

    def step(code: str, start: date | None) -> date | None:
        if start is None:
            return None
        return deadline(code, start=start, on=on, overrides=overrides, holidays=holidays)

    verify = step(verify_code, received_on)
    dossier = step(Code.USER_DOSSIER, verify)
    return UserProcedureDeadlines(verify, dossier, step(Code.USER_DECISION, dossier))


def decision_send_by(
    *,
    ended_on: date,
    on: date,
    overrides: Overrides | None = None,
    holidays: Collection[date] = NO_HOLIDAYS,
) -> date | None:
    """Last day to send the Chairman's decision stopping (Form 09) or ending (Form 10) the
    management of a drug user: 3 working days after the stop or the end of the year (Decree
    105/2021, Forms 09 and 10; the grounds to stop are its Art. 48, the article of the time limit
    is unconfirmed, see ``Code.STOP_END_DECISION_SEND``), by the version in force on ``on``."""
    return deadline(
        Code.STOP_END_DECISION_SEND, start=ended_on, on=on, overrides=overrides, holidays=holidays
    )


@dataclass(frozen=True)
class MinorDossierDeadlines:
    """Law 73 Art. 34: the steps of a minor's compulsory-rehab dossier."""

    family_comment_by: date | None
    to_review_by: date | None
    to_court_by: date | None


def minor_dossier_deadlines(
    *,
    compiled_on: date | None,
    family_commented_on: date | None = None,
    sent_to_review_on: date | None = None,
    on: date,
    overrides: Overrides | None = None,
    holidays: Collection[date] = NO_HOLIDAYS,
) -> MinorDossierDeadlines:
    """Law 73 Art. 34: once the Chairman has compiled the dossier, parents or guardians read and
    comment within 3 working days; the dossier then goes to the reviewing office within 1 day and
    on to the court within 2 days. Each step counts from the actual date of the step before when
    it is known, else from that step's deadline."""
    if overrides is None:
        overrides = load_overrides()
    if compiled_on is None:
        return MinorDossierDeadlines(None, None, None)

    def step(code: str, start: date | None) -> date | None:
        if start is None:
            return None
        return deadline(code, start=start, on=on, overrides=overrides, holidays=holidays)

    family = step(Code.MINOR_FAMILY_COMMENT, compiled_on)
    review = step(Code.MINOR_TO_REVIEW, family_commented_on or family)
    court = step(Code.MINOR_TO_COURT, sent_to_review_on or review)
    return MinorDossierDeadlines(family, review, court)


def early_release_window(
    *, started_on: date, due_on: date, on: date, overrides: Overrides | None = None
) -> tuple[date, date] | None:
    """Earliest and latest end dates of a compulsory rehab cut short (Decree 116/2021): at least
    half the term served, and the cut between ``months`` (3) and ``months_max`` (6) months.
    None when no such window exists (a term too short to cut)."""
    rule = rule_for(Code.COMPULSORY_EARLY_RELEASE, on=on, overrides=overrides)
    if rule.months is None or rule.months_max is None:
        return None
    half = started_on + timedelta(days=(due_on - started_on).days // 2)
    earliest = max(half, add_months(due_on, -rule.months_max))
    latest = add_months(due_on, -rule.months)
    return (earliest, latest) if earliest <= latest else None


def criminal_256a_window_end(
    *, ended_on: date, on: date, overrides: Overrides | None = None
) -> date | None:
    """Last day of the 2-year window after post-rehab management ends (or after quitting
    voluntary rehab or methadone) in which use is the crime of Criminal Code Art. 256a (Law
    86/2025/QH15, from 1/7/2025). None when Art. 256a is not in force on ``on``."""
    try:
        rule = rule_for(Code.CRIMINAL_256A_WINDOW, on=on, overrides=overrides)
    except RuleNotInForceError:
        return None
    return add_months(ended_on, rule.months) if rule.months is not None else None


def age_on(born: date, on: date) -> int:
    """Full years of age on ``on`` (a person born 29/02 turns a year older on 01/03)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
