"""The data migration that recomputes ``Area.sort_key`` keeps a copy of the collation code: it must
give the same key as the code the services use today."""

from __future__ import annotations

import importlib

import pytest
from vietnam_provinces import Province, Ward

from khongmatuy.areas.rules.naming import sort_key_for

migration = importlib.import_module(
    "khongmatuy.areas.migrations.0002_area_sort_key_vietnamese_order"
)


def test_the_migration_computes_the_services_sort_key_for_every_official_name():
    names = [p.name for p in Province.iter_all()] + [w.name for w in Ward.iter_all()]
    assert len(names) > 3000
    assert [migration.sort_key(n) for n in names] == [sort_key_for(n) for n in names]


@pytest.mark.parametrize(
    "name", ["Tổ 02", "Thôn Đồng-Tâm", "Khu \u00d0ông 3²", "  x\u200b y ", "Ấp 5A", "", "Hoà"]
)
def test_the_migration_computes_the_services_sort_key_for_odd_names(name):
    assert migration.sort_key(name) == sort_key_for(name)
