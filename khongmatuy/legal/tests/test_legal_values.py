"""The one mechanism that confirms a legal value: every app's unconfirmed rules listed on one
page, confirmed through one form and one service, audited, and used by the app from then on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.criteria.rules import decision28, registry
from khongmatuy.legal import registry as legal_registry
from khongmatuy.legal import selectors, services
from khongmatuy.legal.models import LegalValue
from khongmatuy.people import durations
from khongmatuy.tips.rules import deadlines

INDEX = "legal:index"
TIP_RULE = ["tip-deadlines", "handling", "2025-07-01"]
ROUTE = f"{decision28.COMMUNE_HOTSPOT_II}:đ"  # type I's (đ) is definitional


def page(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_every_app_lists_its_rules_in_one_place(admin_user: User) -> None:
    groups = {g.source.key: g for g in selectors.all_items()}
    assert list(groups) == [
        "durations",
        "places-inspection",
        "tip-deadlines",
        "criteria",
        "programme-catalogue",
        "report-periods",
    ]
    assert all(g.unconfirmed > 0 for g in groups.values())
    durations_unconfirmed = sum(
        1
        for code in dict.fromkeys(r.code for r in durations.RULES)
        for v in durations.resolve_versions(code, overrides=durations.NO_OVERRIDES)
        if not v.confirmed
    )
    assert groups["durations"].unconfirmed == durations_unconfirmed
    assert groups["tip-deadlines"].unconfirmed == 1
    assert groups["places-inspection"].unconfirmed == 1  # a local rule, until set
    criteria_unconfirmed = sum(
        1 for spec in decision28.RULE_SETS for c in spec.conditions if not c.confirmed
    )
    assert groups["criteria"].unconfirmed == criteria_unconfirmed
    assert groups["report-periods"].unconfirmed == 2  # each province, until its rule is saved
    assert selectors.unconfirmed_count() == sum(g.unconfirmed for g in groups.values())


def test_the_page_lists_and_filters_unconfirmed_values(admin_client_kmt: Client) -> None:
    full = page(admin_client_kmt.get(reverse(INDEX)))
    assert "Thời hạn giải quyết tố giác, tin báo về tội phạm" in full
    assert "Ngưỡng tiêu chí theo Quyết định số 28/2025/QĐ-TTg" in full
    assert "Luật 73/2021/QH14 Điều 23" in full  # a confirmed duration, listed in full only
    only = page(admin_client_kmt.get(reverse(INDEX) + "?unconfirmed=1"))
    assert "Luật 73/2021/QH14 Điều 23" not in only
    assert reverse("legal:confirm", args=TIP_RULE) in only
    # internal rule codes are not shown as text
    assert ">law99-2025-07-01<" not in only


def test_confirming_a_tip_deadline_from_the_form(
    admin_client_kmt: Client, admin_user: User
) -> None:
    url = reverse("legal:confirm", args=TIP_RULE)
    form = page(admin_client_kmt.get(url))
    assert "CHƯA XÁC NHẬN" in form
    assert 'value="20"' in form  # the carried value is the starting point
    bad = admin_client_kmt.post(
        url, {"days": "0", "extended_months": "2", "further_months": "2", "article": ""}
    )
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"days", "article"}
    assert LegalValue.objects.count() == 0
    saved = admin_client_kmt.post(
        url,
        {
            "days": "30",
            "extended_months": "2",
            "further_months": "2",
            "article": "Bộ luật Tố tụng hình sự (sửa đổi 2025), Điều 147 khoản 1",
            "note": "Đối chiếu Công báo",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == reverse(INDEX) + "#tip-deadlines"
    row = LegalValue.objects.get()
    assert (row.rule, row.values, row.confirmed_by) == (
        "tip-deadlines:handling",
        {"days": 30, "extended_months": 2, "further_months": 2},
        admin_user,
    )
    event = AuditEvent.objects.get(model="legal.LegalValue")
    assert (event.action, event.actor_id) == (AuditEvent.Action.CREATE, admin_user.pk)
    assert event.after["values"] == {"days": 30, "extended_months": 2, "further_months": 2}
    rule = deadlines.rule_for(on=date(2026, 1, 1))
    assert (rule.days, rule.confirmed, rule.set_by_administrator) == (30, True, True)
    assert rule.note == "Đối chiếu Công báo"
    # editing again is an audited update of the same row
    admin_client_kmt.post(
        url, {"days": "25", "extended_months": "2", "further_months": "2", "article": "Điều 147"}
    )
    assert LegalValue.objects.get().values["days"] == 25
    assert sorted(
        AuditEvent.objects.filter(model="legal.LegalValue").values_list("action", flat=True)
    ) == sorted([AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE])


def test_confirming_a_threshold_makes_a_new_rule_set_version(
    admin_client_kmt: Client, admin_user: User
) -> None:
    url = reverse("legal:confirm", args=["criteria", ROUTE, decision28.EFFECTIVE])
    saved = admin_client_kmt.post(
        url,
        {
            "metric": decision28.ROUTE_METRIC,
            "comparator": ">=",
            "threshold": "1",
            "effective_from": "24/08/2025",
            "article": "Điều 3, khoản 2, điểm đ Quyết định số 28/2025/QĐ-TTg",
        },
    )
    assert saved.status_code == 302
    latest = registry.latest(decision28.COMMUNE_HOTSPOT_II)
    assert latest is not None
    assert latest.version == "2"
    condition = next(c for c in latest.conditions if c.code == "đ")
    assert (condition.confirmed, condition.threshold) == (True, Decimal(1))
    assert LegalValue.objects.get().rule == f"criteria:{ROUTE}"
    # a confirmed threshold is no longer offered; its page sends back to the list
    assert admin_client_kmt.get(url).status_code == 302


def test_a_refusal_of_the_owning_app_saves_nothing(admin_user: User) -> None:
    with pytest.raises(DomainError) as exc:
        services.legal_value_confirm(
            source="criteria",
            code=ROUTE,
            effective_from=decision28.EFFECTIVE,
            values={
                "metric": decision28.ROUTE_METRIC,
                "comparator": ">=",
                "threshold": Decimal(1),
                "effective_from": date(2025, 1, 1),  # before Decision 28
            },
            article="Điều 3",
            actor=admin_user,
        )
    assert set(exc.value.message_dict) == {"effective_from"}
    assert LegalValue.objects.count() == 0
    assert registry.latest(decision28.COMMUNE_HOTSPOT_II).version == "1"  # type: ignore[union-attr]
    assert not AuditEvent.objects.filter(model="legal.LegalValue").exists()


def test_a_threshold_accepts_a_decimal_comma_or_point(admin_client_kmt: Client) -> None:
    spec = next(
        s for s in decision28.RULE_SETS for c in s.conditions if not c.confirmed and c.metric
    )
    condition = next(c for c in spec.conditions if not c.confirmed)
    url = reverse(
        "legal:confirm", args=["criteria", f"{spec.code}:{condition.code}", decision28.EFFECTIVE]
    )
    form = admin_client_kmt.get(url).context["form"]
    metric = condition.metric
    for typed in ("0,5", "0.5"):
        bound = type(form)(
            data={
                "metric": metric,
                "comparator": ">=",
                "threshold": typed,
                "effective_from": "24/08/2025",
                "article": "x",
            }
        )
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["threshold"] == Decimal("0.5")


def test_only_administrators_open_the_pages(
    officer_a_client: Client, admin_client_kmt: Client
) -> None:
    url = reverse("legal:confirm", args=TIP_RULE)
    assert officer_a_client.get(reverse(INDEX)).status_code == 403
    assert officer_a_client.get(url).status_code == 403
    assert officer_a_client.post(url, {"days": "1"}).status_code == 403
    assert LegalValue.objects.count() == 0
    # the menu shows the page to the administrator only
    assert reverse(INDEX) in page(admin_client_kmt.get(reverse("home"), follow=True))
    assert reverse(INDEX) not in page(officer_a_client.get(reverse("home"), follow=True))


@pytest.mark.parametrize(
    "args",
    [
        ["nope", "handling", "2025-07-01"],
        ["tip-deadlines", "nope", "2025-07-01"],
        ["tip-deadlines", "handling", "2025-07-02"],
        ["tip-deadlines", "handling", "2025-02-30"],
        ["criteria", "qd28_xa_trong_diem_loai_1:zz", "2025-08-24"],
    ],
)
def test_an_unknown_rule_is_404(admin_client_kmt: Client, args: list[str]) -> None:
    assert admin_client_kmt.get(reverse("legal:confirm", args=args)).status_code == 404


def test_durations_read_the_values_in_one_query(
    admin_user: User, django_assert_num_queries: object
) -> None:
    services.legal_value_confirm(
        source="durations",
        code="user_management",
        effective_from=date(2026, 7, 1),
        values={"months": 12},
        article="Luật 120/2025/QH15 Điều 25",
        actor=admin_user,
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        overrides = durations.load_overrides()
    rule = durations.rule_for("user_management", on=date(2026, 8, 1), overrides=overrides)
    assert (rule.months, rule.confirmed, rule.set_by_administrator) == (12, True, True)
    assert rule.article == "Luật 120/2025/QH15 Điều 25"


class _FixedSource(legal_registry.LegalSource):
    """A source whose one rule is fixed by the text: listed, never edited."""

    key = "fixed-for-test"
    label = "Quy định cố định"

    def items(self, *, values: object) -> list[legal_registry.LegalItem]:
        return [
            legal_registry.LegalItem(
                source=self.key,
                code="fixed",
                effective_from=date(2022, 1, 1),
                title="Quy định cố định",
                article="Điều 1",
                value_text="24 giờ",
                confirmed=True,
                fields=(),
            )
        ]


def test_a_rule_fixed_by_the_text_is_not_edited(admin_user: User, admin_client_kmt: Client) -> None:
    legal_registry.register(_FixedSource())
    try:
        with pytest.raises(DomainError) as exc:
            services.legal_value_confirm(
                source="fixed-for-test",
                code="fixed",
                effective_from=date(2022, 1, 1),
                values={},
                article="Điều 1",
                actor=admin_user,
            )
        assert exc.value.message_dict == {
            "code": ["Quy định này đã được xác nhận theo văn bản; không sửa giá trị tại đây."]
        }
        page = admin_client_kmt.get(
            reverse("legal:confirm", args=["fixed-for-test", "fixed", "2022-01-01"])
        )
        assert page.status_code == 302  # back to the list: nothing to confirm
    finally:
        legal_registry._SOURCES.pop("fixed-for-test", None)
    assert LegalValue.objects.count() == 0
