"""Person pages: list and live search, registration with duplicate refusal, the person page
(access log, sensitive fields, sections, timeline), edits, export, autocomplete, access by role,
and query counts that do not grow with rows."""

from __future__ import annotations

import io
import types
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.template import TemplateDoesNotExist, engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.exporter import PASSWORD_MIN_LENGTH
from khongmatuy.people.choices import Category, ContactForm, Sex
from khongmatuy.people.models import Person, PersonCategory
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import persons as services
from khongmatuy.people.views import persons as views
from tests.personas import client_for, make_user
from tests.workbooks import OLE_MAGIC, decrypted

from .factories import CID_AN, CID_B, TODAY, XLSX, register

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


@pytest.fixture
def no_sections(monkeypatch):  # type: ignore[no-untyped-def]
    """The person page without the other modules' sections (their own tests cover them)."""
    monkeypatch.setattr(views, "SECTION_MODULES", ())


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def register_form(**overrides: str) -> dict[str, str]:
    data = {
        "area": "",
        "full_name": "Hồ Văn Mới",
        "sex": Sex.MALE,
        "date_of_birth": "17/05/1990",
        "citizen_id": "",
        "category": Category.ILLEGAL_USER,
        "category_started_on": "01/11/2026",
        "category_source": "Phiếu xét nghiệm",
    }
    data.update(overrides)
    return data


# --- the list ----------------------------------------------------------------------------------


def test_list_shows_persons_in_vietnamese_order_with_citizen_ids(officer_a_client, an, binh):
    response = officer_a_client.get(reverse("people:list"))
    assert response.status_code == 200
    html = body(response)
    assert html.index("Nguyễn Văn An") < html.index("Trần Thị Bình")
    assert CID_AN in html
    assert 'href="/people/register/"' in html


def test_list_htmx_returns_the_results_partial_only(officer_a_client, an, binh):
    response = officer_a_client.get(reverse("people:list") + "?q=binh", headers=HX)
    html = body(response)
    assert html.lstrip().startswith('<div id="person-results">')
    assert "<html" not in html
    assert "Trần Thị Bình" in html
    assert "Nguyễn Văn An" not in html
    assert 'action="/people/export/?q=binh"' in html


def test_list_history_restore_gets_the_whole_page(officer_a_client, an):
    headers = {**HX, "HX-History-Restore-Request": "true"}
    html = body(officer_a_client.get(reverse("people:list") + "?q=an", headers=headers))
    assert "<html" in html


def test_list_ignores_junk_filters(officer_a_client, an):
    url = reverse("people:list") + "?category=nope&psychosis=7&status=x&page=-1"
    response = officer_a_client.get(url)
    assert response.status_code == 200
    assert "Nguyễn Văn An" in body(response)


@pytest.mark.parametrize("url_name", ["people:list", "people:export"])
@pytest.mark.parametrize("area", ["other ward", "other ward's group", "no such area", "abc"])
def test_an_area_filter_outside_the_scope_is_404(
    world, officer_a, officer_a_client, an, person_b, url_name, area
):
    value = {
        "other ward": world.ward_b.pk,
        "other ward's group": world.group_b1.pk,
        "no such area": 987654,
        "abc": "abc",
    }[area]
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    response = officer_a_client.get(reverse(url_name), {"area": value})
    assert response.status_code == 404
    assert "Nguyễn Văn An" not in body(response)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == before
    own = officer_a_client.get(reverse(url_name), {"area": world.group_a1.pk})
    assert own.status_code == 200


def test_group_leader_list_has_no_citizen_id(leader_client, an):
    html = body(leader_client.get(reverse("people:list")))
    assert "Nguyễn Văn An" in html
    assert CID_AN not in html
    assert "Số CCCD" not in html
    assert 'href="/people/register/"' not in html


def test_list_query_count_does_not_grow_with_rows(world, officer_a, django_assert_max_num_queries):
    client = client_for(officer_a)
    url = reverse("people:list")
    counts = []
    for batch in (3, 30):
        for i in range(batch):
            register(officer_a, world.group_a1, f"Mai Văn {len(counts)}-{i}")
        client.get(url)  # warm the session
        with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- registration ------------------------------------------------------------------------------


