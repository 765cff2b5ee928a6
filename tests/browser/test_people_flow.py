"""Issue #3's browser test: an officer registers a person, takes them through voluntary rehab into
post-rehab management and assigns a supervisor; the supervisor, on a phone-sized screen, records a
visit and never sees the citizen ID."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from khongmatuy.common.dates import add_months
from khongmatuy.common.roles import Role
from khongmatuy.people.models import Contact, Episode, Person
from tests.personas import PASSWORD, make_user

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN_ID = "031092004321"  # synthetic: Hải Phòng, male born 1992


def _date(d) -> str:  # type: ignore[no-untyped-def]
    return d.strftime("%d/%m/%Y")


def test_officer_to_supervisor_on_a_phone(page, phone_page, live_server, world, officer_a):  # type: ignore[no-untyped-def]
    supervisor = make_user("giamsat_to1", Role.SUPERVISOR, [world.group_a1], "Đoàn Văn Giám")
    today = timezone.localdate()
    rehab_start = add_months(today, -8)
    rehab_end = add_months(rehab_start, 6)

    # 1. Register the person.
    login(page, live_server, officer_a.username)
    page.goto(f"{live_server.url}/people/register/")
    page.fill("#id_full_name", "Hà Văn Kiểm")
    page.select_option("#id_sex", "male")
    page.fill("#id_date_of_birth", "12/03/1992")
    page.fill("#id_citizen_id", CITIZEN_ID)
    page.select_option("#id_area", label="Tổ dân phố số 1 (Phường Gia Viên)")
    page.select_option("#id_category", "addict")
    page.fill("#id_category_started_on", _date(rehab_start - timedelta(days=10)))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/people/*/")
    person = Person.objects.get(citizen_id=CITIZEN_ID)
    assert "Hà Văn Kiểm" in page.locator("h1").inner_text()
    assert CITIZEN_ID in page.content()  # the officer sees it

    # 2. Voluntary rehab at home, completed after six months.
    page.goto(f"{live_server.url}/people/{person.pk}/episodes/new/")
    page.select_option("#id_kind", "rehab_home")
    page.fill("#id_started_on", _date(rehab_start))
    page.fill("#id_planned_months", "6")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    rehab = Episode.objects.get(person=person, kind="rehab_home")
    assert rehab.due_on == rehab_end
    page.goto(f"{live_server.url}/people/episodes/{rehab.pk}/complete/")
    page.fill("#id_ended_on", _date(rehab_end))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    rehab.refresh_from_db()
    assert rehab.status == "completed"

    # 3. Post-rehab management: one year from the completion (Law 73 Art. 40).
    page.goto(f"{live_server.url}/people/{person.pk}/episodes/new/")
    page.select_option("#id_kind", "post_rehab")
    page.fill("#id_started_on", _date(rehab_end))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    post = Episode.objects.get(person=person, kind="post_rehab")
    assert post.due_on == add_months(rehab_end, 12)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    assert "Quản lý sau cai nghiện tại nơi cư trú" in page.content()
    assert _date(post.due_on) in page.content()

    # 4. Assign the supervisor (an account with the supervisor role in group 1).
    page.goto(f"{live_server.url}/people/care/{person.pk}/supervisor/")
    page.select_option("#id_supervisor_user", str(supervisor.pk))
    page.select_option("#id_kind", "grassroots_security")
    page.fill("#id_started_on", _date(today))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Đoàn Văn Giám" in page.content()

    # 5. The supervisor, on a phone, records a visit.
    login(phone_page, live_server, supervisor.username)
    phone_page.wait_for_load_state()
    phone_page.goto(f"{live_server.url}/people/care/visits/")
    assert "Hà Văn Kiểm" in phone_page.content()
    phone_page.get_by_role("link", name="Ghi thăm gặp").first.click()
    phone_page.fill("#id_content", "Đến nhà, gặp trực tiếp; đang đi làm phụ hồ.")
    phone_page.locator("main form button[type=submit]").first.click()
    phone_page.wait_for_load_state()
    contact = Contact.objects.get(person=person)
    assert contact.recorded_by == supervisor
    assert contact.contacted_on == today

    # 6. ...and never sees the citizen ID, anywhere on the person's page.
    phone_page.goto(f"{live_server.url}{person.get_absolute_url()}")
    assert "Hà Văn Kiểm" in phone_page.content()
    assert CITIZEN_ID not in phone_page.content()
    assert PASSWORD not in phone_page.content()
