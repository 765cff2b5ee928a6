"""Case services: offence of the kind, transitions, persons (registry or new), seizures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases import services
from khongmatuy.cases.models import Case, CasePerson, Seizure
from khongmatuy.cases.rules import offences
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person, PersonCategory

from .factories import TODAY, CaseFactory, substance_named

S = Case.Status


def _events(model: str, action: str) -> int:
    return AuditEvent.objects.filter(model=model, action=action).count()


# --- cases ----------------------------------------------------------------------------------


def test_create_records_the_case_and_audits_it(world, officer_a):
    case = CaseFactory(actor=officer_a, area=world.group_a1, number=" 12/2026/VV ")
    assert (case.area, case.kind, case.offence, case.status, case.number, case.created_by) == (
        world.group_a1,
        "crime",
        "251",
        S.DETECTED,
        "12/2026/VV",
        officer_a,
    )
    event = AuditEvent.objects.get(model="cases.Case", action="create")
    assert (event.actor, event.object_id, event.area_id) == (
        officer_a,
        str(case.pk),
        world.group_a1.pk,
    )


@pytest.mark.parametrize(
    ("kind", "offence"),
    [
        ("crime", "nd144-23-use"),
        ("administrative", "251"),
        ("administrative", "256a"),
    ],
)
def test_create_refuses_an_offence_of_the_other_kind(world, officer_a, kind, offence):
    with pytest.raises(DomainError) as exc:
        CaseFactory(actor=officer_a, area=world.ward_a, kind=kind, offence=offence)
    assert list(exc.value.message_dict) == ["offence"]
    assert "không thuộc loại" in exc.value.message_dict["offence"][0]
    assert Case.objects.count() == 0


def test_create_refuses_an_unknown_offence_a_future_date_and_an_empty_summary(world, officer_a):
    with pytest.raises(DomainError) as exc:
        CaseFactory(
            actor=officer_a,
            area=world.ward_a,
            offence="246",
            occurred_on=date(2026, 11, 24),
            summary=" ",
        )
    assert exc.value.message_dict == {
        "offence": ["Tội danh, hành vi không hợp lệ."],
        "occurred_on": ["Ngày 24/11/2026 ở tương lai; hôm nay là 23/11/2026."],
        "summary": ["Nhập tóm tắt vụ việc."],
    }


def test_every_listed_offence_belongs_to_exactly_one_kind():
    crimes = [code for code, _label in offences.choices_for("crime")]
    assert crimes == [str(n) for n in range(247, 257)] + ["256a", "257", "258", "259"]
    for code in crimes:
        assert offences.belongs_to(code, "crime")
        assert not offences.belongs_to(code, "administrative")
    for code, _label in offences.choices_for("administrative"):
        assert offences.belongs_to(code, "administrative")
        assert not offences.belongs_to(code, "crime")


def test_create_refuses_an_area_out_of_scope_and_a_province(world, officer_a):
    with pytest.raises(DomainError) as exc:
        CaseFactory(actor=officer_a, area=world.ward_b)
    assert exc.value.message_dict == {"area": ["Địa bàn này không thuộc phạm vi được giao."]}
    with pytest.raises(DomainError) as exc:
        CaseFactory(area=world.haiphong)
    assert list(exc.value.message_dict) == ["area"]


def test_leadership_may_not_write(world, leadership_a, case_a):
    with pytest.raises(PermissionDenied):
        CaseFactory(actor=leadership_a, area=world.ward_a)
    with pytest.raises(PermissionDenied):
        services.case_set_status(actor=leadership_a, case=case_a, status=S.PROSECUTED)
    case_a.refresh_from_db()
    assert case_a.status == S.DETECTED


def test_update_changes_facts_and_audits_before_and_after(world, officer_a, case_a):
    services.case_update(
        actor=officer_a,
        case=case_a,
        area=world.group_a2,
        number="13/2026/VV",
        occurred_on=date(2026, 10, 6),
        offence="249",
        summary="Tàng trữ",
        today=TODAY,
    )
    case_a.refresh_from_db()
    assert (case_a.area, case_a.number, case_a.offence) == (world.group_a2, "13/2026/VV", "249")
    event = AuditEvent.objects.get(model="cases.Case", action="update")
    assert (event.before["offence"], event.after["offence"]) == ("251", "249")
    assert (event.before["area_id"], event.after["area_id"]) == (
        world.group_a1.pk,
        world.group_a2.pk,
    )


def test_update_keeps_the_kind(world, officer_a, case_a):
    with pytest.raises(DomainError) as exc:
        services.case_update(
            actor=officer_a,
            case=case_a,
            area=world.group_a1,
            number="",
            occurred_on=date(2026, 10, 5),
            offence="nd144-23-use",
            summary="x",
            today=TODAY,
        )
    assert list(exc.value.message_dict) == ["offence"]


# --- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "offence", "path"),
    [
        ("crime", "251", [S.PROSECUTED, S.TRIED]),
        ("crime", "251", [S.PROSECUTED, S.CLOSED]),
        ("crime", "249", [S.CLOSED]),
        ("administrative", "nd144-23-use", [S.SANCTIONED]),
        ("administrative", "nd144-23-use", [S.CLOSED]),
    ],
)
def test_allowed_transitions(world, officer_a, kind, offence, path):
    case = CaseFactory(actor=officer_a, area=world.ward_a, kind=kind, offence=offence)
    for status in path:
        case = services.case_set_status(actor=officer_a, case=case, status=status)
    case.refresh_from_db()
    assert case.status == path[-1]
    assert services.next_statuses(case) == []
    assert _events("cases.Case", "update") == len(path)


@pytest.mark.parametrize(
    ("kind", "offence", "path", "refused"),
    [
        ("crime", "251", [], S.TRIED),
        ("crime", "251", [], S.SANCTIONED),
        ("crime", "251", [S.PROSECUTED, S.TRIED], S.CLOSED),
        ("crime", "251", [S.CLOSED], S.PROSECUTED),
        ("administrative", "nd144-23-use", [], S.PROSECUTED),
        ("administrative", "nd144-23-use", [S.SANCTIONED], S.CLOSED),
        ("crime", "251", [], S.DETECTED),
        ("crime", "251", [], "bogus"),
    ],
)
def test_refused_transitions_change_nothing(world, officer_a, kind, offence, path, refused):
    case = CaseFactory(actor=officer_a, area=world.ward_a, kind=kind, offence=offence)
    for status in path:
        case = services.case_set_status(actor=officer_a, case=case, status=status)
    with pytest.raises(InvalidTransition) as exc:
        services.case_set_status(actor=officer_a, case=case, status=refused)
    assert list(exc.value.message_dict) == ["status"]
    assert exc.value.message_dict["status"][0].startswith("Không thể chuyển vụ việc từ")
    case.refresh_from_db()
    assert case.status == (path[-1] if path else S.DETECTED)
    assert _events("cases.Case", "update") == len(path)


# --- persons --------------------------------------------------------------------------------


def test_add_a_person_from_the_registry(officer_a, case_a, an):
    link = services.case_add_person(
        actor=officer_a,
        case=case_a,
        person=an,
        role=CasePerson.Role.ARRESTED,
        arrested_on=date(2026, 10, 5),
        today=TODAY,
    )
    assert (link.case, link.person, link.role, link.arrested_on) == (
        case_a,
        an,
        "arrested",
        date(2026, 10, 5),
    )
    assert _events("cases.CasePerson", "create") == 1
    with pytest.raises(DomainError) as exc:
        services.case_add_person(
            actor=officer_a,
            case=case_a,
            person=an,
            role=CasePerson.Role.SUSPECT,
            arrested_on=None,
            today=TODAY,
        )
    assert exc.value.message_dict == {"person": ["Nguyễn Văn An đã có trong vụ việc này."]}


def test_a_person_of_another_ward_is_refused(officer_a, case_a, dung):
    with pytest.raises(DomainError) as exc:
        services.case_add_person(
            actor=officer_a,
            case=case_a,
            person=dung,
            role=CasePerson.Role.ARRESTED,
            arrested_on=date(2026, 10, 5),
            today=TODAY,
        )
    assert exc.value.message_dict == {
        "person": ["Không tìm thấy người này trong địa bàn được giao."]
    }
    assert CasePerson.objects.count() == 0


@pytest.mark.parametrize(
    ("offence", "role", "arrested_on", "category"),
    [
        ("251", CasePerson.Role.ARRESTED, date(2026, 10, 5), Category.DEALER),
        ("249", CasePerson.Role.ARRESTED, date(2026, 10, 5), Category.ILLEGAL_USER),
        ("251", CasePerson.Role.SUSPECT, None, Category.SUSPECTED_DEALER),
        ("256a", CasePerson.Role.ACCUSED, None, Category.ILLEGAL_USER),
        ("256", CasePerson.Role.ARRESTED, date(2026, 10, 6), Category.ADDICT),
    ],
)
def test_a_new_person_is_registered_through_the_people_service(
    world, officer_a, offence, role, arrested_on, category
):
    case = CaseFactory(actor=officer_a, area=world.group_a1, offence=offence)
    link = services.case_add_person(
        actor=officer_a,
        case=case,
        new_person=services.NewPerson(
            full_name="  Lê  Văn Cường ",
            sex=Sex.MALE,
            date_of_birth=date(1990, 5, 17),
            citizen_id="031090012399",
            area=world.group_a2,
            category=category,
        ),
        role=role,
        arrested_on=arrested_on,
        today=TODAY,
    )
    person = Person.objects.get()
    assert (link.person, person.full_name, person.area, person.citizen_id, person.created_by) == (
        person,
        "Lê Văn Cường",
        world.group_a2,
        "031090012399",
        officer_a,
    )
    held = PersonCategory.objects.get(person=person)
    assert (held.category, held.started_on) == (category, arrested_on or date(2026, 10, 5))
    assert _events("people.Person", "create") == 1
    assert _events("people.PersonCategory", "create") == 1
    assert _events("cases.CasePerson", "create") == 1


@pytest.mark.parametrize(
    ("offence", "role", "arrested_on"),
    [
        ("249", CasePerson.Role.ARRESTED, date(2026, 10, 5)),
        ("251", CasePerson.Role.SUSPECT, None),
        ("251", CasePerson.Role.ARRESTED, date(2026, 10, 5)),
    ],
)
def test_a_new_person_needs_the_officers_category(world, officer_a, offence, role, arrested_on):
    """Possession (Art. 249) is not dealing, and a suspect is not a suspected dealer: the
    category is the officer's choice, never implied by the offence or the role."""
    case = CaseFactory(actor=officer_a, area=world.group_a1, offence=offence)
    with pytest.raises(DomainError) as exc:
        services.case_add_person(
            actor=officer_a,
            case=case,
            new_person=services.NewPerson(full_name="Lê Văn Cường", sex=Sex.MALE),
            role=role,
            arrested_on=arrested_on,
            today=TODAY,
        )
    assert exc.value.message_dict == {"category": ["Chọn diện quản lý của người này."]}
    assert Person.objects.count() == CasePerson.objects.count() == 0


