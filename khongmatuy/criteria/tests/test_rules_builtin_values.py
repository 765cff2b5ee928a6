"""The built-in rule sets hold the values of their sources, written here a second time from the
text (Quyết định 28/2025/QĐ-TTg; the Gia Viên plan, mục III.5–6): a change to one threshold,
comparator, window, "confirmed" mark or combination must be deliberate and fail this test first.
Pure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khongmatuy.areas.models import Level
from khongmatuy.criteria.engine import RuleSetSpec
from khongmatuy.criteria.rules import decision28, local

D = Decimal
# code, metric, comparator, threshold, confirmed, window_months, with_other_met
_TYPE_I = (
    ("a", "managed_rate", ">=", D("0.5"), True, None, None),
    ("b", "harbouring_places", ">=", D(2), True, None, None),
    ("c", "arrest_rate", ">=", D("0.1"), True, None, None),
    ("d.1", "plants_destroyed", ">=", D(3000), True, None, None),
    ("d.2", "cultivation_m2", ">=", D(750), True, None, None),
    ("đ", "on_key_route", ">=", D(1), True, None, 2),
)
_TYPE_II = (
    ("a", "managed_rate", ">=", None, False, None, None),
    ("b", "harbouring_places", ">=", D(1), True, None, None),
    ("c", "arrest_rate", ">=", D("0.05"), True, None, None),
    ("d.1", "plants_destroyed", ">=", None, False, None, None),
    ("d.2", "cultivation_m2", ">=", D(125), True, None, None),
    ("đ", "on_key_route", ">=", None, False, None, None),
)
_TYPE_III = tuple(
    (code, metric, ">=", None, False, None, None)
    for code, metric in (
        ("a", "managed_rate"),
        ("b", "harbouring_places"),
        ("c", "arrest_rate"),
        ("d.1", "plants_destroyed"),
        ("d.2", "cultivation_m2"),
        ("đ", "on_key_route"),
    )
)
_PROVINCE = (
    ("1", "province_criterion_1", ">=", None, False, None, None),
    ("2", "managed_rate", ">=", D("0.2"), True, None, None),
    ("3", "harbouring_places", ">=", D(5), True, None, None),
    ("4", "arrest_rate", ">=", D("0.05"), True, None, None),
    ("5", "hotspot_commune_share", ">=", None, False, None, None),
)
_DRUG_FREE = (
    ("1", "users_outside_treatment", "==", D(0), False, None, None),
    ("2", "harbouring_places", "==", D(0), False, None, None),
    ("3", "dealers", "==", D(0), False, None, None),
    ("4", "new_users", "==", D(0), False, 12, None),
)
_GROUP = (
    ("1", "new_users", "==", D(0), True, 12, None),
    ("2", "harbouring_places", "==", D(0), True, None, None),
    ("3", "dealers", "==", D(0), True, None, None),
)

# code: (level, combination, at_least, window_months of the set, conditions)
EXPECTED = {
    decision28.COMMUNE_HOTSPOT_I: (Level.COMMUNE, "at_least", 3, _TYPE_I),
    decision28.COMMUNE_HOTSPOT_II: (Level.COMMUNE, "at_least", 3, _TYPE_II),
    decision28.COMMUNE_HOTSPOT_III: (Level.COMMUNE, "at_least", 1, _TYPE_III),
    decision28.PROVINCE_HOTSPOT: (Level.PROVINCE, "at_least", None, _PROVINCE),
    decision28.DRUG_FREE_COMMUNE: (Level.COMMUNE, "all", None, _DRUG_FREE),
    local.DRUG_FREE_GROUP: (Level.GROUP, "all", None, _GROUP),
}


def _all() -> dict[str, RuleSetSpec]:
    return {spec.code: spec for spec in (*decision28.RULE_SETS, *local.RULE_SETS)}


def test_every_built_in_rule_set_is_listed() -> None:
    assert set(_all()) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_rule_set_values(code: str) -> None:
    spec = _all()[code]
    level, combination, at_least, conditions = EXPECTED[code]
    assert (spec.level, spec.combination, spec.at_least) == (level, combination, at_least)
    assert spec.version == "1"
    actual = tuple(
        (
            c.code,
            c.metric,
            c.comparator,
            c.threshold,
            c.confirmed,
            c.window_months,
            c.with_other_met,
        )
        for c in spec.conditions
    )
    assert actual == conditions
    for c in spec.conditions:
        # a known threshold is a Decimal compared exactly; an unknown one is never "confirmed"
        assert c.threshold is None or isinstance(c.threshold, Decimal)
        assert c.threshold is not None or not c.confirmed


def test_effective_dates_and_windows() -> None:
    """Decision 28 took effect on the day it was issued, 24/8/2025; the group rule set counts new
        users over the plans' yearly "giữ vững" cycle of 12 months. Decision 28's reference period
    for arrests and destroyed plants is UNCONFIRMED; the default of 12 months is shown with every
    result."""
    for spec in decision28.RULE_SETS:
        assert spec.effective_from.isoformat() == "2025-08-24"
        assert spec.window_months == 12  # the reference period is UNCONFIRMED: 12 months shown
    group = _all()[local.DRUG_FREE_GROUP]
    assert group.effective_from.isoformat() == "2025-01-01"
    assert group.window_months == 12