def test_register_creates_the_person(officer_a_client, world):
    response = officer_a_client.post(
        reverse("people:register"),
        register_form(area=str(world.group_a1.pk), citizen_id="031 090 000 777"),
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.full_name, person.citizen_id, person.area) == (
        "Hồ Văn Mới",
        "031090000777",
        world.group_a1,
    )
    assert list(person.personcategorys.values_list("category", "started_on")) == [
        (Category.ILLEGAL_USER, date(2026, 11, 1))
    ]


def test_register_duplicate_shows_a_link_to_the_existing_record(officer_a_client, world, an):
    response = officer_a_client.post(
        reverse("people:register"), register_form(area=str(world.group_a2.pk), citizen_id=CID_AN)
    )
    assert response.status_code == 200
    html = body(response)
    assert f'id="duplicate-link" href="/people/{an.pk}/"' in html
    assert f"Số CCCD này đã có trong hồ sơ của Nguyễn Văn An (17/05/1990): /people/{an.pk}/" in html
    assert Person.objects.count() == 1


def test_register_duplicate_out_of_scope_leaks_nothing(officer_b_client, world, an):
    response = officer_b_client.post(
        reverse("people:register"), register_form(area=str(world.group_b1.pk), citizen_id=CID_AN)
    )
    assert response.status_code == 200
    html = body(response)
    assert "Số CCCD này đã được đăng ký trong hồ sơ do địa bàn khác quản lý." in html
    assert "duplicate-link" not in html
    assert f"/people/{an.pk}/" not in html
    assert "Nguyễn Văn An" not in html
    assert Person.objects.count() == 1


def test_register_bad_input_is_shown_next_to_the_fields(officer_a_client, world):
    response = officer_a_client.post(
        reverse("people:register"),
        register_form(
            area=str(world.group_b1.pk),
            citizen_id="999090012345",
            category_started_on="01/01/1980",
        ),
    )
    html = body(response)
    assert response.status_code == 200
    assert "Chọn một địa bàn trong danh sách." in html
    assert Person.objects.count() == 0
    response = officer_a_client.post(
        reverse("people:register"),
        register_form(
            area=str(world.group_a1.pk),
            citizen_id="999090012345",
            category_started_on="01/01/1980",
        ),
    )
    html = body(response)
    assert "Ba số đầu “999” không phải mã tỉnh, thành phố nơi đăng ký khai sinh." in html
    assert "Ngày bắt đầu không được trước ngày sinh." in html
    assert Person.objects.count() == 0


# --- the person page ---------------------------------------------------------------------------


def test_every_view_of_the_page_is_in_the_access_log(officer_a, officer_a_client, an, no_sections):
    url = reverse("people:detail", args=[an.pk])
    for _ in range(2):
        assert officer_a_client.get(url).status_code == 200
    views_logged = AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, model="people.Person", object_id=str(an.pk)
    )
    assert views_logged.count() == 2
    assert {(e.actor_id, e.area_id) for e in views_logged} == {(officer_a.pk, an.area_id)}


def test_police_see_sensitive_fields_and_the_psychosis_badge(
    officer_a, officer_a_client, an, no_sections
):
    services.person_flag_psychosis(actor=officer_a, person=an, psychosis=True, note="Kích động")
    html = body(officer_a_client.get(reverse("people:detail", args=[an.pk])))
    assert CID_AN in html
    assert "Ghi chú nghiệp vụ mật" in html
    assert "Kích động" in html
    assert 'id="psychosis-badge"' in html


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_group_leader_and_supervisor_do_not_see_sensitive_fields(
    request, persona, officer_a, supervised_an, no_sections
):
    services.person_flag_psychosis(
        actor=officer_a, person=supervised_an, psychosis=True, note="Kích động"
    )
    user = request.getfixturevalue("leader_a" if persona == "leader" else "supervisor_a")
    response = client_for(user).get(reverse("people:detail", args=[supervised_an.pk]))
    assert response.status_code == 200
    html = body(response)
    assert "Nguyễn Văn An" in html
    assert 'id="psychosis-badge"' in html  # a safety flag for whoever visits
    for secret in (CID_AN, "Ghi chú nghiệp vụ mật", "Kích động", "Số CCCD"):
        assert secret not in html
    # The audit part of the timeline masks the edited sensitive values too.
    assert "•••" in html