@pytest.mark.parametrize(
    ("offence", "category"),
    [("251", "dealer"), ("249", None), ("250", None), ("248", None), ("256a", None)],
)
def test_only_dealing_proposes_a_category(offence, category):
    assert offences.default_category(offence) == category


def test_a_new_person_without_area_is_filed_under_the_case_area(world, officer_a, case_a):
    link = services.case_add_person(
        actor=officer_a,
        case=case_a,
        new_person=services.NewPerson(
            full_name="Đỗ Thị Hằng", sex=Sex.FEMALE, category=Category.SUSPECTED_DEALER
        ),
        role=CasePerson.Role.SUSPECT,
        arrested_on=None,
        today=TODAY,
    )
    assert link.person.area == world.group_a1


def test_a_refused_new_person_leaves_nothing(officer_a, case_a):
    with pytest.raises(DomainError) as exc:
        services.case_add_person(
            actor=officer_a,
            case=case_a,
            new_person=services.NewPerson(full_name="", sex="x", category=Category.ADDICT),
            role=CasePerson.Role.SUSPECT,
            arrested_on=None,
            today=TODAY,
        )
    assert set(exc.value.message_dict) == {"full_name", "sex"}
    assert Person.objects.count() == CasePerson.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "offence", "role", "arrested_on", "errors"),
    [
        (
            "crime",
            "251",
            CasePerson.Role.VIOLATOR,
            None,
            {"role": ["Tư cách này không dùng cho “Vụ án hình sự”."]},
        ),
        (
            "administrative",
            "nd144-23-use",
            CasePerson.Role.ARRESTED,
            date(2026, 10, 5),
            {"role": ["Tư cách này không dùng cho “Vi phạm hành chính”."]},
        ),
        ("crime", "251", CasePerson.Role.ARRESTED, None, {"arrested_on": ["Nhập ngày bắt giữ."]}),
        (
            "crime",
            "251",
            CasePerson.Role.SUSPECT,
            date(2026, 10, 5),
            {"arrested_on": ["Chỉ ghi ngày bắt giữ cho người bị bắt giữ, bị can, bị cáo."]},
        ),
        (
            "crime",
            "251",
            CasePerson.Role.ARRESTED,
            date(2026, 11, 24),
            {"arrested_on": ["Ngày 24/11/2026 ở tương lai; hôm nay là 23/11/2026."]},
        ),
    ],
)
def test_role_and_arrest_date_are_checked(
    world, officer_a, an, kind, offence, role, arrested_on, errors
):
    case = CaseFactory(actor=officer_a, area=world.ward_a, kind=kind, offence=offence)
    with pytest.raises(DomainError) as exc:
        services.case_add_person(
            actor=officer_a, case=case, person=an, role=role, arrested_on=arrested_on, today=TODAY
        )
    assert exc.value.message_dict == errors
    assert CasePerson.objects.count() == 0


