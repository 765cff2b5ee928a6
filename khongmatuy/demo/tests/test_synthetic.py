"""The synthetic data generator: scales, denormalised columns, figures, determinism, idempotence."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, AreaFigure, Kind, Level
from khongmatuy.areas.rules.naming import sort_key_for
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from khongmatuy.common.text import fold
from khongmatuy.demo import synthetic


def _snapshot() -> list[tuple[object, ...]]:
    """Everything the generator decides, without primary keys or timestamps."""
    groups = Area.objects.filter(level=Level.GROUP).select_related("commune")
    figures = {
        (f.area.commune.code if f.area.level == Level.GROUP else f.area.code, f.area.name, f.as_of):
        (f.population, f.households, f.is_current, f.source)
        for f in AreaFigure.objects.select_related("area__commune")
    }  # fmt: skip
    return sorted(
        [(g.commune.code, g.name, g.kind, g.name_folded, g.sort_key) for g in groups]
        + [(*key, *value) for key, value in figures.items()],
        key=repr,
    )


# The plan: pure, no database.


def test_plan_depends_only_on_seed_and_commune():
    first = synthetic.commune_plan(seed=42, commune_code="10525", commune_kind=Kind.COMMUNE)
    again = synthetic.commune_plan(seed=42, commune_code="10525", commune_kind=Kind.COMMUNE)
    other_seed = synthetic.commune_plan(seed=7, commune_code="10525", commune_kind=Kind.COMMUNE)
    assert first == again
    assert first != other_seed


def test_gia_vien_always_has_73_residential_groups():
    plan = synthetic.commune_plan(seed=1, commune_code="11359", commune_kind=Kind.WARD)
    assert len(plan) == 73
    assert {g.kind for g in plan} == {Kind.RESIDENTIAL_GROUP}
    assert plan[0].name == "Tổ dân phố số 1"
    assert plan[-1].name == "Tổ dân phố số 73"


@pytest.mark.parametrize(
    ("commune_kind", "group_kind", "bounds"),
    [
        (Kind.WARD, Kind.RESIDENTIAL_GROUP, synthetic.GROUPS_PER_WARD),
        (Kind.COMMUNE, Kind.VILLAGE, synthetic.GROUPS_PER_COMMUNE),
        (Kind.SPECIAL_ZONE, Kind.RESIDENTIAL_GROUP, synthetic.GROUPS_PER_COMMUNE),
    ],
)
def test_plan_counts_kinds_names_and_figures(commune_kind, group_kind, bounds):
    counts = []
    for code in range(20000, 20200):
        plan = synthetic.commune_plan(seed=42, commune_code=str(code), commune_kind=commune_kind)
        counts.append(len(plan))
        assert bounds[0] <= len(plan) <= bounds[1]
        assert {g.kind for g in plan} == {group_kind}
        assert len({fold(g.name) for g in plan}) == len(plan)  # unique in the commune
        for group in plan:
            dates = [f.as_of for f in group.figures]
            assert 1 <= len(dates) <= 2
            assert dates == sorted(set(dates))
            assert dates[-1] == synthetic.FIGURE_DATES[-1]  # the last one is the current one
            assert all(0 < f.households <= f.population for f in group.figures)
    assert len(set(counts)) > 10  # the counts vary from commune to commune


def test_commune_figures_sum_the_groups_in_force_at_each_date():
    plan = synthetic.commune_plan(seed=42, commune_code="11359", commune_kind=Kind.WARD)
    earlier, current = synthetic.commune_figures(plan)
    assert current.as_of == synthetic.FIGURE_DATES[-1]
    assert current.population == sum(g.figures[-1].population for g in plan)
    assert earlier.population == sum(g.figures[0].population for g in plan)
    assert current.households == sum(g.figures[-1].households for g in plan)


# Loading into the database.


@pytest.mark.django_db
def test_ward_scale_loads_gia_vien_with_73_groups():
    result = synthetic.generate(scale="ward", seed=42)

    haiphong = Area.objects.get(level=Level.PROVINCE, code="31")
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    groups = list(Area.objects.filter(level=Level.GROUP))
    assert (result.communes_filled, result.groups, len(groups)) == (1, 73, 73)
    assert gia_vien.commune_id == gia_vien.pk
    assert gia_vien.province_id == haiphong.pk
    for group in groups:
        assert (group.parent_id, group.commune_id, group.province_id) == (
            gia_vien.pk,
            gia_vien.pk,
            haiphong.pk,
        )
        assert group.kind == Kind.RESIDENTIAL_GROUP
        assert group.name_folded == fold(group.name)
        assert group.sort_key == sort_key_for(group.name)
        assert group.is_active
    assert AreaFigure.objects.count() == result.figures
    assert set(AreaFigure.objects.values_list("source", flat=True)) == {synthetic.SOURCE}


@pytest.mark.django_db
def test_every_area_with_figures_has_exactly_one_current_figure_the_latest():
    synthetic.generate(scale="ward", seed=42)

    per_area = AreaFigure.objects.values("area_id").annotate(
        current=Count("pk", filter=Q(is_current=True)), latest=Max("as_of"), n=Count("pk")
    )
    assert len(per_area) == 74  # 73 groups and Gia Viên itself
    assert {row["current"] for row in per_area} == {1}
    assert {row["n"] for row in per_area} <= {1, 2}
    current_dates = dict(AreaFigure.objects.filter(is_current=True).values_list("area_id", "as_of"))
    assert all(current_dates[row["area_id"]] == row["latest"] for row in per_area)


@pytest.mark.django_db
def test_bench_users_are_bound_to_their_areas():
    synthetic.generate(scale="ward", seed=42)

    bound = {
        u.username: (u.role, [a.area.code for a in u.area_assignments.select_related("area")])
        for u in User.objects.filter(username__startswith="bench_")
    }
    assert bound == {
        "bench_commune": (Role.COMMUNE_POLICE, ["11359"]),
        "bench_city": (Role.CITY_POLICE, ["31"]),
        "bench_national": (Role.ADMIN, ["VN"]),
    }


@pytest.mark.django_db
def test_the_load_is_audited_in_summary():
    synthetic.generate(scale="ward", seed=42)

    event = AuditEvent.objects.get(object_id="synthetic:ward:42")
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor is None
    assert "73 groups" in event.object_repr
    figures = AuditEvent.objects.get(object_id="synthetic:ward:42/areafigure")
    assert figures.model == "areas.AreaFigure"
    assert figures.object_repr.startswith(f"{AreaFigure.objects.count()} × ")


@pytest.mark.django_db
def test_second_run_does_nothing():
    synthetic.generate(scale="ward", seed=42)
    before = (_snapshot(), AuditEvent.objects.count(), User.objects.count())

    again = synthetic.generate(scale="ward", seed=42)

    assert not again.created_anything
    assert (_snapshot(), AuditEvent.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.unaudited_writes  # the test itself deletes the generated rows between runs
def test_same_seed_writes_the_same_rows():
    synthetic.generate(scale="ward", seed=42)
    first = _snapshot()
    AreaFigure.objects.all().delete()
    Area.objects.filter(level=Level.GROUP).delete()

    synthetic.generate(scale="ward", seed=42)

    assert _snapshot() == first
    AreaFigure.objects.all().delete()
    Area.objects.filter(level=Level.GROUP).delete()
    synthetic.generate(scale="ward", seed=43)
    assert _snapshot() != first


@pytest.mark.django_db
def test_city_scale_fills_all_of_hai_phong_and_keeps_gia_vien_as_at_ward_scale():
    synthetic.generate(scale="ward", seed=42)
    gia_vien_at_ward_scale = _snapshot()

    result = synthetic.generate(scale="city", seed=42)

    communes = Area.objects.filter(level=Level.COMMUNE)
    assert communes.count() == 114
    assert result.communes_filled == 113  # Gia Viên was already there
    groups = Area.objects.filter(level=Level.GROUP)
    assert 3000 < groups.count() < 5000
    assert set(groups.values_list("commune_id", flat=True)) == set(
        communes.values_list("pk", flat=True)
    )
    assert not groups.exclude(province__code="31").exists()
    gia_vien = [row for row in _snapshot() if row[0] == "11359"]
    assert gia_vien == [row for row in gia_vien_at_ward_scale if row[0] == "11359"]


@pytest.mark.django_db
def test_command_reports_then_finds_nothing_to_do():
    out = io.StringIO()
    call_command("generate_synthetic", "--scale", "ward", "--seed", "42", stdout=out)
    call_command("generate_synthetic", "--scale", "ward", "--seed", "42", stdout=out)

    first, second = out.getvalue().splitlines()
    assert "73 groups" in first
    assert second.startswith("ward: already loaded, nothing to do")
