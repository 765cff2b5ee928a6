"""Episode pages: content, permissions (read-only roles, other ward), query counts."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.legal.models import LegalValue
from khongmatuy.people.choices import EpisodeKind as K
from khongmatuy.people.choices import EpisodeStatus as S
from khongmatuy.people.models import DossierItem, Episode, Person
from khongmatuy.people.selectors import episodes as selectors
from khongmatuy.people.services import episodes as services
from tests.personas import World, client_for

from .test_episodes_helpers import TODAY, make_person, open_

pytestmark = pytest.mark.django_db

UNCONFIRMED = '<span class="badge alert">CHƯA XÁC NHẬN</span> cần đối chiếu văn bản chính thức'


@pytest.fixture(autouse=True)
def _frozen(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def an(world: World, officer_a: User) -> Person:
    return make_person(officer_a, world.group_a1, "Nguyễn Văn An")


@pytest.fixture
def binh(world: World, officer_a: User) -> Person:
    return make_person(officer_a, world.group_a2, "Trần Thị Bình", psychosis=True)


@pytest.fixture
def hai(world: World, officer_b: User) -> Person:
    return make_person(officer_b, world.group_b1, "Ngô Văn Hải")


@pytest.fixture
def managed(an: Person, binh: Person, hai: Person, officer_a: User, officer_b: User) -> Episode:
    """An ends today, Bình (psychosis) on day 30, Hải (ward B) in two days."""
    open_(binh, K.USER_MANAGEMENT, date(2025, 12, 23), officer_a)
    open_(hai, K.USER_MANAGEMENT, date(2025, 11, 25), officer_b)
    return open_(an, K.USER_MANAGEMENT, date(2025, 11, 23), officer_a, decision_number="99/QĐ")


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- deadline lists ---------------------------------------------------------------------------


def test_deadlines_page_lists_ending_psychosis_first(
    managed: Episode, officer_a_client: Client
) -> None:
    response = officer_a_client.get(reverse("people:deadlines"))
    assert response.status_code == 200
    body = html(response)
    assert body.index("Trần Thị Bình") < body.index("Nguyễn Văn An")
    assert "Ngô Văn Hải" not in body
    assert "Loạn thần" in body
    assert "23/12/2026" in body
    assert "23/11/2026" in body


def test_deadlines_tabs(managed: Episode, world: World, officer_a_client: Client) -> None:
    url = reverse("people:deadlines")
    overdue = html(officer_a_client.get(url, {"tab": "overdue"}))
    assert "Không có biện pháp nào trong danh sách này." in overdue
    by_kind = html(officer_a_client.get(url, {"tab": "kind", "kind": K.USER_MANAGEMENT}))
    assert "Quản lý người sử dụng trái phép chất ma túy" in by_kind
    assert "Nguyễn Văn An" in by_kind
    by_group = html(officer_a_client.get(url, {"tab": "group", "area": world.group_a2.pk}))
    assert "Tổ dân phố số 1" in by_group  # the counts table
    assert "Trần Thị Bình" in by_group
    assert "Nguyễn Văn An" not in by_group
    other = html(officer_a_client.get(url, {"tab": "group", "area": world.group_b1.pk}))
    assert "Ngô Văn Hải" not in other
    assert "Tổ dân phố Thành Công" not in other
    partial = officer_a_client.get(url, {"tab": "ending", "days": "1"}, HTTP_HX_REQUEST="true")
    body = html(partial)
    assert body.lstrip().startswith('<div id="deadline-results">')
    assert "Nguyễn Văn An" in body
    assert "Trần Thị Bình" not in body


def test_deadlines_query_count_does_not_grow_with_rows(
    managed: Episode, world: World, officer_a: User, officer_a_client: Client,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:  # fmt: skip
    url = reverse("people:deadlines")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert officer_a_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        person = make_person(officer_a, world.group_a1, f"Đinh Văn Số {n}")
        open_(person, K.USER_MANAGEMENT, date(2025, 12, 1 + n), officer_a)
    assert count() == before
    with django_assert_max_num_queries(before):
        officer_a_client.get(url, {"tab": "group"})


# --- opening and actions ----------------------------------------------------------------------


def test_open_form_and_refusal(an: Person, officer_a_client: Client) -> None:
    url = reverse("people:episode_open", args=[an.pk])
    assert officer_a_client.get(url, {"kind": K.POST_REHAB}).status_code == 200
    refused = officer_a_client.post(url, {"kind": K.POST_REHAB, "started_on": "01/11/2026"})
    assert refused.status_code == 200
    assert "chưa hoàn thành cai nghiện hoặc điều trị thay thế nào" in html(refused)
    bad_date = officer_a_client.post(url, {"kind": K.USER_MANAGEMENT, "started_on": "31/02/2026"})
    assert bad_date.status_code == 200
    assert Episode.objects.count() == 0
    response = officer_a_client.post(
        url,
        {
            "kind": K.REHAB_HOME,
            "started_on": "31/08/2026",
            "decision_date": "31/08/2026",
            "decision_number": "45/GCN",
            "planned_months": "6",
        },
    )
    episode = Episode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:episode_detail", args=[episode.pk])
    assert (episode.due_on, episode.rule_confirmed) == (date(2027, 2, 28), False)
    detail = html(officer_a_client.get(response["Location"]))
    assert "28/02/2027" in detail
    assert UNCONFIRMED in detail
    law120 = (
        "Luật Phòng, chống ma túy số 120/2025/QH15 (điều khoản cụ thể và nghị định hướng dẫn "
        "chưa xác nhận), hiệu lực từ 01/07/2026"
    )
    assert f"<dd>{law120}</dd>" in detail  # Căn cứ tính thời hạn
    assert f"thời hạn được tính theo quy định {law120}" in detail
    for code in ("law120", "law73", "2026-07-01", K.REHAB_HOME):
        assert code not in detail.replace(f"people/{episode.pk}", "")


def test_actions_complete_restart_cancel(managed: Episode, officer_a_client: Client) -> None:
    early = officer_a_client.post(
        reverse("people:episode_complete", args=[managed.pk]), {"ended_on": "22/11/2026"}
    )
    assert early.status_code == 200
    assert "Chưa hết thời hạn (đến hết ngày 23/11/2026)" in html(early)
    managed.refresh_from_db()
    assert managed.status == S.ACTIVE
    restart = officer_a_client.post(
        reverse("people:episode_restart", args=[managed.pk]),
        {"started_on": "20/11/2026", "decision_number": "100/QĐ"},
    )
    new = Episode.objects.get(previous=managed)
    assert restart["Location"] == reverse("people:episode_detail", args=[new.pk])
    assert new.due_on == date(2027, 11, 20)
    blocked = officer_a_client.post(
        reverse("people:episode_restart", args=[managed.pk]), {"started_on": "21/11/2026"}
    )
    assert blocked.status_code == 409
    assert "Không thể thực hiện: biện pháp đang ở trạng thái" in html(blocked)
    cancel = officer_a_client.post(
        reverse("people:episode_cancel", args=[new.pk]), {"reason": "Nhập nhầm"}
    )
    assert cancel.status_code == 302
    managed.refresh_from_db()
    assert managed.status == S.ACTIVE


def test_leadership_reads_but_cannot_write(
    managed: Episode, an: Person, leadership_a: User
) -> None:
    client = client_for(leadership_a)
    assert client.get(reverse("people:deadlines")).status_code == 200
    assert client.get(reverse("people:episode_detail", args=[managed.pk])).status_code == 200
    assert client.get(reverse("people:legal_rules")).status_code == 200
    for name, data in (
        ("people:episode_complete", {"ended_on": "23/11/2026"}),
        ("people:episode_stop", {"ended_on": "23/11/2026", "reason": "died"}),
        ("people:episode_restart", {"started_on": "20/11/2026"}),
        ("people:episode_extend", {"planned_months": "18"}),
        ("people:episode_cancel", {"reason": "x"}),
    ):
        assert client.post(reverse(name, args=[managed.pk]), data).status_code == 403
    assert (
        client.post(
            reverse("people:episode_open", args=[an.pk]),
            {"kind": K.METHADONE, "started_on": "01/11/2026"},
        ).status_code
        == 403
    )
    assert (
        client.get(
            reverse("legal:confirm", args=["durations", "user_management", "2026-07-01"])
        ).status_code
        == 403
    )
    managed.refresh_from_db()
    assert managed.status == S.ACTIVE
    assert Episode.objects.count() == 3


def test_dossier_writes_are_refused_to_read_only_roles_and_other_wards(
    an: Person, officer_a: User, leadership_a: User, officer_a_client: Client,
    officer_b_client: Client,
) -> None:  # fmt: skip
    dossier = open_(an, K.COMPULSORY_DOSSIER, date(2026, 11, 2), officer_a)
    item = DossierItem.objects.get(episode=dossier, code="request")
    url = reverse("people:dossier_item_set", args=[item.pk])
    data = {f"item{item.pk}-done_on": "05/11/2026"}
    assert (
        client_for(leadership_a).get(reverse("people:dossier", args=[dossier.pk])).status_code
        == 200
    )
    assert client_for(leadership_a).post(url, data).status_code == 403
    assert officer_b_client.post(url, data).status_code == 404
    assert (
        officer_a_client.post(
            reverse("legal:confirm", args=["durations", "user_management", "2026-07-01"]),
            {"months": "12", "article": "x"},
        ).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.done_on is None
    assert LegalValue.objects.count() == 0


def test_other_ward_gets_404(managed: Episode, an: Person, officer_b_client: Client) -> None:
    for name in ("people:episode_detail", "people:episode_complete", "people:episode_stop",
                 "people:episode_restart", "people:episode_extend", "people:episode_cancel",
                 "people:dossier"):  # fmt: skip
        assert officer_b_client.get(reverse(name, args=[managed.pk])).status_code == 404
    assert (
        officer_b_client.post(
            reverse("people:episode_stop", args=[managed.pk]),
            {"ended_on": "23/11/2026", "reason": "died"},
        ).status_code
        == 404
    )
    assert officer_b_client.get(reverse("people:episode_open", args=[an.pk])).status_code == 404
    managed.refresh_from_db()
    assert managed.status == S.ACTIVE


def test_detail_writes_the_access_log(
    managed: Episode, officer_a: User, officer_a_client: Client
) -> None:
    officer_a_client.get(reverse("people:episode_detail", args=[managed.pk]))
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.VIEW, model="people.Person", object_id=str(managed.person_id)
        ).count()
        == 1
    )


def test_group_leader_sees_own_group_without_health_results(
    world: World, an: Person, binh: Person, officer_a: User, leader_a: User
) -> None:
    determination = open_(an, K.ADDICTION_DETERMINATION, date(2026, 11, 2), officer_a)
    services.episode_complete(
        episode=determination, ended_on=date(2026, 11, 5), addicted=True, actor=officer_a,
        today=TODAY,
    )  # fmt: skip
    other = open_(binh, K.METHADONE, date(2026, 11, 2), officer_a)
    client = client_for(leader_a)
    page = client.get(reverse("people:episode_detail", args=[determination.pk]))
    assert page.status_code == 200
    assert "Kết luận: nghiện ma túy" not in html(page)
    assert "Kết luận: nghiện ma túy" in html(
        client_for(officer_a).get(reverse("people:episode_detail", args=[determination.pk]))
    )
    assert client.get(reverse("people:episode_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("people:episode_open", args=[an.pk])).status_code == 403


# --- the dossier ------------------------------------------------------------------------------


def test_dossier_page_and_item_updates(
    an: Person, officer_a: User, officer_a_client: Client
) -> None:
    dossier = open_(an, K.COMPULSORY_DOSSIER, date(2026, 11, 2), officer_a)
    page = officer_a_client.get(reverse("people:dossier", args=[dossier.pk]))
    assert page.status_code == 200
    assert "Bản tóm tắt lý lịch" in html(page)
    assert "Đã hoàn thành 0/9 tài liệu bắt buộc." in html(page)
    item = DossierItem.objects.get(episode=dossier, code="cv_summary")
    url = reverse("people:dossier_item_set", args=[item.pk])
    prefix = f"item{item.pk}-"
    done = officer_a_client.post(
        url, {prefix + "done_on": "05/11/2026", prefix + "reference": "TT-1"}
    )
    assert done["Location"] == reverse("people:dossier", args=[dossier.pk])
    item.refresh_from_db()
    assert (item.done_on, item.reference) == (date(2026, 11, 5), "TT-1")
    htmx = officer_a_client.post(url, {prefix + "done_on": "06/11/2026"}, HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("people:dossier", args=[dossier.pk]) + f"#item-{item.pk}"
    court = DossierItem.objects.get(episode=dossier, code="court_decision")
    cprefix = f"item{court.pk}-"
    refused = officer_a_client.post(
        reverse("people:dossier_item_set", args=[court.pk]),
        {cprefix + "done_on": "20/11/2026", cprefix + "court_applies": "yes"},
        HTTP_HX_REQUEST="true",
    )
    body = html(refused)
    assert refused.status_code == 200
    assert body.lstrip().startswith(f'<div class="card dossier-item" id="item-{court.pk}">')
    assert "Hồ sơ chưa đủ" in body
    assert officer_a_client.get(url).status_code == 405
    not_dossier = open_(an, K.METHADONE, date(2026, 11, 2), officer_a)
    assert officer_a_client.get(reverse("people:dossier", args=[not_dossier.pk])).status_code == 404


# --- legal rules ------------------------------------------------------------------------------


def test_legal_rules_page_and_administrator_setting(
    officer_a_client: Client, admin_client_kmt: Client, admin_user: User
) -> None:
    page = html(officer_a_client.get(reverse("people:legal_rules")))
    assert UNCONFIRMED in page
    assert "Luật 73/2021/QH14 Điều 23" in page
    assert "Luật Phòng, chống ma túy số 120/2025/QH15, hiệu lực từ 01/07/2026" in page
    url = reverse("legal:confirm", args=["durations", "user_management", "2026-07-01"])
    assert url not in page
    assert admin_client_kmt.get(url).status_code == 200
    assert (
        admin_client_kmt.get(
            reverse("legal:confirm", args=["durations", "user_management", "2026-02-30"])
        ).status_code
        == 404
    )
    assert (
        admin_client_kmt.get(
            reverse("legal:confirm", args=["durations", "nope", "2026-07-01"])
        ).status_code
        == 404
    )
    bad = admin_client_kmt.post(url, {"months": "", "article": "Luật 120/2025/QH15 Điều 25"})
    assert "Nhập giá trị theo văn bản chính thức." in html(bad)
    assert LegalValue.objects.count() == 0
    saved = admin_client_kmt.post(url, {"months": "12", "article": "Luật 120/2025/QH15 Điều 25"})
    assert saved["Location"] == reverse("legal:index") + "#durations"
    assert LegalValue.objects.get().confirmed_by == admin_user
    after = html(admin_client_kmt.get(reverse("people:legal_rules")))
    assert "Đã xác nhận bởi Quản Trị Viên ngày 23/11/2026" in after
    assert after.count(UNCONFIRMED) == page.count(UNCONFIRMED) - 1


# --- the person-page section ------------------------------------------------------------------


def test_person_section_template(managed: Episode, an: Person, officer_a: User, rf) -> None:  # type: ignore[no-untyped-def]
    restarted = services.episode_restart(
        episode=managed, started_on=date(2026, 9, 1), actor=officer_a, today=TODAY
    )
    request = rf.get("/")
    request.user = officer_a
    context = {
        "person": an,
        "can_see_sensitive": True,
        **selectors.person_section(user=officer_a, person=an, today=TODAY),
    }
    body = render_to_string("people/sections/episodes.html", context, request=request)
    assert "1 biện pháp đang thực hiện có thời hạn tính theo quy định CHƯA XÁC NHẬN" in body
    assert reverse("people:episode_detail", args=[restarted.pk]) in body
    assert "01/09/2027" in body
    assert reverse("people:episode_open", args=[an.pk]) + "?kind=methadone" in body


def test_the_legal_rules_page_shows_laws_and_dates_in_words(officer_a_client: Client) -> None:
    page = html(officer_a_client.get(reverse("people:legal_rules")))
    table = page.split('id="legal-rules"', 1)[1]
    visible = re.sub(r"<[^>]+>", " ", table)
    for code in ("law120", "law73", "blhs256a", "user_management", "residence_verification"):
        assert code not in visible
    assert "Luật Phòng, chống ma túy số 120/2025/QH15, hiệu lực từ 01/07/2026" in visible
    assert (
        "tạm dùng giá trị của Luật Phòng, chống ma túy số 73/2021/QH14 và các nghị định hướng "
        "dẫn, hiệu lực từ 01/01/2022"
    ) in visible
    assert '<span class="badge alert">CHƯA XÁC NHẬN</span>' in table


def test_a_stopped_user_management_shows_when_to_send_the_decision(
    an: Person, officer_a: User, officer_a_client: Client
) -> None:
    episode = open_(an, K.USER_MANAGEMENT, date(2026, 2, 1), officer_a)
    url = reverse("people:episode_detail", args=[episode.pk])
    assert 'id="decision-send-by"' not in html(officer_a_client.get(url))  # still running
    services.episode_stop(
        episode=episode, ended_on=date(2026, 4, 28), reason="addicted", actor=officer_a, today=TODAY
    )
    # Tuesday 28/04/2026 + 3 working days: 30/04 and 01/05 are public holidays, so Tuesday 05/05.
    page = html(officer_a_client.get(url))
    assert (
        '<dd id="decision-send-by">chậm nhất ngày 05/05/2026 (03 ngày làm việc; Nghị định '
        "105/2021/NĐ-CP, Mẫu 09, 10)</dd>"
    ) in page
    rehab = open_(an, K.REHAB_HOME, date(2026, 5, 4), officer_a, planned_months=6)
    services.episode_stop(
        episode=rehab, ended_on=date(2026, 6, 1), reason="quit", actor=officer_a, today=TODAY
    )
    rehab_page = html(officer_a_client.get(reverse("people:episode_detail", args=[rehab.pk])))
    assert 'id="decision-send-by"' not in rehab_page  # the limit is user management's
