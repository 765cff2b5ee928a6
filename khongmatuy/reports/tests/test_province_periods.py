"""A province's own reporting cut-off day, recorded by an administrator on the legal-values page:
new reports of its communes and of itself are cut on it, the dashboards too; existing reports
keep the day they were created with; other provinces keep Art. 12's 14th."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.common.errors import DomainError
from khongmatuy.legal import selectors as legal_selectors
from khongmatuy.legal import services as legal_services
from khongmatuy.reports import dashboard, legal
from khongmatuy.reports.rules import periods
from khongmatuy.reports.tests.fixtures import Quarter, draft, quarter, ward_leader  # noqa: F401
from tests.personas import World

pytestmark = pytest.mark.django_db


def _set_haiphong(admin: User, day: object) -> None:
    legal_services.legal_value_confirm(
        source=legal.KEY,
        code="31",
        effective_from=legal.SINCE,
        values={"cutoff_day": day},
        article="Quy chế chế độ báo cáo của UBND thành phố Hải Phòng (tổng hợp)",
        actor=admin,
    )


def test_each_province_is_listed_unconfirmed_until_its_regulation_is_recorded(
    world: World, admin_user: User
) -> None:
    items = {i.code: i for i in legal.ReportPeriodsSource().items(values={})}
    assert {"31", "22"} <= set(items)
    assert not items["31"].confirmed
    assert items["31"].value_text == "ngày 14 hằng tháng"
    _set_haiphong(admin_user, 20)
    items = {
        i.code: i
        for i in legal.ReportPeriodsSource().items(values=legal_selectors.values_of(legal.KEY))
    }
    assert items["31"].confirmed
    assert items["31"].value_text == "ngày 20 hằng tháng"
    assert not items["22"].confirmed  # Quảng Ninh keeps the 14th


def test_a_day_outside_1_to_28_is_refused_and_nothing_stored(
    world: World, admin_user: User
) -> None:
    with pytest.raises(DomainError) as refused:
        _set_haiphong(admin_user, 31)
    assert "cutoff_day" in refused.value.message_dict
    assert legal.cutoff_day_for(world.ward_a) == periods.CUTOFF_DAY


def test_new_reports_and_the_dashboard_use_the_province_day(
    quarter: Quarter,  # noqa: F811
    admin_user: User,
) -> None:
    w = quarter.world
    before = draft(quarter)
    assert (before.period.start, before.period.end) == (date(2026, 6, 15), date(2026, 9, 14))
    _set_haiphong(admin_user, 20)
    assert legal.cutoff_day_for(w.ward_a) == 20
    assert legal.cutoff_day_for(w.haiphong) == 20
    assert legal.cutoff_day_for(w.quangninh) == periods.CUTOFF_DAY
    assert legal.cutoff_day_for(w.country) == periods.CUTOFF_DAY
    after = draft(quarter, body_code="CAP2")
    assert after.cutoff_day == 20
    assert (after.period.start, after.period.end) == (date(2026, 6, 21), date(2026, 9, 20))
    assert (after.period.last_year().start, after.period.last_year().end) == (
        date(2025, 6, 21),
        date(2025, 9, 20),
    )
    before.refresh_from_db()
    assert before.period.end == date(2026, 9, 14)  # created before: keeps its day
    board = dashboard.build(
        user=quarter.officer, area=w.ward_a, kind="month", today=date(2026, 11, 18)
    )
    assert (board.period.start, board.period.end) == (date(2026, 10, 21), date(2026, 11, 18))
    assert board.months[-2].end == date(2026, 10, 20)


def test_the_legal_page_offers_the_province_rule(world: World, admin_client_kmt: Client) -> None:
    url = reverse("legal:confirm", args=[legal.KEY, "31", legal.SINCE.isoformat()])
    page = admin_client_kmt.get(url)
    assert page.status_code == 200
    assert "Ngày chốt số liệu hằng tháng" in page.content.decode()
    response = admin_client_kmt.post(
        url, {"cutoff_day": "18", "article": "Quyết định của UBND thành phố", "note": ""}
    )
    assert response.status_code == 302
    assert legal.cutoff_day_for(world.ward_a) == 18
