"""The prevention stage of the synthetic generator: every group, 24 months, a few missed."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.areas.models import Area, Level
from khongmatuy.demo import synthetic, synthetic_prevention
from khongmatuy.prevention.models import Activity, GroupReach, Household, HouseholdCount

ON = date(2026, 11, 23)


@pytest.mark.django_db
def test_ward_scale_reaches_almost_every_group_every_month_and_is_idempotent():
    synthetic.generate(scale="ward", seed=42)
    result = synthetic_prevention.generate(scale="ward", seed=42, on=ON)
    groups = Area.objects.filter(level=Level.GROUP, is_active=True).count()
    snapshot = sorted(GroupReach.objects.values_list("group_id", "held_on"))

    assert (result.communes_filled, result.activities) == (1, 24)
    assert groups * 24 * 0.9 < result.reaches < groups * 24  # a few groups missed
    months = sorted({(d.year, d.month) for d in Activity.objects.values_list("held_on", flat=True)})
    assert len(months) == 24
    assert (months[0], months[-1]) == ((2024, 12), (2026, 11))
    assert max(Activity.objects.values_list("held_on", flat=True)) <= ON
    assert result.households == Household.objects.count() > 0
    assert result.household_counts == HouseholdCount.objects.count() > 0
    for count in HouseholdCount.objects.all():
        assert count.signed <= count.households
    assert not HouseholdCount.objects.filter(area__in=Household.objects.values("area")).exists()
    again = synthetic_prevention.generate(scale="ward", seed=42, on=ON)
    assert not again.created_anything
    assert sorted(GroupReach.objects.values_list("group_id", "held_on")) == snapshot
