"""Care rules: how often a managed person is contacted and tested, and handover time limits.

Pure functions and constants, no ORM and no clock: every date comes in as an argument (``on``),
so the same rule answers for the person page, the overdue lists and the tests.

Where the law fixes a value, its article is cited next to it. Where it does not (most intervals:
the law says "periodic" without a figure), the value is a *local default* (``local_default=True``)
that the administrator replaces on the care-policy page (``people:care_policies``) from the
commune's or province's own plan. The page shows both the default and its source.

Sources: Law 73/2021/QH14 (Luật Phòng, chống ma túy 2021), Decree 105/2021/NĐ-CP, Decree
116/2021/NĐ-CP, Law 120/2025/QH15 (in force 1/7/2026).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import Category, SupportKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A stored ``CarePolicy.contact_interval_days`` of 0 means "no periodic contact is expected for
# this category" (the column is not nullable; dealers, for instance, are not "visited").
NOT_TRACKED = 0
# Upper bound of an interval typed on the policy page (ten years): refuses typos, fits the column.
MAX_INTERVAL_DAYS = 3650
# ``people:tests_due`` lists tests falling due within this many days, besides the overdue ones.
TEST_DUE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Policy:
    """Expected intervals of one category, in days; ``None`` means no periodic expectation.

    ``contact_by_law`` / ``test_by_law`` say whether the figure is fixed by a legal text (cited
    in ``source``); otherwise it is a local default that the commune should confirm.
    """

    contact_interval_days: int | None
    test_interval_days: int | None
    source: StrOrPromise = ""
    contact_by_law: bool = False
    test_by_law: bool = False
    overridden: bool = False


_LOCAL = gettext_lazy("tần suất không do luật quy định: mặc định địa phương")

# The defaults. Every figure without ``*_by_law=True`` is NOT fixed by the law: it is a starting
# value for the commune to confirm or change on the care-policy page.
DEFAULT_POLICIES: dict[str, Policy] = {
    # Decree 105/2021/NĐ-CP Arts. 40-49 (management of an illegal drug user): the management team
    # checks the person's residence monthly (30 days here). Testing is "periodic and surprise"
    # (Arts. 45-46) without a frequency: 90 days is a local default.
    Category.ILLEGAL_USER: Policy(
        contact_interval_days=30,
        test_interval_days=90,
        source=gettext_lazy(
            "Nghị định 105/2021/NĐ-CP, Điều 40-49: kiểm tra nơi cư trú hằng tháng; xét nghiệm "
            "định kỳ, đột xuất (Điều 45-46) nhưng không quy định tần suất"
        ),
        contact_by_law=True,
    ),
    # Law 73 Arts. 26, 43: the commune police keeps addicts on its list until they register
    # rehab or methadone (Arts. 27-28). No interval in the law.
    Category.ADDICT: Policy(
        contact_interval_days=30,
        test_interval_days=90,
        source=gettext_lazy("Luật 73/2021/QH14, Điều 26, 43 (lập danh sách, quản lý)"),
    ),
    # Law 73 Art. 30: voluntary rehab at home/community is run by the commune People's Committee.
    Category.REHAB_VOLUNTARY_HOME: Policy(
        contact_interval_days=30,
        test_interval_days=30,
        source=gettext_lazy("Luật 73/2021/QH14, Điều 30 (cai nghiện tại gia đình, cộng đồng)"),
    ),
    # In a facility (Law 73 Arts. 31-35) the facility, not the commune, looks after the person.
    Category.REHAB_VOLUNTARY_FACILITY: Policy(
        contact_interval_days=None,
        test_interval_days=None,
        source=gettext_lazy("Luật 73/2021/QH14, Điều 31: cơ sở cai nghiện quản lý"),
    ),
    Category.REHAB_COMPULSORY: Policy(
        contact_interval_days=None,
        test_interval_days=None,
        source=gettext_lazy("Luật 73/2021/QH14, Điều 32-35: cơ sở cai nghiện bắt buộc quản lý"),
    ),
    # Law 73 Art. 40; Decree 116/2021 Art. 81: post-rehab management includes "counselling and
    # monitoring" at the place of residence, without a frequency.
    Category.POST_REHAB: Policy(
        contact_interval_days=30,
        test_interval_days=90,
        source=gettext_lazy("Luật 73/2021/QH14, Điều 40; Nghị định 116/2021/NĐ-CP, Điều 81"),
    ),
    # Law 73 Art. 41: the treatment facility tests its patients; the commune keeps in touch.
    Category.METHADONE: Policy(
        contact_interval_days=90,
        test_interval_days=None,
        source=gettext_lazy("Luật 73/2021/QH14, Điều 41: cơ sở điều trị xét nghiệm"),
    ),
    # Nghị quyết phường Thành Đông (III.4), Kế hoạch phường Gia Viên: high-risk youth are
    # followed by the grassroots; no law figure.
    Category.HIGH_RISK: Policy(
        contact_interval_days=90,
        test_interval_days=None,
        source=gettext_lazy("Kế hoạch của địa phương (tài liệu mẫu 000, 001)"),
    ),
    # Dealers and drivers are a police matter (investigation), not a care relationship.
    Category.DEALER: Policy(None, None, gettext_lazy("Không áp dụng tiếp xúc, giúp đỡ định kỳ")),
    Category.SUSPECTED_DEALER: Policy(
        None, None, gettext_lazy("Không áp dụng tiếp xúc, giúp đỡ định kỳ")
    ),
    Category.DRIVER_USING: Policy(
        None, None, gettext_lazy("Không áp dụng tiếp xúc, giúp đỡ định kỳ")
    ),
}


def effective_policies(
    overrides: Mapping[str, tuple[int, int | None]],
) -> dict[str, Policy]:
    """The defaults with the administrator's values (``{category: (contact, test)}``) on top.

    A stored contact interval of ``NOT_TRACKED`` (0) becomes ``None``.
    """
    policies = dict(DEFAULT_POLICIES)
    for category, (contact, test) in overrides.items():
        default = DEFAULT_POLICIES.get(category, Policy(None, None))
        policies[category] = Policy(
            contact_interval_days=contact or None,
            test_interval_days=test or None,
            source=default.source,
            contact_by_law=default.contact_by_law and contact == default.contact_interval_days,
            test_by_law=default.test_by_law and test == default.test_interval_days,
            overridden=True,
        )
    return policies


def contact_intervals(policies: Mapping[str, Policy]) -> dict[str, int]:
    """``{category: days}`` of the categories that expect periodic contact."""
    return {c: p.contact_interval_days for c, p in policies.items() if p.contact_interval_days}


def test_intervals(policies: Mapping[str, Policy]) -> dict[str, int]:
    """``{category: days}`` of the categories that expect periodic drug tests."""
    return {c: p.test_interval_days for c, p in policies.items() if p.test_interval_days}


def shortest_interval(categories: Iterable[str], intervals: Mapping[str, int]) -> int | None:
    """The strictest interval among a person's open categories (the one that governs)."""
    days = [intervals[c] for c in categories if c in intervals]
    return min(days) if days else None


