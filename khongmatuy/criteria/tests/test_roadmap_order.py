"""Roadmaps are listed by area, then name in Vietnamese order, not in the database's byte order
(which puts "Đ" after "Z", "Cần" before "Cao" and "10" before "2")."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khongmatuy.accounts.models import User
from khongmatuy.common.collation import text_sort_string
from khongmatuy.criteria.models import Roadmap
from khongmatuy.criteria.selectors.roadmaps import roadmap_list
from tests.personas import World

from .factories import RoadmapFactory

fill_migration = importlib.import_module(
    "khongmatuy.criteria.migrations.0006_roadmap_name_sort_fill"
)

NAMES = ["Đường An", "Giai đoạn 10", "Cần Thơ", "Dương Kinh", "Cao Bằng", "Giai đoạn 2"]
ORDER = ["Cao Bằng", "Cần Thơ", "Dương Kinh", "Đường An", "Giai đoạn 2", "Giai đoạn 10"]


def test_the_roadmap_list_is_in_vietnamese_order(world: World, officer_a: User) -> None:
    for name in NAMES:
        RoadmapFactory(area=world.ward_a, actor=officer_a, name=name)
    assert [r.name for r in roadmap_list(user=officer_a)] == ORDER
    assert [r.name for r in Roadmap.objects.all()] == ORDER
    assert all(r.name_sort == text_sort_string(r.name) for r in Roadmap.objects.all())


@pytest.mark.unaudited_writes  # the fill migration writes rows directly, as migrations do
def test_the_fill_migration_computes_the_order_of_existing_rows(
    world: World, officer_a: User
) -> None:
    for name in NAMES[:3]:
        RoadmapFactory(area=world.ward_a, actor=officer_a, name=name)
    Roadmap.objects.update(name_sort="")

    fill_migration.fill(apps, None)
    fill_migration.fill(apps, None)  # re-runnable: nothing left to change

    rows = list(Roadmap.objects.values_list("name", "name_sort"))
    assert len(rows) == 3
    assert all(key == text_sort_string(name) for name, key in rows)