def test_person_and_new_person_are_exclusive(officer_a, case_a, an):
    for kwargs in ({}, {"person": an, "new_person": services.NewPerson("A", Sex.MALE)}):
        with pytest.raises(DomainError):
            services.case_add_person(
                actor=officer_a,
                case=case_a,
                role=CasePerson.Role.SUSPECT,
                arrested_on=None,
                today=TODAY,
                **kwargs,
            )


def test_remove_person_audits_and_keeps_the_registry(officer_a, case_a, an):
    link = services.case_add_person(
        actor=officer_a,
        case=case_a,
        person=an,
        role=CasePerson.Role.SUSPECT,
        arrested_on=None,
        today=TODAY,
    )
    services.case_remove_person(actor=officer_a, case_person=link)
    assert CasePerson.objects.count() == 0
    assert Person.objects.filter(pk=an.pk).exists()
    event = AuditEvent.objects.get(model="cases.CasePerson", action="delete")
    assert event.before["person_id"] == an.pk


# --- seizures -------------------------------------------------------------------------------


def test_seizure_add_and_remove(officer_a, case_a):
    seizure = services.seizure_add(
        actor=officer_a,
        case=case_a,
        substance=substance_named("Methamphetamine"),
        form="tinh thể",
        quantity=Decimal("12.5"),
        unit=Seizure.Unit.GRAM,
    )
    seizure.refresh_from_db()
    assert (seizure.substance.name, seizure.quantity, seizure.unit) == (
        "Methamphetamine",
        Decimal("12.500"),
        "g",
    )
    services.seizure_remove(actor=officer_a, seizure=seizure)
    assert Seizure.objects.count() == 0
    assert _events("cases.Seizure", "create") == _events("cases.Seizure", "delete") == 1


