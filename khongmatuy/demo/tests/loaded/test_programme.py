"""The demo's programme: Thủy Nguyên's six police-led projects with the year's money, partly
late; the ward officer sees them, Gia Viên's officer does not."""

from __future__ import annotations

from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.demo.demo_programme import demo_year
from khongmatuy.programme.selectors import projects
from khongmatuy.programme.selectors.indicators import as_of


def test_the_demo_carries_the_ward_plans_programme(db):
    today = timezone.localdate()
    year = demo_year(today)
    officer = User.objects.get(username="cand_thuynguyen")
    rows = projects.project_rows(
        user=officer, filters=projects.Filters(year=year), on=as_of(year, today)
    )
    codes = [r.commune_project.project.code for r in rows]
    assert codes == ["DA1", "DA2", "DA4", "DA5", "DA7-TDA2", "DA9"]
    # The police office the plans' demo created, as the official list writes the ward's name.
    assert {r.commune_project.lead.name for r in rows} == {"Công an phường Thuỷ Nguyên"}
    assert all(r.ledger.available > 0 for r in rows)
    assert all(r.ledger.disbursed <= r.ledger.available for r in rows)
    if today >= today.replace(month=3, day=31):
        assert any(r.progress.behind for r in rows)
        assert not all(r.progress.behind for r in rows)
    gia_vien = User.objects.get(username="cand_giavien")
    visible = projects.project_rows(
        user=gia_vien, filters=projects.Filters(year=year), on=as_of(year, today)
    )
    assert [r.commune_project.area.name for r in visible] == ["Gia Viên"]
