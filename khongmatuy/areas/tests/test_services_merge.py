"""Merging areas: predecessors closed, history, scope moved to the successor, audit, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.areas import selectors, services
from khongmatuy.areas.models import Area, AreaChange, AreaFigure, Kind, Organisation
from khongmatuy.areas.services import GroupSpec
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError

from .factories import AreaFactory, changed, events_for, fresh, merge

# --- area_merge: Kiến Minh from Đông Phương, Đại Đồng and Minh Tân --------------------------------


def test_merge_closes_the_predecessors_the_day_before(merger):
    merge(merger)
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
    merge(merger)
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
    merge(merger)
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
    merge(merger)
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
    merge(merger, actor=officer_a)
    dai_dong_event = events_for(merger.dai_dong)[-1]
    assert dai_dong_event.actor_id == officer_a.pk
    assert changed(dai_dong_event) == {
        "is_active": (True, False),
        "valid_until": (None, "2025-06-30"),
        "commune_id": (merger.dai_dong.pk, merger.kien_minh.pk),
        "version": (1, 2),
    }
    group_event = events_for(merger.dai_dong_group)[-1]
    assert changed(group_event) == {
        "commune_id": (merger.dai_dong.pk, merger.kien_minh.pk),
        "version": (1, 2),
    }
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
        "version": (1, 2),
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
    with pytest.raises(DomainError) as exc:
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
    merge(merger)
    other = AreaFactory(parent=merger.kien_minh.parent, name="Tân Dân", kind=Kind.COMMUNE)
    with pytest.raises(DomainError) as exc:
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
    merge(merger)
    other = AreaFactory(parent=merger.kien_minh.parent, name="Tân Dân", kind=Kind.COMMUNE)
    with pytest.raises(DomainError) as exc:
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
    merge(merger)
    with pytest.raises(DomainError) as exc:
        services.area_rename(
            actor=None, area=merger.dai_dong, new_name="Đại Đồng 2", effective_on=date(2026, 1, 1)
        )
    assert exc.value.message_dict == {
        "new_name": ["Không thể đổi tên địa bàn đã giải thể hoặc sáp nhập."]
    }