@pytest.mark.parametrize(
    ("substance", "quantity", "unit", "errors"),
    [
        ("Heroin", Decimal("0"), "g", {"quantity": ["Số lượng phải lớn hơn 0."]}),
        ("Heroin", Decimal("-1"), "g", {"quantity": ["Số lượng phải lớn hơn 0."]}),
        ("Heroin", Decimal("NaN"), "g", {"quantity": ["Số lượng phải lớn hơn 0."]}),
        ("Heroin", 5, "g", {"quantity": ["Số lượng phải lớn hơn 0."]}),
        (
            None,
            Decimal("1"),
            "tấn",
            {"substance": ["Chọn chất ma túy trong danh mục."], "unit": ["Chọn đơn vị."]},
        ),
    ],
)
def test_seizure_validation(officer_a, case_a, substance, quantity, unit, errors):
    with pytest.raises(DomainError) as exc:
        services.seizure_add(
            actor=officer_a,
            case=case_a,
            substance=substance_named(substance) if substance else None,
            form="",
            quantity=quantity,
            unit=unit,
        )
    assert exc.value.message_dict == errors
    assert Seizure.objects.count() == 0


def test_seizure_with_too_many_digits_is_a_refusal(officer_a, case_a):
    with pytest.raises(DomainError) as exc:
        services.seizure_add(
            actor=officer_a,
            case=case_a,
            substance=substance_named("Heroin"),
            form="",
            quantity=Decimal("1.2345"),
            unit="g",
        )
    assert list(exc.value.message_dict) == ["quantity"]


