"""The reminder for a reporting period closing without a report: the days before the cut-off
(Decree 09/2019/NĐ-CP, Art. 12: the 14th), the communes with no report of that period, each
period kind closing on the same day, and delivery to the commune police only."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.alerts import services as alerts
from khongmatuy.reports import services
from khongmatuy.reports.reminders import KIND, periods_without_report
from khongmatuy.reports.rules.periods import parse


@pytest.fixture(autouse=True)
def _five_days(settings):  # type: ignore[no-untyped-def]
    settings.KMT_ALERTS_REPORT_DRAFT_DAYS = 5


def stages(on: date, area_ids=None) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[int, set[str]] = {}
    for r in periods_without_report(on=on, area_ids=area_ids):
        out.setdefault(r.target_id, set()).add(r.stage)
    return out


def test_from_five_days_before_the_cut_off_to_the_day(world):
    assert stages(date(2026, 11, 8)) == {}
    found = stages(date(2026, 11, 9))
    assert found[world.ward_a.pk] == {"month-2026-11"}
    assert set(found) == {world.ward_a.pk, world.ward_b.pk, world.ward_c.pk}
    assert stages(date(2026, 11, 14))[world.ward_a.pk] == {"month-2026-11"}
    # The day after the cut-off belongs to the next period, which closes on 14/12.
    assert stages(date(2026, 11, 15)) == {}
    (reminder,) = [
        r for r in periods_without_report(on=date(2026, 11, 10)) if r.target_id == world.ward_a.pk
    ]
    assert reminder.due_on == date(2026, 11, 14)
    assert "Điều 12" in reminder.article


def test_december_closes_the_month_the_quarter_and_the_year(world):
    assert stages(date(2026, 12, 14))[world.ward_b.pk] == {
        "month-2026-12",
        "quarter-2026-4",
        "year-2026-1",
    }
    assert stages(date(2026, 6, 14))[world.ward_b.pk] == {
        "month-2026-6",
        "quarter-2026-2",
        "half-2026-1",
    }


def test_a_draft_of_the_period_silences_it(world, officer_a):
    services.report_create(
        actor=officer_a,
        area=world.ward_a,
        period=parse("2026-M11"),
        issuing_body="Công an phường Gia Viên",
        body_code="CAP",
        place_name="Gia Viên",
        summary="Kết quả công tác phòng, chống ma túy tháng 11 năm 2026",
        signer_position="Trưởng Công an phường",
        signer_name="Đỗ Văn Ký",
    )
    found = stages(date(2026, 11, 10))
    assert world.ward_a.pk not in found
    assert world.ward_b.pk in found
    assert stages(date(2026, 11, 10), area_ids=[world.ward_b.pk]) == {
        world.ward_b.pk: {"month-2026-11"}
    }


def test_delivered_to_the_commune_police_once(world, officer_a, leader_a, leadership_a):
    from khongmatuy.alerts.tests.helpers import at, received

    alerts.run_reminders(now=at(date(2026, 11, 10)))
    alerts.run_reminders(now=at(date(2026, 11, 11)))

    assert received(officer_a, KIND) == [(KIND, "month-2026-11", False)]
    assert received(leader_a, KIND) == []
    assert received(leadership_a, KIND) == []