def cutoff(*, on: date, interval_days: int) -> date:
    """The date a reference must not be older than on ``on``.

    A person is overdue when their reference date (last contact or test, else the start of the
    management) is strictly before ``on - interval``: "older than the interval". The overdue
    queries compare against this date per category, so no date arithmetic runs in SQL; it is the
    same rule as ``is_overdue(due=due_on(...), on=on)``.
    """
    return on - timedelta(days=interval_days)


def due_on(*, last: date | None, since: date, interval_days: int) -> date:
    """When the next contact (or test) is expected: the interval after the last one.

    With no contact yet, the interval runs from the start of the management (``since``).
    """
    return (last or since) + timedelta(days=interval_days)


def is_overdue(*, due: date, on: date) -> bool:
    """Overdue from the day after the due date (a contact on the due date is on time)."""
    return due < on


def is_due_soon(*, due: date, on: date, window_days: int = TEST_DUE_WINDOW_DAYS) -> bool:
    return due <= on + timedelta(days=window_days)


# --- support indicator (Kế hoạch phường Thủy Nguyên, II.4-6) ----------------------------

# "100% of users, addicts, people in rehab, in treatment and after rehab counselled and given
# medical/psychological support" (Kế hoạch phường Thủy Nguyên, II.4-6): the persons counted and
# the kinds required.
SUPPORT_INDICATOR_CATEGORIES: tuple[str, ...] = (
    Category.ILLEGAL_USER,
    Category.ADDICT,
    Category.REHAB_VOLUNTARY_HOME,
    Category.REHAB_VOLUNTARY_FACILITY,
    Category.REHAB_COMPULSORY,
    Category.POST_REHAB,
    Category.METHADONE,
)
COUNSELLING_KINDS: tuple[str, ...] = (SupportKind.COUNSELLING,)
MEDICAL_KINDS: tuple[str, ...] = (SupportKind.MEDICAL, SupportKind.PSYCHOLOGICAL)
SUPPORT_TARGET_PERCENT = Decimal(100)


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent, one decimal (half up); ``None`` when nothing is counted."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- moving between communes ----------------------------------------------------------------

LAW_120_IN_FORCE = date(2026, 7, 1)


@dataclass(frozen=True)
class TransferTimeLimits:
    """The time limits that govern a move of residence, by the text in force on a date."""

    basis: str
    person_report: str
    police_notice: str


def transfer_time_limits(*, on: date) -> TransferTimeLimits:
    """Time limits of a move of residence.

    Until 30/6/2026: Law 73/2021/QH14 Art. 26 and Decree 105/2021/NĐ-CP Art. 47 — the person
    notifies within 5 working days and the commune police sends the management dossier (Form
    08) to the new place within 5 working days; the remaining management time continues there
    (Decree 105 Art. 48).
    From 1/7/2026: Law 120/2025/QH15 — the person reports to the new place's police within 24
    hours and the commune police notifies the other side within 24 hours. Its implementing
    decree (dossier time limit) is UNCONFIRMED.
    """
    if on >= LAW_120_IN_FORCE:
        return TransferTimeLimits(
            basis=_("Luật Phòng, chống ma túy số 120/2025/QH15 (hiệu lực từ 01/7/2026)"),
            person_report=_("Người chuyển đi trình báo Công an nơi ở mới trong 24 giờ"),
            police_notice=_("Công an cấp xã thông báo cho nơi kia trong 24 giờ"),
        )
    return TransferTimeLimits(
        basis=_("Luật 73/2021/QH14, Điều 26; Nghị định 105/2021/NĐ-CP, Điều 47"),
        person_report=_("Người chuyển đi thông báo trong 5 ngày làm việc"),
        police_notice=_("Công an cấp xã chuyển hồ sơ quản lý (Mẫu 08) trong 5 ngày làm việc"),
    )
