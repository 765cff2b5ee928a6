"""The legal handling deadline of a tip, in ONE table versioned by date (like people/durations.py).

Source: Criminal Procedure Code 2015 (Bộ luật Tố tụng hình sự, Law 101/2015/QH13, in force
1/1/2018), Art. 147:

* (1) within **20 days** of receiving a denunciation or a crime report (tố giác, tin báo về tội
  phạm), the investigating body checks, verifies and decides (prosecute, not prosecute, suspend);
* (2) when the matter has many complex circumstances or must be verified in several places, the
  time limit **may be extended to no more than 2 months**; when verification still cannot end
  within it, the Chief Procurator **may extend once, by no more than 2 months** (so at most
  4 months from receipt). The request goes to the procuracy at least 5 days before expiry.

Confirmed from two public restatements of Art. 147 (tuvanphannguyen.com, "Thời hạn giải quyết đơn
tố giác tại cơ quan điều tra", 2020; luatsugioitphcm.vn, "Thời hạn khởi tố vụ án hình sự"), not
from the official gazette. Counting follows Art. 134: a limit in days ends at 24:00 of its last
day; a limit in months ends on the same day of the later month (the month's last day when it has
no such day); a limit ending on a day off ends on the next working day. As in the rest of the
project (Civil Code 2015 Art. 147), the day of receipt itself is not counted.

UNCONFIRMED: Law 99/2025/QH15 amended the Code from 1/7/2025; we could not check whether it
changed Art. 147. That version therefore carries the 2015 values and is flagged unconfirmed; an
administrator who has read the official text confirms its values in the application
(``khongmatuy.legal``, source ``tips.legal.KEY``), which makes the version confirmed.

Tips about administrative violations (drug use) and other matters: no source was found giving
them a different limit (the Law on Denunciations 2018 governs denunciations of officials, not
tips about drug offences), so every tip follows this same table; a commune handling a tip faster
is never wrong.

Everything here is a pure function of its arguments except ``load_overrides`` (one query on the
administrators' legal values).
Time is a parameter: nothing here reads the clock. Public holidays are passed in (``holidays``,
callers give ``common.public_holidays.public_holidays()``), as in ``common.workdays``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.dates import add_months
from khongmatuy.common.workdays import NO_HOLIDAYS, is_working_day

CPC2015_FROM = date(2018, 1, 1)  # Criminal Procedure Code 2015 (Law 101/2015/QH13) in force
LAW99_2025_FROM = date(2025, 7, 1)  # Law 99/2025/QH15 amending the Code in force

# Extensions allowed by Art. 147(2): to 2 months (complex matter), then once by the procuracy.
MAX_EXTENSIONS = 2

_VALUE_KEYS = ("days", "extended_months", "further_months")


@dataclass(frozen=True)
class TipDeadlineRule:
    """One version of the handling deadline, as written in the law (or UNCONFIRMED).

    ``days``: the basic limit from receipt (Art. 147(1)); ``extended_months``: the longest limit
    from receipt after the first extension (Art. 147(2), first sentence); ``further_months``: the
    procuracy's one further extension, added to it (Art. 147(2), second sentence). ``None`` in an
    unconfirmed version means "carry the previous version's value".
    """

    effective_from: date
    days: int | None
    extended_months: int | None
    further_months: int | None
    article: str | Promise
    confirmed: bool
    note: str | Promise = ""
    basis: str = "cpc2015"

    @property
    def version(self) -> str:
        return f"{self.basis}-{self.effective_from.isoformat()}"


_ART_147 = _(
    "Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 1, 2 (thời hạn giải quyết tố giác, tin báo về "
    "tội phạm); Điều 134 (cách tính thời hạn)"
)

RULES: tuple[TipDeadlineRule, ...] = (
    # CPC 2015 Art. 147(1): 20 days; (2): up to 2 months, then once up to 2 months more.
    TipDeadlineRule(CPC2015_FROM, 20, 2, 2, _ART_147, True),
    # Law 99/2025/QH15 amended the Code from 1/7/2025: Art. 147 not checked, values carried.
    TipDeadlineRule(
        LAW99_2025_FROM,
        None,
        None,
        None,
        _(
            "Bộ luật Tố tụng hình sự 2015 sửa đổi bởi Luật 99/2025/QH15 (hiệu lực 01/7/2025), "
            "Điều 147: chưa đối chiếu văn bản chính thức"
        ),
        False,
        _("Chưa đối chiếu được văn bản sửa đổi: tạm dùng thời hạn của Bộ luật năm 2015."),
        basis="law99",
    ),
)


@dataclass(frozen=True)
class ResolvedTipRule:
    """A version with carried values and the administrator's setting applied."""

    effective_from: date
    version: str
    days: int
    extended_months: int
    further_months: int
    article: str | Promise
    confirmed: bool
    note: str | Promise
    carried_from: str = ""
    set_by_administrator: bool = False


@dataclass(frozen=True)
class TipRuleOverride:
    """An administrator's values for one version, confirmed from the official text."""

    days: int
    extended_months: int
    further_months: int
    article: str = ""
    note: str = ""


Overrides = Mapping[date, TipRuleOverride]
NO_OVERRIDES: Overrides = {}


