"""The data-quality page (counts, drill-down lists, stale records at a frozen date), the
duplicates and merge pages, the person-page section; scope, sensitive fields, query counts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from khongmatuy.people.choices import SupervisorKind
from khongmatuy.people.models import Person
from khongmatuy.people.selectors import quality as selectors
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import quality as services
from tests.personas import client_for

from .factories import HX, TODAY, body, citizen_id
from .factories import register_complete as register

QUALITY = reverse("people:quality")


def supervise(actor, person):  # type: ignore[no-untyped-def]
    care_services.supervision_assign(
        actor=actor,
        person=person,
        name="Hoàng Văn Giúp",
        kind=SupervisorKind.VETERAN,
        started_on=date(2026, 11, 2),
        today=TODAY,
    )


@pytest.fixture
def data(world, officer_a, officer_b, frozen):  # type: ignore[no-untyped-def]
    """Group 1: An (complete), his duplicate (no ID, no supervisor), Bình (no phone, no
    supervisor). Group 2: Cường (complete). At the ward level: Dũng (no group). Ward B: Em."""
    an = register(officer_a, world.group_a1, "Nguyễn Văn An", cid=citizen_id(1))
    supervise(officer_a, an)
    an_again = register(officer_a, world.group_a1, "Nguyen Van An")
    binh = register(officer_a, world.group_a1, "Trần Văn Bình", phone="")
    cuong = register(officer_a, world.group_a2, "Lê Văn Cường", cid=citizen_id(3))
    supervise(officer_a, cuong)
    dung = register(officer_a, world.ward_a, "Phạm Văn Dũng", cid=citizen_id(4))
    supervise(officer_a, dung)
    em = register(officer_b, world.group_b1, "Hoàng Văn Em", cid=citizen_id(5))
    supervise(officer_b, em)
    return {"an": an, "an_again": an_again, "binh": binh, "cuong": cuong, "dung": dung, "em": em}


def counts(row: selectors.QualityRow) -> tuple[int, int, int, int, int]:
    return (row.total, row.incomplete, row.stale, row.unverified, row.duplicates)


def test_quality_rows_count_per_group_and_for_the_ward(data, world, officer_a):
    total, rows = selectors.quality_rows(
        user=officer_a, area=world.ward_a, on=TODAY, verify_days=180
    )

    assert counts(total) == (5, 3, 0, 5, 2)
    assert [(r.area, counts(r)) for r in rows] == [
        (None, (1, 1, 0, 1, 0)),  # Dũng: recorded at the ward, no group
        (world.group_a1, (3, 2, 0, 3, 2)),
        (world.group_a2, (1, 0, 0, 1, 0)),
    ]


def test_a_city_user_gets_one_row_per_commune(data, world, city_user):
    total, rows = selectors.quality_rows(
        user=city_user, area=world.haiphong, on=TODAY, verify_days=180
    )

    assert counts(total) == (6, 3, 0, 6, 2)
    assert [(r.area, counts(r)) for r in rows] == [
        (world.ward_a, (5, 3, 0, 5, 2)),
        (world.ward_b, (1, 0, 0, 1, 0)),
    ]


def test_stale_and_unverified_at_a_frozen_date(world, officer_a, settings):
    settings.KMT_STALE_DAYS = 90
    with time_machine.travel(datetime(2026, 8, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        old = register(officer_a, world.group_a1, "Vũ Văn Cũ", started_on=date(2026, 7, 15))
    with time_machine.travel(datetime(2026, 8, 26, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        recent = register(officer_a, world.group_a1, "Vũ Văn Mới", started_on=date(2026, 7, 15))
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
        services.reconciliation_check(
            actor=officer_a, round=round_, person=recent, outcome="confirmed", on=date(2026, 6, 1)
        )

    def stale_ids(on: date) -> list[int]:
        qs = selectors.drilldown(
            user=officer_a, area=world.group_a1, which="stale", on=on, verify_days=90
        )
        return list(qs.values_list("pk", flat=True))

    # On 23/11 the cut-off is 25/08 00:00: the record last updated 01/08 is stale. ``recent``
    # was updated when it was verified (on 23/11) and is not.
    assert stale_ids(TODAY) == [old.pk]
    assert stale_ids(date(2026, 10, 30)) == []  # cut-off 01/08 00:00: not yet
    assert stale_ids(date(2026, 10, 31)) == [old.pk]
    unverified = selectors.drilldown(
        user=officer_a, area=world.group_a1, which="unverified", on=TODAY, verify_days=90
    )
    # ``recent`` was verified on 01/06 (more than 90 days before 23/11): unverified too.
    assert list(unverified.values_list("pk", flat=True)) == [old.pk, recent.pk]
    total, _rows = selectors.quality_rows(
        user=officer_a, area=world.group_a1, on=TODAY, verify_days=200
    )
    assert (total.stale, total.unverified) == (1, 1)


def test_the_sql_condition_agrees_with_the_rule_for_every_person(data, world, city_user):
    qs = selectors.with_quality_facts(
        selectors.managed_persons(user=city_user, area=world.haiphong),
        on=TODAY,
        intervals=selectors.contact_intervals(),
    ).select_related("area")
    incomplete = set(qs.filter(selectors.incomplete_condition()).values_list("pk", flat=True))

    scores = {p.full_name: selectors.completeness_of_row(p, on=TODAY) for p in qs}

    assert {name: (c.score, c.missing) for name, c in scores.items()} == {
        "Nguyễn Văn An": (100, ()),
        "Nguyen Van An": (80, ("citizen_id", "supervisor")),
        "Trần Văn Bình": (70, ("citizen_id", "phone", "supervisor")),
        "Lê Văn Cường": (100, ()),
        "Phạm Văn Dũng": (90, ("group",)),
        "Hoàng Văn Em": (100, ()),
    }
    assert incomplete == {data[k].pk for k in ("an_again", "binh", "dung")}


# --- the page ----------------------------------------------------------------------------------


def test_quality_page_shows_the_ward_by_group(data, world, officer_a_client):
    response = officer_a_client.get(QUALITY)

    text = body(response)
    assert response.status_code == 200
    assert response.context["area"] == world.ward_a
    assert "Chất lượng dữ liệu người trong diện quản lý: Phường Gia Viên" in text
    assert f'href="?area={world.group_a1.pk}&amp;days=180&amp;list=incomplete">2</a>' in text
    assert "Chưa xác định tổ dân phố, thôn (ghi ở cấp xã)" in text
    assert reverse("people:reconciliation_start", args=[world.ward_a.pk]) in text


def test_drilldown_lists_the_persons_behind_a_count(data, world, officer_a_client):
    response = officer_a_client.get(QUALITY, {"area": world.ward_a.pk, "list": "incomplete"})

    text = body(response)
    assert [row.person for row in response.context["rows"]] == [
        data["an_again"],
        data["binh"],
        data["dung"],
    ]
    assert "Số CCCD / định danh cá nhân, Người được giao quản lý, giúp đỡ" in text
    assert "Tổ dân phố, thôn nơi cư trú (đang ghi cấp xã)" in text


def test_drilldown_over_htmx_is_the_results_partial(data, world, officer_a_client):
    response = officer_a_client.get(
        QUALITY, {"area": world.group_a1.pk, "list": "duplicates"}, headers=HX
    )

    text = body(response)
    assert text.strip().startswith('<div id="quality-results"')
    assert "<html" not in text
    assert text.count("<tr>") == 3  # the header and the two records of An
    assert text.index("Nguyen Van An") < text.index("Nguyễn Văn An")  # Vietnamese order


def test_another_ward_gets_404_for_ward_a_and_sees_none_of_it(data, world, officer_b_client):
    for url in (
        f"{QUALITY}?area={world.ward_a.pk}",
        f"{QUALITY}?area={world.group_a1.pk}&list=incomplete",
        f"{reverse('people:duplicates')}?area={world.ward_a.pk}",
        reverse("people:merge", args=[data["an"].pk, data["an_again"].pk]),
    ):
        assert officer_b_client.get(url).status_code == 404, url
    own = body(officer_b_client.get(QUALITY, {"list": "unverified"}))
    duplicates = body(officer_b_client.get(reverse("people:duplicates")))
    for text in (own, duplicates):
        assert "Gia Viên" not in text
        assert "Nguyễn Văn An" not in text
    assert "Hoàng Văn Em" in own


def test_bad_parameters_are_ignored_or_404(data, officer_a_client):
    assert officer_a_client.get(QUALITY, {"area": "abc"}).status_code == 404
    response = officer_a_client.get(QUALITY, {"list": "nonsense", "days": "-4"})
    assert response.status_code == 200
    assert (response.context["which"], response.context["verify_days"]) == ("", 180)


def test_quality_page_queries_do_not_grow_with_persons(
    data, world, officer_a, officer_a_client, django_assert_max_num_queries
):
    url = f"{QUALITY}?area={world.ward_a.pk}&list=incomplete"
    officer_a_client.get(url)
    # the reads and the one insert of the VIEW entries of the persons shown
    with django_assert_max_num_queries(15) as few:
        officer_a_client.get(url)
    for i in range(15):
        register(
            officer_a, world.group_a2 if i % 2 else world.group_a1, f"Đỗ Văn Mười {i}", phone=""
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_a_client.get(url)
    assert len(response.context["rows"]) == 18
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_a_client.get(reverse("people:duplicates"))


# --- duplicates, merge, person section ---------------------------------------------------------


def test_duplicates_page_hides_citizen_ids_from_a_group_leader(data, leader_a, officer_a_client):
    officer_page = body(officer_a_client.get(reverse("people:duplicates")))
    leader_page = body(client_for(leader_a).get(reverse("people:duplicates")))

    merge_url = reverse("people:merge", args=[data["an"].pk, data["an_again"].pk])
    assert citizen_id(1) in officer_page
    assert merge_url in officer_page
    assert "Rất có thể trùng (cùng tổ dân phố, thôn)" in leader_page
    assert citizen_id(1) not in leader_page
    assert merge_url not in leader_page


def test_merge_page_compares_then_merges(data, officer_a_client):
    an, an_again = data["an"], data["an_again"]
    url = reverse("people:merge", args=[an.pk, an_again.pk])

    page = officer_a_client.get(url)
    response = officer_a_client.post(url)

    assert page.status_code == 200
    comparison = {row["label"]: (row["keep"], row["remove"]) for row in page.context["comparison"]}
    assert comparison["họ và tên"] == ("Nguyễn Văn An", "Nguyen Van An")
    assert comparison["số CCCD / định danh cá nhân"] == (citizen_id(1), "")
    assert response.status_code == 302
    assert response["Location"] == an.get_absolute_url()
    an_again.refresh_from_db()
    assert an_again.merged_into_id == an.pk


def test_merge_refusal_is_shown_on_the_page(world, officer_a, officer_a_client, frozen):
    first = register(officer_a, world.group_a1, "Phạm Văn Đức", cid=citizen_id(11))
    second = register(officer_a, world.group_a1, "Phạm Văn Đức", cid=citizen_id(12))

    response = officer_a_client.post(reverse("people:merge", args=[first.pk, second.pk]))

    assert response.status_code == 200
    assert "Hai hồ sơ có số CCCD khác nhau" in body(response)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_merge_needs_manage_persons(data, leader_a):
    url = reverse("people:merge", args=[data["an"].pk, data["an_again"].pk])

    assert client_for(leader_a).get(url).status_code == 403
    assert client_for(leader_a).post(url).status_code == 403


def test_person_section_shows_score_missing_facts_and_duplicates(data, officer_a):
    section = selectors.person_section(user=officer_a, person=data["an_again"], on=TODAY)

    assert (section["quality"].score, section["quality"].labels) == (
        80,
        ["Số CCCD / định danh cá nhân", "Người được giao quản lý, giúp đỡ"],
    )
    assert section["quality_duplicates"] == [data["an"]]
    assert section["quality_stale"] is False
    assert section["quality_can_merge"] is True


def test_person_page_renders_the_quality_section(data, officer_a, officer_a_client):
    services.person_merge(actor=officer_a, keep=data["an"], remove=data["an_again"], on=TODAY)

    text = body(officer_a_client.get(data["an"].get_absolute_url()))
    merged_page = body(officer_a_client.get(data["an_again"].get_absolute_url()))

    assert 'id="quality-section"' in text
    assert '<strong id="quality-score">100%</strong>' in text
    assert 'id="quality-merged-from"' in text
    assert f"#{data['an_again'].pk} Nguyen Van An" in text
    assert "quality-duplicates" not in text  # merged: no longer a likely duplicate
    assert "Hồ sơ này đã được gộp vào" in merged_page


def test_nationwide_the_costly_counts_wait_for_a_province(
    data, world, admin_user, admin_client_kmt
):
    total, rows = selectors.quality_rows(user=admin_user, area=None, on=TODAY, verify_days=180)

    assert counts(total) == (6, None, 0, 6, None)
    assert [(r.area, counts(r)) for r in rows] == [(world.haiphong, (6, None, 0, 6, None))]
    page = body(admin_client_kmt.get(QUALITY))
    assert "Toàn quốc: chọn một tỉnh, thành phố để đếm hồ sơ thiếu thông tin" in page
    province = selectors.quality_rows(
        user=admin_user, area=world.haiphong, on=TODAY, verify_days=180
    )
    assert counts(province[0]) == (6, 3, 0, 6, 2)


def test_a_check_over_htmx_updates_the_rounds_counter(data, world, officer_a, officer_a_client):  # type: ignore[no-untyped-def]
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    detail = body(officer_a_client.get(reverse("people:reconciliation_detail", args=[round_.pk])))
    assert 'id="round-counter" aria-live="polite">Đã rà soát 0/3 người</span>' in detail
    url = reverse("people:reconciliation_check", args=[round_.pk, data["an"].pk])
    answer = body(officer_a_client.post(url, {"outcome": "confirmed", "note": ""}, headers=HX))
    assert f'id="round-row-{data["an"].pk}"' in answer
    assert '<span id="round-counter" hx-swap-oob="true" aria-live="polite">' in answer
    assert "Đã rà soát 1/3 người" in answer
