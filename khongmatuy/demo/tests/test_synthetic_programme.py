"""The programme stage of the synthetic generator: every commune runs the ward plan's projects
with the year's money, within the allocation, some behind schedule; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from bench.bench_programme import rollup_orm, rollup_sql
from khongmatuy.accounts.models import User
from khongmatuy.demo import synthetic, synthetic_programme
from khongmatuy.programme.models import CommuneProject, IndicatorValue
from khongmatuy.programme.reminders import disbursement_behind
from khongmatuy.programme.selectors.ledger import ledger_from, with_money

ON = date(2026, 11, 23)


@pytest.mark.django_db
def test_city_scale_money_fits_its_allocation_and_is_idempotent():
    synthetic.generate(scale="city", seed=42)
    result = synthetic_programme.generate(scale="city", seed=42, on=ON)
    communes = result.communes_filled
    assert communes > 1
    assert result.projects == CommuneProject.objects.count() == communes * 6
    ledgers = [ledger_from(cp) for cp in with_money(CommuneProject.objects.all(), year=2026)]
    assert all(0 <= ledger.disbursed <= ledger.available for ledger in ledgers)
    values = IndicatorValue.objects.filter(indicator__code="legal_aid", year=2026)
    assert values.count() == communes
    assert all(v.part <= v.whole for v in values)
    behind = disbursement_behind(on=ON)
    assert 0 < len(behind) < result.projects
    # the bench's hand-written floor gives the overview's answer, commune by commune
    national = User.objects.get(username="bench_national")
    year = synthetic_programme.programme_year(ON)
    orm, sql = rollup_orm(national, year, ON), rollup_sql(national, year, ON)
    assert len(orm[0]) == communes
    assert orm[0] == sql[0]
    assert orm[1]["legal_aid"]
    assert all(per == sql[1].get(code, {}) for code, per in orm[1].items())
    snapshot = sorted(CommuneProject.objects.values_list("area_id", "project_id"))
    again = synthetic_programme.generate(scale="city", seed=42, on=ON)
    assert not again.created_anything
    assert sorted(CommuneProject.objects.values_list("area_id", "project_id")) == snapshot
