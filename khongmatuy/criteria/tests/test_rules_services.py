"""Version selection by date, administrators' threshold confirmations, and composing local rule
sets: validation naming rows and fields, permissions, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Level
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.criteria.engine import AreaFacts
from khongmatuy.criteria.evaluate import evaluate
from khongmatuy.criteria.models import ConditionRow, RuleSetVersion
from khongmatuy.criteria.rules import decision28, local, registry
from khongmatuy.criteria.services import rules as services_rules
from tests.personas import World

D = Decimal
TYPE_I = decision28.COMMUNE_HOTSPOT_I
TYPE_II = decision28.COMMUNE_HOTSPOT_II
FREE = decision28.DRUG_FREE_COMMUNE
GROUP = local.DRUG_FREE_GROUP


def confirm(actor: User | None, **kwargs: Any) -> RuleSetVersion:
    args: dict[str, Any] = {
        "code": TYPE_II,
        "condition_code": "đ",
        "threshold": D(1),
        "article": "Điều 3, khoản 2, điểm đ QĐ 28/2025/QĐ-TTg",
        "effective_from": date(2027, 1, 1),
    }
    args.update(kwargs)
    return services_rules.threshold_confirm(actor=actor, **args)


def row(code: str, metric: str, comparator: str = "==", threshold: Any = "0", **extra: Any):  # type: ignore[no-untyped-def]
    return {
        "code": code,
        "metric": metric,
        "comparator": comparator,
        "threshold": threshold,
        **extra,
    }


def compose(actor: User | None, **kwargs: Any) -> RuleSetVersion:
    args: dict[str, Any] = {
        "code": "phuong_sach_ma_tuy",
        "name": "Phường sạch ma túy (Hạ Long)",
        "level": Level.COMMUNE,
        "combination": "all",
        "at_least": None,
        "window_months": 12,
        "effective_from": date(2026, 1, 1),
        "conditions": [row("1", "hotspots"), row("2", "drug_offenders")],
    }
    args.update(kwargs)
    return services_rules.rule_set_compose(actor=actor, **args)


# --- registry: built-in versions --------------------------------------------------------------


def test_builtin_in_force_from_the_decisions_date(db: None) -> None:
    assert registry.rule_set_for(TYPE_I, on=date(2025, 8, 23)) is None
    spec = registry.rule_set_for(TYPE_I, on=date(2025, 8, 24))
    assert spec is decision28.TYPE_I
    assert registry.rule_set_for(GROUP, on=date(2026, 11, 23)) is local.DRUG_FREE_GROUP_V1
    assert registry.rule_set_for("khong_co", on=date(2026, 11, 23)) is None
    assert registry.rule_set_version(TYPE_I, 1) is decision28.TYPE_I
    assert registry.rule_set_version(TYPE_I, 2) is None


def test_rule_set_for_makes_one_query(db: None) -> None:
    with CaptureQueriesContext(connection) as ctx:
        registry.rule_set_for(TYPE_I, on=date(2026, 11, 23))
    assert len(ctx.captured_queries) == 1  # no stored version: the prefetch is skipped
    with CaptureQueriesContext(connection) as ctx:
        entries = registry.catalogue(on=date(2026, 11, 23))
    assert len(ctx.captured_queries) == 1
    assert [e.code for e in entries] == [
        decision28.COMMUNE_HOTSPOT_I,
        decision28.COMMUNE_HOTSPOT_II,
        decision28.COMMUNE_HOTSPOT_III,
        decision28.PROVINCE_HOTSPOT,
        decision28.DRUG_FREE_COMMUNE,
        local.DRUG_FREE_GROUP,
    ]


# --- threshold confirmation -------------------------------------------------------------------


def test_confirmation_creates_a_version_used_from_its_effective_date(admin_user: User) -> None:
    # Type II's route criterion (its wording is UNCONFIRMED); type I's (đ) is definitional.
    version = confirm(admin_user)
    assert (version.code, version.version, version.effective_from) == (
        TYPE_II,
        2,
        date(2027, 1, 1),
    )
    assert version.created_by == admin_user
    before = registry.rule_set_for(TYPE_II, on=date(2026, 12, 31))
    after = registry.rule_set_for(TYPE_II, on=date(2027, 1, 1))
    assert before is decision28.TYPE_II
    assert after is not None
    assert after.version == "2"
    route = next(c for c in after.conditions if c.code == "đ")
    assert (route.threshold, route.confirmed, route.metric) == (D(1), True, "on_key_route")
    assert route.article == "Điều 3, khoản 2, điểm đ QĐ 28/2025/QĐ-TTg"
    # every other condition copied unchanged
    assert [(c.code, c.threshold, c.confirmed) for c in after.conditions if c.code != "đ"] == [
        (c.code, c.threshold, c.confirmed) for c in decision28.TYPE_II.conditions if c.code != "đ"
    ]
    # the new version decides a commune the built-in one could not (2 met, đ now known)
    facts = AreaFacts(
        1,
        date(2027, 1, 1),
        20000,
        {
            "managed_rate": D("0.01"),
            "harbouring_places": D(1),
            "arrest_rate": D("0.05"),
            "plants_destroyed": D(0),
            "cultivation_m2": D(0),
            "on_key_route": D(1),
        },
    )
    assert evaluate(decision28.TYPE_II, facts).passed is None
    assert evaluate(after, facts).passed is True
    # audited: the version and each of its six rows
    assert AuditEvent.objects.filter(model="criteria.RuleSetVersion", action="create").count() == 1
    assert AuditEvent.objects.filter(model="criteria.ConditionRow", action="create").count() == 6
    assert ConditionRow.objects.filter(rule_set=version).count() == 6


def test_same_day_confirmation_replaces_version_one_for_every_date(admin_user: User) -> None:
    confirm(
        admin_user, code=FREE, condition_code="4", threshold=D(0), effective_from=date(2025, 8, 24)
    )
    spec = registry.rule_set_for(FREE, on=date(2025, 9, 1))
    assert spec is not None
    assert spec.version == "2"
    assert [c.confirmed for c in spec.conditions] == [False, False, False, True]
    # a second confirmation builds on version 2 and keeps its confirmed condition
    confirm(
        admin_user, code=FREE, condition_code="1", threshold=D(0), effective_from=date(2026, 1, 1)
    )
    latest = registry.latest(FREE)
    assert latest is not None
    assert latest.version == "3"
    assert [c.confirmed for c in latest.conditions] == [True, False, False, True]
    assert [s.version for s in registry.versions(FREE)] == ["1", "2", "3"]
    assert registry.rule_set_for(FREE, on=date(2025, 12, 31)).version == "2"  # type: ignore[union-attr]


def test_confirmation_refusals(admin_user: User) -> None:
    with pytest.raises(DomainError) as exc:
        confirm(admin_user, condition_code="b")
    assert exc.value.message_dict == {
        "condition_code": ["Ngưỡng của tiêu chí này đã được xác nhận."]
    }
    with pytest.raises(DomainError) as exc:
        confirm(admin_user, condition_code="z")
    assert exc.value.message_dict == {"condition_code": ["Không tìm thấy tiêu chí này."]}
    with pytest.raises(DomainError) as exc:
        confirm(admin_user, threshold=None, article=" ", effective_from=date(2025, 8, 23))
    assert exc.value.message_dict == {
        "threshold": ["Nhập ngưỡng theo văn bản chính thức."],
        "article": ["Ghi rõ điều, khoản của văn bản chính thức quy định ngưỡng này."],
        "effective_from": [
            "Phiên bản mới phải có hiệu lực từ ngày 24/08/2025 (hiệu lực của phiên bản 1) trở đi."
        ],
    }
    with pytest.raises(DomainError) as exc:
        confirm(admin_user, code=decision28.PROVINCE_HOTSPOT, condition_code="1", threshold=D(1))
    assert exc.value.message_dict == {"metric": ["Chọn một chỉ số trong danh sách."]}
    with pytest.raises(DomainError) as exc:
        confirm(
            admin_user,
            code=decision28.COMMUNE_HOTSPOT_II,
            condition_code="a",
            threshold=D(101),
            metric="managed_rate",
        )
    assert exc.value.message_dict == {"threshold": ["Tỷ lệ không được lớn hơn 100 %."]}
    with pytest.raises(DomainError) as exc:
        confirm(admin_user, code="khong_co")
    assert list(exc.value.message_dict) == ["code"]
    assert RuleSetVersion.objects.count() == 0


def test_confirmation_copies_the_other_criteria_requirement(
    admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy keeps "and N other criteria met" of every row (a built-in whose (đ) carries it
    and that still has an unconfirmed threshold elsewhere)."""
    with_route = replace(
        decision28.TYPE_II,
        conditions=tuple(
            replace(c, with_other_met=2) if c.code == "đ" else c
            for c in decision28.TYPE_II.conditions
        ),
    )
    monkeypatch.setitem(registry.BUILTIN, TYPE_II, with_route)
    version = confirm(admin_user, condition_code="a", threshold=D("0.3"), metric="managed_rate")
    assert ConditionRow.objects.get(rule_set=version, code="đ").with_other_met == 2
    assert ConditionRow.objects.get(rule_set=version, code="a").with_other_met is None
    stored = registry.rule_set_version(TYPE_II, 2)
    assert stored is not None
    assert {c.code: c.with_other_met for c in stored.conditions}["đ"] == 2


