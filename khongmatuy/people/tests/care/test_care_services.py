"""Care services: supervisors, contacts, drug tests and follow-ups, support, care policies."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Role
from khongmatuy.people import choices
from khongmatuy.people.choices import ContactForm, SupervisorKind, SupportKind
from khongmatuy.people.models import CarePolicy, Contact, DrugTest, FollowUp, Supervision
from khongmatuy.people.services import care as services
from tests.personas import make_user

from .factories import TODAY, assign, visit


def _test(person, actor, *, result=choices.TestResult.POSITIVE, on=date(2026, 11, 20)):  # type: ignore[no-untyped-def]
    return services.drug_test_record(
        actor=actor,
        person=person,
        tested_on=on,
        reason=choices.TestReason.PERIODIC,
        method=choices.TestMethod.QUICK_KIT,
        kit_or_lab="Que thử 4 chân",
        substances="Methamphetamine",
        result=result,
        performed_by="Thượng úy Trần Văn Bình",
        today=TODAY,
    )


# --- supervisors ----------------------------------------------------------------------------


def test_assign_a_supervisor_account_of_the_persons_group(an, supervisor_a, officer_a):
    supervision = assign(an, supervisor_a, actor=officer_a)
    assert (supervision.name, supervision.supervisor_user, supervision.ended_on) == (
        "Đỗ Văn Giúp",
        supervisor_a,
        None,
    )
    assert (
        AuditEvent.objects.filter(
            model="people.Supervision", object_id=str(supervision.pk), action="create"
        ).count()
        == 1
    )


def test_assign_a_named_supervisor_without_account_and_several_at_once(an, supervisor_a, officer_a):
    assign(an, supervisor_a, actor=officer_a)
    services.supervision_assign(
        actor=officer_a,
        person=an,
        name="  Phạm   Thị Mẹ ",
        kind=SupervisorKind.RELATIVE,
        phone="0912 000 111",
        started_on=date(2026, 3, 1),
        today=TODAY,
    )
    names = sorted(Supervision.objects.filter(person=an).values_list("name", flat=True))
    assert names == ["Phạm Thị Mẹ", "Đỗ Văn Giúp"]


def test_assign_refuses_an_account_without_the_supervisor_role(an, officer_a, leader_a):
    with pytest.raises(DomainError) as exc:
        assign(an, leader_a, actor=officer_a)
    assert exc.value.message_dict == {
        "supervisor_user": [
            "Tài khoản “Lê Thị Hoa” không có vai trò người được giao quản lý, giúp đỡ."
        ]
    }
    assert Supervision.objects.count() == 0


def test_assign_refuses_a_supervisor_bound_to_another_group(world, an, officer_a):
    elsewhere = make_user("giupdo_to2", Role.SUPERVISOR, [world.group_a2], "Hà Văn Khác")
    with pytest.raises(DomainError) as exc:
        assign(an, elsewhere, actor=officer_a)
    assert exc.value.message_dict == {
        "supervisor_user": [
            "Tài khoản “Hà Văn Khác” không được giao địa bàn Tổ dân phố số 1 nơi người này đang "
            "được quản lý. Hãy giao địa bàn cho tài khoản trước."
        ]
    }
    assert Supervision.objects.count() == 0


def test_assign_accepts_a_supervisor_bound_to_the_whole_commune(world, an, officer_a):
    ward_wide = make_user("giupdo_phuong", Role.SUPERVISOR, [world.ward_a], "Vũ Văn Phường")
    assert assign(an, ward_wide, actor=officer_a).supervisor_user == ward_wide


def test_assign_refuses_the_same_account_twice_at_once(an, supervisor_a, officer_a):
    assign(an, supervisor_a, actor=officer_a)
    with pytest.raises(DomainError) as exc:
        assign(an, supervisor_a, actor=officer_a)
    assert exc.value.message_dict == {
        "supervisor_user": ["Đỗ Văn Giúp đang được giao quản lý, giúp đỡ người này."]
    }
    assert Supervision.objects.count() == 1


def test_assign_needs_a_name_without_account_and_a_past_date(an, officer_a):
    with pytest.raises(DomainError) as exc:
        services.supervision_assign(
            actor=officer_a, person=an, kind=SupervisorKind.VETERAN, started_on=TODAY, today=TODAY
        )
    assert exc.value.message_dict == {"name": ["Nhập họ tên người được giao."]}
    with pytest.raises(DomainError) as exc:
        services.supervision_assign(
            actor=officer_a,
            person=an,
            name="Ông Tư",
            kind=SupervisorKind.VETERAN,
            started_on=date(2026, 11, 24),
            today=TODAY,
        )
    assert exc.value.message_dict == {
        "started_on": ["Ngày 24/11/2026 ở tương lai; hôm nay là 23/11/2026."]
    }


def test_assign_is_police_work(an, leader_a, supervisor_a):
    with pytest.raises(PermissionDenied):
        assign(an, supervisor_a, actor=leader_a)


def test_end_a_supervision_then_ending_again_is_refused(an, supervisor_a, officer_a):
    supervision = assign(an, supervisor_a, actor=officer_a)
    services.supervision_end(
        actor=officer_a, supervision=supervision, ended_on=date(2026, 11, 1), today=TODAY
    )
    supervision.refresh_from_db()
    assert supervision.ended_on == date(2026, 11, 1)
    with pytest.raises(InvalidTransition):
        services.supervision_end(
            actor=officer_a, supervision=supervision, ended_on=TODAY, today=TODAY
        )


def test_end_before_start_is_refused(an, supervisor_a, officer_a):
    supervision = assign(an, supervisor_a, actor=officer_a)
    with pytest.raises(DomainError) as exc:
        services.supervision_end(
            actor=officer_a, supervision=supervision, ended_on=date(2026, 1, 1), today=TODAY
        )
    assert exc.value.message_dict == {
        "ended_on": ["Ngày kết thúc phải từ ngày bắt đầu (01/02/2026) trở đi."]
    }


# --- contacts -------------------------------------------------------------------------------


def test_a_supervisor_records_a_visit_of_their_person(an, supervisor_a, officer_a):
    assign(an, supervisor_a, actor=officer_a)
    contact = visit(an, date(2026, 11, 22), actor=supervisor_a)
    assert (contact.recorded_by, contact.form, contact.content) == (
        supervisor_a,
        ContactForm.HOME_VISIT,
        "Thăm tại nhà",
    )


def test_a_supervisor_cannot_record_for_a_person_not_assigned(an, binh, supervisor_a, officer_a):
    assign(an, supervisor_a, actor=officer_a)
    with pytest.raises(PermissionDenied):
        visit(binh, date(2026, 11, 22), actor=supervisor_a)
    assert Contact.objects.count() == 0


def test_a_contact_in_the_future_is_refused(an, officer_a):
    with pytest.raises(DomainError) as exc:
        visit(an, date(2026, 11, 24), actor=officer_a)
    assert exc.value.message_dict == {
        "contacted_on": ["Ngày 24/11/2026 ở tương lai; hôm nay là 23/11/2026."]
    }
    assert Contact.objects.count() == 0


def test_a_contact_needs_content_and_a_known_form(an, officer_a):
    with pytest.raises(DomainError) as exc:
        services.contact_record(
            actor=officer_a, person=an, contacted_on=TODAY, form="sms", content="x", today=TODAY
        )
    assert exc.value.message_dict == {"form": ["Giá trị “sms” không hợp lệ."]}
    with pytest.raises(DomainError) as exc:
        services.contact_record(
            actor=officer_a,
            person=an,
            contacted_on=TODAY,
            form=ContactForm.PHONE,
            content="   ",
            today=TODAY,
        )
    assert exc.value.message_dict == {"content": ["Nhập nội dung tiếp xúc, thăm gặp."]}


# --- drug tests -----------------------------------------------------------------------------


def test_a_positive_test_opens_a_follow_up_until_resolved(an, officer_a):
    test = _test(an, officer_a)
    follow_up = FollowUp.objects.get()
    assert (follow_up.test, follow_up.person, follow_up.opened_on, follow_up.resolved_on) == (
        test,
        an,
        date(2026, 11, 20),
        None,
    )
    services.followup_resolve(
        actor=officer_a,
        follow_up=follow_up,
        resolution="Đã lập hồ sơ đề nghị xác định tình trạng nghiện",
        today=TODAY,
    )
    follow_up.refresh_from_db()
    assert (follow_up.resolved_on, follow_up.resolved_by) == (TODAY, officer_a)
    with pytest.raises(InvalidTransition):
        services.followup_resolve(
            actor=officer_a, follow_up=follow_up, resolution="lần nữa", today=TODAY
        )


def test_a_negative_test_opens_nothing(an, officer_a):
    _test(an, officer_a, result=choices.TestResult.NEGATIVE)
    assert (DrugTest.objects.count(), FollowUp.objects.count()) == (1, 0)


def test_resolving_needs_a_resolution(an, officer_a):
    _test(an, officer_a)
    with pytest.raises(DomainError) as exc:
        services.followup_resolve(
            actor=officer_a, follow_up=FollowUp.objects.get(), resolution=" ", today=TODAY
        )
    assert exc.value.message_dict == {"resolution": ["Nhập kết quả xử lý."]}


def test_tests_are_police_work(an, supervisor_a, officer_a, leader_a):
    assign(an, supervisor_a, actor=officer_a)
    for user in (supervisor_a, leader_a):
        with pytest.raises(PermissionDenied):
            _test(an, user)
    assert DrugTest.objects.count() == 0


def test_a_test_in_the_future_is_refused(an, officer_a):
    with pytest.raises(DomainError) as exc:
        _test(an, officer_a, on=date(2026, 12, 1))
    assert exc.value.message_dict == {
        "tested_on": ["Ngày 01/12/2026 ở tương lai; hôm nay là 23/11/2026."]
    }
    assert (DrugTest.objects.count(), FollowUp.objects.count()) == (0, 0)


# --- support and policies -------------------------------------------------------------------


def test_support_by_a_group_leader(an, leader_a):
    support = services.support_record(
        actor=leader_a,
        person=an,
        kind=SupportKind.COUNSELLING,
        provided_on=date(2026, 11, 2),
        provider="Trạm Y tế phường Gia Viên",
        today=TODAY,
    )
    assert (support.kind, support.provider) == ("counselling", "Trạm Y tế phường Gia Viên")


def test_support_needs_a_provider(an, officer_a):
    with pytest.raises(DomainError) as exc:
        services.support_record(
            actor=officer_a,
            person=an,
            kind=SupportKind.MEDICAL,
            provided_on=TODAY,
            provider="",
            today=TODAY,
        )
    assert exc.value.message_dict == {"provider": ["Nhập đơn vị, người thực hiện."]}


def test_care_policy_is_set_by_the_administrator_and_audited(admin_user, officer_a):
    policy = services.care_policy_set(
        actor=admin_user,
        category="methadone",
        contact_interval_days=60,
        test_interval_days=None,
    )
    services.care_policy_set(
        actor=admin_user, category="methadone", contact_interval_days=0, test_interval_days=30
    )
    policy.refresh_from_db()
    assert (policy.contact_interval_days, policy.test_interval_days) == (0, 30)
    assert list(
        AuditEvent.objects.filter(model="people.CarePolicy")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "update"]
    with pytest.raises(PermissionDenied):
        services.care_policy_set(
            actor=officer_a, category="methadone", contact_interval_days=1, test_interval_days=1
        )
    with pytest.raises(DomainError) as exc:
        services.care_policy_set(
            actor=admin_user, category="addict", contact_interval_days=4000, test_interval_days=None
        )
    assert exc.value.message_dict == {"contact_interval_days": ["Số ngày phải từ 0 đến 3650."]}
    assert CarePolicy.objects.count() == 1
