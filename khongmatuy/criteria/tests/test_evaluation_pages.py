"""The evaluation pages: the live evaluation's content (status, criteria, unconfirmed warning,
links to the records), permissions (VIEW_CRITERIA to read, EVALUATE to store), scope 404s, the
stored results list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.criteria.models import Evaluation
from khongmatuy.criteria.rules import decision28, local
from tests.personas import client_for

from .factories import Facts

GROUP = local.DRUG_FREE_GROUP
FREE = decision28.DRUG_FREE_COMMUNE

pytestmark = [pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(f"criteria:{name}", args=args)


def test_live_evaluation_of_a_group(facts_world: Facts, officer_a_client: Client) -> None:
    w = facts_world.world
    response = officer_a_client.get(_url("evaluation", w.group_a1.pk), {"rule_set": GROUP})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="evaluation-status"' in html
    assert "Không đạt" in html
    assert "1 tiêu chí đạt · phiên bản 1, hiệu lực từ 01/01/2025" in html
    assert "Dân số đang cư trú: 512" in html
    assert "23/11/2025 – 23/11/2026" in html
    assert 'id="unconfirmed-warning"' not in html
    # links to the records behind each value
    # (the records counted: as of the date, in the window)
    group = w.group_a1.pk
    assert (
        f"/people/?area={group}&amp;status=all&amp;new_from=23%2F11%2F2025&amp;new_to=23%2F11%2F2026"
        in html
    )
    assert f"/people/?area={group}&amp;status=all&amp;dealers=1&amp;as_of=23%2F11%2F2026" in html
    assert f"/places/?area={group}&amp;kind=harbouring&amp;existing_on=23%2F11%2F2026" in html
    assert "/people/?category=" not in html
    assert Evaluation.objects.count() == 0  # nothing stored
    assert 'id="store-form"' in html
    assert 'id="bulk-form"' in html


def test_live_evaluation_warns_of_unconfirmed_thresholds(
    facts_world: Facts, officer_a_client: Client
) -> None:
    w = facts_world.world
    response = officer_a_client.get(_url("evaluation", w.ward_a.pk), {"rule_set": FREE})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="unconfirmed-warning"' in html
    assert "phụ thuộc ngưỡng CHƯA XÁC NHẬN" in html
    assert html.count('<span class="badge alert">CHƯA XÁC NHẬN</span>') == 4
    # arrests of a hotspot rule set link to the arrests page for the window
    response = officer_a_client.get(
        _url("evaluation", w.ward_a.pk),
        {"rule_set": decision28.COMMUNE_HOTSPOT_I, "on": "30/09/2025"},
    )
    html = response.content.decode()
    assert (
        f"/cases/arrests/?start=30%2F09%2F2024&amp;end=30%2F09%2F2025&amp;area={w.ward_a.pk}"
        in (html)
    )
    assert "Tính đến ngày 30/09/2025" in html


def test_an_area_without_its_evidence_is_not_concluded(facts_world: Facts, city_user: User) -> None:
    """A ward nobody reviewed is "chưa kết luận", never "Đạt", and the page says what is missing."""
    w = facts_world.world
    client = client_for(city_user)
    response = client.get(_url("evaluation", w.ward_b.pk), {"rule_set": FREE})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="missing-evidence"' in html
    assert "Chưa có số dân đang cư trú tại ngày đánh giá." in html
    # (the outcome badge now carries its colour class: green "ok" for a pass)
    assert 'id="evaluation-outcome">Đạt</span>' not in html
    assert '<span class="badge inactive" id="evaluation-outcome">Chưa thể kết luận</span>' in html
    reviewed_page = client.get(_url("evaluation", w.ward_a.pk), {"rule_set": FREE})
    assert 'id="missing-evidence"' not in reviewed_page.content.decode()


def test_a_ward_opens_on_its_drug_free_rule_set(
    facts_world: Facts, officer_a_client: Client
) -> None:
    w = facts_world.world
    html = officer_a_client.get(_url("evaluation", w.ward_a.pk)).content.decode()
    assert f'<option value="{FREE}" selected>' in html
    assert "Thuộc diện trọng điểm" not in html
    group = officer_a_client.get(_url("evaluation", w.group_a1.pk)).content.decode()
    assert f'<option value="{GROUP}" selected>' in group


def test_a_hotspot_rule_set_is_worded_as_a_hotspot_finding(
    facts_world: Facts, officer_a_client: Client
) -> None:
    """Not being a hotspot is good news: worded so, and green, never a red "Không đạt"."""
    w = facts_world.world
    html = officer_a_client.get(
        _url("evaluation", w.ward_a.pk), {"rule_set": decision28.COMMUNE_HOTSPOT_I}
    ).content.decode()
    assert (
        '<span class="badge ok" id="evaluation-outcome">Không thuộc diện trọng điểm</span>' in html
    )
    assert 'id="evaluation-outcome">Không đạt' not in html


@pytest.mark.parametrize(
    ("code", "passed", "label", "badge"),
    [
        (decision28.COMMUNE_HOTSPOT_I, True, "Thuộc diện trọng điểm", "alert"),
        (decision28.COMMUNE_HOTSPOT_II, False, "Không thuộc diện trọng điểm", "ok"),
        (decision28.PROVINCE_HOTSPOT, None, "Chưa kết luận", "inactive"),
        (FREE, True, "Đạt", "ok"),
        (FREE, False, "Không đạt", "alert"),
        (GROUP, None, "Chưa thể kết luận", "inactive"),
    ],
)
def test_outcome_words_and_colours(code: str, passed: bool | None, label: str, badge: str) -> None:
    from khongmatuy.criteria.selectors.evaluation import outcome

    found = outcome(rule_set_code=code, passed=passed)
    assert (found.label, found.badge) == (label, badge)


def test_bad_date_and_rule_set(facts_world: Facts, officer_a_client: Client) -> None:
    w = facts_world.world
    response = officer_a_client.get(
        _url("evaluation", w.group_a1.pk), {"on": "31/02/2026", "rule_set": "khong_co"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026." in html
    assert "Bộ tiêu chí đã chọn không áp dụng cho địa bàn này" in html


def test_scope_404(facts_world: Facts, officer_a_client: Client) -> None:
    w = facts_world.world
    assert officer_a_client.get(_url("evaluation", w.group_b1.pk)).status_code == 404
    response = officer_a_client.post(_url("evaluate", w.ward_b.pk), {"rule_set": GROUP, "all": "1"})
    assert response.status_code == 404
    assert Evaluation.objects.count() == 0


def test_permissions(
    facts_world: Facts, leadership_a: User, leader_a: User, officer_a: User
) -> None:
    w = facts_world.world
    # Commune leadership and group leaders read; only EVALUATE stores.
    leadership = client_for(leadership_a)
    page = leadership.get(_url("evaluation", w.group_a1.pk))
    assert page.status_code == 200
    assert 'id="store-form"' not in page.content.decode()
    assert leadership.post(_url("evaluate", w.group_a1.pk), {"rule_set": GROUP}).status_code == 403
    leader = client_for(leader_a)
    assert leader.get(_url("evaluation", w.group_a1.pk)).status_code == 200
    assert leader.get(_url("evaluation", w.group_a2.pk)).status_code == 404
    assert leader.post(_url("evaluate", w.group_a1.pk), {"rule_set": GROUP}).status_code == 403
    assert leader.get(_url("evaluations")).status_code == 200
    assert Client().get(_url("evaluation", w.group_a1.pk)).status_code == 302
    assert client_for(officer_a).get(_url("evaluate", w.group_a1.pk)).status_code == 405


def test_store_one_and_all(facts_world: Facts, officer_a_client: Client, officer_a: User) -> None:
    w = facts_world.world
    response = officer_a_client.post(
        _url("evaluate", w.group_a1.pk), {"rule_set": GROUP, "on": "23/11/2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/criteria/evaluations/?area={w.group_a1.pk}&rule_set={GROUP}"
    one = Evaluation.objects.get()
    assert (one.area, one.rule_set_version, one.evaluated_by) == (w.group_a1, "1", officer_a)
    response = officer_a_client.post(
        _url("evaluate", w.ward_a.pk), {"rule_set": GROUP, "all": "1"}, follow=True
    )
    html = response.content.decode()
    assert "Đã đánh giá 2 địa bàn: 1 đạt, 1 không đạt, 0 chưa kết luận." in html
    assert Evaluation.objects.count() == 3
    assert AuditEvent.objects.filter(model="criteria.Evaluation").count() == 2
    assert response.redirect_chain[-1][0].startswith("/jobs/")  # a background job with a bar
    html = officer_a_client.get(response.context["job"].result_url).content.decode()
    assert html.count("<tr>") == 4  # header + 3 results
    # A refusal is a message, not a 500.
    response = officer_a_client.post(
        _url("evaluate", w.ward_a.pk), {"rule_set": GROUP}, follow=True
    )
    assert "không áp dụng cho Phường Gia Viên" in response.content.decode()
    response = officer_a_client.post(
        _url("evaluate", w.ward_a.pk), {"rule_set": GROUP, "on": "01/01/2027"}, follow=True
    )
    assert "Ngày 01/01/2027 ở tương lai; hôm nay là 23/11/2026." in response.content.decode()
    assert Evaluation.objects.count() == 3


def test_bulk_evaluation_of_a_city_lands_on_its_results_without_a_form_error(
    facts_world: Facts, city_user: User
) -> None:
    w = facts_world.world
    client = client_for(city_user)
    response = client.post(
        _url("evaluate", w.haiphong.pk), {"rule_set": GROUP, "all": "1"}, follow=True
    )
    assert "Đã đánh giá 3 địa bàn" in response.content.decode()  # the job's page
    response = client.get(response.context["job"].result_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" not in html
    assert "errorlist" not in html
    assert response.context["filters"].is_valid()
    assert response.context["filters"].cleaned_data["area"] == w.haiphong
    assert html.count("<tr>") == 4  # header + 3 results


def test_stored_list_is_scoped_and_filtered(
    facts_world: Facts, officer_a_client: Client, officer_b_client: Client
) -> None:
    from khongmatuy.criteria.services import evaluation as services

    w = facts_world.world
    from datetime import date

    services.evaluate_all(actor=None, root=w.country, rule_set_code=GROUP, on=date(2026, 11, 23))
    mine = officer_a_client.get(_url("evaluations")).content.decode()
    assert "3 kết quả" not in mine
    assert "2 kết quả" in mine
    assert "Tổ dân phố Thành Công" not in mine
    theirs = officer_b_client.get(_url("evaluations")).content.decode()
    assert "1 kết quả" in theirs
    assert "Tổ dân phố Thành Công" in theirs
    failed = officer_a_client.get(_url("evaluations"), {"result": "failed"}).content.decode()
    assert "1 kết quả" in failed
    assert "Tổ dân phố số 1" in failed
    passed = officer_a_client.get(
        _url("evaluations"), {"result": "passed", "area": str(w.group_a2.pk)}
    ).content.decode()
    assert "1 kết quả" in passed
    assert "Tổ dân phố số 2" in passed
