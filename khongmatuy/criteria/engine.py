"""The pure rule engine: rule sets are data, facts are numbers, ``evaluate`` touches no database.

A rule set (Decision 28/2025/QĐ-TTg in ``rules/decision28.py``, or a local one composed by an
administrator and stored in ``RuleSetVersion``/``ConditionRow``) is a list of conditions over
named metrics (``METRICS``). Facts for many areas are gathered in one pass by ``facts.py``.
A threshold the official text does not confirm (UNCONFIRMED) is carried as data with
``confirmed=False``; a result that depends on it says so.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    code: str
    label: object  # lazy Vietnamese label
    unit: str  # "person", "percent", "place", "plant", "m2", "flag" (1 yes, 0 no)
    windowed: bool  # counts events inside a date window ending on the evaluation date


METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric(
            "managed_rate",
            _("Người nghiện + người sử dụng có hồ sơ quản lý / dân số đang cư trú"),
            "percent",
            False,
        ),
        Metric(
            "managed_count",
            _("Số người nghiện, người sử dụng trái phép có hồ sơ quản lý"),
            "person",
            False,
        ),
        Metric(
            "harbouring_places",
            _("Số địa điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"),
            "place",
            False,
        ),
        Metric("hotspots", _("Số điểm, tụ điểm phức tạp về ma túy"), "place", False),
        Metric(
            "hotspots_recurred",
            _("Số điểm, tụ điểm phức tạp về ma túy tái phát"),
            "place",
            True,
        ),
        Metric(
            "arrest_rate",
            _("Số người phạm tội về ma túy bị bắt / dân số đang cư trú"),
            "percent",
            True,
        ),
        Metric("arrests", _("Số người phạm tội về ma túy bị bắt"), "person", True),
        Metric(
            "plants_destroyed", _("Số cây có chứa chất ma túy phát hiện, tiêu hủy"), "plant", True
        ),
        Metric(
            "cultivation_m2",
            _("Diện tích trồng cây có chứa chất ma túy phát hiện, tiêu hủy (m²)"),
            "m2",
            True,
        ),
        Metric(
            "new_users", _("Số người nghiện, người sử dụng trái phép phát sinh mới"), "person", True
        ),
        Metric(
            "users_outside_treatment",
            _("Số người nghiện, sử dụng trái phép (trừ người đang cai nghiện, điều trị methadone)"),
            "person",
            False,
        ),
        Metric("dealers", _("Số đối tượng mua bán trái phép chất ma túy"), "person", False),
        Metric(
            "drug_offenders",
            _("Số người vi phạm pháp luật về ma túy (bị bắt, xử lý)"),
            "person",
            True,
        ),
        # Prevention (``prevention.selectors.facts``); "share" is a percentage of something
        # other than the population.
        Metric(
            "communication_rate",
            _("Tỷ lệ lượt tổ dân phố được tuyên truyền hằng tháng (tổ × tháng)"),
            "share",
            True,
        ),
        Metric(
            "household_commitment_rate",
            _("Tỷ lệ hộ gia đình ký cam kết trong năm"),
            "share",
            False,
        ),
        Metric(
            "broken_commitments",
            _("Số cam kết của cơ quan, tổ chức bị vi phạm trong năm"),
            "commitment",
            False,
        ),
        Metric(
            "on_key_route",
            _("Nằm trên tuyến trọng điểm phức tạp về ma túy (1: có, 0: không)"),
            "flag",
            False,
        ),
    )
}

COMPARATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(frozen=True)
class ConditionSpec:
    code: str  # the criterion's number within its rule set, e.g. "a"
    label: object
    metric: str  # a key of METRICS
    comparator: str  # a key of COMPARATORS
    threshold: Decimal | None  # None: unknown (UNCONFIRMED and not yet set by an administrator)
    confirmed: bool = True
    window_months: int | None = None  # for windowed metrics; None: the rule set's default
    article: str = ""
    # Met only when, besides its own comparison, at least this many *other* criteria of the rule
    # set are met (Decision 28, type I (đ): on a key route and meeting 2 other criteria). Other
    # criteria carrying such a requirement themselves are not counted. None: no requirement.
    with_other_met: int | None = None


@dataclass(frozen=True)
class RuleSetSpec:
    code: str
    version: str
    effective_from: date
    name: object
    level: int  # areas.Level of the areas it judges
    combination: str  # "all" or "at_least"
    at_least: int | None
    conditions: tuple[ConditionSpec, ...]
    source: str = ""
    window_months: int = 12
    # What must be on record before any conclusion is drawn (``evaluate.missing_evidence``).
    evidence: tuple[str, ...] = ("population", "reconciliation")


@dataclass(frozen=True)
class AreaFacts:
    """Numbers gathered for one area as of ``on`` (windowed metrics: ``window``).

    ``groups``: the active residential groups at or under the area; ``reviewed_groups``: how many
    of them completed a data review (reconciliation round) inside the window. ``None`` when not
    gathered (facts built by hand in a test), which skips that evidence.
    """

    area_id: int
    on: date
    population: int | None
    metrics: Mapping[str, Decimal]
    window_start: date | None = None
    groups: int | None = None
    reviewed_groups: int | None = None


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    metric: str
    value: Decimal | None
    comparator: str
    threshold: Decimal | None
    confirmed: bool
    window_start: date | None
    window_end: date
    passed: bool | None  # None: cannot be judged (unknown threshold or missing population)
    article: str = ""
    explanation: str = ""
    with_other_met: int | None = None  # see ``ConditionSpec.with_other_met``


@dataclass(frozen=True)
class EvaluationResult:
    rule_set: str
    version: str
    on: date
    passed: bool | None
    met: int
    results: tuple[CriterionResult, ...] = field(default_factory=tuple)
    # What the area's record lacks for a conclusion; non-empty means ``passed is None``.
    missing_evidence: tuple[str, ...] = ()

    @property
    def depends_on_unconfirmed(self) -> bool:
        return any(not r.confirmed for r in self.results)
