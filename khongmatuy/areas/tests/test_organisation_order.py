"""Organisations are listed by kind, then name in Vietnamese order (page, API, model order), not
in the database's byte order (which puts "Đ" after "Z", "Cần" before "Cao" and "10" before "2")."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from khongmatuy.accounts.models import User
from khongmatuy.accounts.tests.factories import api_key_for
from khongmatuy.areas import selectors, services
from khongmatuy.areas.models import Organisation
from khongmatuy.common.collation import text_sort_string
from tests.personas import World

from .factories import OrganisationFactory

fill_migration = importlib.import_module(
    "khongmatuy.areas.migrations.0004_organisation_name_sort_fill"
)

NAMES = ["Đường An", "Tổ 10", "Cần Thơ", "Dương Kinh", "Cao Bằng", "Tổ 2", "Cà Mau"]
VIETNAMESE_ORDER = ["Cà Mau", "Cao Bằng", "Cần Thơ", "Dương Kinh", "Đường An", "Tổ 2", "Tổ 10"]


@pytest.fixture
def schools(world: World) -> list[Organisation]:
    return [OrganisationFactory(area=world.ward_a, name=f"Trường {name}") for name in NAMES]


def test_the_organisations_of_an_area_are_in_vietnamese_order(
    world: World, officer_a: User, schools: list[Organisation]
) -> None:
    church = OrganisationFactory(area=world.ward_a, kind=Organisation.OrgKind.PARISH, name="Ân")
    listed = [o.name for o in selectors.organisations_for_area(user=officer_a, area=world.ward_a)]
    # By kind first (the kind's code: "parish" before "school"), then by name.
    assert listed == [church.name, *(f"Trường {name}" for name in VIETNAMESE_ORDER)]
    assert [o.name for o in Organisation.objects.filter(kind="school")] == [
        f"Trường {name}" for name in VIETNAMESE_ORDER
    ]


def test_the_api_lists_organisations_in_vietnamese_order(
    world: World, officer_a: User, schools: list[Organisation]
) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(officer_a)}")
    response = client.get(reverse("api-area-organisations", args=[world.ward_a.pk]))
    assert response.status_code == 200, response.content
    assert [o["name"] for o in response.json()["results"]] == [
        f"Trường {name}" for name in VIETNAMESE_ORDER
    ]


def test_a_renamed_organisation_takes_its_new_order(world: World, officer_a: User) -> None:
    school = OrganisationFactory(area=world.ward_a, name="Tổ 10")
    services.organisation_save(
        actor=officer_a, organisation=school, area=world.ward_a, kind=school.kind, name="Tổ 2"
    )
    school.refresh_from_db()
    assert school.name_sort == text_sort_string("Tổ 2")


@pytest.mark.unaudited_writes  # the fill migration writes rows directly, as migrations do
def test_the_fill_migration_computes_the_order_of_existing_rows(
    schools: list[Organisation],
) -> None:
    Organisation.objects.filter(name__startswith="Trường T").update(name_sort="x")
    Organisation.objects.exclude(name__startswith="Trường T").update(name_sort="")

    fill_migration.fill(apps, None)
    fill_migration.fill(apps, None)  # re-runnable: nothing left to change

    rows = list(Organisation.objects.values_list("name", "name_sort"))
    assert len(rows) == len(NAMES)
    assert all(key == text_sort_string(name) for name, key in rows)
