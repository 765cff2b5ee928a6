"""Writes to the area tree: placement, refusals, facts, renames and their history, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.areas import selectors, services
from khongmatuy.areas.models import Area, AreaChange, Kind, Level
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import area_sort_string
from khongmatuy.common.errors import DomainError

from .factories import changed, events_for, fresh

# --- area_create: placement -----------------------------------------------------------------------


def test_country_has_no_parent_province_or_commune(world):
    country = fresh(world.country)
    assert (country.level, country.parent_id, country.province_id, country.commune_id) == (
        Level.COUNTRY,
        None,
        None,
        None,
    )


def test_province_row_is_its_own_province(world):
    haiphong = fresh(world.haiphong)
    assert haiphong.level == Level.PROVINCE
    assert haiphong.parent_id == world.country.pk
    assert haiphong.province_id == haiphong.pk
    assert haiphong.commune_id is None


def test_commune_row_is_its_own_commune_inside_its_province(world):
    ward = fresh(world.ward_a)
    assert ward.level == Level.COMMUNE
    assert ward.parent_id == world.haiphong.pk
    assert ward.province_id == world.haiphong.pk
    assert ward.commune_id == ward.pk


def test_group_carries_its_commune_and_province(world):
    group = fresh(world.group_b1)
    assert group.level == Level.GROUP
    assert group.parent_id == world.ward_b.pk
    assert group.commune_id == world.ward_b.pk
    assert group.province_id == world.haiphong.pk


def test_create_stores_normalised_name_folded_copy_and_natural_sort_key(world):
    group = services.area_create(
        actor=None, parent=world.ward_a, name="  Tổ   dân phố  số 7 ", kind=Kind.RESIDENTIAL_GROUP
    )
    group = fresh(group)
    assert group.name == "Tổ dân phố số 7"
    assert group.name_folded == "to dan pho so 7"
    assert group.sort_key == area_sort_string("Tổ dân phố số 7")


@pytest.mark.parametrize(
    ("parent_attr", "kind"),
    [
        ("country", Kind.WARD),
        ("haiphong", Kind.RESIDENTIAL_GROUP),
        ("haiphong", Kind.PROVINCE),
        ("ward_a", Kind.WARD),
        ("ward_a", Kind.COUNTRY),
    ],
)
def test_create_refuses_a_kind_of_another_level(world, parent_attr, kind):
    before = Area.objects.count()
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=None, parent=getattr(world, parent_attr), name="Mới", kind=kind)
    assert exc.value.message_dict == {"kind": ["Loại địa bàn không phù hợp với cấp của địa bàn."]}
    assert Area.objects.count() == before


@pytest.mark.parametrize("name", ["tổ dân phố số 1", "TO DAN PHO SO 1", "To  dan phố số 1"])
def test_create_refuses_a_sibling_name_ignoring_case_and_diacritics(world, name):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        services.area_create(
            actor=None, parent=world.ward_a, name=name, kind=Kind.RESIDENTIAL_GROUP
        )
    shown = " ".join(name.split())
    assert exc.value.message_dict == {"name": [f"Đã có địa bàn tên “{shown}” trong Gia Viên."]}
    assert Area.objects.filter(parent=world.ward_a).count() == 2
    assert AuditEvent.objects.count() == before


def test_same_name_is_allowed_under_another_parent(world):
    group = services.area_create(
        actor=None, parent=world.ward_b, name="Tổ dân phố số 1", kind=Kind.RESIDENTIAL_GROUP
    )
    assert fresh(group).commune_id == world.ward_b.pk


def test_create_refuses_a_used_official_code_without_naming_its_holder(world):
    with pytest.raises(DomainError) as exc:
        services.area_create(
            actor=None, parent=world.quangninh, name="Hạ Long", kind=Kind.WARD, code="10510"
        )
    assert exc.value.message_dict == {
        "code": ["Mã “10510” đã được dùng cho một địa bàn khác cùng cấp."]
    }
    assert not Area.objects.filter(name="Hạ Long").exists()


def test_create_refuses_an_empty_name(world):
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=None, parent=world.ward_a, name="   ", kind=Kind.VILLAGE)
    assert exc.value.message_dict == {"name": ["Tên địa bàn không được để trống."]}


def test_create_refuses_a_child_of_a_group(world):
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=None, parent=world.group_a1, name="Xóm 1", kind=Kind.VILLAGE)
    assert exc.value.message_dict == {
        "parent": ["Không thể tạo địa bàn trực thuộc tổ dân phố, thôn."]
    }


def test_create_refuses_a_child_of_a_former_unit(world):
    other = services.area_create(actor=None, parent=world.haiphong, name="Cũ", kind=Kind.WARD)
    services.area_merge(
        actor=None, predecessors=[other], successor=world.ward_b, effective_on=date(2026, 1, 1)
    )
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=None, parent=other, name="Tổ 1", kind=Kind.RESIDENTIAL_GROUP)
    assert exc.value.message_dict == {
        "parent": ["“Cũ” đã giải thể hoặc sáp nhập, không thể thêm địa bàn vào."]
    }


def test_create_is_audited_with_the_self_references(world, officer_a):
    ward = services.area_create(
        actor=officer_a, parent=world.haiphong, name="Hải An", kind=Kind.WARD, code="11000"
    )
    (event,) = events_for(ward)
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor_id == officer_a.pk
    assert event.area_id == ward.pk
    assert event.before is None
    assert {k: event.after[k] for k in ("name", "level", "kind", "code", "province_id")} == {
        "name": "Hải An",
        "level": Level.COMMUNE,
        "kind": "ward",
        "code": "11000",
        "province_id": world.haiphong.pk,
    }
    assert event.after["commune_id"] == ward.pk


# --- area_update ----------------------------------------------------------------------------------


def test_update_changes_the_facts_and_audits_exactly_them(world, officer_a):
    services.area_update(
        actor=officer_a,
        area=world.ward_a,
        kind=Kind.WARD,
        code=" 11360 ",
        area_km2=Decimal("1.25"),
        valid_from=date(2025, 7, 1),
    )
    ward = fresh(world.ward_a)
    assert (ward.code, ward.area_km2, ward.valid_from) == (
        "11360",
        Decimal("1.25"),
        date(2025, 7, 1),
    )
    event = events_for(ward)[-1]
    assert event.action == AuditEvent.Action.UPDATE
    assert changed(event) == {
        "code": ("11359", "11360"),
        "area_km2": (None, "1.25"),
        "valid_from": (None, "2025-07-01"),
        "version": (1, 2),
    }


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"kind": Kind.PROVINCE}, {"kind": ["Loại địa bàn không phù hợp với cấp của địa bàn."]}),
        ({"code": "10510"}, {"code": ["Mã “10510” đã được dùng cho một địa bàn khác cùng cấp."]}),
        ({"area_km2": Decimal("-1")}, {"area_km2": ["Diện tích không được âm."]}),
    ],
)
def test_update_refuses_bad_facts_and_changes_nothing(world, officer_a, kwargs, errors):
    audit_before = AuditEvent.objects.count()
    data = {"kind": Kind.WARD, "code": "11359", "area_km2": None, "valid_from": None} | kwargs
    with pytest.raises(DomainError) as exc:
        services.area_update(actor=officer_a, area=world.ward_a, **data)
    assert exc.value.message_dict == errors
    ward = fresh(world.ward_a)
    assert (ward.kind, ward.code, ward.area_km2) == ("ward", "11359", None)
    assert AuditEvent.objects.count() == audit_before


def test_update_refuses_a_start_after_the_end_of_a_former_unit(world, officer_a):
    services.area_merge(
        actor=officer_a,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 1, 1),
    )
    with pytest.raises(DomainError) as exc:
        services.area_update(
            actor=officer_a,
            area=world.group_a1,
            kind=Kind.RESIDENTIAL_GROUP,
            code="",
            area_km2=None,
            valid_from=date(2026, 3, 1),
        )
    assert exc.value.message_dict == {
        "valid_from": ["Ngày bắt đầu hiệu lực phải trước ngày hết hiệu lực (31/12/2025)."]
    }


# --- area_rename ----------------------------------------------------------------------------------


def test_rename_records_the_old_and_new_names(world, officer_b):
    services.area_rename(
        actor=officer_b,
        area=world.ward_b,
        new_name="  Thành  Đông Mới ",
        effective_on=date(2025, 7, 1),
        legal_basis="Nghị quyết 1669/NQ-UBTVQH15",
    )
    ward = fresh(world.ward_b)
    assert (ward.name, ward.name_folded, ward.sort_key) == (
        "Thành Đông Mới",
        "thanh dong moi",
        area_sort_string("Thành Đông Mới"),
    )
    (change,) = AreaChange.objects.filter(area=ward)
    assert (change.kind, change.old_name, change.new_name) == (
        "rename",
        "Thành Đông",
        "Thành Đông Mới",
    )
    assert (change.effective_on, change.legal_basis, change.predecessor_id) == (
        date(2025, 7, 1),
        "Nghị quyết 1669/NQ-UBTVQH15",
        None,
    )


def test_rename_is_audited_on_the_area_and_the_change(world, officer_b):
    services.area_rename(
        actor=officer_b, area=world.ward_b, new_name="Đông Hải", effective_on=date(2025, 7, 1)
    )
    event = events_for(world.ward_b)[-1]
    assert event.actor_id == officer_b.pk
    assert changed(event) == {
        "name": ("Thành Đông", "Đông Hải"),
        "name_folded": ("thanh dong", "dong hai"),
        "sort_key": (area_sort_string("Thành Đông"), area_sort_string("Đông Hải")),
        "version": (1, 2),
    }
    change = AreaChange.objects.get(area=world.ward_b)
    (change_event,) = events_for(change)
    assert change_event.action == AuditEvent.Action.CREATE
    assert change_event.area_id == world.ward_b.pk
    assert change_event.after["old_name"] == "Thành Đông"
    assert change_event.after["new_name"] == "Đông Hải"


def test_renaming_twice_keeps_both_changes_in_the_history(world, officer_b):
    services.area_rename(
        actor=officer_b, area=world.ward_b, new_name="Đông Hải", effective_on=date(2024, 1, 1)
    )
    services.area_rename(
        actor=officer_b, area=world.ward_b, new_name="Hải Đông", effective_on=date(2025, 7, 1)
    )
    history = [
        (c.effective_on, c.old_name, c.new_name)
        for c in selectors.history_for_area(area=world.ward_b)
    ]
    assert history == [
        (date(2025, 7, 1), "Đông Hải", "Hải Đông"),
        (date(2024, 1, 1), "Thành Đông", "Đông Hải"),
    ]
    assert fresh(world.ward_b).name == "Hải Đông"


@pytest.mark.parametrize(
    ("new_name", "message"),
    [
        ("  ", "Tên địa bàn không được để trống."),
        ("Thành Đông", "Tên mới trùng với tên hiện tại."),
        ("gia vien", "Đã có địa bàn tên “gia vien” trong Hải Phòng."),
        ("x" * 151, "Tên dài quá 150 ký tự."),
    ],
)
def test_rename_refusals_name_the_new_name_and_change_nothing(world, officer_b, new_name, message):
    with pytest.raises(DomainError) as exc:
        services.area_rename(
            actor=officer_b, area=world.ward_b, new_name=new_name, effective_on=date(2025, 7, 1)
        )
    assert exc.value.message_dict == {"new_name": [message]}
    assert fresh(world.ward_b).name == "Thành Đông"
    assert not AreaChange.objects.exists()


def test_a_rename_may_change_only_the_case(world, officer_b):
    services.area_rename(
        actor=officer_b, area=world.ward_b, new_name="THÀNH ĐÔNG", effective_on=date(2025, 7, 1)
    )
    assert fresh(world.ward_b).name == "THÀNH ĐÔNG"
