"""Storing evaluations: one area (one audit entry), every area under a root in one pass (one
summary audit entry, one bulk insert), the rule-set version recorded, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Kind
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.common.scoping import scope_for
from khongmatuy.criteria.evaluate import window_months_of
from khongmatuy.criteria.models import Evaluation
from khongmatuy.criteria.rules import decision28, local
from khongmatuy.criteria.services import evaluation as services

from .factories import TODAY, Facts, reviewed

GROUP = local.DRUG_FREE_GROUP
FREE = decision28.DRUG_FREE_COMMUNE
TYPE_I = decision28.COMMUNE_HOTSPOT_I


def test_evaluate_area_stores_version_and_results(facts_world: Facts, officer_a: User) -> None:
    w = facts_world.world
    evaluation = services.evaluate_area(
        actor=officer_a, area=w.group_a1, rule_set_code=GROUP, on=TODAY
    )
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.rule_set_code, stored.rule_set_version, stored.on) == (GROUP, "1", TODAY)
    assert stored.passed is False  # a new user and a harbouring place in 2026
    assert stored.met == 1  # no dealer
    assert stored.depends_on_unconfirmed is False
    assert stored.evaluated_by == officer_a
    assert [(r["code"], r["value"], r["passed"]) for r in stored.results] == [
        ("1", "1", False),
        ("2", "1", False),
        ("3", "0", True),
    ]
    first = stored.results[0]
    assert first["threshold"] == "0"
    assert first["comparator"] == "=="
    assert first["confirmed"] is True
    assert first["window"] == "23/11/2025 – 23/11/2026"
    assert first["article"].startswith("Kế hoạch phường Gia Viên")
    assert stored.results[1]["window"] is None
    entries = AuditEvent.objects.filter(model="criteria.Evaluation")
    assert [(e.action, e.object_id, e.area_id) for e in entries] == [
        ("create", str(stored.pk), w.group_a1.pk)
    ]


def test_evaluate_area_as_of_a_past_date(facts_world: Facts) -> None:
    w = facts_world.world
    evaluation = services.evaluate_area(
        actor=None, area=w.group_a1, rule_set_code=GROUP, on=date(2025, 6, 30)
    )
    # 30/06/2025: no new user yet, but the old harbouring place still existed.
    assert [r["passed"] for r in evaluation.results] == [True, False, True]


def test_unconfirmed_thresholds_are_recorded(facts_world: Facts) -> None:
    w = facts_world.world
    evaluation = services.evaluate_area(actor=None, area=w.ward_c, rule_set_code=FREE, on=TODAY)
    assert evaluation.depends_on_unconfirmed is True
    assert all(r["confirmed"] is False for r in evaluation.results)
    assert [r["passed"] for r in evaluation.results] == [True, True, True, True]


def test_no_record_is_not_a_pass(facts_world: Facts) -> None:
    """Cao Xanh has no record at all, no population figure and no residential group: every
    condition "holds", yet nothing may be concluded, and the missing evidence is listed."""
    w = facts_world.world
    evaluation = services.evaluate_area(actor=None, area=w.ward_c, rule_set_code=FREE, on=TODAY)
    assert evaluation.passed is None
    assert evaluation.missing_evidence == [
        "Chưa có số dân đang cư trú tại ngày đánh giá.",
        "Chưa có tổ dân phố, thôn nào để rà soát dữ liệu.",
    ]


def test_a_data_review_missing_in_the_window_is_listed(facts_world: Facts) -> None:
    w = facts_world.world
    new_group = area_services.area_create(
        actor=None, parent=w.ward_a, name="Tổ dân phố số 9", kind=Kind.RESIDENTIAL_GROUP
    )
    area_services.figure_set(
        actor=None, area=new_group, as_of=date(2026, 1, 1), population=300, households=80
    )
    ward = services.evaluate_area(actor=None, area=w.ward_a, rule_set_code=TYPE_I, on=TODAY)
    assert ward.passed is None
    assert ward.missing_evidence == [
        "Chưa hoàn thành rà soát dữ liệu: 2/3 tổ dân phố, thôn đã rà soát trong khoảng"
        " 23/11/2025 – 23/11/2026."
    ]
    group = services.evaluate_area(actor=None, area=new_group, rule_set_code=GROUP, on=TODAY)
    assert group.passed is None
    assert len(group.missing_evidence) == 1
    reviewed(new_group, date(2026, 11, 1))
    again = services.evaluate_area(actor=None, area=new_group, rule_set_code=GROUP, on=TODAY)
    assert (again.passed, again.missing_evidence) == (True, [])
    # a review older than the window does not count
    later = services.evaluate_area(
        actor=None, area=new_group, rule_set_code=GROUP, on=date(2027, 11, 2)
    )
    assert later.passed is None


def test_evaluate_all_one_pass_one_summary(facts_world: Facts, city_user: User) -> None:
    w = facts_world.world
    scope_for(city_user)  # the user's scope is read once and cached
    with CaptureQueriesContext(connection) as ctx:
        outcome = services.evaluate_all(
            actor=city_user, root=w.haiphong, rule_set_code=GROUP, on=TODAY
        )
    few = len(ctx.captured_queries)
    # Savepoints, rule set, areas, 11 facts; the details (known ones, insert of the new, their
    # ids, their audit entry); 3 checks (area, detail, user), the rows' insert, the audit entry.
    # On PostgreSQL the new details go through a temporary table (3 more statements).
    assert few == 24 + (3 if connection.vendor == "postgresql" else 0)
    assert (outcome.evaluated, outcome.passed, outcome.failed, outcome.unknown) == (3, 1, 2, 0)
    rows = Evaluation.objects.order_by("area_id")
    assert sorted(r.area_id for r in rows) == sorted([w.group_a1.pk, w.group_a2.pk, w.group_b1.pk])
    assert {(r.rule_set_code, r.rule_set_version, r.on) for r in rows} == {(GROUP, "1", TODAY)}
    summary = AuditEvent.objects.get(model="criteria.Evaluation")
    assert summary.action == "create"
    assert summary.area_id == w.haiphong.pk
    assert summary.note == "Đánh giá hàng loạt 3 địa bàn: 1 đạt, 2 không đạt, 0 chưa kết luận"

    for n in range(3, 23):
        group = area_services.area_create(
            actor=None, parent=w.ward_b, name=f"Tổ dân phố số {n}", kind=Kind.RESIDENTIAL_GROUP
        )
        area_services.figure_set(
            actor=None, area=group, as_of=date(2026, 1, 1), population=400, households=100
        )
    reviewed(w.ward_b, date(2026, 11, 1))
    with CaptureQueriesContext(connection) as ctx:
        outcome = services.evaluate_all(
            actor=city_user, root=w.haiphong, rule_set_code=GROUP, on=TODAY
        )
    assert outcome.evaluated == 23
    assert outcome.passed == 21
    # The same number for 23 areas as for 3; their results were all found among the stored
    # details (one read instead of read, insert, read of the new ids and their audit entry).
    assert len(ctx.captured_queries) == 21


def test_evaluate_all_of_a_commune_and_the_country(facts_world: Facts) -> None:
    w = facts_world.world
    ward = services.evaluate_all(actor=None, root=w.ward_a, rule_set_code=GROUP, on=TODAY)
    assert ward.evaluated == 2
    country = services.evaluate_all(actor=None, root=w.country, rule_set_code=FREE, on=TODAY)
    assert country.evaluated == 3
    ward_c = Evaluation.objects.get(area=w.ward_c, rule_set_code=FREE)
    assert ward_c.passed is None  # no record, no population, no group: nothing to conclude
    # The commune itself under its own rule set.
    single = services.evaluate_all(actor=None, root=w.ward_a, rule_set_code=TYPE_I, on=TODAY)
    assert single.evaluated == 1


def test_refusals(facts_world: Facts, officer_a: User, leadership_a: User) -> None:
    w = facts_world.world
    with pytest.raises(DomainError) as unknown:
        services.evaluate_area(actor=None, area=w.group_a1, rule_set_code="khong_co", on=TODAY)
    assert unknown.value.message_dict == {
        "rule_set": ["Không có bộ tiêu chí “khong_co” có hiệu lực ngày 23/11/2026."]
    }
    with pytest.raises(DomainError) as not_yet:
        services.evaluate_area(
            actor=None, area=w.group_a1, rule_set_code=GROUP, on=date(2024, 12, 31)
        )
    assert "rule_set" in not_yet.value.message_dict
    with pytest.raises(DomainError) as level:
        services.evaluate_area(actor=None, area=w.ward_a, rule_set_code=GROUP, on=TODAY)
    assert level.value.message_dict["rule_set"] == [
        "Bộ tiêu chí “Tổ dân phố không ma túy” không áp dụng cho Phường Gia Viên."
    ]
    with pytest.raises(DomainError):
        services.evaluate_all(actor=None, root=w.group_a1, rule_set_code=FREE, on=TODAY)
    with pytest.raises(PermissionDenied):  # Thành Đông is not officer A's
        services.evaluate_area(actor=officer_a, area=w.group_b1, rule_set_code=GROUP, on=TODAY)
    with pytest.raises(PermissionDenied):  # leadership reads only
        services.evaluate_all(actor=leadership_a, root=w.ward_a, rule_set_code=GROUP, on=TODAY)
    assert Evaluation.objects.count() == 0


def test_window_of_conditions() -> None:
    assert window_months_of(decision28.DRUG_FREE) == 12
    assert window_months_of(local.DRUG_FREE_GROUP_V1) == 12
    assert Decimal(0) == 0


def test_bulk_results_equal_single_results(facts_world: Facts) -> None:
    """The bulk run judges equal facts once; each row still equals the area's own evaluation."""
    w = facts_world.world
    services.evaluate_all(actor=None, root=w.country, rule_set_code=TYPE_I, on=TODAY)
    bulk = {e.area_id: (e.passed, e.met, e.results) for e in Evaluation.objects.all()}
    assert len(bulk) == 3
    assert bulk[w.ward_b.pk][0] is None  # no population: the rates cannot be judged
    for area in (w.ward_a, w.ward_b, w.ward_c):
        single = services.evaluate_area(actor=None, area=area, rule_set_code=TYPE_I, on=TODAY)
        assert bulk[area.pk] == (single.passed, single.met, single.results)
