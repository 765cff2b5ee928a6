"""Case pages: forms, refusals as form errors, scope 404s, leadership 403s, export, queries."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases.models import Case, CasePerson, Seizure
from khongmatuy.common import roles
from khongmatuy.common.roles import Capability, Role
from khongmatuy.people.choices import Category
from khongmatuy.people.models import Person, PersonCategory
from tests.personas import client_for, make_user
from tests.workbooks import OLE_MAGIC, decrypted

from .factories import CID_AN, CaseFactory, CasePersonFactory, SeizureFactory, substance_named

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def leadership_client(leadership_a):  # type: ignore[no-untyped-def]
    return client_for(leadership_a)


@pytest.fixture
def quangninh_client(world):  # type: ignore[no-untyped-def]
    return client_for(make_user("ca_quangninh", Role.CITY_POLICE, [world.quangninh]))


@pytest.fixture
def full_case(world, officer_a, case_a, an):  # type: ignore[no-untyped-def]
    link = CasePersonFactory(
        actor=officer_a,
        case=case_a,
        person=an,
        role=CasePerson.Role.ARRESTED,
        arrested_on=date(2026, 10, 5),
    )
    seizure = SeizureFactory(
        actor=officer_a,
        case=case_a,
        substance="Methamphetamine",
        form="tinh thể",
        quantity=Decimal("12.5"),
        unit="g",
    )
    return case_a, link, seizure


def _object_urls(full_case):  # type: ignore[no-untyped-def]
    case, link, seizure = full_case
    return [
        ("get", reverse("cases:detail", args=[case.pk])),
        ("get", reverse("cases:edit", args=[case.pk])),
        ("post", reverse("cases:edit", args=[case.pk])),
        ("post", reverse("cases:status", args=[case.pk])),
        ("get", reverse("cases:person_add", args=[case.pk])),
        ("post", reverse("cases:person_add", args=[case.pk])),
        ("post", reverse("cases:person_remove", args=[link.pk])),
        ("get", reverse("cases:seizure_add", args=[case.pk])),
        ("post", reverse("cases:seizure_add", args=[case.pk])),
        ("post", reverse("cases:seizure_remove", args=[seizure.pk])),
    ]


# --- list and export ------------------------------------------------------------------------


def test_list_filters_and_shows_only_the_scope(
    world, officer_a_client, officer_b_client, full_case
):
    CaseFactory(area=world.group_b1, number="99/2026/TĐ")
    body = officer_a_client.get(reverse("cases:list")).content.decode()
    assert "12/2026/VV" in body
    assert "99/2026/TĐ" not in body
    assert "Điều 251: Mua bán trái phép chất ma túy" in body
    filtered = officer_a_client.get(
        reverse("cases:list"), {"kind": "administrative", "start": "01/10/2026"}
    )
    assert "12/2026/VV" not in filtered.content.decode()
    body_b = officer_b_client.get(reverse("cases:list")).content.decode()
    assert "99/2026/TĐ" in body_b
    assert "12/2026/VV" not in body_b
    assert "Gia Viên" not in body_b


def test_list_filter_errors_are_shown_not_500(officer_a_client, full_case):
    response = officer_a_client.get(
        reverse("cases:list"), {"start": "31/02/2026", "kind": "nope", "area": "abc"}
    )
    assert response.status_code == 200
    assert "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()


def test_list_htmx_returns_the_results_partial(officer_a_client, full_case):
    response = officer_a_client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="case-results">')
    assert "12/2026/VV" in body


def test_list_query_count_does_not_grow_with_rows(
    world, officer_a, officer_a_client, django_assert_max_num_queries
):
    for _ in range(3):
        CaseFactory(area=world.group_a1)
    with django_assert_max_num_queries(12) as few:
        assert officer_a_client.get(reverse("cases:list")).status_code == 200
    for _ in range(10):
        CaseFactory(area=world.group_a2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_a_client.get(reverse("cases:list")).status_code == 200


def test_export_opens_with_openpyxl_and_is_audited(world, officer_a, officer_a_client, full_case):
    CaseFactory(area=world.group_b1, number="99/2026/TĐ")
    response = officer_a_client.get(reverse("cases:export"), {"kind": "crime"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="vu-viec-20261123.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[0][:3] == ("STT", "Số hồ sơ", "Ngày phát hiện")
    assert rows[1][:9] == (
        1,
        "12/2026/VV",
        "05/10/2026",
        "Vụ án hình sự",
        "Điều 251: Mua bán trái phép chất ma túy",
        "Tổ dân phố số 1",
        "Phát hiện, bắt giữ",
        f"Nguyễn Văn An (Bị bắt giữ, 05/10/2026, CCCD {CID_AN})",
        "Methamphetamine (tinh thể): 12,5 gam",
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.model) == (officer_a, "cases.Case")
    assert event.note == "1 vụ việc; có số CCCD; không mật khẩu; lọc: kind=crime"


def test_export_with_a_password_is_encrypted(officer_a_client, full_case):
    response = officer_a_client.post(
        reverse("cases:export") + "?kind=crime", {"password": "Vu-viec 2026"}
    )
    assert response.content.startswith(OLE_MAGIC)
    rows = list(decrypted(response.content, "Vu-viec 2026").active.iter_rows(values_only=True))
    assert [row[1] for row in rows] == ["Số hồ sơ", "12/2026/VV"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.note == "1 vụ việc; có số CCCD; có mật khẩu; lọc: kind=crime"
    assert "Vu-viec 2026" not in str(list(AuditEvent.objects.values_list("note", "after")))


def test_a_long_export_is_written_by_the_worker_then_handed_out_with_its_password(
    world, officer_a, officer_a_client, officer_b_client, full_case, settings
):  # type: ignore[no-untyped-def]
    """Above KMT_EXPORT_BACKGROUND_ROWS the request only starts a job (its progress reported);
    the file is handed out (and audited) on the job's own page, encrypted with the password
    typed there."""
    from khongmatuy.common.models import Job

    CaseFactory(area=world.group_a2, number="13/2026/VV")
    CaseFactory(area=world.group_b1, number="99/2026/TĐ")  # ward B: never in ward A's file
    settings.KMT_EXPORT_BACKGROUND_ROWS = 1
    response = officer_a_client.post(reverse("cases:export"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.status, job.done, job.total) == ("cases.export", "done", 2, 2)
    assert job.messages == ["Đã ghi 2 vụ việc vào tệp Excel."]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    handout = reverse("cases:export_file", args=[job.pk])
    assert handout in officer_a_client.get(job.get_absolute_url()).content.decode()
    assert officer_b_client.get(handout).status_code == 404  # the job is the officer's own
    too_short = officer_a_client.post(handout, {"password": "short"})
    assert "Mật khẩu tệp Excel phải dài từ 8 đến 128 ký tự." in too_short.content.decode()
    response = officer_a_client.post(handout, {"password": "Vu-viec 2026"})
    assert response.content.startswith(OLE_MAGIC)
    rows = list(decrypted(response.content, "Vu-viec 2026").active.iter_rows(values_only=True))
    assert sorted(row[1] for row in rows[1:]) == ["12/2026/VV", "13/2026/VV"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.model) == (officer_a, "cases.Case")
    assert event.note == "2 vụ việc; có số CCCD; có mật khẩu; lọc: không"


def test_export_query_count_does_not_grow_with_rows(
    world, officer_a, officer_a_client, full_case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15) as few:
        officer_a_client.get(reverse("cases:export"))
    for _ in range(5):
        SeizureFactory(case=CaseFactory(area=world.group_a2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_a_client.get(reverse("cases:export"))


# --- detail and sensitivity -----------------------------------------------------------------


def test_detail_shows_persons_seizures_and_next_statuses(officer_a_client, full_case):
    case, _link, _seizure = full_case
    body = officer_a_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Nguyễn Văn An" in body
    assert CID_AN in body
    assert "12,5" in body
    assert "Chuyển sang “Đã khởi tố”" in body
    assert "Chuyển sang “Đã xét xử”" not in body


def test_citizen_id_only_for_view_sensitive(monkeypatch, leadership_client, full_case):
    case, _link, _seizure = full_case
    body = leadership_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert CID_AN in body
    assert "Thêm người liên quan" not in body  # leadership reads only
    reduced = roles.CAPABILITIES[Role.COMMUNE_LEADERSHIP] - {Capability.VIEW_SENSITIVE}
    monkeypatch.setitem(roles.CAPABILITIES, Role.COMMUNE_LEADERSHIP, reduced)
    body = leadership_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Nguyễn Văn An" in body
    assert CID_AN not in body
    export = leadership_client.get(reverse("cases:export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert CID_AN not in str(list(sheet.iter_rows(values_only=True)))


# --- scope and capability -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_b_client", "quangninh_client"])
def test_other_wards_get_404_for_every_object_url(request, who, full_case):
    client = request.getfixturevalue(who)
    for method, url in _object_urls(full_case):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
    case, _link, _seizure = full_case
    assert CasePerson.objects.filter(case=case).count() == 1
    assert Seizure.objects.filter(case=case).count() == 1
    body = client.get(reverse("cases:list")).content.decode()
    assert "12/2026/VV" not in body
    arrests = client.get(reverse("cases:arrests"), {"start": "01/01/2026"}).content.decode()
    assert "Gia Viên" not in arrests
    assert "Methamphetamine" not in arrests


def test_leadership_gets_403_on_writes(leadership_client, full_case):
    assert leadership_client.get(reverse("cases:create")).status_code == 403
    for method, url in _object_urls(full_case):
        expected = 200 if url.endswith(f"/{full_case[0].pk}/") and method == "get" else 403
        assert getattr(leadership_client, method)(url).status_code == expected, (method, url)
    assert leadership_client.get(reverse("cases:list")).status_code == 200
    assert leadership_client.get(reverse("cases:arrests")).status_code == 200


def test_group_leader_has_no_access(leader_a, full_case):
    client = client_for(leader_a)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:detail", args=[full_case[0].pk])).status_code == 403


# --- writes ---------------------------------------------------------------------------------


def test_create_and_edit_through_the_forms(world, officer_a_client):
    data = {
        "kind": "crime",
        "offence": "251",
        "area": world.group_a2.pk,
        "number": "15/2026/VV",
        "occurred_on": "20/11/2026",
        "summary": "Bắt quả tang",
    }
    response = officer_a_client.post(reverse("cases:create"), data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.occurred_on, case.area) == (date(2026, 11, 20), world.group_a2)
    edit = {**data, "offence": "249", "occurred_on": "21/11/2026", "version": case.version}
    del edit["kind"]
    assert officer_a_client.post(reverse("cases:edit", args=[case.pk]), edit).status_code == 302
    case.refresh_from_db()
    assert (case.offence, case.occurred_on) == ("249", date(2026, 11, 21))


def test_a_duplicate_number_is_an_error_next_to_the_number(world, officer_a_client, case_a):
    data = {
        "kind": "crime",
        "offence": "249",
        "area": world.group_a2.pk,
        "number": case_a.number,
        "occurred_on": "20/11/2026",
        "summary": "Bắt quả tang",
    }
    response = officer_a_client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_number_error"' in body
    assert "“12/2026/VV” đã được Phường Gia Viên dùng cho một vụ việc khác năm 2026." in body
    assert Case.objects.count() == 1


def test_create_with_an_offence_of_the_other_kind_is_a_form_error(world, officer_a_client):
    data = {
        "kind": "administrative",
        "offence": "251",
        "area": world.ward_a.pk,
        "occurred_on": "20/11/2026",
        "summary": "x",
    }
    response = officer_a_client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    assert "không thuộc loại “Vi phạm hành chính”" in response.content.decode()
    assert Case.objects.count() == 0


def test_create_in_another_ward_is_a_form_error(world, officer_a_client):
    data = {
        "kind": "crime",
        "offence": "251",
        "area": world.ward_b.pk,
        "occurred_on": "20/11/2026",
        "summary": "x",
    }
    response = officer_a_client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_status_change_and_refusal(officer_a_client, case_a):
    url = reverse("cases:status", args=[case_a.pk])
    response = officer_a_client.post(url, {"status": "tried"}, follow=True)
    assert "Không thể chuyển vụ việc từ “Phát hiện, bắt giữ” sang “Đã xét xử”." in (
        response.content.decode()
    )
    case_a.refresh_from_db()
    assert case_a.status == "detected"
    assert officer_a_client.post(url, {"status": "prosecuted"}).status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "prosecuted"
    assert officer_a_client.post(url, {"status": "nonsense"}).status_code == 302
    assert officer_a_client.get(url).status_code == 405


def test_person_add_lists_the_commune_and_searches_the_scope(
    world, officer_a_client, case_a, an, dung
):
    url = reverse("cases:person_add", args=[case_a.pk])
    body = officer_a_client.get(url).content.decode()
    assert "Nguyễn Văn An (1990) – Tổ dân phố số 1" in body
    assert "Phạm Văn Dũng" not in body
    assert "nguyen van an" not in body
    searched = officer_a_client.get(url, {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn An" in searched
    assert "Phạm Văn Dũng" not in officer_a_client.get(url, {"q": "dung"}).content.decode()


def test_person_add_existing_in_scope(officer_a_client, case_a, an):
    response = officer_a_client.post(
        reverse("cases:person_add", args=[case_a.pk]),
        {"mode": "existing", "person": an.pk, "role": "arrested", "arrested_on": "05/10/2026"},
    )
    assert response.status_code == 302
    link = CasePerson.objects.get()
    assert (link.person, link.arrested_on) == (an, date(2026, 10, 5))


def test_person_add_of_another_ward_is_refused(officer_a_client, case_a, dung):
    response = officer_a_client.post(
        reverse("cases:person_add", args=[case_a.pk]),
        {"mode": "existing", "person": dung.pk, "role": "suspect"},
    )
    assert response.status_code == 200
    assert "Không tìm thấy người này trong địa bàn được giao." in response.content.decode()
    assert CasePerson.objects.count() == 0


def test_person_add_new_registers_through_people(world, officer_a, officer_a_client, case_a):
    response = officer_a_client.post(
        reverse("cases:person_add", args=[case_a.pk]),
        {
            "mode": "new",
            "new-full_name": "Lê Văn Cường",
            "new-sex": "male",
            "new-date_of_birth": "17/05/1990",
            "new-citizen_id": "",
            "new-person_area": world.group_a2.pk,
            "new-category": "dealer",
            "new-role": "arrested",
            "new-arrested_on": "05/10/2026",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.full_name, person.area, person.created_by) == (
        "Lê Văn Cường",
        world.group_a2,
        officer_a,
    )
    assert PersonCategory.objects.get(person=person).category == Category.DEALER
    assert AuditEvent.objects.filter(model="people.Person", action="create").count() == 1
    assert CasePerson.objects.get().person == person


def test_possession_case_proposes_no_category(world, officer_a, officer_a_client):
    """Art. 249 (possession): no category is chosen in advance; sent without one, the page
    asks for it and registers nobody."""
    case = CaseFactory(actor=officer_a, area=world.group_a1, offence="249")
    url = reverse("cases:person_add", args=[case.pk])
    page = officer_a_client.get(url).content.decode()
    assert '<option value="" selected>— Chọn diện —</option>' in page
    assert '<option value="dealer" selected>' not in page
    response = officer_a_client.post(
        url,
        {
            "mode": "new",
            "new-full_name": "Lê Văn Cường",
            "new-sex": "male",
            "new-person_area": world.group_a2.pk,
            "new-role": "arrested",
            "new-arrested_on": "05/10/2026",
        },
    )
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Person.objects.count() == CasePerson.objects.count() == 0


def test_dealing_case_proposes_the_dealer_category(officer_a_client, case_a):
    assert case_a.offence == "251"
    page = officer_a_client.get(reverse("cases:person_add", args=[case_a.pk])).content.decode()
    assert '<option value="dealer" selected>' in page


def test_person_add_new_with_errors_saves_nothing(world, officer_a_client, case_a):
    response = officer_a_client.post(
        reverse("cases:person_add", args=[case_a.pk]),
        {
            "mode": "new",
            "new-full_name": "Lê Văn Cường",
            "new-sex": "male",
            "new-date_of_birth": "17/05/2027",
            "new-person_area": world.group_a2.pk,
            "new-category": "dealer",
            "new-role": "arrested",
            "new-arrested_on": "05/10/2026",
        },
    )
    assert response.status_code == 200
    assert "Ngày sinh không được sau ngày hôm nay." in response.content.decode()
    assert Person.objects.count() == CasePerson.objects.count() == 0


def test_person_and_seizure_remove(officer_a_client, full_case):
    _case, link, seizure = full_case
    assert officer_a_client.get(reverse("cases:person_remove", args=[link.pk])).status_code == 405
    assert officer_a_client.post(reverse("cases:person_remove", args=[link.pk])).status_code == 302
    assert (
        officer_a_client.post(reverse("cases:seizure_remove", args=[seizure.pk])).status_code == 302
    )
    assert CasePerson.objects.count() == Seizure.objects.count() == 0


@pytest.mark.parametrize(
    ("quantity", "stored"),
    [("12,5", Decimal("12.500")), ("0.25", Decimal("0.250")), (" 3 ", Decimal("3.000"))],
)
def test_seizure_add_reads_both_decimal_separators(officer_a_client, case_a, quantity, stored):
    response = officer_a_client.post(
        reverse("cases:seizure_add", args=[case_a.pk]),
        {"substance": substance_named("Heroin").pk, "form": "", "quantity": quantity, "unit": "g"},
    )
    assert response.status_code == 302
    assert Seizure.objects.get().quantity == stored


def test_seizure_quantity_is_a_text_box_that_keeps_the_decimal_comma(officer_a_client, case_a):
    """A number input loses "3,25" in the browser (Chromium drops the comma: 325 g)."""
    body = officer_a_client.get(reverse("cases:seizure_add", args=[case_a.pk])).content.decode()
    assert 'type="text" name="quantity"' in body
    assert 'inputmode="decimal"' in body
    response = officer_a_client.post(
        reverse("cases:seizure_add", args=[case_a.pk]),
        {"substance": substance_named("Heroin").pk, "form": "", "quantity": "3,25", "unit": "g"},
    )
    assert response.status_code == 302
    assert Seizure.objects.get().quantity == Decimal("3.250")


@pytest.mark.parametrize(("typed", "stored"), [("1.234,5", "1234.5"), ("3.000", "3000")])
def test_seizure_quantity_reads_vietnamese_thousands(officer_a_client, case_a, typed, stored):
    """On a Vietnamese page the point groups thousands: "3.000" is three thousand."""
    response = officer_a_client.post(
        reverse("cases:seizure_add", args=[case_a.pk]),
        {"substance": substance_named("Heroin").pk, "form": "", "quantity": typed, "unit": "g"},
    )
    assert response.status_code == 302
    assert Seizure.objects.get().quantity == Decimal(stored)


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.234,5"), ("en", "1,234.5")])
def test_quantities_are_shown_in_the_active_language(
    officer_a_client, officer_a, case_a, language, shown
):
    SeizureFactory(actor=officer_a, case=case_a, quantity=Decimal("1234.5"), unit="g")
    officer_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    detail = officer_a_client.get(reverse("cases:detail", args=[case_a.pk])).content.decode()
    assert f'<td class="num">{shown}</td>' in detail
    arrests = officer_a_client.get(reverse("cases:arrests")).content.decode()
    assert f'<td class="num">{shown}</td>' in arrests


@pytest.mark.parametrize("quantity", ["0", "-2", "abc", "1,2345", "1,2,3"])
def test_seizure_add_refusals_are_form_errors(officer_a_client, case_a, quantity):
    response = officer_a_client.post(
        reverse("cases:seizure_add", args=[case_a.pk]),
        {"substance": substance_named("Heroin").pk, "form": "", "quantity": quantity, "unit": "g"},
    )
    assert response.status_code == 200
    assert Seizure.objects.count() == 0


# --- arrests page ---------------------------------------------------------------------------


def test_arrests_page_with_a_period(world, officer_a_client, full_case):
    url = reverse("cases:arrests")
    body = officer_a_client.get(url, {"start": "05/10/2026", "end": "05/10/2026"}).content.decode()
    assert "Từ 05/10/2026 đến 05/10/2026" in body
    assert '<td class="num">1</td>' in body
    assert "Methamphetamine" in body
    empty = officer_a_client.get(url, {"start": "06/10/2026", "end": "31/10/2026"})
    assert "Không có người bị bắt giữ trong khoảng thời gian này." in empty.content.decode()
    wrong = officer_a_client.get(url, {"start": "31/10/2026", "end": "01/10/2026"})
    assert wrong.status_code == 200
    assert "“Đến ngày” phải từ “Từ ngày” trở đi." in wrong.content.decode()
    default = officer_a_client.get(url).content.decode()
    assert "Từ 01/01/2026 đến 23/11/2026" in default
