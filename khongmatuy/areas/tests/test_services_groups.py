"""Residential groups, resident figures and organisations: writes, refusals, audit."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.areas import selectors, services
from khongmatuy.areas.models import Area, AreaFigure, Kind, Level, Organisation
from khongmatuy.areas.services import GroupSpec
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Role

from .factories import changed, commune_with_groups, events_for, merge, user_bound_to

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
    with pytest.raises(DomainError) as exc:
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
    with pytest.raises(DomainError) as exc:
        services.groups_create(actor=None, commune=world.ward_a, specs=specs)
    assert exc.value.message_dict == {
        "name": ["“tổ 5” bị lặp lại.", "Tên tổ dân phố, thôn không được để trống."],
        "kind": ["“Tổ 6”: loại không phải tổ dân phố, thôn."],
        "as_of": ["“Tổ 7”: nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba."],
        "households": ["“Tổ 8”: Số hộ không thể lớn hơn dân số."],
    }
    assert Area.objects.filter(parent=world.ward_a).count() == 2


def test_groups_are_created_only_in_an_active_commune(world, merger):
    with pytest.raises(DomainError) as exc:
        services.groups_create(
            actor=None, commune=world.haiphong, specs=[GroupSpec(name="Tổ 1", kind=Kind.VILLAGE)]
        )
    assert exc.value.message_dict == {
        "__all__": ["Tổ dân phố, thôn chỉ được tạo trong xã, phường, đặc khu."]
    }
    merge(merger)
    with pytest.raises(DomainError) as exc:
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
    with pytest.raises(DomainError) as exc:
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
    with pytest.raises(DomainError):
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
        "version": (1, 2),
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
    with pytest.raises(DomainError) as exc:
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
    with pytest.raises(DomainError) as exc:
        _school(world, officer_a)
    assert exc.value.message_dict == {"area": ["“Tổ dân phố số 1” đã giải thể hoặc sáp nhập."]}
