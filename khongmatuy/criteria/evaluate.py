"""``evaluate``: judge one area's facts against one rule set. Pure: no database, no clock.

How a rule set is read (the same for Decision 28/2025/QĐ-TTg and for local rule sets):

* Each condition compares ``facts.metrics[condition.metric]`` with its threshold.
* **Alternatives ("hoặc").** Conditions whose codes share the part before a dot form one
  criterion that is met when *any* of them is met: Decision 28, type I, criterion (d) "≥ 3.000
  cây **hoặc** ≥ 750 m²" is ``d.1`` (plants) and ``d.2`` (area). The contract's ``ConditionSpec``
  and the stored ``ConditionRow`` keep one metric per row, so an OR is two rows, not a new field;
  a criterion with a single row is simply its own group. Each row still yields its own
  ``CriterionResult`` (value, threshold, window, pass) so the screen shows both numbers.
* A condition's ``passed`` is ``None`` (cannot be judged) when its threshold is unknown
  (UNCONFIRMED and not yet set by an administrator), when the value is missing, or when it is a
  rate and the resident population at the date is missing. A criterion (group) is met if one row
  passed, failed if every row failed, otherwise unknown.
* ``combination == "all"``: passed when every criterion is met, failed when one fails, otherwise
  ``None``. ``"at_least"`` N: passed when ``met >= N``, failed when even the unknown criteria
  could not reach N, otherwise ``None`` (e.g. at least 3 with 2 met and 2 unknown). An unknown N
  (the province-level count is UNCONFIRMED) gives ``None``.
* ``met`` counts the criteria (groups) met.
* **"And at least N other criteria".** A condition with ``with_other_met`` N (Decision 28, type I,
  criterion (đ): on a key route *and* meeting 2 other criteria) is met when its own comparison
  passes and at least N other criteria of the rule set are met; it fails when its comparison
  fails or the others cannot reach N, and is unknown otherwise. Criteria that carry such a
  requirement themselves are not counted as "other", so nothing depends on itself.

The date window of a windowed metric is ``[on − window_months, on]`` (the condition's own window,
else the rule set's); point-in-time metrics have no window start.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from khongmatuy.common.dates import add_months

from .engine import (
    COMPARATORS,
    METRICS,
    AreaFacts,
    ConditionSpec,
    CriterionResult,
    EvaluationResult,
    RuleSetSpec,
)

# A rate missing from the facts is computed from its count and the population, in percent.
RATE_COUNTS = {"managed_rate": "managed_count", "arrest_rate": "arrests"}
HUNDRED = Decimal(100)
RATE_PLACES = Decimal("0.0001")


def rate(count: int | Decimal, population: int | None, *, rounded: bool = True) -> Decimal | None:
    """``count / population × 100``, with 4 decimals (half up) unless ``rounded`` is False;
    ``None`` without a population. The one computation of a rate: the facts keep it unrounded
    (28 significant digits: two rates that differ at all differ long before that), so a
    threshold is compared with the exact value; only what is shown is rounded."""
    if not population:
        return None
    value = Decimal(count) * HUNDRED / Decimal(population)
    return value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP) if rounded else value


def window_months_of(spec: RuleSetSpec) -> int:
    """The window the facts are gathered for: the conditions' own window when they agree on one
    (Decision 28's drug-free commune: 12 months), else the rule set's."""
    own = {c.window_months for c in spec.conditions if c.window_months}
    return own.pop() if len(own) == 1 else spec.window_months


def group_of(code: str) -> str:
    """The criterion a condition belongs to: ``"d.1"`` and ``"d.2"`` are both criterion ``d``."""
    return code.split(".", 1)[0]


def format_number(value: Decimal) -> str:
    """Vietnamese style: ``1.234,5`` (dot for thousands, comma for decimals)."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    sign = "-" if normal < 0 else ""
    text = format(abs(normal), "f")
    whole, _dot, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


COMPARATOR_SIGNS = {">=": "≥", ">": ">", "==": "=", "<=": "≤", "<": "<"}
UNIT_SUFFIXES = {"percent": " %", "share": " %", "m2": " m²"}


def with_unit(value: Decimal, metric: str) -> str:
    """A number as shown with its metric's unit: "0,5 %", "750 m²", "3"."""
    found = METRICS.get(metric)
    return format_number(value) + (UNIT_SUFFIXES.get(found.unit, "") if found else "")


def other_met_text(count: int) -> str:
    """The second half of a condition such as Decision 28 (đ): "and N other criteria met"."""
    return _("và đạt ít nhất %(n)s tiêu chí khác") % {"n": count}


def shown_value(value: Decimal, metric: str) -> Decimal:
    """A measured value as shown and stored with a result: a rate to 4 decimals (half up)."""
    found = METRICS.get(metric)
    if found is not None and found.unit == "percent":
        return value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return value


def threshold_text(condition: ConditionSpec) -> str | None:
    """The condition as users read it ("≥ 0,5 %"), or None while it has no threshold."""
    if condition.threshold is None:
        return None
    text = f"{COMPARATOR_SIGNS.get(condition.comparator, condition.comparator)} " + with_unit(
        condition.threshold, condition.metric
    )
    if condition.with_other_met:
        text += " " + other_met_text(condition.with_other_met)
    return text


def _value(condition: ConditionSpec, facts: AreaFacts) -> tuple[Decimal | None, str]:
    """The measured value, or None with the reason (Vietnamese)."""
    metric = METRICS.get(condition.metric)
    is_rate = metric is not None and metric.unit == "percent"
    if is_rate and not facts.population:
        return None, _("Chưa có số dân đang cư trú tại ngày đánh giá: không tính được tỷ lệ.")
    raw = facts.metrics.get(condition.metric)
    if raw is None and condition.metric in RATE_COUNTS and facts.population:
        count = facts.metrics.get(RATE_COUNTS[condition.metric])
        if count is not None:
            raw = rate(count, facts.population, rounded=False)
    if raw is None:
        return None, _("Chưa có số liệu cho chỉ số này.")
    try:
        return Decimal(raw), ""
    except (InvalidOperation, TypeError, ValueError):
        return None, _("Số liệu của chỉ số này không hợp lệ.")


def _judge(condition: ConditionSpec, rule_set: RuleSetSpec, facts: AreaFacts) -> CriterionResult:
    metric = METRICS.get(condition.metric)
    windowed = metric.windowed if metric else False
    months = condition.window_months or rule_set.window_months
    window_start = add_months(facts.on, -months) if windowed else None
    value, reason = _value(condition, facts)
    passed: bool | None = None
    compare = COMPARATORS.get(condition.comparator)
    if condition.threshold is None:
        explanation = _(
            "Ngưỡng của tiêu chí này chưa được xác nhận từ văn bản chính thức: chưa thể kết luận."
        )
    elif compare is None:
        explanation = _("Phép so sánh không hợp lệ: chưa thể kết luận.")
    elif value is None:
        explanation = reason + " " + _("Chưa thể kết luận.")
    else:
        # The exact value is compared (a rate of 0,49999 % is below 0,5 %); rounded for display.
        passed = bool(compare(value, condition.threshold))
        numbers = {
            "value": with_unit(shown_value(value, condition.metric), condition.metric),
            "comparator": COMPARATOR_SIGNS[condition.comparator],
            "threshold": with_unit(condition.threshold, condition.metric),
        }
        if passed:
            explanation = _("Giá trị %(value)s %(comparator)s %(threshold)s: đạt.") % numbers
        else:
            explanation = (
                _("Giá trị %(value)s không thỏa điều kiện %(comparator)s %(threshold)s: không đạt.")
                % numbers
            )
    if not condition.confirmed:
        explanation += " " + _("(Ngưỡng CHƯA XÁC NHẬN từ văn bản chính thức.)")
    if windowed and window_start is not None:
        explanation += " " + _("Khoảng thời gian xét: %(start)s – %(end)s.") % {
            "start": f"{window_start:%d/%m/%Y}",
            "end": f"{facts.on:%d/%m/%Y}",
        }
    return CriterionResult(
        code=condition.code,
        label=str(condition.label),
        metric=condition.metric,
        value=shown_value(value, condition.metric) if value is not None else None,
        comparator=condition.comparator,
        threshold=condition.threshold,
        confirmed=condition.confirmed,
        window_start=window_start,
        window_end=facts.on,
        passed=passed,
        article=condition.article,
        explanation=explanation.strip(),
        with_other_met=condition.with_other_met,
    )


def _with_others(
    rule_set: RuleSetSpec, results: tuple[CriterionResult, ...]
) -> tuple[CriterionResult, ...]:
    """Each condition with ``with_other_met`` N judged together with the other criteria."""
    needing = {group_of(c.code) for c in rule_set.conditions if c.with_other_met}
    if not needing:
        return results
    plain = {g: o for g, o in group_outcomes(results).items() if g not in needing}
    adjusted = []
    for condition, result in zip(rule_set.conditions, results, strict=True):
        count = condition.with_other_met
        if not count:
            adjusted.append(result)
            continue
        others = [o for g, o in plain.items() if g != group_of(condition.code)]
        met = sum(1 for o in others if o is True)
        unknown = sum(1 for o in others if o is None)
        enough: bool | None = True if met >= count else (False if met + unknown < count else None)
        passed: bool | None
        if result.passed is False or enough is False:
            passed = False
        elif result.passed is True and enough is True:
            passed = True
        else:
            passed = None
        note = _("Tiêu chí khác đang đạt: %(met)s (cần ít nhất %(n)s).") % {
            "met": met,
            "n": count,
        }
        if passed is not result.passed:
            note += " " + (_("Không đạt.") if passed is False else _("Chưa thể kết luận."))
        adjusted.append(replace(result, passed=passed, explanation=f"{result.explanation} {note}"))
    return tuple(adjusted)


def group_outcomes(results: tuple[CriterionResult, ...]) -> dict[str, bool | None]:
    """Per criterion (group of alternatives, in order): met, failed, or unknown."""
    groups: dict[str, list[bool | None]] = {}
    for result in results:
        groups.setdefault(group_of(result.code), []).append(result.passed)
    outcome: dict[str, bool | None] = {}
    for code, passes in groups.items():
        if any(p is True for p in passes):
            outcome[code] = True
        elif all(p is False for p in passes):
            outcome[code] = False
        else:
            outcome[code] = None
    return outcome


def missing_evidence(rule_set: RuleSetSpec, facts: AreaFacts) -> tuple[str, ...]:
    """What the area's record lacks before the rule set may conclude anything about it.

    No record is not a clean record: a commune nobody entered data for would otherwise be
    "drug-free". The rule set names its evidence: ``population``, a resident population figure
    in force on the date (every rate of Quyết định 28/2025/QĐ-TTg divides by it);
    ``reconciliation``, every active residential group at or under the area completed a data
    review (đợt rà soát) inside the window, so the registry's counts were checked against reality.
    """
    missing: list[str] = []
    if "population" in rule_set.evidence and not facts.population:
        missing.append(_("Chưa có số dân đang cư trú tại ngày đánh giá."))
    if (
        "reconciliation" in rule_set.evidence
        and facts.groups is not None
        and facts.reviewed_groups is not None
    ):
        start = add_months(facts.on, -rule_set.window_months)
        if facts.groups == 0:
            missing.append(_("Chưa có tổ dân phố, thôn nào để rà soát dữ liệu."))
        elif facts.reviewed_groups < facts.groups:
            missing.append(
                _(
                    "Chưa hoàn thành rà soát dữ liệu: %(done)s/%(total)s tổ dân phố, thôn đã"
                    " rà soát trong khoảng %(start)s – %(end)s."
                )
                % {
                    "done": facts.reviewed_groups,
                    "total": facts.groups,
                    "start": f"{start:%d/%m/%Y}",
                    "end": f"{facts.on:%d/%m/%Y}",
                }
            )
    return tuple(missing)


def evaluate(rule_set: RuleSetSpec, facts: AreaFacts) -> EvaluationResult:
    results = _with_others(rule_set, tuple(_judge(c, rule_set, facts) for c in rule_set.conditions))
    outcomes = group_outcomes(results)
    met = sum(1 for o in outcomes.values() if o is True)
    unknown = sum(1 for o in outcomes.values() if o is None)
    passed: bool | None
    if rule_set.combination == "all":
        if any(o is False for o in outcomes.values()):
            passed = False
        else:
            passed = True if unknown == 0 else None
    elif rule_set.combination == "at_least" and rule_set.at_least is not None:
        if met >= rule_set.at_least:
            passed = True
        elif met + unknown < rule_set.at_least:
            passed = False
        else:
            passed = None
    else:  # the number of criteria to meet is itself unknown (UNCONFIRMED)
        passed = None
    missing = missing_evidence(rule_set, facts)
    if missing:
        passed = None  # "chưa kết luận": the evidence is listed, never a pass or a fail
    return EvaluationResult(
        rule_set=rule_set.code,
        version=rule_set.version,
        on=facts.on,
        passed=passed,
        met=met,
        results=results,
        missing_evidence=missing,
    )