def test_province_criterion_takes_a_metric_when_confirmed(admin_user: User) -> None:
    confirm(
        admin_user,
        code=decision28.PROVINCE_HOTSPOT,
        condition_code="1",
        metric="hotspots",
        threshold=D(10),
        effective_from=date(2026, 1, 1),
    )
    spec = registry.rule_set_for(decision28.PROVINCE_HOTSPOT, on=date(2026, 1, 1))
    assert spec is not None
    first = spec.conditions[0]
    assert (first.metric, first.threshold, first.confirmed) == ("hotspots", D(10), True)
    assert str(first.label) == "Số điểm, tụ điểm phức tạp về ma túy"


def test_only_compose_rules_may_confirm_or_compose(officer_a: User, city_user: User) -> None:
    for user in (officer_a, city_user):
        with pytest.raises(PermissionDenied):
            confirm(user)
        with pytest.raises(PermissionDenied):
            compose(user)
    assert RuleSetVersion.objects.count() == 0


# --- composition ------------------------------------------------------------------------------


def test_compose_a_local_rule_set_and_a_new_version(admin_user: User, world: World) -> None:
    first = compose(admin_user, owner_area=world.ward_c, source="Kế hoạch 131/KH-UBND")
    assert (first.code, first.version, first.owner_area) == ("phuong_sach_ma_tuy", 1, world.ward_c)
    spec = registry.rule_set_for("phuong_sach_ma_tuy", on=date(2026, 1, 1))
    assert spec is not None
    assert [(c.code, str(c.label), c.threshold, c.confirmed) for c in spec.conditions] == [
        ("1", "Số điểm, tụ điểm phức tạp về ma túy", D(0), True),
        ("2", "Số người vi phạm pháp luật về ma túy (bị bắt, xử lý)", D(0), True),
    ]
    second = compose(
        admin_user,
        code="ignored",
        new_version_of="phuong_sach_ma_tuy",
        combination="at_least",
        at_least=1,
        effective_from=date(2027, 1, 1),
        conditions=[
            row("1", "hotspots"),
            row("2.1", "dealers"),
            row("2.2", "new_users", window_months=6),
        ],
    )
    assert (second.code, second.version) == ("phuong_sach_ma_tuy", 2)
    assert registry.rule_set_for("phuong_sach_ma_tuy", on=date(2026, 12, 31)).version == "1"  # type: ignore[union-attr]
    assert registry.rule_set_for("phuong_sach_ma_tuy", on=date(2027, 1, 1)).version == "2"  # type: ignore[union-attr]


