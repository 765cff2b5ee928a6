"""Coverage of groups, schools and workers at its edges, and its query counts."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Kind, Organisation
from khongmatuy.prevention import services
from khongmatuy.prevention.choices import ActivityForm, Audience
from khongmatuy.prevention.rules.periods import months_ending, percent, school_year_of
from khongmatuy.prevention.selectors import coverage

from .factories import activity

NOV = date(2026, 11, 15)


def test_a_session_on_the_last_day_of_the_month_counts_for_that_month(world, officer_a):
    activity(actor=officer_a, held_on=date(2026, 10, 31), groups=[world.group_a1])

    october = coverage.month_coverage(user=officer_a, on=date(2026, 10, 1))
    november = coverage.month_coverage(user=officer_a, on=NOV)

    assert (october.reached, october.total) == (1, 2)
    assert (november.reached, november.total) == (0, 2)


def test_a_session_on_the_first_day_of_the_next_month_does_not_count_for_the_month_before(
    world, officer_a
):
    activity(actor=officer_a, held_on=date(2026, 11, 1), groups=[world.group_a1])

    assert coverage.month_coverage(user=officer_a, on=date(2026, 10, 31)).reached == 0
    assert coverage.month_coverage(user=officer_a, on=NOV).reached == 1


def test_a_session_reaching_two_groups_counts_once_per_group(world, officer_a):
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1, world.group_a2])
    activity(actor=officer_a, held_on=date(2026, 11, 20), groups=[world.group_a1])

    month = coverage.month_coverage(user=officer_a, on=NOV)

    assert (month.reached, month.total, month.percent) == (2, 2, 100)
    assert list(coverage.groups_not_reached(user=officer_a, on=NOV)) == []


def test_a_group_created_mid_month_is_due_from_the_next_month(world, officer_a):
    new = area_services.area_create(
        actor=None,
        parent=world.ward_a,
        name="Tổ dân phố số 3",
        kind=Kind.RESIDENTIAL_GROUP,
        valid_from=date(2026, 11, 10),
    )
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])

    november = coverage.month_coverage(user=officer_a, on=NOV)
    december = coverage.month_coverage(user=officer_a, on=date(2026, 12, 1))

    assert (november.reached, november.total) == (1, 2)  # neither counted nor missed
    assert new not in coverage.groups_not_reached(user=officer_a, on=NOV)
    assert december.total == 3
    assert new in coverage.groups_not_reached(user=officer_a, on=date(2026, 12, 1))


def test_groups_not_reached_are_listed_per_commune_and_scoped(world, officer_a, officer_b):
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])

    assert list(coverage.groups_not_reached(user=officer_a, on=NOV)) == [world.group_a2]
    assert list(coverage.groups_not_reached(user=officer_b, on=NOV)) == [world.group_b1]
    rows = coverage.by_commune(user=officer_a, on=NOV)
    assert [(r.commune_id, r.commune_name, r.reached, r.total) for r in rows] == [
        (world.ward_a.pk, "Phường Gia Viên", 1, 2)
    ]


def test_a_city_user_sees_every_commune_and_an_area_narrows_it(world, officer_a, city_user):
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])

    rows = coverage.by_commune(user=city_user, on=NOV)
    ward_b = coverage.month_coverage(user=city_user, on=NOV, area=world.ward_b)

    assert [(r.commune_id, r.reached, r.total) for r in rows] == [
        (world.ward_a.pk, 1, 2),
        (world.ward_b.pk, 0, 1),
    ]
    assert (ward_b.reached, ward_b.total) == (0, 1)


def test_the_trend_gives_each_month_oldest_first(world, officer_a):
    activity(actor=officer_a, held_on=date(2026, 9, 30), groups=[world.group_a1])
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1, world.group_a2])

    trend = coverage.month_trend(user=officer_a, on=NOV, months=3)

    assert [(p.month, p.reached, p.total) for p in trend] == [
        (date(2026, 9, 1), 1, 2),
        (date(2026, 10, 1), 0, 2),
        (date(2026, 11, 1), 2, 2),
    ]


@pytest.mark.parametrize("extra_groups", [0, 12])
def test_coverage_query_count_does_not_grow_with_groups(
    world, officer_a, django_assert_num_queries, extra_groups
):
    for n in range(extra_groups):
        area_services.area_create(
            actor=None, parent=world.ward_a, name=f"Tổ thêm {n}", kind=Kind.RESIDENTIAL_GROUP
        )
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])
    officer_a.refresh_from_db()
    coverage.month_trend(user=officer_a, on=NOV)  # the user's scope is read once, then cached

    with django_assert_num_queries(1):
        coverage.month_trend(user=officer_a, on=NOV, months=12)
    with django_assert_num_queries(1):
        coverage.by_commune(user=officer_a, on=NOV)
    with django_assert_num_queries(1):
        list(coverage.groups_not_reached(user=officer_a, on=NOV))
    with django_assert_num_queries(1):
        coverage.workers_reached(user=officer_a, on=NOV)


def _org(world, kind: str, name: str) -> Organisation:
    return area_services.organisation_save(
        actor=None, organisation=None, area=world.ward_a, kind=kind, name=name
    )


def test_schools_reached_in_the_school_year(world, officer_a):
    school = _org(world, Organisation.OrgKind.SCHOOL, "Trường THCS Lê Lợi")
    _org(world, Organisation.OrgKind.SCHOOL, "Trường Tiểu học Trần Phú")
    activity(
        actor=officer_a,
        held_on=date(2026, 8, 31),  # the school year before
        organisations=[school],
        form=ActivityForm.SCHOOL,
        audience=Audience.PUPILS,
    )
    assert coverage.schools_reached(user=officer_a, on=NOV).reached == 0

    activity(
        actor=officer_a,
        held_on=date(2026, 9, 1),
        organisations=[school],
        form=ActivityForm.SCHOOL,
        audience=Audience.PUPILS,
    )
    schools = coverage.schools_reached(user=officer_a, on=NOV)
    assert (schools.reached, schools.total, schools.percent) == (1, 2, 50)


def test_workers_reached_take_the_largest_audience_capped_at_the_dated_figure(world, officer_a):
    factory = _org(world, Organisation.OrgKind.ENTERPRISE, "Công ty May Hải Phòng")
    other = _org(world, Organisation.OrgKind.ENTERPRISE, "Công ty Cơ khí Bạch Đằng")
    services.workforce_set(
        actor=officer_a, organisation=factory, as_of=date(2026, 1, 1), workers=400
    )
    services.workforce_set(
        actor=officer_a, organisation=factory, as_of=date(2026, 12, 1), workers=900
    )
    services.workforce_set(actor=officer_a, organisation=other, as_of=date(2026, 1, 1), workers=100)
    for count in (250, 300):  # the same workers, twice
        activity(
            actor=officer_a,
            held_on=date(2026, 10, 5),
            organisations=[factory],
            form=ActivityForm.WORKPLACE,
            audience=Audience.WORKERS,
            audience_count=count,
        )
    activity(
        actor=officer_a,
        held_on=date(2026, 10, 6),
        organisations=[other],
        form=ActivityForm.WORKPLACE,
        audience=Audience.WORKERS,
        audience_count=180,  # more than its workers: capped
    )

    workers = coverage.workers_reached(user=officer_a, on=NOV)

    assert (workers.reached, workers.total, workers.percent) == (400, 500, 80)


def test_periods():
    assert [m.first for m in months_ending(date(2026, 1, 31), 2)] == [
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]
    assert months_ending(date(2026, 2, 10), 1)[0].last == date(2026, 2, 28)
    assert school_year_of(date(2026, 8, 31)).first == date(2025, 9, 1)
    assert school_year_of(date(2026, 9, 1)).last == date(2027, 8, 31)
    assert percent(69, 70) == 98
    assert percent(0, 0) is None


def test_the_bench_sql_floor_gives_the_same_coverage(world, officer_a, city_user):
    from bench.bench_prevention import coverage_orm, coverage_sql

    area_services.area_create(
        actor=None,
        parent=world.ward_a,
        name="Tổ dân phố số 3",
        kind=Kind.RESIDENTIAL_GROUP,
        valid_from=date(2026, 11, 10),  # due from December only
    )
    activity(actor=officer_a, held_on=date(2026, 11, 30), groups=[world.group_a1])
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1, world.group_a2])

    for user in (officer_a, city_user):
        for on in (NOV, date(2026, 12, 1)):
            assert coverage_sql(user, on) == coverage_orm(user, on)
    assert coverage_sql(city_user, NOV) == {world.ward_a.pk: (2, 2), world.ward_b.pk: (0, 1)}
    assert coverage_sql(city_user, date(2026, 12, 1))[world.ward_a.pk] == (0, 3)
