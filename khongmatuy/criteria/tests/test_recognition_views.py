"""The recognition pages: list, detail, transitions, the decision file and the at-risk panel, as a
ward A officer, the read-only leadership, a group leader, a supervisor and outsiders."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Kind
from khongmatuy.common.roles import Role
from khongmatuy.criteria.models import Recognition
from tests.personas import World, client_for, make_user

from .factories import PDF, S, new_user, recognise, step, today

GROUP = "to_dan_pho_khong_ma_tuy"
COMMUNE = "qd28_xa_khong_ma_tuy"


def detail_url(area, code=GROUP) -> str:  # type: ignore[no-untyped-def]
    return reverse("criteria:recognition_detail", args=[area.pk, code])


def transition_url(area, code=GROUP) -> str:  # type: ignore[no-untyped-def]
    return reverse("criteria:recognition_transition", args=[area.pk, code])


def panel_url(area=None) -> str:  # type: ignore[no-untyped-def]
    url = reverse("criteria:at_risk_panel")
    return f"{url}?area={area.pk}" if area is not None else url


def test_list_and_detail_for_the_ward_officer(world: World, officer_a_client: Client) -> None:
    recognise(world.group_a1)
    step(world.group_a2, S.REGISTERED, today())
    response = officer_a_client.get(reverse("criteria:recognitions"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổ dân phố số 1" in page
    assert "Tổ dân phố số 2" in page
    assert "CHƯA được xác nhận" in page  # the UNCONFIRMED note (legal-basis §2.6)
    response = officer_a_client.get(reverse("criteria:recognitions"), {"status": "registered"})
    page = response.content.decode()
    assert "Tổ dân phố số 2" in page
    assert "Tổ dân phố số 1" not in page
    response = officer_a_client.get(detail_url(world.group_a1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "125/QĐ-UBND" in page
    assert "Được công nhận" in page
    assert 'id="transition-form"' in page
    assert '<option value="kept"' in page
    assert "Nguy cơ mất công nhận" not in page
    # a never-registered area has a page too (to register it)
    page = officer_a_client.get(detail_url(world.ward_a, COMMUNE)).content.decode()
    assert "Chưa đăng ký" in page
    assert '<option value="registered"' in page


def test_summary_counts_areas_without_a_record_as_not_registered(
    world: World, officer_a_client: Client
) -> None:
    recognise(world.group_a1)
    step(world.group_a2, S.REGISTERED, today())
    response = officer_a_client.get(reverse("criteria:recognitions"))
    counts = {value: n for value, _label, n in response.context["counts"]}
    # Gia Viên itself has no record: one commune not registered; both groups have a record
    assert counts["not_registered"] == 1
    assert (counts["recognised"], counts["registered"]) == (1, 1)
    extra = area_services.area_create(
        actor=None, parent=world.ward_a, name="Tổ dân phố số 3", kind=Kind.RESIDENTIAL_GROUP
    )
    assert extra.pk
    response = officer_a_client.get(reverse("criteria:recognitions"))
    assert {v: n for v, _label, n in response.context["counts"]}["not_registered"] == 2
    # the card's list shows exactly the areas it counts (they have no record to list)
    listed = officer_a_client.get(reverse("criteria:recognitions"), {"status": "not_registered"})
    rows = list(listed.context["page"].object_list)
    assert sorted(r.area.name for r in rows) == ["Gia Viên", "Tổ dân phố số 3"]
    assert all(r.pk is None and r.status == S.NOT_REGISTERED for r in rows)
    assert listed.context["page"].paginator.count == 2
    assert "Tổ dân phố số 3" in listed.content.decode()
    # a recognised group's badge is green, a withdrawn one red (the badge colour code)
    detail = officer_a_client.get(detail_url(world.group_a1)).content.decode()
    assert '<span class="badge ok">Được công nhận</span>' in detail


def test_wrong_programme_for_the_level_is_404(world: World, officer_a_client: Client) -> None:
    assert officer_a_client.get(detail_url(world.group_a1, COMMUNE)).status_code == 404
    assert officer_a_client.get(detail_url(world.haiphong, COMMUNE)).status_code == 404


def test_transition_through_the_page(world: World, officer_a, officer_a_client: Client) -> None:  # type: ignore[no-untyped-def]
    day = f"{today():%d/%m/%Y}"
    response = officer_a_client.post(
        transition_url(world.group_a1), {"to_status": "registered", "on": day}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.group_a1)
    recognition = Recognition.objects.get(area=world.group_a1)
    assert recognition.status == S.REGISTERED
    assert recognition.events.get().actor == officer_a
    # a refused step comes back as a form error, not a 500
    response = officer_a_client.post(
        transition_url(world.group_a1), {"to_status": "recognised", "on": day}
    )
    assert response.status_code == 200
    assert "Không thể chuyển từ “Đăng ký xây dựng” sang “Được công nhận”" in (
        response.content.decode()
    )


def test_propose_refused_on_the_page_names_the_criteria(
    world: World, officer_a_client: Client
) -> None:
    step(world.group_a1, S.REGISTERED, today())
    step(world.group_a1, S.CLEANING, today())
    new_user(world.group_a1, "Vũ Văn Mới")
    response = officer_a_client.post(
        transition_url(world.group_a1), {"to_status": "proposed", "on": f"{today():%d/%m/%Y}"}
    )
    page = response.content.decode()
    assert "Không thể đề nghị công nhận." in page
    assert "(1) Không phát sinh mới người nghiện, người sử dụng trái phép chất ma túy" in page
    assert Recognition.objects.get(area=world.group_a1).status == S.CLEANING


def test_recognise_with_a_decision_file_then_download(  # type: ignore[no-untyped-def]
    world: World, officer_a_client: Client, officer_b_client: Client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    for status in (S.REGISTERED, S.CLEANING, S.PROPOSED):
        step(world.group_a1, status, today())
    day = f"{today():%d/%m/%Y}"
    response = officer_a_client.post(
        transition_url(world.group_a1),
        {
            "to_status": "recognised",
            "on": day,
            "decision_number": "88/QĐ-UBND",
            "decision_date": day,
            "authority": "UBND phường Gia Viên",
            "document": SimpleUploadedFile("qd.pdf", PDF),
        },
    )
    assert response.status_code == 302
    url = reverse("criteria:recognition_document", args=[world.group_a1.pk, GROUP])
    response = officer_a_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert officer_b_client.get(url).status_code == 404


def test_leadership_reads_but_may_not_move(  # type: ignore[no-untyped-def]
    world: World, leadership_a, leader_a
) -> None:
    recognise(world.group_a1)
    for user in (leadership_a, leader_a):
        client = client_for(user)
        assert client.get(reverse("criteria:recognitions")).status_code == 200
        page = client.get(detail_url(world.group_a1)).content.decode()
        assert "125/QĐ-UBND" in page
        assert 'id="transition-form"' not in page
        response = client.post(
            transition_url(world.group_a1),
            {"to_status": "withdrawn", "on": f"{today():%d/%m/%Y}", "note": "x"},
        )
        assert response.status_code == 403
        assert client.get(panel_url(world.group_a1)).status_code == 200
    assert Recognition.objects.get(area=world.group_a1).status == S.RECOGNISED


def test_supervisor_has_no_criteria_pages(world: World) -> None:
    client = client_for(make_user("giamsat", Role.SUPERVISOR, [world.group_a1]))
    assert client.get(reverse("criteria:recognitions")).status_code == 403
    assert client.get(panel_url(world.group_a1)).status_code == 403


def test_outsiders_get_404(world: World, officer_b_client: Client) -> None:
    recognise(world.group_a1)
    new_user(world.group_a1, "Vũ Văn Mới")
    assert officer_b_client.get(detail_url(world.group_a1)).status_code == 404
    response = officer_b_client.post(
        transition_url(world.group_a1),
        {"to_status": "withdrawn", "on": f"{today():%d/%m/%Y}", "note": "x"},
    )
    assert response.status_code == 404
    assert officer_b_client.get(panel_url(world.group_a1)).status_code == 404
    assert officer_b_client.get(panel_url(world.ward_a)).status_code == 404
    assert officer_b_client.get(panel_url() + "?area=abc").status_code == 404
    for url in (reverse("criteria:recognitions"), panel_url()):
        page = officer_b_client.get(url).content.decode()
        assert "Tổ dân phố số 1" not in page
        assert "Gia Viên" not in page
    assert Recognition.objects.get(area=world.group_a1).status == S.RECOGNISED


def test_the_panel_flags_at_once(world: World, officer_a_client: Client) -> None:
    recognise(world.group_a1, on=today() - timedelta(days=30))
    page = officer_a_client.get(panel_url(world.group_a1)).content.decode()
    assert "Được công nhận" in page
    assert "Nguy cơ mất công nhận" not in page
    new_user(world.group_a1, "Vũ Văn Mới")
    for url in (panel_url(world.group_a1), panel_url(world.ward_a), panel_url()):
        page = officer_a_client.get(url).content.decode()
        assert "Nguy cơ mất công nhận" in page, url
        assert "(1) Không phát sinh mới người nghiện" in page
    page = officer_a_client.get(panel_url(world.group_a2)).content.decode()
    assert "Nguy cơ mất công nhận" not in page
    page = officer_a_client.get(detail_url(world.group_a1)).content.decode()
    assert "Nguy cơ mất công nhận" in page


def test_panel_query_count_is_independent_of_the_recognised_areas(  # type: ignore[no-untyped-def]
    world: World, officer_a, officer_a_client: Client
) -> None:
    recognise(world.group_a1, on=today() - timedelta(days=30))
    new_user(world.group_a1, "Vũ Văn Mới")

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            page = officer_a_client.get(panel_url(world.ward_a)).content.decode()
        return len(ctx.captured_queries), page.count("<tr data-area=")

    few = queries()
    for n in range(3, 11):
        group = area_services.area_create(
            actor=None, parent=world.ward_a, name=f"Tổ dân phố số {n}", kind=Kind.RESIDENTIAL_GROUP
        )
        recognise(group, on=today() - timedelta(days=30))
        new_user(group, f"Nguyễn Văn Số {n}")
    many = queries()
    assert (few[1], many[1]) == (1, 9)
    assert many[0] == few[0]
