"""Confirming the programme's unconfirmed catalogue through the legal-values mechanism."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khongmatuy.common.errors import DomainError
from khongmatuy.legal import selectors
from khongmatuy.legal.services import legal_value_confirm
from khongmatuy.programme.legal import KEY, SINCE
from khongmatuy.programme.models import Indicator, IndicatorTarget, Project


def test_unconfirmed_rows_are_listed_and_an_administrator_confirms_them(admin_user):
    items = {i.code: i for g in selectors.all_items() if g.source.key == KEY for i in g.items}
    assert not items["project-DA7"].confirmed
    assert items["project-DA4"].confirmed
    assert not items["indicator-schools_reached"].confirmed
    legal_value_confirm(
        source=KEY,
        code="project-DA7",
        effective_from=SINCE,
        values={"number": 7},
        article="Quyết định 7619/QĐ-BCA, Phụ lục I",
        actor=admin_user,
    )
    project = Project.objects.get(code="DA7")
    assert project.confirmed
    assert project.source == "Quyết định 7619/QĐ-BCA, Phụ lục I"
    legal_value_confirm(
        source=KEY,
        code="indicator-schools_reached",
        effective_from=SINCE,
        values={"target": Decimal(100)},
        article="Quyết định 7619/QĐ-BCA, mục II",
        actor=admin_user,
    )
    schools = Indicator.objects.get(code="schools_reached")
    assert schools.confirmed
    assert IndicatorTarget.objects.get(indicator=schools, year=2030).value == 100


def test_a_confirmed_row_is_not_changed_there(admin_user):
    with pytest.raises(DomainError):
        legal_value_confirm(
            source=KEY,
            code="project-DA4",
            effective_from=SINCE,
            values={"number": 3},
            article="x",
            actor=admin_user,
        )
    assert Project.objects.get(code="DA4").number == 4
