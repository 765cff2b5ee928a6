"""Reads of the area tree: figures over time, tree counts, search, roots, scope."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.areas import selectors, services
from khongmatuy.areas.models import Organisation
from khongmatuy.areas.selectors import AreaCount
from khongmatuy.common.roles import Role

from .factories import OrganisationFactory, commune_with_groups, user_bound_to


def _rows(rows):  # type: ignore[no-untyped-def]
    return [(r.area.name, r.child_count, r.group_count, r.population, r.households) for r in rows]


# --- figure_at --------------------------------------------------------------------------------


@pytest.fixture
def ward_b_series(world):  # type: ignore[no-untyped-def]
    for as_of, population in (
        (date(2024, 1, 1), 1000),
        (date(2026, 1, 1), 3000),
        (date(2025, 1, 1), 2000),
    ):
        services.figure_set(
            actor=None, area=world.ward_b, as_of=as_of, population=population, households=250
        )
    return world.ward_b


@pytest.mark.parametrize(
    ("on", "population"),
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), 1000),
        (date(2024, 12, 31), 1000),
        (date(2025, 6, 30), 2000),
        (date(2026, 1, 1), 3000),
        (date(2030, 1, 1), 3000),
    ],
)
def test_figure_at_is_the_latest_figure_on_or_before_the_date(ward_b_series, on, population):
    figure = selectors.figure_at(area=ward_b_series, on=on)
    assert (figure.population if figure else None) == population


def test_figures_for_area_are_newest_first(ward_b_series):
    assert [f.as_of.year for f in selectors.figures_for_area(area=ward_b_series)] == [
        2026,
        2025,
        2024,
    ]


# --- tree_rows --------------------------------------------------------------------------------


def test_tree_rows_count_children_and_groups_below_provinces(world):
    rows = selectors.tree_rows([world.quangninh, world.haiphong])
    assert _rows(rows) == [
        ("Hải Phòng", 2, 3, None, None),
        ("Quảng Ninh", 1, 0, None, None),
    ]


def test_tree_rows_count_groups_below_communes_with_latest_population(world):
    services.figure_set(
        actor=None, area=world.ward_a, as_of=date(2026, 7, 1), population=21500, households=5400
    )
    services.figure_set(
        actor=None, area=world.ward_a, as_of=date(2025, 1, 1), population=20000, households=5000
    )
    rows = selectors.tree_rows([world.ward_b, world.ward_a, world.ward_c])
    assert _rows(rows) == [
        ("Cao Xanh", 0, 0, None, None),
        ("Gia Viên", 2, 2, 21500, 5400),
        ("Thành Đông", 1, 1, None, None),
    ]


def test_tree_rows_of_groups_and_the_country(world):
    assert _rows(selectors.tree_rows([world.group_a2, world.group_a1])) == [
        ("Tổ dân phố số 1", 0, 0, 512, 128),
        ("Tổ dân phố số 2", 0, 0, 430, 107),
    ]
    assert _rows(selectors.tree_rows([world.country])) == [("Việt Nam", 2, 3, None, None)]


def test_tree_rows_leave_out_former_units(world):
    services.area_merge(
        actor=None,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 1, 1),
    )
    assert _rows(selectors.tree_rows([world.ward_a])) == [("Gia Viên", 1, 1, 21000, 5250)]


def test_tree_rows_accept_a_queryset(world, officer_a):
    children = selectors.children_for_user(user=officer_a, area=world.ward_a)
    assert [r.area.name for r in selectors.tree_rows(children)] == [
        "Tổ dân phố số 1",
        "Tổ dân phố số 2",
    ]


# --- commune_counts ---------------------------------------------------------------------------


def test_commune_counts_for_the_city(world, city_user):
    assert selectors.commune_counts(user=city_user) == [
        AreaCount(commune_id=world.ward_a.pk, commune_name="Gia Viên", groups=2, population=942),
        AreaCount(commune_id=world.ward_b.pk, commune_name="Thành Đông", groups=1, population=777),
    ]


def test_commune_counts_use_only_current_figures_and_stay_in_scope(world, officer_a, leader_a):
    services.figure_set(
        actor=None, area=world.group_a1, as_of=date(2025, 1, 1), population=9999, households=9
    )
    services.figure_set(
        actor=None, area=world.group_a2, as_of=date(2026, 6, 1), population=440, households=110
    )
    assert selectors.commune_counts(user=officer_a) == [
        AreaCount(commune_id=world.ward_a.pk, commune_name="Gia Viên", groups=2, population=952)
    ]
    assert selectors.commune_counts(user=leader_a) == [
        AreaCount(commune_id=world.ward_a.pk, commune_name="Gia Viên", groups=1, population=512)
    ]


def test_commune_counts_of_a_user_without_areas_is_empty(world):
    nobody = user_bound_to("khong_dia_ban", Role.COMMUNE_POLICE, [])
    assert selectors.commune_counts(user=nobody) == []


# --- area_search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("gia vien", ["Gia Viên"]),
        ("GIA VIÊN", ["Gia Viên"]),
        ("thanh dong", ["Thành Đông"]),
        ("Đông", ["Thành Đông"]),
        ("to dan pho", ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố Thành Công"]),
        ("hai phong", ["Hải Phòng"]),
        ("cao xanh", []),
        ("g", []),
        ("  ", []),
    ],
)
def test_city_search_ignores_diacritics_and_case(world, city_user, query, names):
    assert [a.name for a in selectors.area_search(user=city_user, query=query)] == names


def test_search_never_returns_areas_out_of_scope(world, officer_a, officer_b, leader_a):
    assert selectors.area_search(user=officer_a, query="thanh dong") == []
    assert [a.name for a in selectors.area_search(user=officer_b, query="thanh dong")] == [
        "Thành Đông"
    ]
    assert [a.name for a in selectors.area_search(user=officer_a, query="to dan pho")] == [
        "Tổ dân phố số 1",
        "Tổ dân phố số 2",
    ]
    assert [a.name for a in selectors.area_search(user=leader_a, query="to dan pho")] == [
        "Tổ dân phố số 1"
    ]
    assert selectors.area_search(user=officer_a, query="hai phong") == []


def test_search_leaves_out_former_units_and_respects_the_limit(world, city_user):
    services.area_merge(
        actor=None,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 1, 1),
    )
    assert [a.name for a in selectors.area_search(user=city_user, query="so 1")] == []
    assert len(selectors.area_search(user=city_user, query="to dan pho", limit=1)) == 1


def test_search_treats_like_wildcards_literally(world, city_user):
    assert selectors.area_search(user=city_user, query="%%") == []
    assert selectors.area_search(user=city_user, query="__") == []


# --- roots, children, ancestors, organisations --------------------------------------------------


def test_root_areas_for_each_persona(world, officer_a, leader_a, city_user, admin_user):
    assert selectors.root_areas_for_user(user=officer_a) == [world.ward_a]
    assert selectors.root_areas_for_user(user=leader_a) == [world.group_a1]
    assert selectors.root_areas_for_user(user=city_user) == [world.haiphong]
    assert selectors.root_areas_for_user(user=admin_user) == [world.country]


def test_roots_drop_areas_covered_by_another_assigned_area(world):
    both = user_bound_to(
        "ca_kiem", Role.CITY_POLICE, [world.haiphong, world.ward_a, world.group_b1]
    )
    assert selectors.root_areas_for_user(user=both) == [world.haiphong]
    two_wards = user_bound_to("hai_phuong", Role.COMMUNE_POLICE, [world.ward_c, world.ward_a])
    assert selectors.root_areas_for_user(user=two_wards) == [world.ward_c, world.ward_a]


def test_roots_leave_out_former_units(world):
    user = user_bound_to("to_cu", Role.GROUP_LEADER, [world.group_a1])
    services.area_merge(
        actor=None,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 1, 1),
    )
    assert selectors.root_areas_for_user(user=user) == []


def test_children_and_ancestors(world, officer_a, city_user):
    assert list(selectors.children_for_user(user=city_user, area=world.haiphong)) == [
        world.ward_a,
        world.ward_b,
    ]
    assert list(selectors.children_for_user(user=officer_a, area=world.haiphong)) == [world.ward_a]
    assert selectors.ancestors(world.group_a1) == [world.country, world.haiphong, world.ward_a]
    assert selectors.ancestors(world.country) == []


def test_area_get_for_user_is_404_out_of_scope(world, officer_a):
    from django.http import Http404

    assert selectors.area_get_for_user(user=officer_a, pk=world.group_a2.pk) == world.group_a2
    for pk in (world.ward_b.pk, world.group_b1.pk, world.haiphong.pk, 10**6):
        with pytest.raises(Http404):
            selectors.area_get_for_user(user=officer_a, pk=pk)


def test_organisations_for_area_by_level(world, officer_a, city_user):
    school = OrganisationFactory(area=world.group_a1, name="Trường Mầm non Hoa Sen")
    parish = OrganisationFactory(
        area=world.ward_a, name="Giáo xứ Gia Viên", kind=Organisation.OrgKind.PARISH
    )
    other = OrganisationFactory(area=world.group_b1, name="Trường THCS Thành Đông")
    # by kind, then name
    assert list(selectors.organisations_for_area(user=officer_a, area=world.ward_a)) == [
        parish,
        school,
    ]
    assert list(selectors.organisations_for_area(user=officer_a, area=world.group_a1)) == [school]
    assert list(selectors.organisations_for_area(user=city_user, area=world.haiphong)) == [
        parish,
        school,
        other,
    ]
    assert list(selectors.organisations_for_area(user=officer_a, area=world.haiphong)) == [
        parish,
        school,
    ]
    assert selectors.organisation_get_for_user(user=officer_a, pk=school.pk) == school


def test_organisations_of_a_former_commune_stay_listed_on_its_page(merger):
    services.area_merge(
        actor=None,
        predecessors=merger.predecessors,
        successor=merger.kien_minh,
        effective_on=date(2025, 7, 1),
    )
    (group,) = [g for g in merger.dong_phuong_groups if g.name == "Thôn 2"]
    shop = OrganisationFactory(area=group, kind="enterprise", name="HTX Đông Phương")
    officer = merger.officer
    former = selectors.area_get_for_user(user=officer, pk=merger.dong_phuong.pk)
    assert list(selectors.organisations_for_area(user=officer, area=former)) == [
        shop,
        merger.school,
    ]
    assert list(selectors.organisations_for_area(user=officer, area=merger.kien_minh)) == [
        shop,
        merger.school,
    ]
    other = selectors.area_get_for_user(user=officer, pk=merger.dai_dong.pk)
    assert list(selectors.organisations_for_area(user=officer, area=other)) == []


def test_active_child_names_are_folded(world):
    assert selectors.active_child_names(area=world.ward_a) == {
        "to dan pho so 1",
        "to dan pho so 2",
    }


def test_tree_rows_query_count_does_not_grow_with_rows(world, django_assert_num_queries):
    small = commune_with_groups(province=world.quangninh, name="Nhỏ", groups=5, population=100)
    big = commune_with_groups(province=world.quangninh, name="Lớn", groups=50, population=100)
    for ward in (small, big):
        groups = list(selectors.children_for_user(user=_admin(world), area=ward))
        with django_assert_num_queries(1):
            rows = selectors.tree_rows(groups)
        assert {r.population for r in rows} == {100}
    with django_assert_num_queries(2):
        rows = selectors.tree_rows([small, big])
    assert [(r.area.name, r.group_count, r.child_count) for r in rows] == [
        ("Lớn", 50, 50),
        ("Nhỏ", 5, 5),
    ]


def _admin(world):  # type: ignore[no-untyped-def]
    from khongmatuy.accounts.models import User

    user = User.objects.filter(username="admin_sel").first()
    return user or user_bound_to("admin_sel", Role.ADMIN, [world.country])