def test_officer_of_another_ward_may_not_write_to_the_case(officer_b, case_a):
    with pytest.raises(PermissionDenied):
        services.seizure_add(
            actor=officer_b,
            case=case_a,
            substance=substance_named("Heroin"),
            form="",
            quantity=Decimal("1"),
            unit="g",
        )


# --- case numbers ---------------------------------------------------------------------------


def test_a_case_number_is_unique_per_issuing_unit_and_year(world, officer_a, case_a):
    """Group A2 is numbered by the same ward police as group A1: same number, same year."""
    with pytest.raises(DomainError) as exc:
        CaseFactory(actor=officer_a, area=world.group_a2, number=case_a.number)
    assert exc.value.message_dict == {
        "number": [
            "Số hồ sơ, số quyết định “12/2026/VV” đã được Phường Gia Viên dùng cho một vụ việc "
            "khác năm 2026."
        ]
    }
    assert Case.objects.count() == 1


def test_the_same_number_is_free_in_another_year_or_unit(world, officer_a, officer_b, case_a):
    other_year = CaseFactory(
        actor=officer_a, area=world.group_a1, number=case_a.number, occurred_on=date(2025, 3, 1)
    )
    other_unit = CaseFactory(actor=officer_b, area=world.group_b1, number=case_a.number)
    unnumbered = [CaseFactory(actor=officer_a, area=world.group_a1, number="") for _ in range(2)]
    assert (other_year.year, other_unit.issuing_unit, case_a.issuing_unit) == (
        2025,
        world.ward_b,
        world.ward_a,
    )
    assert len(unnumbered) == 2


def test_an_edit_onto_a_taken_number_is_refused(world, officer_a, case_a):
    other = CaseFactory(actor=officer_a, area=world.group_a1, number="13/2026/VV")
    with pytest.raises(DomainError) as exc:
        services.case_update(
            actor=officer_a,
            case=other,
            area=other.area,
            number=case_a.number,
            occurred_on=other.occurred_on,
            offence=other.offence,
            summary=other.summary,
            today=TODAY,
        )
    assert list(exc.value.message_dict) == ["number"]
    other.refresh_from_db()
    assert other.number == "13/2026/VV"


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_duplicate_number(world, officer_a, case_a):
    """The constraint itself, on either engine, past the service's check."""
    from django.db import IntegrityError, transaction

    duplicate = Case(
        area=world.group_a2,
        kind=case_a.kind,
        number=case_a.number,
        issuing_unit=world.ward_a,
        year=2026,
        occurred_on=date(2026, 1, 2),
        offence="251",
        summary="Trùng số",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
