"""The handling deadline (CPC 2015 Art. 147, counted per Art. 134), at its boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from khongmatuy.common.errors import DomainError
from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.legal import services as legal_services
from khongmatuy.legal.models import LegalValue
from khongmatuy.tips.legal import KEY
from khongmatuy.tips.rules import deadlines as d


def deadline(received_on: date, extensions: int = 0, **kwargs):  # type: ignore[no-untyped-def]
    return d.deadline_for(
        received_on=received_on, extensions=extensions, overrides=d.NO_OVERRIDES, **kwargs
    )


def test_twenty_days_after_receipt_the_day_of_receipt_not_counted() -> None:
    # Thursday 05/11/2026 + 20 days = Wednesday 25/11/2026.
    assert deadline(date(2026, 11, 5)).due_on == date(2026, 11, 25)


def test_a_last_day_on_sunday_moves_to_monday() -> None:
    # Monday 02/11/2026 + 20 = Sunday 22/11 → Monday 23/11 (Art. 134).
    assert deadline(date(2026, 11, 2)).due_on == date(2026, 11, 23)


def test_a_last_day_on_a_holiday_moves_to_the_next_working_day() -> None:
    assert deadline(date(2026, 11, 5), holidays={date(2026, 11, 25)}).due_on == date(2026, 11, 26)


def test_first_extension_is_two_months_from_receipt() -> None:
    assert deadline(date(2026, 11, 5), 1).due_on == date(2027, 1, 5)


def test_second_extension_adds_two_more_months() -> None:
    assert deadline(date(2026, 11, 5), 2).due_on == date(2027, 3, 5)


def test_month_end_clamps_then_rolls_past_the_weekend() -> None:
    # 31/12/2026 + 2 months = 28/02/2027 (Sunday) → Monday 01/03/2027.
    assert deadline(date(2026, 12, 31), 1).due_on == date(2027, 3, 1)
    # + 4 months = 30/04/2027 (Friday), counted from receipt, not from 28/02.
    assert deadline(date(2026, 12, 31), 2).due_on == date(2027, 4, 30)


def test_no_third_extension() -> None:
    assert deadline(date(2026, 11, 5), 1).can_extend is True
    assert deadline(date(2026, 11, 5), 2).can_extend is False
    with pytest.raises(ValueError, match="extensions"):
        deadline(date(2026, 11, 5), 3)


def test_version_by_the_day_of_receipt() -> None:
    before = deadline(date(2025, 6, 30))
    after = deadline(date(2025, 7, 1))
    assert before.rule.version == "cpc2015-2018-01-01"
    assert before.rule.confirmed is True
    assert after.rule.version == "law99-2025-07-01"
    assert after.rule.confirmed is False
    assert after.rule.carried_from == "cpc2015-2018-01-01"
    assert (after.rule.days, after.rule.extended_months, after.rule.further_months) == (20, 2, 2)
    assert after.label == "law99-2025-07-01+0"


def test_an_administrator_setting_confirms_and_replaces_the_values() -> None:
    overrides = {
        date(2025, 7, 1): d.TipRuleOverride(
            days=30, extended_months=3, further_months=1, article="Điều 147 (sửa đổi)"
        )
    }
    result = d.deadline_for(received_on=date(2026, 11, 5), overrides=overrides)
    assert result.due_on == date(2026, 12, 7)  # 05/12 is a Saturday
    assert result.rule.confirmed is True
    assert result.rule.set_by_administrator is True
    assert result.rule.article == "Điều 147 (sửa đổi)"
    assert d.deadline_for(
        received_on=date(2026, 11, 5), extensions=2, overrides=overrides
    ).due_on == (date(2027, 3, 5))


@pytest.mark.parametrize(
    ("code", "effective_from", "values", "errors"),
    [
        (
            "handling",
            date(2025, 7, 2),
            {"days": 20, "extended_months": 2, "further_months": 2},
            {"code": ["Không có quy định này trong bảng quy định."]},
        ),
        (
            "other",
            date(2025, 7, 1),
            {"days": 20, "extended_months": 2, "further_months": 2},
            {"code": ["Không có quy định này trong bảng quy định."]},
        ),
        (
            "handling",
            date(2025, 7, 1),
            {"days": 20},
            {
                "extended_months": ["Nhập giá trị theo văn bản chính thức."],
                "further_months": ["Nhập giá trị theo văn bản chính thức."],
            },
        ),
        (
            "handling",
            date(2025, 7, 1),
            {"days": 0, "extended_months": 2, "further_months": 367},
            {
                "days": ["Giá trị không được nhỏ hơn 1."],
                "further_months": ["Giá trị không được lớn hơn 366."],
            },
        ),
    ],
)
def test_a_bad_value_is_refused_whole(  # type: ignore[no-untyped-def]
    admin_user, code, effective_from, values, errors
) -> None:
    with pytest.raises(DomainError) as exc:
        legal_services.legal_value_confirm(
            source=KEY,
            code=code,
            effective_from=effective_from,
            values=values,
            article="Điều 147",
            actor=admin_user,
        )
    assert exc.value.message_dict == errors
    assert LegalValue.objects.count() == 0


def test_the_confirmed_value_is_read_from_the_database(admin_user) -> None:  # type: ignore[no-untyped-def]
    assert d.deadline_for(received_on=date(2026, 11, 5)).rule.confirmed is False
    legal_services.legal_value_confirm(
        source=KEY,
        code="handling",
        effective_from=date(2025, 7, 1),
        values={"days": 15, "extended_months": 2, "further_months": 366},
        article="Bộ luật Tố tụng hình sự sửa đổi 2025, Điều 147",
        actor=admin_user,
    )
    result = d.deadline_for(received_on=date(2026, 11, 5))
    assert result.due_on == date(2026, 11, 20)
    assert (result.rule.confirmed, result.rule.set_by_administrator) == (True, True)
    assert result.rule.article == "Bộ luật Tố tụng hình sự sửa đổi 2025, Điều 147"
    # the 2015 version is untouched
    assert d.deadline_for(received_on=date(2025, 6, 30)).rule.set_by_administrator is False


def test_before_the_code_was_in_force() -> None:
    with pytest.raises(d.RuleNotInForceError) as refused:
        deadline(date(2017, 12, 31))
    assert refused.value.args == (date(2017, 12, 31),)  # the date no version covers


def test_stage_labels_cite_the_article() -> None:
    rule = deadline(date(2026, 11, 5)).rule
    assert d.stage_label(0, rule) == "20 ngày kể từ ngày tiếp nhận (Điều 147 khoản 1 BLTTHS)"
    assert "Điều 147 khoản 2" in d.stage_label(2, rule)


def test_stage_label_after_exactly_one_extension() -> None:
    rule = deadline(date(2026, 11, 5)).rule
    assert d.stage_label(1, rule) == (
        "Kéo dài không quá 2 tháng: vụ việc phức tạp (Điều 147 khoản 2 BLTTHS)"
    )
    longer = d.deadline_for(
        received_on=date(2026, 11, 5),
        overrides={
            date(2025, 7, 1): d.TipRuleOverride(days=30, extended_months=3, further_months=1)
        },
    ).rule
    assert d.stage_label(0, longer).startswith("30 ngày")
    assert d.stage_label(1, longer).startswith("Kéo dài không quá 3 tháng")
    assert d.stage_label(2, longer).startswith(
        "Viện kiểm sát gia hạn một lần, thêm không quá 1 tháng"
    )


def test_the_amended_version_is_unconfirmed_with_its_warning_until_set() -> None:
    amended = deadline(date(2025, 7, 1)).rule
    assert (
        amended.note
        == "Chưa đối chiếu được văn bản sửa đổi: tạm dùng thời hạn của Bộ luật năm 2015."
    )
    assert (amended.confirmed, amended.set_by_administrator) == (False, False)
    assert "Luật 99/2025/QH15" in str(amended.article)
    original = deadline(date(2025, 6, 30)).rule
    assert (original.confirmed, original.set_by_administrator, original.carried_from) == (
        True,
        False,
        "",
    )
    assert original.note == ""
    assert "Điều 147 khoản 1, 2" in str(original.article)
    assert d.rule_for(on=date(2018, 1, 1), overrides=d.NO_OVERRIDES).version == "cpc2015-2018-01-01"
    set_by_hand = d.deadline_for(
        received_on=date(2026, 11, 5),
        overrides={
            date(2025, 7, 1): d.TipRuleOverride(
                days=20, extended_months=2, further_months=2, note="Đã đối chiếu."
            )
        },
    ).rule
    assert (set_by_hand.note, set_by_hand.carried_from) == ("Đã đối chiếu.", "")
    assert set_by_hand.article == amended.article  # no article typed: the table's stays


def test_an_administrator_may_set_exactly_366(admin_user) -> None:  # type: ignore[no-untyped-def]
    legal_services.legal_value_confirm(
        source=KEY,
        code="handling",
        effective_from=date(2025, 7, 1),
        values={"days": 366, "extended_months": 1, "further_months": 366},
        article="Điều 147",
        actor=admin_user,
    )
    result = d.deadline_for(received_on=date(2026, 1, 5))
    assert (result.rule.days, result.rule.further_months) == (366, 366)
    assert result.due_on == date(2027, 1, 6)  # 05/01/2026 + 366 days


def test_a_last_day_in_tet_moves_past_the_holidays() -> None:
    # 19/01/2027 + 20 days = Monday 08/02/2027, the third day of Tết (04-10/02/2027 off).
    assert deadline(date(2027, 1, 19)).due_on == date(2027, 2, 8)
    tet = deadline(date(2027, 1, 19), holidays=public_holidays())
    assert tet.due_on == date(2027, 2, 11)
    # Both extensions ending on 30/04/2027: 30/04, 01/05 and the observed 03/05 are off.
    assert deadline(date(2026, 12, 30), 2).due_on == date(2027, 4, 30)
    assert deadline(date(2026, 12, 30), 2, holidays=public_holidays()).due_on == date(2027, 5, 4)


def test_a_table_whose_first_version_lacks_a_value_is_a_configuration_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    broken = d.TipDeadlineRule(date(2018, 1, 1), 20, None, 2, "Điều 147", True)
    monkeypatch.setattr(d, "RULES", (broken,))
    with pytest.raises(ImproperlyConfigured, match="cpc2015-2018-01-01 has no value to carry"):
        d.rule_for(on=date(2026, 1, 5), overrides=d.NO_OVERRIDES)


def test_a_new_tip_has_no_extension() -> None:
    result = d.deadline_for(received_on=date(2026, 11, 5), overrides=d.NO_OVERRIDES)
    assert (result.extensions, result.due_on) == (0, date(2026, 11, 25))
