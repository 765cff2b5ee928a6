"""Care pages: the supervisor's phone flow, quick forms, sensitive tests, lists and query counts."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse

from khongmatuy.common.roles import Role
from khongmatuy.people import choices as c
from khongmatuy.people.models import CarePolicy, Contact, DrugTest, FollowUp, Supervision
from khongmatuy.people.services import care as services
from tests.personas import client_for, make_user

from .factories import HX, TODAY, assign, register, visit

pytestmark = pytest.mark.usefixtures("frozen")

VISIT = {
    "contacted_on": "22/11/2026",
    "form": "home_visit",
    "content": "Gặp tại nhà, đang đi làm phụ hồ",
    "observations": "Tỉnh táo",
    "next_step": "",
}


def _positive_test(person, officer):  # type: ignore[no-untyped-def]
    return services.drug_test_record(
        actor=officer,
        person=person,
        tested_on=date(2026, 11, 20),
        reason=c.TestReason.SUSPICION,
        method=c.TestMethod.QUICK_KIT,
        substances="Methamphetamine",
        result=c.TestResult.POSITIVE,
        performed_by="Thượng úy Đinh Công Khảo",
        today=TODAY,
    )


# --- the supervisor on a phone --------------------------------------------------------------


def test_supervisor_lists_their_persons_and_records_a_visit(
    supervised_an, binh, supervisor_client, supervisor_a
):
    visits_url = reverse("people:visits")
    page = supervisor_client.get(visits_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn An" in body
    assert "Trần Thị Bình" not in body
    form = supervisor_client.get(
        reverse("people:contact_record", args=[supervised_an.pk]) + f"?next={visits_url}"
    )
    assert form.status_code == 200
    assert 'value="23/11/2026"' in form.content.decode()  # today, prefilled
    response = supervisor_client.post(
        reverse("people:contact_record", args=[supervised_an.pk]), {**VISIT, "next": visits_url}
    )
    assert response.status_code == 302
    assert response["Location"] == visits_url
    contact = Contact.objects.get()
    assert (contact.person, contact.recorded_by, contact.contacted_on, contact.content) == (
        supervised_an,
        supervisor_a,
        date(2026, 11, 22),
        "Gặp tại nhà, đang đi làm phụ hồ",
    )


def test_supervisor_gets_404_for_a_person_not_assigned(supervised_an, binh, supervisor_client):
    url = reverse("people:contact_record", args=[binh.pk])
    assert supervisor_client.get(url).status_code == 404
    assert supervisor_client.post(url, VISIT).status_code == 404
    assert supervisor_client.get(reverse("people:detail", args=[binh.pk])).status_code == 404
    assert Contact.objects.count() == 0


def test_a_visit_in_the_future_is_refused_with_a_message(supervised_an, supervisor_client):
    response = supervisor_client.post(
        reverse("people:contact_record", args=[supervised_an.pk]),
        {**VISIT, "contacted_on": "24/11/2026"},
    )
    assert response.status_code == 200
    assert "Ngày 24/11/2026 ở tương lai; hôm nay là 23/11/2026." in response.content.decode()
    assert Contact.objects.count() == 0


def test_a_bad_date_is_named_in_vietnamese(supervised_an, supervisor_client):
    response = supervisor_client.post(
        reverse("people:contact_record", args=[supervised_an.pk]),
        {**VISIT, "contacted_on": "31/02/2026", "content": ""},
    )
    body = response.content.decode()
    assert "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026." in body
    assert Contact.objects.count() == 0


def test_htmx_visit_returns_the_refreshed_section(an, officer_a_client):
    url = reverse("people:contact_record", args=[an.pk])
    form = officer_a_client.get(url, headers=HX)
    assert form.status_code == 200
    assert f'<form method="post" action="{url}"' in form.content.decode()
    assert "<html" not in form.content.decode()
    response = officer_a_client.post(url, VISIT, headers=HX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#care-section"
    assert response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert "Đã ghi nhận lần tiếp xúc, thăm gặp." in body
    assert "Lần tiếp xúc gần nhất: <strong>22/11/2026</strong>" in body


def test_htmx_invalid_visit_returns_the_form_with_errors(an, officer_a_client):
    response = officer_a_client.post(
        reverse("people:contact_record", args=[an.pk]), {**VISIT, "content": ""}, headers=HX
    )
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert 'id="care-form"' in response.content.decode()
    assert Contact.objects.count() == 0


def test_officer_assigns_a_supervisor_and_ends_it(an, supervisor_a, officer_a_client):
    response = officer_a_client.post(
        reverse("people:supervision_assign", args=[an.pk]),
        {
            "supervisor_user": supervisor_a.pk,
            "name": "",
            "kind": "veteran",
            "phone": "",
            "started_on": "01/11/2026",
            "note": "",
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert "Đỗ Văn Giúp" in response.content.decode()
    supervision = Supervision.objects.get()
    response = officer_a_client.post(
        reverse("people:supervision_end", args=[supervision.pk]),
        {"ended_on": "20/11/2026"},
        headers=HX,
    )
    assert "Đã kết thúc việc giao." in response.content.decode()
    supervision.refresh_from_db()
    assert supervision.ended_on == date(2026, 11, 20)


@pytest.mark.parametrize(
    "target", ["-1", "//evil.example", "https://evil.example/x", "javascript:alert(1)"]
)
def test_ending_a_supervision_ignores_an_unsafe_next(supervised_an, officer_a_client, target):
    supervision = Supervision.objects.get()
    response = officer_a_client.post(
        f"{reverse('people:supervision_end', args=[supervision.pk])}?next={quote(target)}",
        {"ended_on": "20/11/2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == supervised_an.get_absolute_url()


def test_ending_a_supervision_follows_a_next_on_this_site(supervised_an, officer_a_client):
    supervision = Supervision.objects.get()
    response = officer_a_client.post(
        reverse("people:supervision_end", args=[supervision.pk]),
        {"ended_on": "20/11/2026", "next": reverse("people:followups")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:followups")


def test_supervisor_form_offers_only_supervisors_who_can_see_the_person(
    world, an, supervisor_a, officer_a_client
):
    make_user("giupdo_to2", Role.SUPERVISOR, [world.group_a2], "Hà Văn Khác")
    body = officer_a_client.get(reverse("people:supervision_assign", args=[an.pk])).content.decode()
    assert "Đỗ Văn Giúp" in body
    assert "Hà Văn Khác" not in body


def test_supervisor_of_another_group_is_not_a_valid_choice(world, an, officer_a_client):
    other = make_user("giupdo_to2", Role.SUPERVISOR, [world.group_a2], "Hà Văn Khác")
    response = officer_a_client.post(
        reverse("people:supervision_assign", args=[an.pk]),
        {"supervisor_user": other.pk, "kind": "veteran", "started_on": "01/11/2026"},
    )
    assert response.status_code == 200
    assert (
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
        in response.content.decode()
    )
    assert Supervision.objects.count() == 0


def test_group_leader_and_supervisor_cannot_use_police_forms(
    supervised_an, leader_client, supervisor_client
):
    for client in (leader_client, supervisor_client):
        for name in ("supervision_assign", "drug_test_record"):
            assert client.get(reverse(f"people:{name}", args=[supervised_an.pk])).status_code == 403
        assert client.get(reverse("people:tests_due")).status_code == 403
        assert client.get(reverse("people:followups")).status_code == 403
        assert client.get(reverse("people:care_policies")).status_code == 403


# --- sensitive: drug tests ------------------------------------------------------------------


def test_positive_test_banner_until_the_follow_up_is_resolved(an, officer_a, officer_a_client):
    _positive_test(an, officer_a)
    page = officer_a_client.get(reverse("people:detail", args=[an.pk])).content.decode()
    assert "Xét nghiệm dương tính ngày 20/11/2026: cần rà soát tình trạng của người này." in page
    listing = officer_a_client.get(reverse("people:followups")).content.decode()
    assert "Nguyễn Văn An" in listing
    follow_up = FollowUp.objects.get()
    response = officer_a_client.post(
        reverse("people:followup_resolve", args=[follow_up.pk]),
        {"resolution": "Đã đề nghị xác định tình trạng nghiện", "resolved_on": "23/11/2026"},
    )
    assert response.status_code == 302
    page = officer_a_client.get(reverse("people:detail", args=[an.pk])).content.decode()
    assert "cần rà soát tình trạng" not in page
    listing = officer_a_client.get(reverse("people:followups")).content.decode()
    assert "Nguyễn Văn An" not in listing
    resolved = officer_a_client.get(reverse("people:followups") + "?state=resolved")
    assert "Đã đề nghị xác định tình trạng nghiện" in resolved.content.decode()


def test_tests_are_absent_from_the_html_for_group_leaders_and_supervisors(
    supervised_an, officer_a, leader_client, supervisor_client, officer_a_client
):
    _positive_test(supervised_an, officer_a)
    url = reverse("people:detail", args=[supervised_an.pk])
    police = officer_a_client.get(url).content.decode()
    assert "Methamphetamine" in police
    assert 'id="care-tests"' in police
    for client in (leader_client, supervisor_client):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Methamphetamine" not in body
        assert "Dương tính" not in body
        assert "dương tính" not in body
        assert 'id="care-tests"' not in body
        assert "Ghi nhận xét nghiệm" not in body


def test_the_care_section_itself_never_mentions_tests_to_a_group_leader(
    supervised_an, officer_a, leader_client
):
    _positive_test(supervised_an, officer_a)
    response = leader_client.post(
        reverse("people:contact_record", args=[supervised_an.pk]), VISIT, headers=HX
    )
    section = response.content.decode()
    assert 'id="care-section"' in section
    assert "Xét nghiệm" not in section
    assert "xét nghiệm" not in section
    assert "Methamphetamine" not in section


def test_police_record_a_test_from_the_person_page(an, officer_a_client):
    response = officer_a_client.post(
        reverse("people:drug_test_record", args=[an.pk]),
        {
            "tested_on": "21/11/2026",
            "reason": "periodic",
            "method": "quick_kit",
            "kit_or_lab": "",
            "substances": "Morphin",
            "result": "negative",
            "performed_by": "Trung úy Lê Văn Thử",
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert "Đã ghi nhận kết quả xét nghiệm." in response.content.decode()
    assert (DrugTest.objects.count(), FollowUp.objects.count()) == (1, 0)


# --- lists ----------------------------------------------------------------------------------


def test_overdue_contacts_page(world, officer_a, officer_a_client, supervisor_a):
    late = register(officer_a, world.group_a1, "Vũ Văn Muộn")
    visit(late, date(2026, 10, 1))
    assign(late, supervisor_a, actor=officer_a)
    register(officer_a, world.group_a1, "Lý Văn Mới", started_on=date(2026, 11, 1))
    body = officer_a_client.get(reverse("people:contacts_overdue")).content.decode()
    assert "Vũ Văn Muộn" in body
    assert "Lý Văn Mới" not in body
    assert "Đỗ Văn Giúp" in body  # who should go
    assert "<td>01/10/2026</td>" in body
    assert '<td class="num">23</td>' in body


def test_support_indicator_page_shows_the_target(world, officer_a, officer_a_client):
    person = register(officer_a, world.group_a1, "Nguyễn Văn Đủ")
    for kind in ("counselling", "medical"):
        services.support_record(
            actor=officer_a,
            person=person,
            kind=kind,
            provided_on=date(2026, 10, 1),
            provider="Trạm Y tế",
            today=TODAY,
        )
    register(officer_a, world.group_a1, "Lê Văn Thiếu", category="addict")
    body = officer_a_client.get(reverse("people:support_indicator")).content.decode()
    assert '<div class="stat">50,0%</div>' in body
    assert "chỉ tiêu 100%" in body
    assert "1 / 2" in body
    assert "Lê Văn Thiếu" in body
    assert "Nguyễn Văn Đủ" not in body


def test_care_policies_page_saves_only_changes(admin_client_kmt):
    url = reverse("people:care_policies")
    page = admin_client_kmt.get(url)
    assert page.status_code == 200
    assert "Nghị định 105/2021/NĐ-CP, Điều 40-49" in page.content.decode()
    data = {}
    for category in c.Category:
        from khongmatuy.people.rules.care import DEFAULT_POLICIES

        policy = DEFAULT_POLICIES[category]
        data[f"contact_{category.value}"] = policy.contact_interval_days or ""
        data[f"test_{category.value}"] = policy.test_interval_days or ""
    data["contact_methadone"] = "60"
    response = admin_client_kmt.post(url, data)
    assert response.status_code == 302
    assert list(CarePolicy.objects.values_list("category", "contact_interval_days")) == [
        ("methadone", 60)
    ]
    data["test_addict"] = "0"
    response = admin_client_kmt.post(url, data)
    assert response.status_code == 200
    assert CarePolicy.objects.count() == 1


@pytest.mark.parametrize(
    "url_name", ["contacts_overdue", "visits", "support_indicator", "tests_due", "followups"]
)
def test_list_pages_issue_the_same_queries_for_3_and_15_rows(
    world, officer_a, url_name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_a)
    counts = {}
    made = 0
    for total in (3, 15):
        while made < total:
            person = register(officer_a, world.group_a1, f"Người Thứ {made}", category="addict")
            services.drug_test_record(
                actor=officer_a,
                person=person,
                tested_on=date(2026, 1, 20),
                reason="periodic",
                method="quick_kit",
                result="positive",
                performed_by="CA phường",
                today=TODAY,
            )
            made += 1
        client.get(reverse(f"people:{url_name}"))  # warm the session
        with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(f"people:{url_name}")).status_code == 200
        counts[total] = len(ctx.captured_queries)
    assert counts[3] == counts[15]


def test_a_drug_test_result_starts_blank_and_must_be_chosen(an, officer_a_client):
    url = reverse("people:drug_test_record", args=[an.pk])
    page = officer_a_client.get(url).content.decode()
    result_select = page.split('name="result"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>— Chọn —</option>' in result_select
    assert 'value="positive" selected' not in result_select
    response = officer_a_client.post(
        url,
        {
            "tested_on": "21/11/2026",
            "reason": "",
            "method": "",
            "result": "",
            "performed_by": "Trung úy Lê Văn Thử",
        },
        headers=HX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    for label in ("Lý do", "Phương pháp", "Kết quả"):
        assert f"Hãy chọn &quot;{label}&quot;." in body
    assert (DrugTest.objects.count(), FollowUp.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "url_name", ["people:contacts_overdue", "people:tests_due", "people:support_indicator"]
)
def test_a_care_list_filtered_by_an_area_outside_the_scope_is_404(
    world, an, officer_a_client, url_name
):
    response = officer_a_client.get(reverse(url_name), {"area": world.ward_b.pk})
    assert response.status_code == 404
    assert officer_a_client.get(reverse(url_name), {"area": world.group_a1.pk}).status_code == 200


def test_the_deadlines_by_group_tab_of_an_area_outside_the_scope_is_404(world, officer_a_client):
    url = reverse("people:deadlines")
    assert officer_a_client.get(url, {"tab": "group", "area": world.group_b1.pk}).status_code == 404
    assert officer_a_client.get(url, {"tab": "group", "area": world.group_a1.pk}).status_code == 200