def test_new_version_of_the_seeds_group_rule_set_is_version_two(admin_user: User) -> None:
    version = compose(
        admin_user,
        new_version_of=GROUP,
        code="",
        level=Level.GROUP,
        effective_from=date(2027, 1, 1),
        conditions=[
            row("1", "new_users", window_months=12),
            row("2", "harbouring_places"),
            row("3", "dealers"),
            row("4", "users_outside_treatment"),
        ],
    )
    assert (version.code, version.version) == (GROUP, 2)
    assert registry.rule_set_for(GROUP, on=date(2026, 12, 31)) is local.DRUG_FREE_GROUP_V1
    assert len(registry.rule_set_for(GROUP, on=date(2027, 1, 1)).conditions) == 4  # type: ignore[union-attr]


def test_decision28_cannot_be_recomposed(admin_user: User) -> None:
    with pytest.raises(DomainError) as exc:
        compose(admin_user, new_version_of=TYPE_I)
    assert list(exc.value.message_dict) == ["code"]


def test_composition_errors_name_each_row_and_field(admin_user: User) -> None:
    with pytest.raises(DomainError) as exc:
        compose(
            admin_user,
            code=TYPE_I,
            name=" ",
            combination="at_least",
            at_least=4,
            window_months=0,
            effective_from=None,
            conditions=[
                row("1", "hotspots"),
                row("1", "khong_co", comparator="~", threshold="abc"),
                row("", "managed_rate", threshold="100.5"),
                row("D 1", "harbouring_places", threshold="-1", window_months=6),
                row("5", "arrests", threshold="1.23456", window_months=121),
            ],
        )
    assert exc.value.message_dict == {
        "code": [f"Mã “{TYPE_I}” đã có; để sửa, hãy tạo phiên bản mới của bộ tiêu chí đó."],
        "name": ["Nhập tên bộ tiêu chí."],
        "window_months": ["Khoảng thời gian xét từ 1 đến 120 tháng."],
        "effective_from": ["Nhập ngày hiệu lực."],
        "conditions-1-code": ["Dòng 2: số thứ tự “1” trùng với dòng 1."],
        "conditions-1-metric": ["Dòng 2: chọn một chỉ số trong danh sách."],
        "conditions-1-comparator": ["Dòng 2: chọn một phép so sánh trong danh sách."],
        "conditions-1-threshold": ["Dòng 2: ngưỡng phải là một số."],
        "conditions-2-code": ["Dòng 3: nhập số thứ tự tiêu chí."],
        "conditions-2-threshold": ["Dòng 3: tỷ lệ không được lớn hơn 100 %."],
        "conditions-3-code": [
            "Dòng 4: số thứ tự chỉ gồm chữ thường hoặc số, ví dụ “a”, “3” hoặc “d.1”."
        ],
        "conditions-3-threshold": ["Dòng 4: ngưỡng không được âm."],
        "conditions-3-window_months": [
            "Dòng 4: chỉ số này tính tại ngày đánh giá, không có khoảng thời gian; để trống ô này."
        ],
        "conditions-4-threshold": [
            "Dòng 5: ngưỡng có tối đa 8 chữ số phần nguyên và 4 chữ số thập phân."
        ],
        "conditions-4-window_months": ["Dòng 5: khoảng thời gian từ 1 đến 120 tháng."],
        "at_least": ["Số tiêu chí tối thiểu phải từ 1 đến 3 (số tiêu chí đã nhập)."],
    }
    assert RuleSetVersion.objects.count() == 0


