"""Places, businesses and cameras are listed in Vietnamese order, not the database's byte order
(which puts "Đ" after "Z", "Cần" before "Cao" and "10" before "2")."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khongmatuy.accounts.models import User
from khongmatuy.common.collation import text_sort_string
from khongmatuy.places import selectors, services
from khongmatuy.places.models import Business, Camera, Place
from tests.personas import World

from .factories import TODAY, BusinessFactory, CameraFactory, PlaceFactory

fill_migration = importlib.import_module(
    "khongmatuy.places.migrations.0004_place_business_camera_name_sort_fill"
)

# Shuffled; the byte order would give "Cao…, Cà…, Cần…, Dương…, Tổ 10, Tổ 2, Đường…".
NAMES = ["Đường An", "Tổ 10", "Cần Thơ", "Dương Kinh", "Cao Bằng", "Tổ 2", "Cà Mau"]
VIETNAMESE_ORDER = ["Cà Mau", "Cao Bằng", "Cần Thơ", "Dương Kinh", "Đường An", "Tổ 2", "Tổ 10"]


def test_the_business_list_is_in_vietnamese_order(world: World, officer_a: User) -> None:
    for name in NAMES:
        BusinessFactory(area=world.group_a1, name=f"Karaoke {name}")
    listed = [b.name for b in selectors.business_list(user=officer_a)]
    assert listed == [f"Karaoke {name}" for name in VIETNAMESE_ORDER]


def test_the_business_model_order_is_vietnamese(world: World) -> None:
    for name in NAMES:
        BusinessFactory(area=world.group_a1, name=name)
    assert [b.name for b in Business.objects.all()] == VIETNAMESE_ORDER


def test_a_renamed_business_moves_to_its_new_place_in_the_list(
    world: World, officer_a: User
) -> None:
    first = BusinessFactory(area=world.group_a1, name="Cà Mau")
    BusinessFactory(area=world.group_a1, name="Dương Kinh")
    services.business_update(actor=officer_a, business=first, name="Đường An", today=TODAY)
    first.refresh_from_db()
    assert first.name_sort == text_sort_string("Đường An")
    assert [b.name for b in selectors.business_list(user=officer_a)] == ["Dương Kinh", "Đường An"]


def test_the_camera_list_is_in_vietnamese_order_within_an_area(
    world: World, officer_a: User
) -> None:
    for name in NAMES:
        CameraFactory(area=world.group_a1, location=name)
    listed = [c.location for c in selectors.camera_list(user=officer_a)]
    assert listed == VIETNAMESE_ORDER
    assert [c.location for c in Camera.objects.all()] == VIETNAMESE_ORDER


def test_a_moved_camera_keeps_its_location_order(world: World, officer_a: User) -> None:
    camera = CameraFactory(area=world.group_a1, location="Tổ 10")
    services.camera_update(actor=officer_a, camera=camera, location="Tổ 2", today=TODAY)
    camera.refresh_from_db()
    assert camera.location_sort == text_sort_string("Tổ 2")


def test_a_place_keeps_its_name_order_through_create_and_update(
    world: World, officer_a: User
) -> None:
    place = PlaceFactory(area=world.group_a1, name="Cần Thơ")
    assert place.name_sort == text_sort_string("Cần Thơ")
    services.place_update(actor=officer_a, place=place, name="Cao Bằng", today=TODAY)
    place.refresh_from_db()
    assert place.name_sort == text_sort_string("Cao Bằng")


@pytest.mark.unaudited_writes  # the fill migration writes rows directly, as migrations do
def test_the_fill_migration_computes_the_order_of_existing_rows(world: World) -> None:
    for name in ("Đường An", "Tổ 10", "Cần Thơ"):
        PlaceFactory(area=world.group_a1, name=name)
        BusinessFactory(area=world.group_a1, name=name)
        CameraFactory(area=world.group_a1, location=name)
    Place.objects.update(name_sort="")
    Business.objects.update(name_sort="")
    Camera.objects.update(location_sort="x")

    fill_migration.fill(apps, None)
    fill_migration.fill(apps, None)  # re-runnable: nothing left to change

    for model, source, target in (
        (Place, "name", "name_sort"),
        (Business, "name", "name_sort"),
        (Camera, "location", "location_sort"),
    ):
        rows = list(model.objects.values_list(source, target))
        assert len(rows) == 3
        assert all(key == text_sort_string(name) for name, key in rows)
    assert [b.name for b in Business.objects.all()] == ["Cần Thơ", "Đường An", "Tổ 10"]
