"""The substance list and the seizure form's choices are in Vietnamese order, not the database's
byte order (which puts "Cocaine" before "Cần sa" and "Đ" after "Z")."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khongmatuy.accounts.models import User
from khongmatuy.cases import selectors, services
from khongmatuy.cases.forms import SeizureForm
from khongmatuy.cases.models import Substance
from khongmatuy.common.collation import text_sort_string

fill_migration = importlib.import_module(
    "khongmatuy.cases.migrations.0009_substance_name_sort_fill"
)


@pytest.fixture
def added(admin_user: User) -> list[Substance]:
    """Retire the seeded list, then add names the byte order gets wrong."""
    for substance in Substance.objects.all():
        services.substance_update(
            actor=admin_user,
            substance=substance,
            name=substance.name,
            other_names=substance.other_names,
            unit=substance.unit,
            is_active=False,
        )
    return [
        services.substance_create(actor=admin_user, name=name, other_names="", unit="g")
        for name in ("Đường An", "Chất 10", "Cần Thơ", "Dương Kinh", "Cao Bằng", "Chất 2")
    ]


ORDER = ["Cao Bằng", "Cần Thơ", "Chất 2", "Chất 10", "Dương Kinh", "Đường An"]


def test_the_seeded_list_is_in_vietnamese_order(db: None) -> None:
    names = [s.name for s in selectors.substances()]
    assert names.index("Cần sa") < names.index("Cocaine")
    assert names == sorted(names, key=text_sort_string)


def test_the_seizure_form_offers_the_substances_in_vietnamese_order(
    added: list[Substance],
) -> None:
    offered = [s.name for s in SeizureForm.base_fields["substance"].queryset]  # type: ignore[attr-defined]
    assert offered == ORDER
    assert [s.name for s in selectors.substances() if s.is_active] == ORDER


def test_a_renamed_substance_takes_its_new_order(admin_user: User, added: list[Substance]) -> None:
    renamed = services.substance_update(
        actor=admin_user,
        substance=added[1],
        name="Chất 1",
        other_names="",
        unit="g",
        is_active=True,
    )
    assert renamed.name_sort == text_sort_string("Chất 1")


@pytest.mark.unaudited_writes  # the fill migration writes rows directly, as migrations do
def test_the_fill_migration_computes_the_order_of_existing_rows(db: None) -> None:
    Substance.objects.update(name_sort="")

    fill_migration.fill(apps, None)
    fill_migration.fill(apps, None)  # re-runnable: nothing left to change

    rows = list(Substance.objects.values_list("name", "name_sort"))
    assert len(rows) >= 7
    assert all(key == text_sort_string(name) for name, key in rows)
