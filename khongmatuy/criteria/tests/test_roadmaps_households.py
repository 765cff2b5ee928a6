"""Roadmap targets measured as household commitments (Nghị quyết Đảng bộ phường Thành Đông,
mục II.2.2: every household commits by the end of 2026): what the service accepts, the
progress against the groups' households, the groups below target, the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.common.access import may_open
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Role
from khongmatuy.criteria.models import RoadmapTarget
from khongmatuy.criteria.selectors.roadmaps import progress
from khongmatuy.criteria.services.roadmaps import roadmap_target_set
from khongmatuy.prevention import services as prevention
from tests.personas import World, client_for, make_user

from .factories import RoadmapFactory

HOUSEHOLDS = RoadmapTarget.Measure.HOUSEHOLD_COMMITMENTS
ON = date(2026, 11, 20)


def _paper(officer: User, group, households: int, signed: int, on: date = ON) -> None:  # type: ignore[no-untyped-def]
    prevention.household_counts_set(
        actor=officer, group=group, year=on.year, households=households, signed=signed, as_of=on
    )


def _target(officer: User, roadmap, **kwargs):  # type: ignore[no-untyped-def]
    values = {"phase": "Năm 2026", "due_on": date(2026, 12, 31), "percent": Decimal(100)}
    return roadmap_target_set(actor=officer, roadmap=roadmap, measure=HOUSEHOLDS, **values | kwargs)


def test_a_household_target_is_a_percentage_only(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    with pytest.raises(DomainError) as refused:
        _target(officer_a, roadmap, percent=None, count=3)
    assert "count" in refused.value.message_dict
    with pytest.raises(DomainError) as refused:
        _target(officer_a, roadmap, percent=Decimal(100), areas=[world.group_a1])
    assert "areas" in refused.value.message_dict
    with pytest.raises(DomainError) as refused:
        _target(officer_a, roadmap, percent=None)
    assert "percent" in refused.value.message_dict
    with pytest.raises(DomainError) as refused:
        roadmap_target_set(
            actor=officer_a,
            roadmap=roadmap,
            measure="households",
            phase="",
            due_on=date(2026, 12, 31),
            percent=Decimal(50),
        )
    assert "measure" in refused.value.message_dict
    assert not RoadmapTarget.objects.exists()


def test_both_measures_may_share_a_due_date_once_each(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    roadmap_target_set(
        actor=officer_a, roadmap=roadmap, phase="", due_on=date(2026, 12, 31), percent=40
    )
    target = _target(officer_a, roadmap)
    assert target.measure == HOUSEHOLDS
    assert not target.cumulative
    with pytest.raises(DomainError) as refused:
        _target(officer_a, roadmap)
    assert "due_on" in refused.value.message_dict


def test_progress_counts_households_of_the_groups_below(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    target = _target(officer_a, roadmap, percent=Decimal(90))
    # The paper lists say 130 and 110; the area figures (128 and 107 households on 1/1/2026)
    # are what the coverage is measured against.
    _paper(officer_a, world.group_a1, households=130, signed=120)
    _paper(officer_a, world.group_a2, households=110, signed=90)

    result = progress(user=officer_a, roadmap=roadmap, on=ON)

    (row,) = result.targets
    assert row.target == target
    assert (row.kind, row.base, row.actual) == ("households", 235, 210)
    assert row.expected == 212  # 90 % of 235 is 211.5, rounded up
    assert not row.reached
    assert not row.is_due
    assert not row.behind
    assert row.actual_percent == Decimal("89.4")
    # Group 2 (90 of 107, 84 %) is under 90 %; group 1 (120 of 128, 93.8 %) is not.
    assert [a.pk for a in row.missing] == [world.group_a2.pk]
    # A household target names groups below it, not areas behind the recognition roadmap.
    assert result.behind_areas == []


def test_a_due_household_target_not_met_is_behind(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    _target(officer_a, roadmap, due_on=date(2026, 10, 31))
    _paper(officer_a, world.group_a1, households=128, signed=128)
    _paper(officer_a, world.group_a2, households=107, signed=106)

    (row,) = progress(user=officer_a, roadmap=roadmap, on=ON).targets

    assert row.is_due
    assert row.behind
    assert (row.expected, row.actual) == (235, 234)
    assert row.measured_on == date(2026, 10, 31)


def test_commitments_after_the_due_day_do_not_count(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    _target(officer_a, roadmap, due_on=date(2026, 6, 30))
    household = prevention.household_add(
        actor=officer_a,
        group=world.group_a1,
        spec=prevention.HouseholdSpec("Nguyễn Văn An", signed_on=date(2026, 7, 1)),
        today=ON,
    )
    prevention.household_add(
        actor=officer_a,
        group=world.group_a1,
        spec=prevention.HouseholdSpec("Trần Thị Bình", signed_on=date(2026, 6, 30)),
        today=ON,
    )
    assert household.pk

    (row,) = progress(user=officer_a, roadmap=roadmap, on=ON).targets

    assert (row.base, row.actual) == (235, 1)  # against the groups' figures (128 + 107)


def test_the_page_shows_households_and_links_only_where_it_may(
    officer_a: User, world: World
) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    _target(officer_a, roadmap, percent=Decimal(100))
    _paper(officer_a, world.group_a1, households=128, signed=7)
    url = reverse("criteria:roadmap_detail", args=[roadmap.pk])
    households = f"{reverse('prevention:households')}?area={world.ward_a.pk}"

    page = client_for(officer_a).get(url).content.decode()
    assert "100% của 235 hộ gia đình ký cam kết" in page
    assert households in page

    # A role that reads roadmaps but not the prevention pages gets no link that answers 403.
    reader = make_user("doc_lotrinh", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    page = client_for(reader).get(url).content.decode()
    assert "100% của 235 hộ gia đình ký cam kết" in page
    assert may_open(reader.role, households) == (households in page)
