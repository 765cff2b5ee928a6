"""Guards of ``transitions.py``: each allowed and refused step, with unsaved episodes (no DB)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from khongmatuy.common.errors import InvalidTransition
from khongmatuy.people import durations
from khongmatuy.people.choices import EpisodeKind as K
from khongmatuy.people.choices import EpisodeStatus as S
from khongmatuy.people.models import Episode
from khongmatuy.people.rules import transitions as t

TODAY = date(2026, 11, 23)
NO = durations.NO_OVERRIDES
ADULT = date(1990, 5, 17)


def ep(kind: str, status: str = S.ACTIVE, **kw: Any) -> Episode:
    kw.setdefault("started_on", date(2025, 1, 10))
    return Episode(kind=kind, status=status, **kw)


def plan(kind: str, episodes: list[Episode], **kw: Any) -> t.OpenPlan:
    kw.setdefault("date_of_birth", ADULT)
    kw.setdefault("started_on", date(2026, 11, 1))
    kw.setdefault("decision_date", None)
    return t.plan_open(kind, episodes=episodes, today=TODAY, **kw)


def refusal(exc: pytest.ExceptionInfo[InvalidTransition]) -> dict[str, list[str]]:
    return exc.value.message_dict


def rule(code: str, on: date = date(2025, 1, 10)) -> durations.ResolvedRule:
    return durations.rule_for(code, on=on, overrides=durations.NO_OVERRIDES)


# --- opening ----------------------------------------------------------------------------------


def test_post_rehab_refused_for_someone_never_in_rehab() -> None:
    with pytest.raises(InvalidTransition) as exc:
        plan(K.POST_REHAB, [ep(K.USER_MANAGEMENT)])
    assert refusal(exc) == {
        "kind": [
            "Không thể áp dụng quản lý sau cai nghiện: người này chưa hoàn thành cai nghiện "
            "hoặc điều trị thay thế nào (Luật 73/2021 Điều 40)."
        ]
    }


@pytest.mark.parametrize("status", [S.ACTIVE, S.STOPPED, S.CANCELLED])
def test_post_rehab_refused_when_rehab_was_not_completed(status: str) -> None:
    ended = None if status == S.ACTIVE else date(2025, 6, 1)
    with pytest.raises(InvalidTransition) as exc:
        plan(K.POST_REHAB, [ep(K.REHAB_HOME, status, ended_on=ended)])
    assert list(refusal(exc)) == ["kind"]


@pytest.mark.parametrize("kind", [K.REHAB_HOME, K.REHAB_FACILITY, K.COMPULSORY_REHAB, K.METHADONE])
def test_post_rehab_follows_the_latest_completed_measure(kind: str) -> None:
    older = ep(K.REHAB_HOME, S.COMPLETED, ended_on=date(2023, 3, 1), pk=1)
    latest = ep(kind, S.COMPLETED, ended_on=date(2026, 5, 1), pk=2, is_minor=True)
    result = plan(K.POST_REHAB, [older, latest], started_on=date(2026, 5, 1))
    assert result.previous is latest
    assert result.after_kind == kind
    assert result.after_minor is (kind == K.COMPULSORY_REHAB)


def test_post_rehab_cannot_start_before_the_completion() -> None:
    done = ep(K.METHADONE, S.COMPLETED, ended_on=date(2026, 5, 1))
    with pytest.raises(InvalidTransition) as exc:
        plan(K.POST_REHAB, [done], started_on=date(2026, 4, 30))
    assert refusal(exc) == {
        "started_on": [
            "Quản lý sau cai nghiện bắt đầu từ ngày hoàn thành cai nghiện, điều trị "
            "(01/05/2026), không được sớm hơn."
        ]
    }


def test_a_second_active_episode_of_the_same_kind_is_refused() -> None:
    with pytest.raises(InvalidTransition) as exc:
        plan(K.USER_MANAGEMENT, [ep(K.USER_MANAGEMENT)])
    assert refusal(exc) == {
        "kind": [
            "Người này đang có biện pháp “Quản lý người sử dụng trái phép chất ma túy” chưa "
            "kết thúc."
        ]
    }


def test_a_decision_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidTransition) as exc:
        plan(K.USER_MANAGEMENT, [], decision_date=date(2026, 11, 24))
    assert refusal(exc) == {
        "decision_date": ["Ngày quyết định (24/11/2026) không được sau ngày hôm nay."]
    }


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(InvalidTransition) as exc:
        plan("holiday", [])
    assert refusal(exc) == {"kind": ["Biện pháp không hợp lệ."]}


DOSSIER_DONE = date(2026, 10, 1)


def _decided() -> list[Episode]:
    return [ep(K.COMPULSORY_DOSSIER, S.COMPLETED, ended_on=DOSSIER_DONE)]


@pytest.mark.parametrize(
    ("born", "is_minor"),
    [
        (date(2014, 10, 1), True),  # 12 exactly on the decision date 01/10/2026
        (date(2013, 10, 1), True),  # 13
        (date(2008, 10, 2), True),  # 17 (18 tomorrow)
        (date(2008, 10, 1), False),  # 18 on the decision date: adult
    ],
)
def test_compulsory_rehab_age_at_the_decision_date(born: date, is_minor: bool) -> None:
    result = plan(K.COMPULSORY_REHAB, _decided(), date_of_birth=born, started_on=DOSSIER_DONE)
    assert result.is_minor is is_minor
    assert result.previous is not None
    assert result.previous.kind == K.COMPULSORY_DOSSIER


@pytest.mark.parametrize("kind", [K.COMPULSORY_REHAB, K.COMPULSORY_DOSSIER])
def test_compulsory_measures_refused_under_12(kind: str) -> None:
    eleven = date(2014, 10, 2)  # 11 on 01/10/2026, 12 the next day
    with pytest.raises(InvalidTransition) as exc:
        plan(kind, _decided(), date_of_birth=eleven, started_on=DOSSIER_DONE)
    assert refusal(exc) == {
        "kind": [
            "Không áp dụng cai nghiện bắt buộc cho người dưới 12 tuổi (ngày 01/10/2026 người "
            "này 11 tuổi; Luật 73/2021 Điều 33)."
        ]
    }


def test_age_counts_at_the_decision_date_not_the_start() -> None:
    eleven_at_decision = date(2014, 10, 2)
    with pytest.raises(InvalidTransition):
        plan(
            K.COMPULSORY_DOSSIER,
            [],
            date_of_birth=eleven_at_decision,
            decision_date=date(2026, 10, 1),
            started_on=date(2026, 10, 5),
        )


@pytest.mark.parametrize("kind", [K.COMPULSORY_REHAB, K.COMPULSORY_DOSSIER])
def test_compulsory_measures_need_the_date_of_birth(kind: str) -> None:
    with pytest.raises(InvalidTransition) as exc:
        plan(kind, _decided(), date_of_birth=None, started_on=DOSSIER_DONE)
    assert refusal(exc) == {
        "kind": [
            "Chưa có ngày sinh của người này. Hãy cập nhật ngày sinh trước: tuổi tại ngày quyết "
            "định quyết định việc áp dụng cai nghiện bắt buộc (Luật 73/2021 Điều 32-34)."
        ]
    }


def test_unknown_date_of_birth_is_fine_for_other_measures() -> None:
    assert plan(K.USER_MANAGEMENT, [], date_of_birth=None).is_minor is False


def test_compulsory_rehab_needs_a_court_decided_dossier() -> None:
    for episodes in ([], [ep(K.COMPULSORY_DOSSIER)], [ep(K.COMPULSORY_DOSSIER, S.STOPPED,
                                                          ended_on=DOSSIER_DONE)]):  # fmt: skip
        with pytest.raises(InvalidTransition) as exc:
            plan(K.COMPULSORY_REHAB, episodes, started_on=DOSSIER_DONE)
        assert list(refusal(exc)) == ["kind"]


def test_compulsory_rehab_cannot_start_before_the_court_decision() -> None:
    with pytest.raises(InvalidTransition) as exc:
        plan(K.COMPULSORY_REHAB, _decided(), started_on=date(2026, 9, 30))
    assert refusal(exc) == {
        "started_on": ["Ngày bắt đầu không được trước ngày Tòa án quyết định (01/10/2026)."]
    }


# --- planned months ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "code", "months", "ok"),
    [
        (K.REHAB_HOME, durations.Code.REHAB_HOME, 6, True),
        (K.REHAB_HOME, durations.Code.REHAB_HOME, 12, True),
        (K.REHAB_HOME, durations.Code.REHAB_HOME, 5, False),
        (K.REHAB_HOME, durations.Code.REHAB_HOME, 13, False),
        (K.REHAB_HOME, durations.Code.REHAB_HOME, None, False),
        (K.COMPULSORY_REHAB, durations.Code.COMPULSORY_ADULT, 12, True),
        (K.COMPULSORY_REHAB, durations.Code.COMPULSORY_ADULT, 24, True),
        (K.COMPULSORY_REHAB, durations.Code.COMPULSORY_ADULT, 11, False),
        (K.COMPULSORY_REHAB, durations.Code.COMPULSORY_ADULT, 25, False),
        (K.COMPULSORY_REHAB, durations.Code.COMPULSORY_MINOR, 6, True),
        (K.COMPULSORY_REHAB, durations.Code.COMPULSORY_MINOR, 13, False),
        (K.USER_MANAGEMENT, durations.Code.USER_MANAGEMENT, None, True),
        (K.USER_MANAGEMENT, durations.Code.USER_MANAGEMENT, 12, True),
        (K.USER_MANAGEMENT, durations.Code.USER_MANAGEMENT, 6, False),
        (K.METHADONE, durations.Code.METHADONE, None, True),
        (K.METHADONE, durations.Code.METHADONE, 12, False),
    ],
)
def test_planned_months_must_fit_the_rule(
    kind: str, code: str, months: int | None, ok: bool
) -> None:
    if ok:
        t.check_planned_months(kind, rule=rule(code), planned_months=months)
        return
    with pytest.raises(InvalidTransition) as exc:
        t.check_planned_months(kind, rule=rule(code), planned_months=months)
    assert list(refusal(exc)) == ["planned_months"]


def test_planned_months_message_cites_the_range_and_article() -> None:
    with pytest.raises(InvalidTransition) as exc:
        t.check_planned_months(
            K.REHAB_HOME, rule=rule(durations.Code.REHAB_HOME), planned_months=13
        )
    assert refusal(exc) == {
        "planned_months": ["Thời hạn phải từ 6 đến 12 tháng (Luật 73/2021/QH14 Điều 30)."]
    }


# --- completing -------------------------------------------------------------------------------


def test_completion_before_due_needs_a_lawful_reason() -> None:
    e = ep(K.USER_MANAGEMENT, due_on=date(2026, 1, 10), rule_code="user_management")
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(e, ended_on=date(2026, 1, 9), early_reason="", today=TODAY)
    assert refusal(exc) == {
        "ended_on": [
            "Chưa hết thời hạn (đến hết ngày 10/01/2026). Chỉ kết thúc trước hạn khi có lý do "
            "theo quy định; nếu không, hãy dùng “Dừng trước thời hạn”."
        ]
    }
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(
            e, ended_on=date(2026, 1, 9), early_reason=t.EarlyEnd.REDUCED_TERM, today=TODAY
        )
    assert list(refusal(exc)) == ["early_reason"]
    t.check_complete(e, ended_on=date(2026, 1, 10), early_reason="", today=TODAY)  # on due


def test_completion_dates_are_checked() -> None:
    e = ep(K.METHADONE)
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(e, ended_on=date(2025, 1, 9), early_reason="", today=TODAY)
    assert refusal(exc) == {
        "ended_on": ["Ngày kết thúc (09/01/2025) không được trước ngày bắt đầu (10/01/2025)."]
    }
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(e, ended_on=date(2026, 11, 24), early_reason="", today=TODAY)
    assert refusal(exc) == {"ended_on": ["Ngày kết thúc (24/11/2026) không được sau ngày hôm nay."]}
    t.check_complete(e, ended_on=date(2025, 1, 10), early_reason="", today=TODAY)  # open-ended


def test_reduced_compulsory_term_only_inside_the_decree_116_window() -> None:
    e = ep(
        K.COMPULSORY_REHAB,
        due_on=date(2027, 1, 10),
        planned_months=24,
        rule_code="compulsory_rehab_adult",
    )
    reason = t.EarlyEnd.REDUCED_TERM
    t.check_complete(
        e, ended_on=date(2026, 7, 10), early_reason=reason, overrides=NO, today=date(2026, 7, 10)
    )
    t.check_complete(
        e, ended_on=date(2026, 10, 10), early_reason=reason, overrides=NO, today=date(2026, 10, 10)
    )
    for too in (date(2026, 7, 9), date(2026, 10, 11)):
        with pytest.raises(InvalidTransition) as exc:
            t.check_complete(
                e, ended_on=too, early_reason=reason, overrides=NO, today=date(2026, 11, 1)
            )
        assert refusal(exc) == {
            "ended_on": [
                "Giảm thời hạn chỉ được khi đã chấp hành ít nhất một nửa thời hạn và giảm từ 3 "
                "đến 6 tháng: ngày kết thúc phải từ 10/07/2026 đến 10/10/2026."
            ]
        }


def test_voluntary_rehab_may_finish_after_its_6_month_minimum() -> None:
    e = ep(K.REHAB_HOME, due_on=date(2026, 1, 10), planned_months=12, rule_code="rehab_home")
    reason = t.EarlyEnd.PROGRAMME_DONE
    t.check_complete(e, ended_on=date(2025, 7, 10), early_reason=reason, overrides=NO, today=TODAY)
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(
            e, ended_on=date(2025, 7, 9), early_reason=reason, overrides=NO, today=TODAY
        )
    assert refusal(exc) == {
        "ended_on": [
            "Chưa đủ thời hạn tối thiểu 6 tháng (đến ngày 10/07/2025; Luật 73/2021/QH14 Điều 30)."
        ]
    }


def test_the_dossier_is_never_completed_directly() -> None:
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(
            ep(K.COMPULSORY_DOSSIER), ended_on=date(2025, 2, 1), early_reason="", today=TODAY
        )
    assert refusal(exc) == {
        "__all__": [
            "Hồ sơ đề nghị chỉ hoàn thành khi ghi nhận quyết định của Tòa án trong danh mục hồ sơ."
        ]
    }


@pytest.mark.parametrize("status", [S.COMPLETED, S.STOPPED, S.RESTARTED, S.CANCELLED])
def test_only_active_episodes_complete(status: str) -> None:
    e = ep(K.METHADONE, status, ended_on=date(2025, 2, 1))
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(e, ended_on=date(2025, 3, 1), early_reason="", today=TODAY)
    assert list(refusal(exc)) == ["__all__"]


# --- stopping, restarting, extending, cancelling ----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "reason", "ok"),
    [
        (K.USER_MANAGEMENT, t.StopReason.ADDICTED, True),
        (K.USER_MANAGEMENT, t.StopReason.REFORM_SCHOOL, True),
        (K.USER_MANAGEMENT, t.StopReason.DIED, True),
        (K.USER_MANAGEMENT, t.StopReason.QUIT, False),
        (K.REHAB_HOME, t.StopReason.QUIT, True),
        (K.REHAB_HOME, t.StopReason.USED_DURING, True),
        (K.REHAB_HOME, t.StopReason.ADDICTED, False),
        (K.METHADONE, t.StopReason.EXPELLED, True),
        (K.POST_REHAB, t.StopReason.RELAPSE, True),
        (K.POST_REHAB, t.StopReason.ADDICTED, False),
        (K.COMPULSORY_REHAB, t.StopReason.IMPRISONED, True),
        (K.COMPULSORY_REHAB, "", False),
    ],
)
def test_stop_reasons_follow_the_measure(kind: str, reason: str, ok: bool) -> None:
    e = ep(kind)
    if ok:
        t.check_stop(e, ended_on=date(2025, 6, 1), reason=reason, today=TODAY)
        return
    with pytest.raises(InvalidTransition) as exc:
        t.check_stop(e, ended_on=date(2025, 6, 1), reason=reason, today=TODAY)
    assert refusal(exc) == {"reason": ["Lý do dừng không phù hợp với biện pháp này."]}


def test_stop_refuses_an_end_before_the_start() -> None:
    with pytest.raises(InvalidTransition) as exc:
        t.check_stop(ep(K.USER_MANAGEMENT), ended_on=date(2025, 1, 9), reason="died", today=TODAY)
    assert list(refusal(exc)) == ["ended_on"]


def test_restart_only_for_user_management_inside_its_term() -> None:
    e = ep(K.USER_MANAGEMENT, due_on=date(2026, 1, 10))
    t.check_restart(e, started_on=date(2025, 1, 10), today=TODAY)
    t.check_restart(e, started_on=date(2026, 1, 10), today=TODAY)
    cases = {
        date(2025, 1, 9): "Ngày quyết định mới không được trước ngày bắt đầu quản lý hiện tại "
        "(10/01/2025).",
        date(2026, 1, 11): "Thời hạn quản lý đã hết ngày 10/01/2026: hãy kết thúc biện pháp "
        "này và mở một biện pháp quản lý mới.",
    }
    for day, message in cases.items():
        with pytest.raises(InvalidTransition) as exc:
            t.check_restart(e, started_on=day, today=TODAY)
        assert refusal(exc) == {"started_on": [message]}
    with pytest.raises(InvalidTransition) as exc:
        t.check_restart(ep(K.POST_REHAB), started_on=date(2025, 2, 1), today=TODAY)
    assert refusal(exc) == {
        "__all__": ["Biện pháp “Quản lý sau cai nghiện tại nơi cư trú” không có thao tác này."]
    }


def test_extend_compulsory_rehab_within_the_maximum() -> None:
    adult = ep(K.COMPULSORY_REHAB, planned_months=12)
    adult_rule = rule(durations.Code.COMPULSORY_ADULT)
    t.check_extend(adult, planned_months=24, rule=adult_rule)
    with pytest.raises(InvalidTransition) as exc:
        t.check_extend(adult, planned_months=25, rule=adult_rule)
    assert refusal(exc) == {
        "planned_months": [
            "Không được vượt quá 24 tháng (Luật 73/2021/QH14 Điều 32; Luật Xử lý vi phạm hành "
            "chính Điều 95; Nghị định 116/2021/NĐ-CP Điều 44, 45)."
        ]
    }
    with pytest.raises(InvalidTransition) as exc:
        t.check_extend(adult, planned_months=12, rule=adult_rule)
    assert refusal(exc) == {
        "planned_months": ["Thời hạn mới phải dài hơn thời hạn hiện tại (12 tháng)."]
    }
    minor = ep(K.COMPULSORY_REHAB, planned_months=6, is_minor=True)
    minor_rule = rule(durations.Code.COMPULSORY_MINOR)
    t.check_extend(minor, planned_months=12, rule=minor_rule)
    with pytest.raises(InvalidTransition):
        t.check_extend(minor, planned_months=13, rule=minor_rule)
    with pytest.raises(InvalidTransition):
        t.check_extend(ep(K.REHAB_HOME, planned_months=6), planned_months=12, rule=adult_rule)


def test_cancel_refused_while_a_later_episode_builds_on_it() -> None:
    first = ep(K.USER_MANAGEMENT, S.RESTARTED, ended_on=date(2025, 3, 1))
    t.check_cancel(
        first, successors=[ep(K.USER_MANAGEMENT, S.CANCELLED, ended_on=date(2025, 3, 1))]
    )
    with pytest.raises(InvalidTransition) as exc:
        t.check_cancel(first, successors=[ep(K.USER_MANAGEMENT)])
    assert refusal(exc) == {
        "__all__": [
            "Hãy hủy trước biện pháp tiếp theo dựa trên biện pháp này (“Quản lý người sử dụng "
            "trái phép chất ma túy”)."
        ]
    }
    with pytest.raises(InvalidTransition):
        t.check_cancel(ep(K.METHADONE, S.CANCELLED, ended_on=date(2025, 2, 1)), successors=[])


# --- what can be done next --------------------------------------------------------------------


def test_available_actions() -> None:
    assert t.available_actions(ep(K.USER_MANAGEMENT)) == ["complete", "stop", "restart", "cancel"]
    assert t.available_actions(ep(K.COMPULSORY_REHAB)) == ["complete", "stop", "extend", "cancel"]
    assert t.available_actions(ep(K.COMPULSORY_DOSSIER)) == ["stop", "cancel"]
    done = ep(K.POST_REHAB, S.COMPLETED, ended_on=date(2026, 1, 10))
    assert t.available_actions(done) == ["cancel"]
    gone = ep(K.POST_REHAB, S.CANCELLED, ended_on=date(2026, 1, 10))
    assert t.available_actions(gone) == []


def test_openable_kinds() -> None:
    nothing = t.openable_kinds(episodes=[], date_of_birth=ADULT, today=TODAY)
    assert nothing == [
        K.USER_MANAGEMENT,
        K.ADDICTION_DETERMINATION,
        K.REHAB_HOME,
        K.REHAB_FACILITY,
        K.COMPULSORY_DOSSIER,
        K.METHADONE,
    ]
    after = t.openable_kinds(
        episodes=[ep(K.REHAB_HOME, S.COMPLETED, ended_on=date(2026, 1, 10)), *_decided()],
        date_of_birth=None,
        today=TODAY,
    )
    assert K.POST_REHAB in after
    assert K.COMPULSORY_REHAB not in after  # date of birth unknown


def test_restart_dated_today_is_allowed_and_tomorrow_refused() -> None:
    e = ep(K.USER_MANAGEMENT, due_on=date(2027, 1, 10))
    t.check_restart(e, started_on=TODAY, today=TODAY)
    for future in (date(2026, 11, 24), date(2027, 1, 10)):
        with pytest.raises(InvalidTransition) as exc:
            t.check_restart(e, started_on=future, today=TODAY)
        assert refusal(exc) == {
            "started_on": [f"Ngày bắt đầu ({future:%d/%m/%Y}) không được sau ngày hôm nay."]
        }


def test_reduced_term_in_a_one_day_window_and_a_term_too_short() -> None:
    reason = t.EarlyEnd.REDUCED_TERM
    # 6 months from 01/01/2026: the only day to end early is 01/04/2026.
    e = ep(K.COMPULSORY_REHAB, started_on=date(2026, 1, 1), due_on=date(2026, 7, 1),
           planned_months=6, rule_code="compulsory_rehab_minor")  # fmt: skip
    t.check_complete(e, ended_on=date(2026, 4, 1), early_reason=reason, overrides=NO, today=TODAY)
    for day in (date(2026, 3, 31), date(2026, 4, 2)):
        with pytest.raises(InvalidTransition) as exc:
            t.check_complete(e, ended_on=day, early_reason=reason, overrides=NO, today=TODAY)
        assert refusal(exc) == {
            "ended_on": [
                "Giảm thời hạn chỉ được khi đã chấp hành ít nhất một nửa thời hạn và giảm từ 3 "
                "đến 6 tháng: ngày kết thúc phải từ 01/04/2026 đến 01/04/2026."
            ]
        }
    short = ep(K.COMPULSORY_REHAB, started_on=date(2026, 1, 1), due_on=date(2026, 6, 30),
               planned_months=6, rule_code="compulsory_rehab_minor")  # fmt: skip
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(
            short, ended_on=date(2026, 3, 30), early_reason=reason, overrides=NO, today=TODAY
        )
    assert refusal(exc) == {"ended_on": ["Thời hạn này quá ngắn để được giảm theo quy định."]}


def test_the_latest_of_two_completions_on_one_day_is_the_last_recorded() -> None:
    day = date(2026, 5, 1)
    first = ep(K.REHAB_HOME, S.COMPLETED, ended_on=day, pk=1)
    second = ep(K.REHAB_FACILITY, S.COMPLETED, ended_on=day, pk=2)
    unsaved = ep(K.METHADONE, S.COMPLETED, ended_on=day)
    assert plan(K.POST_REHAB, [first, second], started_on=day).previous is second
    assert plan(K.POST_REHAB, [unsaved, first], started_on=day).previous is first
    result = plan(K.POST_REHAB, [first], started_on=day, date_of_birth=date(2010, 1, 1))
    assert result.is_minor is True
    assert plan(K.POST_REHAB, [first], started_on=day).is_minor is False


def test_a_decision_dated_today_is_accepted() -> None:
    assert plan(K.USER_MANAGEMENT, [], decision_date=TODAY).previous is None


def test_an_unknown_measure_allows_nothing() -> None:
    odd = ep("holiday")
    assert t.available_actions(odd) == []


def test_refusals_name_the_action_and_the_state() -> None:
    with pytest.raises(InvalidTransition) as exc:
        t.check_action(ep(K.COMPULSORY_DOSSIER), t.Action.EXTEND)
    assert refusal(exc) == {
        "__all__": ["Biện pháp “Lập hồ sơ đề nghị áp dụng cai nghiện bắt buộc” không có "
                    "thao tác này."]
    }  # fmt: skip
    with pytest.raises(InvalidTransition) as exc:
        t.check_action(ep(K.USER_MANAGEMENT, S.COMPLETED), t.Action.STOP)
    assert refusal(exc) == {
        "__all__": ["Không thể thực hiện: biện pháp đang ở trạng thái “Hoàn thành”."]
    }
    e = ep(K.USER_MANAGEMENT, due_on=date(2026, 1, 10))
    with pytest.raises(InvalidTransition) as exc:
        t.check_complete(
            e, ended_on=date(2025, 6, 1), early_reason="programme_done", overrides=NO, today=TODAY
        )
    assert refusal(exc) == {
        "early_reason": ["Lý do kết thúc trước hạn không áp dụng cho biện pháp này."]
    }


def test_early_completion_of_voluntary_rehab_reads_its_rule() -> None:
    reason = t.EarlyEnd.PROGRAMME_DONE
    e = ep(K.REHAB_HOME, due_on=date(2026, 1, 10), planned_months=12, rule_code="")
    with pytest.raises(InvalidTransition):
        t.check_complete(
            e, ended_on=date(2025, 7, 9), early_reason=reason, overrides=NO, today=TODAY
        )
    no_minimum = {
        (durations.Code.REHAB_HOME, durations.LAW73_FROM): durations.RuleOverride(
            months=None, months_max=12, days=None, article="Điều 30"
        )
    }
    t.check_complete(
        e, ended_on=date(2025, 1, 11), early_reason=reason, overrides=no_minimum, today=TODAY
    )


def test_a_first_term_may_be_extended_from_nothing() -> None:
    e = ep(K.COMPULSORY_REHAB)
    t.check_extend(e, planned_months=1, rule=rule("compulsory_rehab_adult"))


def test_planned_months_of_a_measure_without_a_term() -> None:
    methadone = rule("methadone")
    for r in (None, methadone):
        with pytest.raises(InvalidTransition) as exc:
            t.check_planned_months(K.METHADONE, rule=r, planned_months=3)
        assert refusal(exc) == {
            "planned_months": [
                "Biện pháp “Điều trị thay thế bằng methadone” không có thời hạn "
                "tính theo tháng; hãy để trống."
            ]
        }
    t.check_planned_months(K.METHADONE, rule=None, planned_months=None)
    no_minimum = replace(rule("rehab_home"), months=None)
    with pytest.raises(InvalidTransition):
        t.check_planned_months(K.REHAB_HOME, rule=no_minimum, planned_months=6)
