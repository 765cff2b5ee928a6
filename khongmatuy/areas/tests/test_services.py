"""Writes to the area tree: placement, refusals, history, merges, groups, figures, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from khongmatuy.areas import selectors, services
from khongmatuy.areas.models import Area, AreaChange, AreaFigure, Kind, Level, Organisation
from khongmatuy.areas.services import AreaError, GroupSpec
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role

from .conftest import changed, events_for, fresh, user_bound_to
from .factories import AreaFactory, commune_with_groups

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
    assert group.sort_key == "to dan pho so 00000007"


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
    with pytest.raises(AreaError) as exc:
        services.area_create(actor=None, parent=getattr(world, parent_attr), name="Mới", kind=kind)
    assert exc.value.message_dict == {"kind": ["Loại địa bàn không phù hợp với cấp của địa bàn."]}
    assert Area.objects.count() == before


@pytest.mark.parametrize("name", ["tổ dân phố số 1", "TO DAN PHO SO 1", "To  dan phố số 1"])
def test_create_refuses_a_sibling_name_ignoring_case_and_diacritics(world, name):
    before = AuditEvent.objects.count()
    with pytest.raises(AreaError) as exc:
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
    with pytest.raises(AreaError) as exc:
        services.area_create(
            actor=None, parent=world.quangninh, name="Hạ Long", kind=Kind.WARD, code="10510"
        )
    assert exc.value.message_dict == {
        "code": ["Mã “10510” đã được dùng cho một địa bàn khác cùng cấp."]
    }
    assert not Area.objects.filter(name="Hạ Long").exists()


def test_create_refuses_an_empty_name(world):
    with pytest.raises(AreaError) as exc:
        services.area_create(actor=None, parent=world.ward_a, name="   ", kind=Kind.VILLAGE)
    assert exc.value.message_dict == {"name": ["Tên địa bàn không được để trống."]}


def test_create_refuses_a_child_of_a_group(world):
    with pytest.raises(AreaError) as exc:
        services.area_create(actor=None, parent=world.group_a1, name="Xóm 1", kind=Kind.VILLAGE)
    assert exc.value.message_dict == {
        "parent": ["Không thể tạo địa bàn trực thuộc tổ dân phố, thôn."]
    }


def test_create_refuses_a_child_of_a_former_unit(world):
    other = services.area_create(actor=None, parent=world.haiphong, name="Cũ", kind=Kind.WARD)
    services.area_merge(
        actor=None, predecessors=[other], successor=world.ward_b, effective_on=date(2026, 1, 1)
    )
    with pytest.raises(AreaError) as exc:
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
    with pytest.raises(AreaError) as exc:
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
    with pytest.raises(AreaError) as exc:
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
        "thanh dong moi",
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
        "sort_key": ("thanh dong", "dong hai"),
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
    with pytest.raises(AreaError) as exc:
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


# --- area_merge: Kiến Minh from Đông Phương, Đại Đồng and Minh Tân --------------------------------


def _merge(merger, actor=None):  # type: ignore[no-untyped-def]
    return services.area_merge(
        actor=actor,
        predecessors=merger.predecessors,
        successor=merger.kien_minh,
        effective_on=date(2025, 7, 1),
        legal_basis="Nghị quyết 1669/NQ-UBTVQH15",
    )


def test_merge_closes_the_predecessors_the_day_before(merger):
    _merge(merger)
    for old in merger.predecessors:
        old = fresh(old)
        assert (old.is_active, old.valid_until) == (False, date(2025, 6, 30))
    kien_minh = fresh(merger.kien_minh)
    assert (kien_minh.is_active, kien_minh.valid_until, kien_minh.valid_from) == (
        True,
        None,
        date(2025, 7, 1),
    )


def test_merge_records_one_change_per_predecessor(merger):
    _merge(merger)
    rows = sorted(
        (c.predecessor_id, c.kind, c.old_name, c.new_name, c.effective_on, c.legal_basis)
        for c in AreaChange.objects.filter(area=merger.kien_minh)
    )
    expected = sorted(
        (
            old.pk,
            "merge",
            old.name,
            "Kiến Minh",
            date(2025, 7, 1),
            "Nghị quyết 1669/NQ-UBTVQH15",
        )
        for old in merger.predecessors
    )
    assert rows == expected
    assert [c.area_id for c in selectors.history_for_area(area=merger.dai_dong)] == [
        merger.kien_minh.pk
    ]


def test_merge_moves_former_communes_and_their_groups_into_the_successor_scope(merger):
    _merge(merger)
    groups = [*merger.dong_phuong_groups, merger.dai_dong_group, merger.minh_tan_group]
    for row in [*merger.predecessors, *groups]:
        row_now = fresh(row)
        assert (row_now.commune_id, row_now.province_id) == (
            merger.kien_minh.pk,
            merger.kien_minh.province_id,
        )
    # History stays readable: each group is still below its former commune.
    assert fresh(merger.dai_dong_group).parent_id == merger.dai_dong.pk
    assert fresh(merger.dai_dong_group).is_active is True


def test_successor_officer_reads_the_former_communes_groups_and_records(merger, officer_b):
    _merge(merger)
    officer = merger.officer
    visible = set(Area.objects.for_user(officer).values_list("pk", flat=True))
    groups = [*merger.dong_phuong_groups, merger.dai_dong_group, merger.minh_tan_group]
    assert visible == {merger.kien_minh.pk} | {a.pk for a in [*merger.predecessors, *groups]}
    assert list(Organisation.objects.for_user(officer)) == [merger.school]
    assert list(AreaFigure.objects.for_user(officer).values_list("population", flat=True)) == [800]
    assert selectors.area_get_for_user(user=officer, pk=merger.dai_dong.pk) == merger.dai_dong
    assert not Area.objects.for_user(officer_b).filter(pk=merger.dai_dong.pk).exists()


def test_before_the_merge_the_successor_officer_sees_only_kien_minh(merger):
    assert list(Area.objects.for_user(merger.officer)) == [merger.kien_minh]


def test_merge_is_audited_row_by_row(merger, officer_a):
    _merge(merger, actor=officer_a)
    dai_dong_event = events_for(merger.dai_dong)[-1]
    assert dai_dong_event.actor_id == officer_a.pk
    assert changed(dai_dong_event) == {
        "is_active": (True, False),
        "valid_until": (None, "2025-06-30"),
        "commune_id": (merger.dai_dong.pk, merger.kien_minh.pk),
    }
    group_event = events_for(merger.dai_dong_group)[-1]
    assert changed(group_event) == {"commune_id": (merger.dai_dong.pk, merger.kien_minh.pk)}
    assert group_event.note == "Chuyển phạm vi do sáp nhập"
    change_events = AuditEvent.objects.filter(model="areas.AreaChange", action="create")
    assert change_events.count() == 3
    assert set(change_events.values_list("area_id", flat=True)) == {merger.kien_minh.pk}


def test_merge_across_provinces_moves_the_province_too(world, officer_a):
    former = AreaFactory(parent=world.quangninh, name="Bãi Cháy", kind=Kind.WARD)
    (group,) = services.groups_create(
        actor=None, commune=former, specs=[GroupSpec(name="Khu 1", kind=Kind.QUARTER)]
    )
    services.area_merge(
        actor=officer_a,
        predecessors=[former],
        successor=world.ward_a,
        effective_on=date(2026, 1, 1),
    )
    assert (fresh(group).province_id, fresh(group).commune_id) == (
        world.haiphong.pk,
        world.ward_a.pk,
    )
    assert Area.objects.for_user(officer_a).filter(pk=group.pk).exists()


def test_merging_groups_of_one_ward_keeps_them_in_the_ward(world, officer_a):
    services.area_merge(
        actor=officer_a,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 2, 1),
    )
    a1 = fresh(world.group_a1)
    assert (a1.is_active, a1.valid_until, a1.commune_id) == (
        False,
        date(2026, 1, 31),
        world.ward_a.pk,
    )
    assert changed(events_for(a1)[-1]) == {
        "is_active": (True, False),
        "valid_until": (None, "2026-01-31"),
    }


@pytest.mark.parametrize(
    ("case", "message_dict"),
    [
        ("none", {"predecessors": ["Chọn ít nhất một địa bàn bị sáp nhập."]}),
        ("itself", {"predecessors": ["Không thể sáp nhập một địa bàn vào chính nó."]}),
        ("group", {"predecessors": ["“Thôn 1” không cùng cấp với địa bàn nhận sáp nhập."]}),
        (
            "early",
            {
                "effective_on": [
                    "Ngày hiệu lực phải sau ngày “Minh Tân” bắt đầu hiệu lực (01/01/2026)."
                ]
            },
        ),
    ],
)
def test_merge_refusals_change_nothing(merger, case, message_dict):
    predecessors = {
        "none": [],
        "itself": [merger.kien_minh],
        "group": [merger.dai_dong, merger.dai_dong_group],
        "early": [merger.dai_dong, merger.minh_tan],
    }[case]
    if case == "early":
        services.area_update(
            actor=None,
            area=merger.minh_tan,
            kind=Kind.COMMUNE,
            code="",
            area_km2=None,
            valid_from=date(2026, 1, 1),
        )
    audit_before = AuditEvent.objects.count()
    with pytest.raises(AreaError) as exc:
        services.area_merge(
            actor=None,
            predecessors=predecessors,
            successor=merger.kien_minh,
            effective_on=date(2025, 7, 1),
        )
    assert exc.value.message_dict == message_dict
    assert Area.objects.filter(is_active=False).count() == 0
    assert not AreaChange.objects.exists()
    assert fresh(merger.dai_dong).commune_id == merger.dai_dong.pk
    assert AuditEvent.objects.count() == audit_before


def test_a_former_unit_cannot_be_merged_again(merger):
    _merge(merger)
    other = AreaFactory(parent=merger.kien_minh.parent, name="Tân Dân", kind=Kind.COMMUNE)
    with pytest.raises(AreaError) as exc:
        services.area_merge(
            actor=None,
            predecessors=[merger.dai_dong],
            successor=other,
            effective_on=date(2026, 1, 1),
        )
    assert exc.value.message_dict == {
        "predecessors": ["“Đại Đồng” đã giải thể hoặc sáp nhập trước đó."]
    }
    assert fresh(merger.dai_dong).valid_until == date(2025, 6, 30)


def test_nothing_merges_into_a_former_unit(merger):
    _merge(merger)
    other = AreaFactory(parent=merger.kien_minh.parent, name="Tân Dân", kind=Kind.COMMUNE)
    with pytest.raises(AreaError) as exc:
        services.area_merge(
            actor=None,
            predecessors=[other],
            successor=merger.dai_dong,
            effective_on=date(2026, 1, 1),
        )
    assert exc.value.message_dict == {
        "__all__": ["“Đại Đồng” đã giải thể hoặc sáp nhập, không thể nhận sáp nhập."]
    }
    assert fresh(other).is_active is True


def test_a_former_unit_cannot_be_renamed(merger):
    _merge(merger)
    with pytest.raises(AreaError) as exc:
        services.area_rename(
            actor=None, area=merger.dai_dong, new_name="Đại Đồng 2", effective_on=date(2026, 1, 1)
        )
    assert exc.value.message_dict == {
        "new_name": ["Không thể đổi tên địa bàn đã giải thể hoặc sáp nhập."]
    }


# --- groups_create, numbered_group_names ----------------------------------------------------------


def test_groups_create_makes_every_group_with_its_figures(world, officer_a):
    created = services.groups_create(
        actor=officer_a,
        commune=world.ward_a,
        specs=[
            GroupSpec(
                name="Tổ 3",
                kind=Kind.RESIDENTIAL_GROUP,
                population=300,
                households=80,
                as_of=date(2026, 1, 1),
            ),
            GroupSpec(name="Thôn Đông", kind=Kind.VILLAGE),
        ],
        source="Nhập từ tệp Excel",
    )
    assert [(g.name, g.kind, g.level, g.commune_id) for g in created] == [
        ("Tổ 3", "residential_group", Level.GROUP, world.ward_a.pk),
        ("Thôn Đông", "village", Level.GROUP, world.ward_a.pk),
    ]
    (figure,) = AreaFigure.objects.filter(area=created[0])
    assert (
        figure.population,
        figure.households,
        figure.as_of,
        figure.source,
        figure.is_current,
    ) == (
        300,
        80,
        date(2026, 1, 1),
        "Nhập từ tệp Excel",
        True,
    )
    assert not AreaFigure.objects.filter(area=created[1]).exists()
    assert [e.action for e in events_for(created[0])] == ["create"]
    assert [e.action for e in events_for(figure)] == ["create"]


def test_groups_create_is_all_or_nothing_and_names_the_duplicate(world, officer_a):
    audit_before = AuditEvent.objects.count()
    with pytest.raises(AreaError) as exc:
        services.groups_create(
            actor=officer_a,
            commune=world.ward_a,
            specs=[
                GroupSpec(name="Tổ 3", kind=Kind.RESIDENTIAL_GROUP),
                GroupSpec(name="to dan pho so 1", kind=Kind.RESIDENTIAL_GROUP),
                GroupSpec(name="Tổ 4", kind=Kind.RESIDENTIAL_GROUP),
            ],
        )
    assert exc.value.message_dict == {"name": ["“to dan pho so 1” đã có trong Gia Viên."]}
    assert sorted(Area.objects.filter(parent=world.ward_a).values_list("name", flat=True)) == [
        "Tổ dân phố số 1",
        "Tổ dân phố số 2",
    ]
    assert AuditEvent.objects.count() == audit_before


def test_groups_create_reports_every_problem_with_the_group_name(world):
    specs = [
        GroupSpec(name="Tổ 5", kind=Kind.RESIDENTIAL_GROUP),
        GroupSpec(name="tổ 5", kind=Kind.RESIDENTIAL_GROUP),
        GroupSpec(name="Tổ 6", kind=Kind.WARD),
        GroupSpec(name="Tổ 7", kind=Kind.VILLAGE, population=10),
        GroupSpec(
            name="Tổ 8", kind=Kind.VILLAGE, population=10, households=11, as_of=date(2026, 1, 1)
        ),
        GroupSpec(name=" ", kind=Kind.VILLAGE),
    ]
    with pytest.raises(AreaError) as exc:
        services.groups_create(actor=None, commune=world.ward_a, specs=specs)
    assert exc.value.message_dict == {
        "name": ["“tổ 5” bị lặp lại.", "Tên tổ dân phố, thôn không được để trống."],
        "kind": ["“Tổ 6”: loại không phải tổ dân phố, thôn."],
        "as_of": ["“Tổ 7”: nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba."],
        "households": ["“Tổ 8”: Số hộ không thể lớn hơn dân số."],
    }
    assert Area.objects.filter(parent=world.ward_a).count() == 2


def test_groups_are_created_only_in_an_active_commune(world, merger):
    with pytest.raises(AreaError) as exc:
        services.groups_create(
            actor=None, commune=world.haiphong, specs=[GroupSpec(name="Tổ 1", kind=Kind.VILLAGE)]
        )
    assert exc.value.message_dict == {
        "__all__": ["Tổ dân phố, thôn chỉ được tạo trong xã, phường, đặc khu."]
    }
    _merge(merger)
    with pytest.raises(AreaError) as exc:
        services.groups_create(
            actor=None, commune=merger.dai_dong, specs=[GroupSpec(name="Thôn 9", kind=Kind.VILLAGE)]
        )
    assert exc.value.message_dict == {
        "parent": ["“Đại Đồng” đã giải thể hoặc sáp nhập, không thể thêm địa bàn vào."]
    }


def test_numbered_group_names():
    names = services.numbered_group_names(prefix="Tổ", first=1, last=73)
    assert len(names) == 73
    assert names[:3] == ["Tổ 1", "Tổ 2", "Tổ 3"]
    assert names[-1] == "Tổ 73"
    assert services.numbered_group_names(prefix="  Tổ  dân phố số ", first=9, last=10) == [
        "Tổ dân phố số 9",
        "Tổ dân phố số 10",
    ]
    assert services.numbered_group_names(prefix="", first=1, last=2) == ["1", "2"]
    assert services.numbered_group_names(prefix="Tổ", first=5, last=4) == []


def test_numbered_groups_sort_naturally(world):
    ward = commune_with_groups(province=world.quangninh, name="Hà Khẩu", groups=12)
    names = list(
        selectors.children_for_user(user=_admin(world), area=ward).values_list("name", flat=True)
    )
    assert names == [f"Tổ {n}" for n in range(1, 13)]


def _admin(world):  # type: ignore[no-untyped-def]
    return user_bound_to("admin_tests", Role.ADMIN, [world.country])


# --- figure_set -----------------------------------------------------------------------------------


def _current(area: Area) -> list[tuple[date, int]]:
    return list(
        AreaFigure.objects.filter(area=area, is_current=True).values_list("as_of", "population")
    )


def test_figures_added_out_of_date_order_keep_one_current(world, officer_b):
    ward = world.ward_b
    for as_of, population in (
        (date(2024, 1, 1), 1000),
        (date(2026, 1, 1), 3000),
        (date(2025, 1, 1), 2000),
    ):
        services.figure_set(
            actor=officer_b, area=ward, as_of=as_of, population=population, households=10
        )
    assert _current(ward) == [(date(2026, 1, 1), 3000)]
    services.figure_set(
        actor=officer_b, area=ward, as_of=date(2027, 1, 1), population=4000, households=10
    )
    assert _current(ward) == [(date(2027, 1, 1), 4000)]
    assert AreaFigure.objects.filter(area=ward).count() == 4


def test_correcting_a_figure_updates_it_in_place_and_keeps_one_current(world, officer_b):
    ward = world.ward_b
    old = services.figure_set(
        actor=officer_b, area=ward, as_of=date(2025, 1, 1), population=2000, households=500
    )
    new = services.figure_set(
        actor=officer_b, area=ward, as_of=date(2026, 1, 1), population=3000, households=700
    )
    corrected = services.figure_set(
        actor=officer_b,
        area=ward,
        as_of=date(2026, 1, 1),
        population=3100,
        households=710,
        source=" Công an phường ",
    )
    assert corrected.pk == new.pk
    assert _current(ward) == [(date(2026, 1, 1), 3100)]
    services.figure_set(
        actor=officer_b, area=ward, as_of=date(2025, 1, 1), population=2050, households=500
    )
    assert _current(ward) == [(date(2026, 1, 1), 3100)]
    assert AreaFigure.objects.get(pk=old.pk).population == 2050
    correction = events_for(new)[-1]
    assert correction.action == AuditEvent.Action.UPDATE
    assert changed(correction) == {
        "population": (3000, 3100),
        "households": (700, 710),
        "source": ("", "Công an phường"),
    }


def test_a_newer_figure_audits_the_end_of_the_previous_current_one(world, officer_b):
    old = services.figure_set(
        actor=officer_b, area=world.ward_b, as_of=date(2025, 1, 1), population=20, households=5
    )
    new = services.figure_set(
        actor=officer_b, area=world.ward_b, as_of=date(2026, 1, 1), population=30, households=6
    )
    flip = events_for(old)[-1]
    assert changed(flip) == {"is_current": (True, False)}
    assert flip.note == "Có số liệu mới hơn (01/01/2026)"
    (created,) = events_for(new)
    assert created.before is None
    assert {k: created.after[k] for k in ("population", "households", "as_of", "is_current")} == {
        "population": 30,
        "households": 6,
        "as_of": "2026-01-01",
        "is_current": True,
    }


@pytest.mark.parametrize(
    ("population", "households", "errors"),
    [
        (100, 101, {"households": ["Số hộ không thể lớn hơn dân số."]}),
        (-1, 0, {"population": ["Dân số phải từ 0 đến 50.000.000."]}),
        (10**20, 1, {"population": ["Dân số phải từ 0 đến 50.000.000."]}),
        (100, -1, {"households": ["Số hộ phải từ 0 đến 20.000.000."]}),
    ],
)
def test_figure_set_refuses_impossible_figures(world, population, households, errors):
    audit_before = AuditEvent.objects.count()
    with pytest.raises(AreaError) as exc:
        services.figure_set(
            actor=None,
            area=world.ward_b,
            as_of=date(2026, 1, 1),
            population=population,
            households=households,
        )
    assert exc.value.message_dict == errors
    assert not AreaFigure.objects.filter(area=world.ward_b).exists()
    assert AuditEvent.objects.count() == audit_before


def test_a_refused_correction_keeps_the_figure(world):
    with pytest.raises(AreaError):
        services.figure_set(
            actor=None, area=world.group_a1, as_of=date(2026, 1, 1), population=10, households=11
        )
    figure = AreaFigure.objects.get(area=world.group_a1)
    assert (figure.population, figure.households, figure.is_current) == (512, 128, True)


# --- organisation_save ----------------------------------------------------------------------------


def _school(world, actor, **kwargs):  # type: ignore[no-untyped-def]
    data = {
        "organisation": None,
        "area": world.group_a1,
        "kind": Organisation.OrgKind.SCHOOL,
        "name": "Trường THCS Gia Viên",
    } | kwargs
    return services.organisation_save(actor=actor, **data)


def test_organisation_create_and_update_are_audited(world, officer_a):
    school = _school(
        world, officer_a, head_name=" Nguyễn  Thị Lan ", phone=" 0225 3842 123 ", member_count=640
    )
    assert (school.name_folded, school.head_name, school.phone) == (
        "truong thcs gia vien",
        "Nguyễn Thị Lan",
        "0225 3842 123",
    )
    (created,) = events_for(school)
    assert (created.action, created.area_id, created.before) == ("create", world.group_a1.pk, None)
    _school(
        world,
        officer_a,
        organisation=school,
        area=world.group_a2,
        member_count=700,
        head_name="Nguyễn Thị Lan",
        phone="0225 3842 123",
    )
    event = events_for(school)[-1]
    assert changed(event) == {
        "area_id": (world.group_a1.pk, world.group_a2.pk),
        "member_count": (640, 700),
    }


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"name": "truong thcs GIA VIEN"},
            {
                "name": [
                    "Đã có tổ chức, cơ quan tên “truong thcs GIA VIEN” cùng loại tại "
                    "Tổ dân phố số 1."
                ]
            },
        ),
        ({"name": "  "}, {"name": ["Tên tổ chức, cơ quan không được để trống."]}),
        (
            {"phone": "gọi 0912"},
            {"phone": ["Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + - . ( )."]},
        ),
        ({"member_count": -3}, {"member_count": ["Số thành viên không được âm."]}),
        (
            {"area": "haiphong"},
            {"area": ["Tổ chức, cơ quan phải thuộc một xã, phường hoặc tổ dân phố, thôn."]},
        ),
    ],
)
def test_organisation_refusals_name_the_field(world, officer_a, kwargs, errors):
    _school(world, officer_a)
    if kwargs.get("area") == "haiphong":
        kwargs = kwargs | {"area": world.haiphong}
    with pytest.raises(AreaError) as exc:
        _school(world, officer_a, **kwargs)
    assert exc.value.message_dict == errors
    assert Organisation.objects.count() == 1


def test_no_new_organisation_in_a_former_unit(world, officer_a):
    services.area_merge(
        actor=officer_a,
        predecessors=[world.group_a1],
        successor=world.group_a2,
        effective_on=date(2026, 1, 1),
    )
    with pytest.raises(AreaError) as exc:
        _school(world, officer_a)
    assert exc.value.message_dict == {"area": ["“Tổ dân phố số 1” đã giải thể hoặc sáp nhập."]}