def test_supervisor_cannot_open_a_person_not_assigned(supervisor_a, binh, world, officer_a):
    other = register(officer_a, world.group_a1, "Lý Văn Khác")
    client = client_for(supervisor_a)
    assert client.get(reverse("people:detail", args=[other.pk])).status_code == 404


def test_other_ward_gets_404_and_no_access_log(officer_b_client, an):
    for name in (
        "people:detail",
        "people:edit",
        "people:category_add",
        "people:psychosis",
        "people:remove",
        "people:return_to_list",
    ):
        assert officer_b_client.get(reverse(name, args=[an.pk])).status_code == 404
    category = an.personcategorys.get()
    assert (
        officer_b_client.get(reverse("people:category_end", args=[category.pk])).status_code == 404
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_timeline_merges_categories_contacts_and_changes(
    officer_a, officer_a_client, an, no_sections
):
    services.category_add(
        actor=officer_a,
        person=an,
        category=Category.ADDICT,
        started_on=date(2026, 4, 2),
        today=TODAY,
    )
    care_services.contact_record(
        actor=officer_a,
        person=an,
        contacted_on=date(2026, 5, 5),
        form=ContactForm.HOME_VISIT,
        content="Thăm gia đình, động viên đi làm",
        today=TODAY,
    )
    services.person_update(actor=officer_a, person=an, phone="0987 111 222", today=TODAY)
    html = body(officer_a_client.get(reverse("people:detail", args=[an.pk])))
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("Sửa: Nguyễn Văn An") < timeline.index("Thăm gia đình")
    assert timeline.index("Thăm gia đình") < timeline.index("Bắt đầu diện: Người nghiện ma túy")
    assert timeline.index("Bắt đầu diện: Người nghiện ma túy") < timeline.index(
        "Bắt đầu diện: Người sử dụng trái phép chất ma túy"
    )
    assert "<del>0912 345 678</del> → <ins>0987 111 222</ins>" in timeline
    assert "Người thực hiện: Trần Văn Bình" in timeline


def test_sections_are_included_when_their_template_exists(monkeypatch, officer_a_client, an):
    fake_selectors = types.SimpleNamespace(
        person_section=lambda *, user, person: {"episodes_note": f"Biện pháp của {person}"}
    )

    def get_template(name):  # type: ignore[no-untyped-def]
        if name == "people/sections/episodes.html":
            return engines["django"].from_string(
                '<p id="fake-episodes">{{ episodes_note }} {{ can_see_sensitive }}</p>'
            )
        raise TemplateDoesNotExist(name)

    monkeypatch.setattr(views, "get_template", get_template)
    monkeypatch.setattr(views, "import_module", lambda name: fake_selectors)
    html = body(officer_a_client.get(reverse("people:detail", args=[an.pk])))
    assert (
        '<section id="section-episodes"><p id="fake-episodes">Biện pháp của Nguyễn Văn An True</p>'
        in html
    )
    assert 'id="section-care"' not in html


def test_a_section_without_a_selector_gets_the_page_context(monkeypatch, officer_a_client, an):
    monkeypatch.setattr(views, "SECTION_MODULES", ("quality",))
    monkeypatch.setattr(
        views,
        "get_template",
        lambda name: engines["django"].from_string("<p id='q'>{{ person.full_name }}</p>"),
    )
    monkeypatch.setattr(views, "import_module", lambda name: types.SimpleNamespace())
    html = body(officer_a_client.get(reverse("people:detail", args=[an.pk])))
    assert "<p id='q'>Nguyễn Văn An</p>" in html


def test_the_page_renders_with_the_real_sections(officer_a_client, leader_client, an):
    assert officer_a_client.get(reverse("people:detail", args=[an.pk])).status_code == 200
    html = body(leader_client.get(reverse("people:detail", args=[an.pk])))
    assert CID_AN not in html


def test_detail_query_count_does_not_grow_with_the_history(
    world, officer_a, an, no_sections, django_assert_max_num_queries
):
    client = client_for(officer_a)
    url = reverse("people:detail", args=[an.pk])
    counts = []
    for batch in (1, 10):
        for i in range(batch):
            care_services.contact_record(
                actor=officer_a,
                person=an,
                contacted_on=date(2026, 6, 1 + len(counts) * 10 + i),
                form=ContactForm.PHONE,
                content=f"Gọi điện lần {i}",
                today=TODAY,
            )
            services.person_update(actor=officer_a, person=an, occupation=f"Nghề {len(counts)}-{i}")
        client.get(url)
        with django_assert_max_num_queries(26), CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- edits and read-only roles -------------------------------------------------------------------


def test_edit_saves_and_redirects(officer_a_client, world, an):
    url = reverse("people:edit", args=[an.pk])
    form = officer_a_client.get(url)
    assert 'value="Nguyễn Văn An"' in body(form)
    data = {
        "area": str(world.group_a2.pk),
        "full_name": "Nguyễn Văn An",
        "aliases": "Tý Còi",
        "sex": Sex.MALE,
        "date_of_birth": "17/05/1990",
        "citizen_id": CID_AN,
        "current_address": "Số 9 ngõ Mới",
        "phone": "0912 345 678",
        "notes": "Ghi chú nghiệp vụ mật",
        "version": "1",
    }
    response = officer_a_client.post(url, data)
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.area, an.current_address) == (world.group_a2, "Số 9 ngõ Mới")


