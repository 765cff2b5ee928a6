"""Writes of the person registry: registration, duplicates, edits, categories, psychosis flag,
removal from the list. Each refusal names the field and saves nothing; each write is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.errors import DomainError
from khongmatuy.people.choices import Category, EpisodeKind, Sex
from khongmatuy.people.models import Person, PersonCategory
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.services import persons as services

from .factories import CID_AN, TODAY, register


def events(obj) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        AuditEvent.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("pk")
    )


# --- registration -------------------------------------------------------------------------------


def test_register_normalises_and_derives_search_columns(world, officer_a):
    person = register(
        officer_a,
        world.group_a1,
        "  nguyễn   Văn  An ",
        citizen_id="031 090 012 345",
        aliases="Tý  Còi",
        phone="+84 912 345 678",
        permanent_address="Số 5, phố Đinh Tiên Hoàng",
    )
    person.refresh_from_db()
    assert person.full_name == "nguyễn Văn An"
    assert person.citizen_id == "031090012345"
    assert person.name_folded == "nguyen van an"
    assert person.name_sort == name_sort_string("nguyễn Văn An")
    assert person.search_text == (
        "nguyen van an | ty coi | 84912345678 | 0912345678 | so 5, pho dinh tien hoang"
    )
    assert person.created_by == officer_a
    assert [(c.category, c.started_on, c.source) for c in person.personcategorys.all()] == [
        (Category.ILLEGAL_USER, date(2026, 1, 10), "QĐ 12/QĐ-UBND")
    ]


def test_register_is_audited_with_the_values(world, officer_a):
    person = register(officer_a, world.group_a1, "Phạm Thị Hoa", sex=Sex.FEMALE)
    (created,) = events(person)
    assert created.action == AuditEvent.Action.CREATE
    assert created.actor == officer_a
    assert created.area_id == world.group_a1.pk
    assert created.after["full_name"] == "Phạm Thị Hoa"
    (category,) = person.personcategorys.all()
    assert [e.action for e in events(category)] == [AuditEvent.Action.CREATE]


def test_register_refuses_every_bad_field_at_once_and_saves_nothing(world, officer_a):
    with pytest.raises(DomainError) as caught:
        services.person_register(
            actor=officer_a,
            area=world.group_a1,
            full_name="  ",
            sex="x",
            date_of_birth=date(2027, 1, 1),
            citizen_id="03109001234A",
            phone="09-abc",
            categories=[services.CategorySpec(Category.ADDICT, date(2026, 12, 1))],
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "full_name": ["Họ và tên không được để trống."],
        "sex": ["Chọn giới tính Nam hoặc Nữ."],
        "date_of_birth": ["Ngày sinh không được sau ngày hôm nay."],
        "phone": ["Số điện thoại không hợp lệ (từ 8 đến 15 chữ số)."],
        "citizen_id": ["Số CCCD chỉ được gồm các chữ số 0 đến 9 (không có chữ cái, ký hiệu)."],
        "started_on": [
            "Ngày bắt đầu không được sau ngày hôm nay.",
            "Ngày bắt đầu không được trước ngày sinh.",
        ],
    }
    assert Person.objects.count() == 0
    assert PersonCategory.objects.count() == 0


def test_register_checks_the_citizen_id_against_sex_and_birth(world, officer_a):
    with pytest.raises(DomainError) as caught:
        register(officer_a, world.group_a1, "Vũ Thị Lan", sex=Sex.FEMALE, citizen_id=CID_AN)
    assert caught.value.message_dict == {
        "citizen_id": ["Chữ số thứ 4 (“0”) là mã của nam, không khớp giới tính nữ."]
    }


def test_duplicate_citizen_id_links_to_the_visible_record(world, officer_a, an):
    with pytest.raises(services.DuplicateCitizenIdError) as caught:
        register(officer_a, world.group_a2, "Nguyễn Văn Ân", citizen_id=CID_AN)
    url = f"/people/{an.pk}/"
    assert caught.value.existing_url == url
    assert caught.value.message_dict == {
        "citizen_id": [f"Số CCCD này đã có trong hồ sơ của Nguyễn Văn An (17/05/1990): {url}"]
    }
    assert Person.objects.count() == 1


def test_duplicate_citizen_id_out_of_scope_reveals_nothing(world, officer_b, an):
    with pytest.raises(services.DuplicateCitizenIdError) as caught:
        register(officer_b, world.group_b1, "Nguyễn Văn An", citizen_id=CID_AN)
    assert caught.value.existing_url is None
    (message,) = caught.value.message_dict["citizen_id"]
    assert "Nguyễn Văn An" not in message
    assert str(an.pk) not in message
    assert "Gia Viên" not in message
    assert message.startswith("Số CCCD này đã được đăng ký trong hồ sơ do địa bàn khác quản lý.")
    assert Person.objects.count() == 1


def test_register_refuses_an_area_outside_the_actor_scope(world, officer_a):
    with pytest.raises(DomainError) as caught:
        register(officer_a, world.group_b1, "Đinh Văn Nam")
    assert caught.value.message_dict == {
        "area": ["Địa bàn này không thuộc phạm vi tài khoản được giao."]
    }


def test_register_refuses_a_province_as_area(world, city_user):
    with pytest.raises(DomainError) as caught:
        register(city_user, world.haiphong, "Đinh Văn Nam")
    assert caught.value.message_dict == {
        "area": ["Địa bàn quản lý phải là xã, phường hoặc tổ dân phố, thôn."]
    }


def test_read_only_roles_cannot_register(world, leadership_a):
    with pytest.raises(PermissionDenied):
        register(leadership_a, world.group_a1, "Đinh Văn Nam")
    assert Person.objects.count() == 0


def test_editable_fields_are_the_models_own_editable_fields():
    model_fields = {f.name: f for f in Person._meta.concrete_fields}
    assert all(model_fields[name].editable for name in Person.EDITABLE_FIELDS)
    assert set(Person.SENSITIVE_FIELDS) <= set(Person.EDITABLE_FIELDS)
    assert Person.EDITABLE_FIELDS[:4] == ("area", "full_name", "aliases", "sex")
    assert len(Person.EDITABLE_FIELDS) == 16


def test_register_and_update_refuse_a_field_that_is_not_editable(world, officer_a, an):
    with pytest.raises(
        TypeError, match=r"person_register\(\) got unexpected fields: \['is_active'\]"
    ):
        services.person_register(
            actor=officer_a,
            area=world.group_a1,
            full_name="Hoàng Văn Tốt",
            sex=Sex.MALE,
            **{"is_active": False},
        )
    with pytest.raises(
        TypeError, match=r"person_update\(\) got unexpected fields: \['search_text'\]"
    ):
        services.person_update(actor=officer_a, person=an, **{"search_text": "x"})
    assert not Person.objects.filter(full_name="Hoàng Văn Tốt").exists()


def test_register_refuses_missing_required_fields_like_empty_ones(world, officer_a):
    with pytest.raises(DomainError) as caught:
        services.person_register(actor=officer_a, today=TODAY)
    assert caught.value.message_dict == {
        "area": ["Chọn tổ dân phố, thôn (hoặc xã, phường) quản lý người này."],
        "full_name": ["Họ và tên không được để trống."],
        "sex": ["Chọn giới tính Nam hoặc Nữ."],
    }
    assert not Person.objects.exists()


# --- edits --------------------------------------------------------------------------------------


def test_update_records_before_and_after(world, officer_a, an):
    services.person_update(
        actor=officer_a,
        person=an,
        full_name="Nguyễn Văn Ân",
        area=world.group_a2,
        phone="0987 000 111",
        today=TODAY,
    )
    an.refresh_from_db()
    assert (an.full_name, an.area, an.name_folded) == (
        "Nguyễn Văn Ân",
        world.group_a2,
        "nguyen van an",
    )
    assert an.search_text == "nguyen van an | ty coi | 0987000111 | so 5 ngo hoa sua"
    update = events(an)[-1]
    assert update.action == AuditEvent.Action.UPDATE
    changed = {k: (b, a) for k, b, a in update.changed_fields if k != "updated_at"}
    assert changed["full_name"] == ("Nguyễn Văn An", "Nguyễn Văn Ân")
    assert changed["area_id"] == (world.group_a1.pk, world.group_a2.pk)
    assert changed["phone"] == ("0912 345 678", "0987 000 111")


def test_update_without_a_change_writes_nothing(officer_a, an):
    before = len(events(an))
    services.person_update(actor=officer_a, person=an, full_name=" Nguyễn  Văn An ", today=TODAY)
    assert len(events(an)) == before


def test_update_refuses_a_move_to_another_commune(world, city_user, an):
    with pytest.raises(DomainError) as caught:
        services.person_update(actor=city_user, person=an, area=world.group_b1, today=TODAY)
    assert caught.value.message_dict == {
        "area": ["Chuyển sang xã, phường khác phải làm thủ tục chuyển giao, không sửa trực tiếp."]
    }
    an.refresh_from_db()
    assert an.area == world.group_a1


def test_update_refuses_a_citizen_id_held_by_another(officer_a, an, binh):
    with pytest.raises(services.DuplicateCitizenIdError):
        services.person_update(
            actor=officer_a, person=binh, citizen_id=CID_AN, sex=Sex.MALE, today=TODAY,
            date_of_birth=date(1990, 5, 17),
        )  # fmt: skip


def test_update_refuses_a_birth_date_after_the_first_category(officer_a, an):
    with pytest.raises(DomainError) as caught:
        services.person_update(
            actor=officer_a, person=an, date_of_birth=date(2026, 2, 1), citizen_id="", today=TODAY
        )
    assert caught.value.message_dict == {
        "date_of_birth": ["Ngày sinh sau ngày bắt đầu diện quản lý (10/01/2026)."]
    }


def test_update_of_a_person_out_of_scope_is_denied(officer_b, an):
    with pytest.raises(PermissionDenied):
        services.person_update(actor=officer_b, person=an, full_name="X", today=TODAY)


# --- categories over time -----------------------------------------------------------------------


def test_category_add_and_end(officer_a, an):
    row = services.category_add(
        actor=officer_a,
        person=an,
        category=Category.ADDICT,
        started_on=date(2026, 3, 1),
        source="Phiếu kết quả xác định tình trạng nghiện",
        today=TODAY,
    )
    services.category_end(
        actor=officer_a, category=row, ended_on=date(2026, 9, 30), note="Hoàn thành", today=TODAY
    )
    row.refresh_from_db()
    assert (row.started_on, row.ended_on, row.note) == (
        date(2026, 3, 1),
        date(2026, 9, 30),
        "Hoàn thành",
    )
    assert [e.action for e in events(row)] == ["create", "update"]
    assert events(row)[-1].changed_fields == [
        ("ended_on", None, "2026-09-30"),
        ("note", "", "Hoàn thành"),
    ]


def test_category_end_before_start_is_refused(officer_a, an):
    row = an.personcategorys.get()
    with pytest.raises(DomainError) as caught:
        services.category_end(actor=officer_a, category=row, ended_on=date(2026, 1, 9), today=TODAY)
    assert caught.value.message_dict == {
        "ended_on": ["Ngày kết thúc phải từ ngày bắt đầu (10/01/2026) trở đi."]
    }
    row.refresh_from_db()
    assert row.ended_on is None


def test_category_add_with_end_before_start_is_refused(officer_a, an):
    with pytest.raises(DomainError) as caught:
        services.category_add(
            actor=officer_a,
            person=an,
            category=Category.HIGH_RISK,
            started_on=date(2026, 5, 1),
            ended_on=date(2026, 4, 30),
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "ended_on": ["Ngày kết thúc phải từ ngày bắt đầu (01/05/2026) trở đi."]
    }
    assert an.personcategorys.count() == 1


def test_the_same_category_cannot_be_open_twice(officer_a, an):
    with pytest.raises(DomainError) as caught:
        services.category_add(
            actor=officer_a,
            person=an,
            category=Category.ILLEGAL_USER,
            started_on=date(2026, 6, 1),
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "category": ["Người này đang thuộc diện “Người sử dụng trái phép chất ma túy”."]
    }


def test_an_ended_category_cannot_be_ended_again(officer_a, an):
    row = an.personcategorys.get()
    services.category_end(actor=officer_a, category=row, ended_on=date(2026, 7, 1), today=TODAY)
    with pytest.raises(DomainError) as caught:
        services.category_end(actor=officer_a, category=row, ended_on=date(2026, 8, 1), today=TODAY)
    assert caught.value.message_dict == {
        "ended_on": ["Diện quản lý này đã kết thúc ngày 01/07/2026."]
    }


# --- psychosis flag and removal -----------------------------------------------------------------


def test_psychosis_flag_set_and_cleared(officer_a, an):
    services.person_flag_psychosis(actor=officer_a, person=an, psychosis=True, note="Hoang tưởng")
    an.refresh_from_db()
    assert (an.psychosis, an.psychosis_note) == (True, "Hoang tưởng")
    services.person_flag_psychosis(actor=officer_a, person=an, psychosis=False, note="x")
    an.refresh_from_db()
    assert (an.psychosis, an.psychosis_note) == (False, "")
    assert [e.action for e in events(an)] == ["create", "update", "update"]


def test_remove_from_list_ends_open_categories(officer_a, an):
    services.person_remove_from_list(
        actor=officer_a,
        person=an,
        ground=services.RemovalGround.MOVED,
        removed_on=date(2026, 11, 1),
        note="Chuyển vào TP Hồ Chí Minh",
        today=TODAY,
    )
    an.refresh_from_db()
    assert (an.is_active, an.removed_on) == (False, date(2026, 11, 1))
    assert an.removal_reason == (
        "Chuyển đi nơi cư trú khác (Điều 26, 43): Chuyển vào TP Hồ Chí Minh"
    )
    assert list(an.personcategorys.values_list("ended_on", flat=True)) == [date(2026, 11, 1)]
    with pytest.raises(DomainError) as caught:
        services.category_add(
            actor=officer_a,
            person=an,
            category=Category.ADDICT,
            started_on=date(2026, 11, 2),
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "__all__": ["Người này đã được đưa ra khỏi danh sách quản lý; không thể thay đổi."]
    }


def test_a_removed_person_returns_to_the_list_instead_of_a_second_record(officer_a, world, an):
    services.person_remove_from_list(
        actor=officer_a,
        person=an,
        ground=services.RemovalGround.NO_USE,
        removed_on=date(2026, 6, 1),
        today=TODAY,
    )
    with pytest.raises(services.DuplicateCitizenIdError):
        register(officer_a, world.group_a1, "Nguyễn Văn An", citizen_id=CID_AN)
    with pytest.raises(DomainError) as caught:
        services.person_return_to_list(
            actor=officer_a,
            person=an,
            category=Category.ILLEGAL_USER,
            started_on=date(2026, 5, 1),
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "started_on": ["Ngày bắt đầu phải từ ngày đưa ra khỏi danh sách (01/06/2026) trở đi."]
    }
    services.person_return_to_list(
        actor=officer_a,
        person=an,
        category=Category.ILLEGAL_USER,
        started_on=date(2026, 11, 2),
        source="Xét nghiệm dương tính",
        today=TODAY,
    )
    an.refresh_from_db()
    assert (an.is_active, an.removed_on, an.removal_reason) == (True, None, "")
    assert list(
        an.personcategorys.order_by("started_on").values_list("started_on", "ended_on")
    ) == [(date(2026, 1, 10), date(2026, 6, 1)), (date(2026, 11, 2), None)]
    assert events(an)[-1].note == "Đưa trở lại danh sách"


def test_remove_refuses_a_date_before_the_categories_and_bad_grounds(officer_a, an):
    with pytest.raises(DomainError) as caught:
        services.person_remove_from_list(
            actor=officer_a, person=an, ground="x", removed_on=date(2026, 1, 1), today=TODAY
        )
    assert caught.value.message_dict == {
        "ground": ["Chọn căn cứ đưa ra khỏi danh sách."],
        "removed_on": [
            "Ngày đưa ra khỏi danh sách phải từ ngày bắt đầu diện quản lý (10/01/2026) trở đi."
        ],
    }
    an.refresh_from_db()
    assert an.is_active is True


def test_remove_is_refused_while_an_episode_is_active(officer_a, an):
    episode_services.episode_open(
        actor=officer_a,
        person=an,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2026, 1, 12),
        decision_date=date(2026, 1, 12),
        today=TODAY,
    )
    with pytest.raises(DomainError) as caught:
        services.person_remove_from_list(
            actor=officer_a,
            person=an,
            ground=services.RemovalGround.NO_USE,
            removed_on=date(2026, 11, 1),
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "__all__": ["Người này còn biện pháp quản lý đang thực hiện; hãy kết thúc biện pháp trước."]
    }


def test_persons_import_is_all_or_nothing(world, officer_a, an):
    good = services.PersonSpec(area=world.group_a1, full_name="Hoàng Văn Tốt", sex=Sex.MALE)
    bad = services.PersonSpec(
        area=world.group_a1,
        full_name="Hoàng Văn Trùng",
        sex=Sex.MALE,
        citizen_id=CID_AN,
        date_of_birth=date(1990, 1, 1),
    )
    with pytest.raises(DomainError) as caught:
        services.persons_import(actor=officer_a, specs=[good, bad], today=TODAY)
    assert list(caught.value.message_dict) == ["row:1"]
    assert not Person.objects.filter(full_name="Hoàng Văn Tốt").exists()