def load_overrides() -> Overrides:
    """The administrators' confirmed values. HIDDEN QUERY: one SELECT on the legal values."""
    from khongmatuy.legal.selectors import values_of  # the only ORM access of this module

    from ..legal import KEY, overrides_from

    return overrides_from(values_of(KEY))


def resolve_versions(*, overrides: Overrides) -> list[ResolvedTipRule]:
    """Every version, oldest first, with carried values and administrators' values applied."""
    resolved: list[ResolvedTipRule] = []
    for rule in sorted(RULES, key=lambda r: r.effective_from):
        previous = resolved[-1] if resolved else None
        override = overrides.get(rule.effective_from)
        values: dict[str, int | None]
        if override is not None:
            values = {k: getattr(override, k) for k in _VALUE_KEYS}
            confirmed, by_admin, carried = True, True, ""
        else:
            values = {k: getattr(rule, k) for k in _VALUE_KEYS}
            carried = ""
            if previous is not None and any(v is None for v in values.values()):
                values = {
                    k: v if v is not None else getattr(previous, k) for k, v in values.items()
                }
                carried = previous.version
            confirmed, by_admin = rule.confirmed, False
        days, extended, further = (values[k] for k in _VALUE_KEYS)
        if days is None or extended is None or further is None:  # a table error
            raise ImproperlyConfigured(f"tip deadline {rule.version} has no value to carry")
        resolved.append(
            ResolvedTipRule(
                effective_from=rule.effective_from,
                version=rule.version,
                days=days,
                extended_months=extended,
                further_months=further,
                article=(override.article or rule.article) if override else rule.article,
                confirmed=confirmed,
                note=override.note if override else rule.note,
                carried_from=carried,
                set_by_administrator=by_admin,
            )
        )
    return resolved


class RuleNotInForceError(LookupError):
    """No version of the deadline applies on the date (a tip received before 2018)."""


def rule_for(*, on: date, overrides: Overrides | None = None) -> ResolvedTipRule:
    """The version in force on ``on`` (the day the tip was received)."""
    if overrides is None:
        overrides = load_overrides()
    in_force = [r for r in resolve_versions(overrides=overrides) if r.effective_from <= on]
    if not in_force:
        raise RuleNotInForceError(on)
    return in_force[-1]


def next_working_day(day: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """``day`` itself if it is a working day, else the first working day after it (Art. 134)."""
    while not is_working_day(day, holidays=holidays):
        day += timedelta(days=1)
    return day


def due_on(
    *,
    received_on: date,
    extensions: int,
    rule: ResolvedTipRule,
    holidays: Collection[date] = NO_HOLIDAYS,
) -> date:
    """The last day to settle a tip received on ``received_on`` after ``extensions`` extensions.

    0: ``days`` after receipt (Art. 147(1)); 1: ``extended_months`` after receipt (Art. 147(2),
    a complex matter); 2: ``extended_months + further_months`` after receipt (the procuracy's one
    extension). Counted from the whole months after receipt rather than from the clamped end of
    the first extension, so 31/12 gives 30/04, not 28/04. A last day falling on a Saturday,
    Sunday or one of ``holidays`` moves to the next working day (Art. 134).
    """
    if not 0 <= extensions <= MAX_EXTENSIONS:
        raise ValueError(f"extensions must be 0..{MAX_EXTENSIONS}")
    if extensions == 0:
        last = received_on + timedelta(days=rule.days)
    elif extensions == 1:
        last = add_months(received_on, rule.extended_months)
    else:
        last = add_months(received_on, rule.extended_months + rule.further_months)
    return next_working_day(last, holidays=holidays)


@dataclass(frozen=True)
class Deadline:
    due_on: date
    extensions: int
    rule: ResolvedTipRule

    @property
    def label(self) -> str:
        """What ``due_rule`` stores: the version and the number of extensions."""
        return f"{self.rule.version}+{self.extensions}"

    @property
    def can_extend(self) -> bool:
        return self.extensions < MAX_EXTENSIONS


def deadline_for(
    *,
    received_on: date,
    extensions: int = 0,
    overrides: Overrides | None = None,
    holidays: Collection[date] = NO_HOLIDAYS,
) -> Deadline:
    """The deadline of a tip by the version in force on the day it was received."""
    rule = rule_for(on=received_on, overrides=overrides)
    return Deadline(
        due_on(received_on=received_on, extensions=extensions, rule=rule, holidays=holidays),
        extensions,
        rule,
    )


STAGE_LABELS: dict[int, Promise] = {
    0: _("%(days)s ngày kể từ ngày tiếp nhận (Điều 147 khoản 1 BLTTHS)"),
    1: _("Kéo dài không quá %(months)s tháng: vụ việc phức tạp (Điều 147 khoản 2 BLTTHS)"),
    2: _("Viện kiểm sát gia hạn một lần, thêm không quá %(months)s tháng (Điều 147 khoản 2)"),
}


def stage_label(extensions: int, rule: ResolvedTipRule) -> str:
    """The rule behind a tip's current deadline, in Vietnamese, for the detail page."""
    values = {
        0: {"days": rule.days},
        1: {"months": rule.extended_months},
        2: {"months": rule.further_months},
    }[extensions]
    return str(STAGE_LABELS[extensions] % values)
