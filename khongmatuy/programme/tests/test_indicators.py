"""Indicators: live values equal the registries' counts; the roll-up commune → city/province →
country against hand-built data; a commune sees only its own figures; constant query count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.areas.choices import Kind
from khongmatuy.areas.models import Organisation
from khongmatuy.areas.services import area_create
from khongmatuy.areas.services.organisations import organisation_save
from khongmatuy.criteria.selectors.recognition import COMMUNE_RULE_SET
from khongmatuy.criteria.tests.factories import recognised
from khongmatuy.places.models import Place
from khongmatuy.places.tests.factories import PlaceFactory, move
from khongmatuy.prevention.tests.factories import activity
from khongmatuy.programme import services
from khongmatuy.programme.models import Indicator
from khongmatuy.programme.rules.rollup import Ratio
from khongmatuy.programme.selectors.indicators import indicator_rows

D = Decimal
TODAY = date(2026, 11, 30)


def _by_code(rows):
    return {r.indicator.code: r for r in rows}


@pytest.fixture
def data(world, officer_a, officer_b, admin_user):
    """Gia Viên (A) recognised, 2 hotspots of which 1 eliminated, 2 schools of which 1 reached;
    Thành Đông (B) 1 hotspot existing, 1 school not reached; Cao Xanh (C, another province)
    recognised. Legal aid entered for A (3/4) and B (1/1)."""
    recognised(world.ward_a, date(2026, 3, 1), code=COMMUNE_RULE_SET)
    recognised(world.ward_c, date(2026, 3, 1), code=COMMUNE_RULE_SET)
    first = PlaceFactory(area=world.ward_a)
    PlaceFactory(area=world.group_a1, name="Bãi đất trống ven sông")
    move(first, Place.Status.ELIMINATED, date(2026, 4, 1))
    PlaceFactory(area=world.ward_b, name="Quán nước đầu ngõ")
    school = organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Gia Viên",
    )
    organisation_save(
        actor=None,
        organisation=None,
        area=world.group_a1,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường Tiểu học số 1",
    )
    organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_b,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Thành Đông",
    )
    activity(actor=officer_a, held_on=date(2026, 10, 5), organisations=[school])
    legal_aid = Indicator.objects.get(code="legal_aid")
    for user, area, part, whole in (
        (officer_a, world.ward_a, 3, 4),
        (officer_b, world.ward_b, 1, 1),
    ):
        services.indicator_value_set(
            actor=user,
            indicator=legal_aid,
            area=area,
            year=2026,
            part=part,
            whole=whole,
            source="Báo cáo của Trung tâm trợ giúp pháp lý",
        )
    return world


def test_live_values_equal_the_registries(data, admin_user):
    _tree, rows = indicator_rows(user=admin_user, area=None, year=2026, today=TODAY)
    by = _by_code(rows)
    a, b, c = data.ward_a.pk, data.ward_b.pk, data.ward_c.pk
    # drug-free communes: A and C recognised
    assert by["drug_free_communes"].value_at(a) == Ratio(D(1), D(1))
    assert by["drug_free_communes"].value_at(b) == Ratio(D(0), D(1))
    assert by["drug_free_communes"].value_at(c) == Ratio(D(1), D(1))
    # hotspots: the registry's own count of places existing on the day
    existing_a = Place.objects.filter(area__commune_id=a).existing_on(TODAY).count()
    assert existing_a == 1
    assert by["hotspots_eliminated"].value_at(a) == Ratio(D(2 - existing_a), D(2))
    assert by["hotspots_eliminated"].value_at(b) == Ratio(D(0), D(1))
    assert by["schools_reached"].value_at(a) == Ratio(D(1), D(2))
    assert by["legal_aid"].value_at(a) == Ratio(D(3), D(4))


def test_rollup_commune_city_country(data, admin_user):
    _tree, rows = indicator_rows(user=admin_user, area=None, year=2026, today=TODAY)
    by = _by_code(rows)
    hp, qn = data.haiphong.pk, data.quangninh.pk
    drug_free = by["drug_free_communes"]
    assert drug_free.value_at(hp) == Ratio(D(1), D(2))  # Gia Viên yes, Thành Đông no
    assert drug_free.value_at(qn) == Ratio(D(1), D(1))
    assert drug_free.value_at(None) == Ratio(D(2), D(3))
    assert drug_free.target == D(20)  # the 2025 target still in force in 2026
    assert drug_free.final_target == D(50)
    assert drug_free.meets_at(None) is True
    assert by["hotspots_eliminated"].value_at(hp) == Ratio(D(1), D(3))
    assert by["schools_reached"].value_at(hp) == Ratio(D(1), D(3))
    assert by["legal_aid"].value_at(hp) == Ratio(D(4), D(5))  # sums, not the mean of 75 and 100


def test_a_commune_sees_only_its_own_figures(data, officer_b, city_user):
    tree, rows = indicator_rows(user=officer_b, area=None, year=2026, today=TODAY)
    assert set(tree.province_of) == {data.ward_b.pk}
    by = _by_code(rows)
    assert by["legal_aid"].value_at(None) == Ratio(D(1), D(1))
    assert by["drug_free_communes"].value_at(None) == Ratio(D(0), D(1))
    tree, _rows = indicator_rows(user=city_user, area=None, year=2026, today=TODAY)
    assert set(tree.province_of) == {data.ward_a.pk, data.ward_b.pk}


def test_query_count_does_not_grow_with_communes(data, admin_user, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            indicator_rows(user=admin_user, area=None, year=2026, today=TODAY)
        return len(ctx.captured_queries)

    count()  # the user's scope is read once and cached
    before = count()

    for n in range(3):
        ward = area_create(
            actor=None, parent=world.haiphong, name=f"Phường Mới {n}", kind=Kind.WARD
        )
        PlaceFactory(area=ward, name=f"Điểm {n}")
    assert count() == before
