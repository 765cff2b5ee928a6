"""The money services: refusal above the allocation, adjustments, schedules, scope, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.programme import services
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.models import (
    Adjustment,
    Allocation,
    Disbursement,
    Indicator,
    IndicatorValue,
    Project,
    ScheduleStep,
)
from khongmatuy.programme.selectors.ledger import ledger_of

from .factories import (
    QUARTERS,
    TODAY,
    YEAR,
    adjust,
    allocate,
    commune_project,
    disburse,
    office,
)

D = Decimal


@pytest.fixture
def cp(officer_a, world):
    return commune_project(actor=officer_a, area=world.ward_a)


def test_the_catalogue_flags_what_the_ward_plan_does_not_name(db):
    assert Project.objects.get(code="DA4").confirmed
    assert not Project.objects.get(code="DA7").confirmed
    sub = Project.objects.get(code="DA7-TDA2")
    assert sub.label == "Tiểu dự án 2 thuộc Dự án 7"
    assert list(Project.objects.values_list("code", flat=True))[:5] == [
        "DA1",
        "DA2",
        "DA4",
        "DA5",
        "DA7",
    ]


def test_a_project_with_subprojects_is_not_run_itself(officer_a, world):
    with pytest.raises(DomainError) as error:
        commune_project(actor=officer_a, area=world.ward_a, code="DA7")
    assert "project" in error.value.message_dict


def test_allocation_with_schedule_is_stored_and_audited(officer_a, cp):
    allocation = allocate(actor=officer_a, cp=cp, amount="500000000", schedule=QUARTERS)
    assert allocation.amount == D(500_000_000)
    assert list(
        ScheduleStep.objects.filter(commune_project=cp).values_list("share", flat=True)
    ) == [D(10), D(40), D(70), D(100)]
    assert AuditEvent.objects.filter(
        model="programme.Allocation", object_id=str(allocation.pk)
    ).exists()


def test_a_second_allocation_of_one_source_is_refused(officer_a, cp):
    allocate(actor=officer_a, cp=cp, amount="1000")
    with pytest.raises(DomainError) as error:
        allocate(actor=officer_a, cp=cp, amount="1000")
    assert "source" in error.value.message_dict
    allocate(actor=officer_a, cp=cp, amount="500", source=FundSource.LOCAL)
    assert ledger_of(commune_project=cp, year=YEAR).allocated == D(1500)


def test_bad_input_is_refused_field_by_field_and_nothing_saved(officer_a, cp):
    with pytest.raises(DomainError) as error:
        services.allocation_record(
            actor=officer_a,
            commune_project=cp,
            year=2040,
            source=FundSource.CENTRAL,
            amount=D("10.5"),
            decision="",
            decided_on=date(2027, 1, 1),
            today=TODAY,
            schedule=((date(2026, 3, 31), D(50)), (date(2026, 6, 30), D(20))),
        )
    assert set(error.value.message_dict) >= {"year", "amount", "decision", "decided_on", "schedule"}
    assert not Allocation.objects.exists()
    assert not ScheduleStep.objects.exists()


def test_a_float_amount_is_refused(officer_a, cp):
    with pytest.raises(DomainError) as error:
        services.disbursement_record(
            actor=officer_a,
            commune_project=cp,
            year=YEAR,
            paid_on=date(2026, 5, 1),
            amount=100.0,
            document="PC",
            today=TODAY,  # type: ignore[arg-type]
        )
    assert "amount" in error.value.message_dict


def test_disbursement_above_the_allocation_is_refused_naming_the_amount(officer_a, cp):
    allocate(actor=officer_a, cp=cp, amount="1000000")
    disburse(actor=officer_a, cp=cp, amount="400000")
    with translation.override("vi"), pytest.raises(DomainError) as error:
        disburse(actor=officer_a, cp=cp, amount="600001")
    message = error.value.message_dict["amount"][0]
    assert "600.001 đ" in message
    assert "còn lại 600.000 đ" in message
    assert "1 đ" in message
    assert Disbursement.objects.count() == 1
    disburse(actor=officer_a, cp=cp, amount="600000")  # exactly the allocation fits
    assert ledger_of(commune_project=cp, year=YEAR).remaining == 0


def test_an_adjustment_allows_it(officer_a, cp):
    allocate(actor=officer_a, cp=cp, amount="1000000")
    disburse(actor=officer_a, cp=cp, amount="1000000")
    with pytest.raises(DomainError):
        disburse(actor=officer_a, cp=cp, amount="250000")
    adjust(actor=officer_a, cp=cp, amount="250000", source=FundSource.LOCAL)
    disburse(actor=officer_a, cp=cp, amount="250000")
    ledger = ledger_of(commune_project=cp, year=YEAR)
    assert ledger.available == ledger.disbursed == D(1_250_000)
    assert ledger.rate == D(100)


def test_lowering_below_what_was_disbursed_is_refused(officer_a, cp):
    allocate(actor=officer_a, cp=cp, amount="1000000")
    disburse(actor=officer_a, cp=cp, amount="700000")
    with translation.override("vi"), pytest.raises(DomainError) as error:
        services.adjustment_record(
            actor=officer_a,
            commune_project=cp,
            year=YEAR,
            source=FundSource.CENTRAL,
            amount=D(-300_001),
            decision="41/QĐ-UBND",
            decided_on=date(2026, 9, 1),
            reason="Cắt giảm",
            today=TODAY,
        )
    assert "300.000 đ" in error.value.message_dict["amount"][0]
    assert not Adjustment.objects.exists()


def test_another_commune_and_read_only_roles_may_not_write(
    officer_a, officer_b, leadership_a, city_user, cp
):
    for user in (officer_b, leadership_a, city_user):
        with pytest.raises(PermissionDenied):
            allocate(actor=user, cp=cp, amount="1000")
    assert not Allocation.objects.exists()


def test_lead_must_be_of_the_commune(officer_a, world):
    with pytest.raises(DomainError) as error:
        commune_project(actor=officer_a, area=world.ward_a, lead=office(world.ward_b))
    assert "lead" in error.value.message_dict


def test_entered_indicator_value(officer_a, world):
    legal_aid = Indicator.objects.get(code="legal_aid")
    services.indicator_value_set(
        actor=officer_a,
        indicator=legal_aid,
        area=world.ward_a,
        year=YEAR,
        part=3,
        whole=4,
        source="Báo cáo của Trung tâm trợ giúp pháp lý",
    )
    row = services.indicator_value_set(
        actor=officer_a,
        indicator=legal_aid,
        area=world.ward_a,
        year=YEAR,
        part=4,
        whole=4,
        source="Báo cáo quý IV",
    )
    assert IndicatorValue.objects.get() == row
    assert row.part == 4
    with pytest.raises(DomainError) as error:
        services.indicator_value_set(
            actor=officer_a,
            indicator=Indicator.objects.get(code="hotspots_eliminated"),
            area=world.ward_a,
            year=YEAR,
            part=5,
            whole=4,
            source="",
        )
    assert set(error.value.message_dict) == {"indicator", "part", "source"}


def test_an_administrator_sets_a_yearly_target_and_the_baseline(admin_user, officer_a):
    from khongmatuy.programme.models import IndicatorTarget

    drug_free = Indicator.objects.get(code="drug_free_communes")
    with pytest.raises(PermissionDenied):
        services.indicator_target_set(actor=officer_a, indicator=drug_free, year=2027, target=D(30))
    services.indicator_target_set(
        actor=admin_user,
        indicator=drug_free,
        year=2027,
        target=D(30),
        baseline=D(12),
        baseline_year=2024,
    )
    assert IndicatorTarget.objects.get(indicator=drug_free, year=2027).value == D(30)
    drug_free.refresh_from_db()
    assert (drug_free.baseline, drug_free.baseline_year) == (D(12), 2024)
    with pytest.raises(DomainError) as error:
        services.indicator_target_set(
            actor=admin_user, indicator=drug_free, year=2027, target=D(130), baseline=D(5)
        )
    assert set(error.value.message_dict) == {"target", "baseline_year"}


def test_another_agency_of_the_commune_takes_the_lead(officer_a, officer_b, cp, world):
    culture = office(world.ward_a, "Phòng Văn hóa - Xã hội")
    services.commune_project_lead_set(actor=officer_a, commune_project=cp, lead=culture)
    cp.refresh_from_db()
    assert cp.lead == culture
    with pytest.raises(DomainError):
        services.commune_project_lead_set(
            actor=officer_a, commune_project=cp, lead=office(world.ward_b, "Phòng Kinh tế")
        )
    with pytest.raises(PermissionDenied):
        services.commune_project_lead_set(actor=officer_b, commune_project=cp, lead=culture)
    assert (
        AuditEvent.objects.filter(model="programme.CommuneProject", object_id=str(cp.pk)).count()
        == 2
    )
