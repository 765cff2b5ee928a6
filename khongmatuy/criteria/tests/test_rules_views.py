"""Rule-set pages: list with unconfirmed badges, detail, composition without code (formset
errors on their row and field), threshold confirmation, and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Level
from khongmatuy.criteria.forms import ConditionForm
from khongmatuy.criteria.models import RuleSetVersion
from khongmatuy.criteria.rules import decision28, local, registry

TYPE_I = decision28.COMMUNE_HOTSPOT_I
TYPE_II = decision28.COMMUNE_HOTSPOT_II


def confirm_url_for(rule_set: str, condition: str) -> str:
    """The one confirmation page of a legal value, for a Decision 28 threshold."""
    return reverse(
        "legal:confirm", args=["criteria", f"{rule_set}:{condition}", decision28.EFFECTIVE]
    )


def management(total: int, initial: int = 0) -> dict[str, Any]:
    return {
        "conditions-TOTAL_FORMS": str(total),
        "conditions-INITIAL_FORMS": str(initial),
        "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "30",
    }


def compose_post(rows: list[dict[str, Any]], **head: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "phuong_sach_ma_tuy",
        "name": "Phường sạch ma túy",
        "level": str(Level.COMMUNE),
        "combination": "all",
        "at_least": "",
        "window_months": "12",
        "effective_from": "01/01/2027",
        "source": "",
        "owner_area": "",
        **head,
        **management(len(rows)),
    }
    for i, r in enumerate(rows):
        for key, value in r.items():
            data[f"conditions-{i}-{key}"] = value
    return data


def test_list_shows_versions_and_unconfirmed_badges(officer_a_client: Client) -> None:
    response = officer_a_client.get(reverse("criteria:rule_sets"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Địa bàn cấp xã trọng điểm phức tạp về ma túy loại I" in body
    assert "Tổ dân phố không ma túy" in body
    # types II, III, the province and the drug-free commune (type I's thresholds are all known
    # since its route criterion (đ) reads the recorded key routes)
    assert body.count('<span class="badge alert">CHƯA XÁC NHẬN</span>') == 4
    assert "24/08/2025" in body
    assert reverse("criteria:rule_set_compose") not in body  # no COMPOSE_RULES


def test_detail_lists_conditions_with_articles(officer_a_client: Client) -> None:
    response = officer_a_client.get(reverse("criteria:rule_set_detail", args=[TYPE_I, 1]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đạt khi đạt tối thiểu 3 tiêu chí." in body
    assert "&gt;= 3.000" in body
    assert "&gt;= 750 m²" in body
    assert "&gt;= 0,5 %" in body
    assert "(hoặc)" in body
    assert (
        "QĐ 28/2025/QĐ-TTg, tiêu chí địa bàn cấp xã trọng điểm phức tạp về ma túy"
        " (số điều chưa xác nhận), khoản 1 (loại I), điểm a" in body
    )
    assert "Xác nhận ngưỡng" not in body
    assert (
        officer_a_client.get(reverse("criteria:rule_set_detail", args=[TYPE_I, 2])).status_code
        == 404
    )
    assert (
        officer_a_client.get(reverse("criteria:rule_set_detail", args=["khong_co", 1])).status_code
        == 404
    )


def test_leader_may_read_supervisor_may_not(leader_a: User, world: Any) -> None:
    from tests.personas import client_for, make_user

    assert client_for(leader_a).get(reverse("criteria:rule_sets")).status_code == 200
    supervisor = make_user("giupdo", "supervisor", [world.group_a1])
    assert client_for(supervisor).get(reverse("criteria:rule_sets")).status_code == 403


def test_commune_police_cannot_compose_or_confirm(officer_a_client: Client) -> None:
    url = reverse("criteria:rule_set_compose")
    assert officer_a_client.get(url).status_code == 403
    assert officer_a_client.post(url, compose_post([])).status_code == 403
    confirm_url = confirm_url_for(TYPE_II, "đ")
    assert officer_a_client.get(confirm_url).status_code == 403
    assert officer_a_client.post(confirm_url, {"threshold": "1"}).status_code == 403
    assert RuleSetVersion.objects.count() == 0


def test_admin_composes_a_rule_set(admin_client_kmt: Client) -> None:
    url = reverse("criteria:rule_set_compose")
    page = admin_client_kmt.get(url)
    assert page.status_code == 200
    assert 'name="conditions-TOTAL_FORMS" value="3"' in page.content.decode()
    rows = [
        {"code": "1", "metric": "hotspots", "comparator": "==", "threshold": "0"},
        {},  # a blank row is skipped
        {
            "code": "2",
            "metric": "new_users",
            "comparator": "==",
            "threshold": "0",
            "window_months": "6",
        },
    ]
    response = admin_client_kmt.post(url, compose_post(rows))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "criteria:rule_set_detail", args=["phuong_sach_ma_tuy", 1]
    )
    spec = registry.rule_set_for("phuong_sach_ma_tuy", on=date(2027, 1, 1))
    assert spec is not None
    assert [(c.code, c.metric, c.threshold, c.window_months) for c in spec.conditions] == [
        ("1", "hotspots", Decimal(0), None),
        ("2", "new_users", Decimal(0), 6),
    ]
    detail = admin_client_kmt.get(response["Location"]).content.decode()
    assert "Tạo phiên bản mới" in detail


def test_composition_errors_are_shown_on_their_row(admin_client_kmt: Client) -> None:
    rows = [
        {"code": "1", "metric": "hotspots", "comparator": "==", "threshold": "0"},
        {},
        {"code": "1", "metric": "dealers", "comparator": "==", "threshold": ""},
    ]
    response = admin_client_kmt.post(
        reverse("criteria:rule_set_compose"), compose_post(rows, code=TYPE_I, name="")
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[2].errors == {
        "code": ["Dòng 3: số thứ tự “1” trùng với dòng 1."],
        "threshold": ["Dòng 3: nhập ngưỡng."],
    }
    assert formset.forms[0].errors == {}
    form = response.context["form"]
    assert form.errors["name"] == ["Nhập tên bộ tiêu chí."]
    assert form.errors["code"] == [
        f"Mã “{TYPE_I}” đã có; để sửa, hãy tạo phiên bản mới của bộ tiêu chí đó."
    ]
    assert RuleSetVersion.objects.count() == 0


def test_composition_is_bounded(admin_client_kmt: Client) -> None:
    rows = [
        {"code": str(i), "metric": "dealers", "comparator": "==", "threshold": "0"}
        for i in range(31)
    ]
    response = admin_client_kmt.post(reverse("criteria:rule_set_compose"), compose_post(rows))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Một bộ tiêu chí có tối đa 30 tiêu chí."
    ]
    data = compose_post([])
    data["conditions-TOTAL_FORMS"] = "100000"
    response = admin_client_kmt.post(reverse("criteria:rule_set_compose"), data)
    assert response.status_code == 200
    assert RuleSetVersion.objects.count() == 0


def test_new_version_of_the_group_rule_set_is_prefilled(admin_client_kmt: Client) -> None:
    url = reverse("criteria:rule_set_compose") + f"?code={local.DRUG_FREE_GROUP}"
    page = admin_client_kmt.get(url)
    assert page.status_code == 200
    assert page.context["formset"].initial[0]["metric"] == "new_users"
    assert (
        admin_client_kmt.get(reverse("criteria:rule_set_compose") + f"?code={TYPE_I}").status_code
        == 404
    )
    rows = [
        {
            "code": "1",
            "metric": "new_users",
            "comparator": "==",
            "threshold": "0",
            "window_months": "12",
        },
        {"code": "2", "metric": "dealers", "comparator": "==", "threshold": "0"},
    ]
    response = admin_client_kmt.post(
        url,
        compose_post(rows, code="bo_qua", level=str(Level.GROUP), name="Tổ dân phố không ma túy"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "criteria:rule_set_detail", args=[local.DRUG_FREE_GROUP, 2]
    )


def test_admin_confirms_a_threshold(admin_client_kmt: Client) -> None:
    url = confirm_url_for(TYPE_II, "đ")
    page = admin_client_kmt.get(url)
    assert page.status_code == 200
    assert "CHƯA XÁC NHẬN" in page.content.decode()
    missing = admin_client_kmt.post(url, {"metric": "on_key_route", "comparator": ">="})
    assert missing.status_code == 200
    assert set(missing.context["form"].errors) == {"threshold", "article", "effective_from"}
    response = admin_client_kmt.post(
        url,
        {
            "metric": "on_key_route",
            "comparator": ">=",
            "threshold": "1",
            "article": "Điều 3, khoản 2, điểm đ",
            "effective_from": "01/01/2027",
            "source": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:index") + "#criteria"
    assert registry.latest(TYPE_II).version == "2"  # type: ignore[union-attr]
    spec = registry.rule_set_for(TYPE_II, on=date(2027, 1, 1))
    assert spec is not None
    assert spec.conditions[-1].confirmed is True
    # the confirmed threshold: back to the list of legal values
    again = admin_client_kmt.get(confirm_url_for(TYPE_II, "đ"))
    assert again.status_code == 302
    assert admin_client_kmt.get(confirm_url_for(TYPE_I, "zz")).status_code == 404
    assert admin_client_kmt.get(confirm_url_for(local.DRUG_FREE_GROUP, "1")).status_code == 404


def test_a_condition_threshold_is_typed_with_a_comma_or_a_point() -> None:
    """A rate typed as on a Vietnamese page ("0,5") is a half, as "0.5" is; a number input
    would drop the comma, so the box is text."""
    for typed in ("0,5", "0.5"):
        form = ConditionForm(
            data={"metric": "managed_rate", "comparator": ">=", "threshold": typed}
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["threshold"] == Decimal("0.5")
    assert 'type="number"' not in str(ConditionForm()["threshold"])