def test_composition_bounds(admin_user: User) -> None:
    with pytest.raises(DomainError) as exc:
        compose(admin_user, conditions=[row(str(i), "dealers") for i in range(31)])
    assert exc.value.message_dict == {"conditions": ["Một bộ tiêu chí có tối đa 30 tiêu chí."]}
    with pytest.raises(DomainError) as exc:
        compose(admin_user, conditions=[])
    assert exc.value.message_dict == {"conditions": ["Bộ tiêu chí phải có ít nhất một tiêu chí."]}
    with pytest.raises(DomainError) as exc:
        compose(admin_user, combination="at_least", at_least=None)
    assert exc.value.message_dict == {"at_least": ["Nhập số tiêu chí tối thiểu phải đạt."]}
    # thirty is allowed; rows "on screen" keep their numbers in the keys
    assert compose(admin_user, conditions=[row(str(i), "dealers") for i in range(30)]).version == 1
    with pytest.raises(DomainError) as exc:
        compose(admin_user, code="x", conditions=[{**row("1", "dealers", threshold=""), "row": 4}])
    assert exc.value.message_dict == {"conditions-4-threshold": ["Dòng 5: nhập ngưỡng."]}


def test_new_version_cannot_start_before_the_latest(admin_user: User) -> None:
    compose(admin_user, effective_from=date(2026, 6, 1))
    with pytest.raises(DomainError) as exc:
        compose(admin_user, new_version_of="phuong_sach_ma_tuy", effective_from=date(2026, 5, 31))
    assert exc.value.message_dict == {
        "effective_from": [
            "Phiên bản mới phải có hiệu lực từ ngày 01/06/2026 (hiệu lực của phiên bản 1) trở đi."
        ]
    }