def test_category_end_before_start_is_shown_on_the_form(officer_a_client, an):
    category = an.personcategorys.get()
    response = officer_a_client.post(
        reverse("people:category_end", args=[category.pk]), {"ended_on": "01/01/2026"}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải từ ngày bắt đầu (10/01/2026) trở đi." in body(response)
    category.refresh_from_db()
    assert category.ended_on is None


def test_category_add_psychosis_and_remove_pages(officer_a_client, an):
    response = officer_a_client.post(
        reverse("people:category_add", args=[an.pk]),
        {"category": Category.HIGH_RISK, "started_on": "02/02/2026", "source": "Bỏ học"},
    )
    assert response.status_code == 302
    assert PersonCategory.objects.filter(person=an, category=Category.HIGH_RISK).exists()
    response = officer_a_client.post(
        reverse("people:psychosis", args=[an.pk]),
        {"psychosis": "on", "psychosis_note": "Ảo giác", "version": an.version},
    )
    assert response.status_code == 302
    response = officer_a_client.post(
        reverse("people:remove", args=[an.pk]),
        {"ground": services.RemovalGround.DECEASED, "removed_on": "20/11/2026", "note": ""},
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert (an.psychosis, an.psychosis_note, an.is_active) == (True, "Ảo giác", False)


@pytest.mark.parametrize(
    ("name", "method", "by_person"),
    [
        ("people:register", "get", False),
        ("people:register", "post", False),
        ("people:edit", "post", True),
        ("people:category_add", "post", True),
        ("people:psychosis", "post", True),
        ("people:remove", "post", True),
        ("people:return_to_list", "post", True),
        ("people:import", "get", False),
        ("people:import_template", "get", False),
    ],
)
def test_read_only_roles_get_403_on_writes(
    leadership_client, leader_client, an, name, method, by_person
):
    url = reverse(name, args=[an.pk] if by_person else [])
    for client in (leadership_client, leader_client):
        response = getattr(client, method)(url, {"full_name": "X"} if method == "post" else None)
        assert response.status_code == 403
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn An"


def test_leadership_reads_the_page_with_sensitive_fields(leadership_client, an, no_sections):
    html = body(leadership_client.get(reverse("people:detail", args=[an.pk])))
    assert CID_AN in html
    assert f'href="/people/{an.pk}/edit/"' not in html


# --- export and autocomplete --------------------------------------------------------------------


def _sheet(response) -> list[tuple]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_export_with_sensitive_columns_for_police(officer_a, officer_a_client, an, binh, person_b):
    rows = _sheet(officer_a_client.get(reverse("people:export") + "?q=nguyen"))
    header, *data = rows
    assert header[-3:] == ("Số CCCD", "Ghi chú biểu hiện loạn thần", "Ghi chú nghiệp vụ")
    assert data == [
        (
            1,
            "Nguyễn Văn An",
            "Tý Còi",
            "Nam",
            "17/05/1990",
            "Tổ dân phố số 1",
            None,
            "Số 5 ngõ Hoa Sữa",
            "0912 345 678",
            None,
            "Người sử dụng trái phép chất ma túy",
            None,
            "Đang quản lý",
            CID_AN,
            None,
            "Ghi chú nghiệp vụ mật",
        )
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.model, event.area_id) == (
        officer_a,
        "people.Person",
        an.area.commune_id,
    )
    assert event.note == "1 người; có cột nhạy cảm; không mật khẩu; lọc: q=nguyen"


def test_export_without_sensitive_columns_for_group_leader(leader_client, an):
    rows = _sheet(leader_client.get(reverse("people:export")))
    header, *data = rows
    assert "Số CCCD" not in header
    assert len(header) == 13
    assert [r[1] for r in data] == ["Nguyễn Văn An"]
    cells = {str(c) for r in rows for c in r if c is not None}
    assert CID_AN not in cells
    assert "Ghi chú nghiệp vụ mật" not in cells


EXPORT_PASSWORD = "Mật-khẩu tệp 2026"


def test_export_with_a_password_is_encrypted_and_the_log_never_holds_it(
    officer_a, officer_a_client, an, binh
):
    formula = register(officer_a, an.area, '=HYPERLINK("http://x.example","Nguyễn")')
    response = officer_a_client.post(
        reverse("people:export") + "?q=nguyen", {"password": EXPORT_PASSWORD}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(OLE_MAGIC)
    with pytest.raises(Exception):  # noqa: B017,PT011 (openpyxl raises whatever zipfile raises)
        load_workbook(io.BytesIO(response.content))
    with pytest.raises(Exception):  # noqa: B017,PT011 (msoffcrypto's InvalidKeyError)
        decrypted(response.content, "mat-khau-khac")
    book = decrypted(response.content, EXPORT_PASSWORD)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [(r[1], r[-3]) for r in rows[1:]] == [
        ("Nguyễn Văn An", CID_AN),
        (formula.full_name, None),
    ]
    cell = book.worksheets[0].cell(row=3, column=2)
    assert (cell.value, cell.data_type) == (formula.full_name, "s")  # text, never a formula
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.note == "2 người; có cột nhạy cảm; có mật khẩu; lọc: q=nguyen"
    logged = list(AuditEvent.objects.values_list("note", "object_repr", "before", "after"))
    assert EXPORT_PASSWORD not in str(logged)


def test_a_password_in_the_url_is_ignored_and_not_logged(officer_a_client, an):
    response = officer_a_client.get(reverse("people:export") + "?q=nguyen&password=bi-mat-123")
    assert response.content.startswith(b"PK")  # a plain .xlsx: URLs never carry the password
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.note == "1 người; có cột nhạy cảm; không mật khẩu; lọc: q=nguyen"


def test_a_too_short_password_goes_back_to_the_list_with_the_reason(officer_a_client, an):
    response = officer_a_client.post(
        reverse("people:export") + "?q=nguyen", {"password": "x" * (PASSWORD_MIN_LENGTH - 1)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:list") + "?q=nguyen"
    page = body(officer_a_client.get(response["Location"]))
    assert "Mật khẩu tệp Excel phải dài từ 8 đến 128 ký tự." in page
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_required_password_for_sensitive_columns(settings, officer_a_client, leader_client, an):
    settings.KMT_EXPORT_PASSWORD_REQUIRED = True
    html = body(officer_a_client.get(reverse("people:list")))
    assert 'name="password"' in html
    assert "bắt buộc vì tệp có cột nhạy cảm" in html
    refused = officer_a_client.get(reverse("people:export"))
    assert refused.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    protected = officer_a_client.post(reverse("people:export"), {"password": EXPORT_PASSWORD})
    assert protected.content.startswith(OLE_MAGIC)
    # A group leader's export has no sensitive column: the password stays optional.
    assert leader_client.get(reverse("people:export")).content.startswith(b"PK")


def test_the_export_button_is_a_post_form_with_csrf(officer_a):
    client = client_for(officer_a)
    client.handler.enforce_csrf_checks = True
    html = body(client.get(reverse("people:list") + "?q=an"))
    assert '<form method="post" action="/people/export/?q=an"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert client.post(reverse("people:export"), {"password": EXPORT_PASSWORD}).status_code == 403


def test_export_query_count_does_not_grow_with_rows(
    world, officer_a, django_assert_max_num_queries
):
    client = client_for(officer_a)
    counts = []
    for batch in (2, 20):
        for i in range(batch):
            register(officer_a, world.group_a1, f"Đoàn Văn {len(counts)}-{i}")
        client.get(reverse("people:list"))
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as captured:
            client.get(reverse("people:export"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_autocomplete_json_and_htmx(officer_a_client, an):
    url = reverse("people:autocomplete") + "?q=nguyen"
    assert officer_a_client.get(url).json() == {
        "results": [
            {
                "id": an.pk,
                "name": "Nguyễn Văn An",
                "birth_year": 1990,
                "area": "Tổ dân phố số 1",
                "psychosis": False,
            }
        ]
    }
    html = body(officer_a_client.get(url, headers=HX))
    assert f'data-person-id="{an.pk}"' in html
    assert CID_AN not in html
    assert CID_B not in html


def test_a_supervisor_exports_no_file_of_her_people(world, an):  # type: ignore[no-untyped-def]
    """Role fit: a volunteer supervisor visits her people; a spreadsheet of their names, addresses
    and phone numbers is of no use to her and a risk if her phone is lost."""
    supervisor = make_user("m_giamsat", "supervisor", [world.group_a1])
    client = client_for(supervisor)
    assert client.get(reverse("people:export")).status_code == 403
    assert reverse("people:export") not in body(client.get(reverse("people:list")))


def test_a_long_export_is_written_by_the_worker_then_handed_out_with_its_password(
    settings, officer_a, officer_a_client, officer_b_client, an, binh, person_b
):
    """Above KMT_EXPORT_BACKGROUND_ROWS the request only starts a job; the file is handed out
    (and audited) on the job's own page, encrypted with the password typed there."""
    from khongmatuy.common.models import Job

    settings.KMT_EXPORT_BACKGROUND_ROWS = 1
    response = officer_a_client.post(reverse("people:export"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.total, job.messages) == ("done", 2, ["Đã ghi 2 người vào tệp Excel."])
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    page = body(officer_a_client.get(job.get_absolute_url()))
    handout = reverse("people:export_file", args=[job.pk])
    assert handout in page
    assert officer_b_client.get(handout).status_code == 404  # the job is the officer's own
    too_short = officer_a_client.post(handout, {"password": "short"})
    assert "Mật khẩu tệp Excel phải dài từ 8 đến 128 ký tự." in body(too_short)
    response = officer_a_client.post(handout, {"password": "Mat-khau-2026"})
    assert response.content.startswith(OLE_MAGIC)
    rows = list(decrypted(response.content, "Mat-khau-2026").worksheets[0].values)
    assert sorted(r[1] for r in rows[1:]) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert rows[0][-3] == "Số CCCD"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.model) == (officer_a, "people.Person")
