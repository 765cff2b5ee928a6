"""The legal-rule table and the date functions (pure: no database; overrides passed in)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from khongmatuy.common.public_holidays import public_holidays
from khongmatuy.common.workdays import add_working_days, is_working_day, working_days_between
from khongmatuy.people import durations
from khongmatuy.people.choices import EpisodeKind as K
from khongmatuy.people.durations import NO_OVERRIDES, Code, RuleOverride, due_on_for, rule_for

LAW73 = "law73-2022-01-01"
LAW120 = "law120-2026-07-01"


def due(kind: str, started_on: date, **kw: object) -> durations.Term:
    kw.setdefault("is_minor", False)
    kw.setdefault("planned_months", None)
    kw.setdefault("on", started_on)
    kw.setdefault("overrides", NO_OVERRIDES)
    return due_on_for(kind, started_on=started_on, **kw)  # type: ignore[arg-type]


# --- the table --------------------------------------------------------------------------------


def test_every_code_and_date_appears_once_and_cites_an_article() -> None:
    keys = [(r.code, r.effective_from) for r in durations.RULES]
    assert len(keys) == len(set(keys))
    assert all(str(r.article) for r in durations.RULES)
    assert {r.code for r in durations.RULES} == set(Code)


def test_every_law120_rule_is_unconfirmed_including_the_24_hour_move_notice() -> None:
    law120 = [r for r in durations.RULES if r.effective_from == durations.LAW120_FROM]
    assert [r.code for r in law120 if r.confirmed] == []
    assert all(r.version == LAW120 for r in law120)
    # every Law 73 rule has its Law 120 successor (the old law no longer governs after 1/7/2026)
    law73 = {r.code for r in durations.RULES if r.effective_from == durations.LAW73_FROM}
    assert law73 == {r.code for r in law120}


def test_rule_before_2022_is_not_in_force() -> None:
    with pytest.raises(durations.RuleNotInForceError):
        rule_for(Code.USER_MANAGEMENT, on=date(2021, 12, 31), overrides=NO_OVERRIDES)


# --- user management: Law 73 Art. 23, Decree 105 Arts. 42-43 ----------------------------------


@pytest.mark.parametrize(
    ("started_on", "expected"),
    [
        (date(2026, 1, 31), date(2027, 1, 31)),  # 12 months from 31/01 ends 31/01
        (date(2024, 2, 29), date(2025, 2, 28)),  # from a leap day: the month's last day
        (date(2025, 12, 31), date(2026, 12, 31)),
        (date(2026, 6, 30), date(2027, 6, 30)),  # last day of Law 73
    ],
)
def test_user_management_is_12_months(started_on: date, expected: date) -> None:
    term = due(K.USER_MANAGEMENT, started_on)
    assert term.due_on == expected
    assert term.months == 12
    assert term.rule is not None
    assert (term.rule.code, term.rule.version, term.rule.confirmed) == (
        Code.USER_MANAGEMENT,
        LAW73,
        True,
    )


def test_decision_on_1_july_2026_uses_law120_carrying_12_months_unconfirmed() -> None:
    term = due(K.USER_MANAGEMENT, date(2026, 7, 1))
    assert term.due_on == date(2027, 7, 1)
    assert term.rule is not None
    assert term.rule.version == LAW120
    assert term.rule.confirmed is False
    assert term.rule.carried_from == LAW73
    assert term.rule.months == 12


def test_version_is_picked_by_the_decision_date_not_the_start() -> None:
    decided_under_law73 = due(K.USER_MANAGEMENT, date(2026, 7, 3), on=date(2026, 6, 30))
    assert decided_under_law73.rule is not None
    assert decided_under_law73.rule.version == LAW73
    assert decided_under_law73.due_on == date(2027, 7, 3)


def test_administrator_setting_confirms_the_law120_version_and_changes_the_value() -> None:
    overrides = {
        (Code.USER_MANAGEMENT, durations.LAW120_FROM): RuleOverride(
            months=18, months_max=None, days=None, article="Luật 120/2025/QH15 Điều 30"
        )
    }
    term = due(K.USER_MANAGEMENT, date(2026, 8, 31), overrides=overrides)
    assert term.due_on == date(2028, 2, 29)
    assert term.rule is not None
    assert term.rule.confirmed is True
    assert term.rule.set_by_administrator is True
    assert term.rule.article == "Luật 120/2025/QH15 Điều 30"
    assert term.rule.version == LAW120
    # the Law 73 version is untouched by a setting on the Law 120 one
    before = due(K.USER_MANAGEMENT, date(2026, 6, 30), overrides=overrides)
    assert before.rule is not None
    assert (before.due_on, before.rule.confirmed, before.rule.version) == (
        date(2027, 6, 30),
        True,
        LAW73,
    )


def test_setting_on_the_older_version_is_carried_by_the_unconfirmed_newer_one() -> None:
    overrides = {
        (Code.POST_REHAB, durations.LAW73_FROM): RuleOverride(
            months=12, months_max=None, days=None, article="Luật 73/2021/QH14 Điều 40 khoản 1"
        )
    }
    newer = rule_for(Code.POST_REHAB, on=date(2026, 9, 1), overrides=overrides)
    assert (newer.months, newer.confirmed, newer.carried_from) == (12, False, LAW73)


# --- voluntary rehab: Law 73 Arts. 30-31 ------------------------------------------------------


@pytest.mark.parametrize("kind", [K.REHAB_HOME, K.REHAB_FACILITY])
def test_voluntary_rehab_runs_the_planned_6_to_12_months(kind: str) -> None:
    six = due(kind, date(2025, 8, 31), planned_months=6)
    assert six.due_on == date(2026, 2, 28)
    twelve = due(kind, date(2025, 8, 31), planned_months=12)
    assert twelve.due_on == date(2026, 8, 31)
    assert six.rule is not None
    assert (six.rule.months, six.rule.months_max) == (6, 12)
    leap = due(kind, date(2027, 8, 31), planned_months=6)
    assert leap.due_on == date(2028, 2, 29)
    assert leap.rule is not None
    assert leap.rule.confirmed is False


def test_a_ranged_term_without_months_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="planned_months"):
        due(K.REHAB_HOME, date(2025, 8, 31))


# --- compulsory rehab: Law 73 Arts. 32-34; Decree 116 Arts. 44-45 -----------------------------


def test_compulsory_rehab_adult_range_and_deduction() -> None:
    term = due(K.COMPULSORY_REHAB, date(2024, 2, 29), planned_months=24)
    assert term.due_on == date(2026, 2, 28)
    assert term.rule is not None
    assert (term.rule.code, term.rule.months, term.rule.months_max) == (
        Code.COMPULSORY_ADULT,
        12,
        24,
    )
    deducted = due(K.COMPULSORY_REHAB, date(2025, 3, 10), planned_months=12, deducted_days=30)
    assert deducted.due_on == date(2026, 2, 8)


def test_compulsory_rehab_minor_uses_6_to_12_months() -> None:
    term = due(K.COMPULSORY_REHAB, date(2025, 1, 31), planned_months=6, is_minor=True)
    assert term.due_on == date(2025, 7, 31)
    assert term.rule is not None
    assert (term.rule.code, term.rule.months, term.rule.months_max) == (
        Code.COMPULSORY_MINOR,
        6,
        12,
    )


def test_extension_keeps_the_deduction() -> None:
    started = date(2025, 3, 10)
    old_due = due(K.COMPULSORY_REHAB, started, planned_months=12, deducted_days=30).due_on
    assert old_due is not None
    new_due = durations.extended_due_on(
        started_on=started, old_months=12, old_due_on=old_due, new_months=18
    )
    assert new_due == date(2026, 8, 11)  # 10/09/2026 less the same 30 days


def test_early_release_window_half_served_and_cut_3_to_6_months() -> None:
    window = durations.early_release_window(
        started_on=date(2025, 1, 10), due_on=date(2027, 1, 10), on=date(2025, 1, 10),
        overrides=NO_OVERRIDES,
    )  # fmt: skip
    assert window == (date(2026, 7, 10), date(2026, 10, 10))
    short = durations.early_release_window(
        started_on=date(2025, 1, 10), due_on=date(2026, 1, 10), on=date(2025, 1, 10),
        overrides=NO_OVERRIDES,
    )  # fmt: skip
    assert short == (date(2025, 7, 11), date(2025, 10, 10))  # half (182 days) beats due - 6


# --- post-rehab: Law 73 Art. 40; Decree 116 Art. 81 ------------------------------------------


@pytest.mark.parametrize(
    ("after_kind", "was_minor", "months", "expected"),
    [
        (K.REHAB_HOME, False, 12, date(2027, 1, 31)),
        (K.REHAB_FACILITY, False, 12, date(2027, 1, 31)),
        (K.METHADONE, False, 12, date(2027, 1, 31)),
        (K.COMPULSORY_REHAB, True, 12, date(2027, 1, 31)),  # minor after compulsory: 1 year
        (K.COMPULSORY_REHAB, False, 24, date(2028, 1, 31)),  # adult after compulsory: 2 years
    ],
)
def test_post_rehab_term(after_kind: str, was_minor: bool, months: int, expected: date) -> None:
    term = due(K.POST_REHAB, date(2026, 1, 31), after_kind=after_kind, is_minor=was_minor)
    assert (term.due_on, term.months) == (expected, months)


def test_methadone_is_open_ended_and_confirmed() -> None:
    term = due(K.METHADONE, date(2025, 5, 5))
    assert term.due_on is None
    assert term.rule is not None
    assert term.rule.confirmed is True
    assert term.rule.summary == "Không xác định thời hạn"


def test_addiction_determination_time_is_unconfirmed() -> None:
    term = due(K.ADDICTION_DETERMINATION, date(2025, 5, 5))
    assert term.due_on is None
    assert term.rule is not None
    assert term.rule.confirmed is False
    overrides = {
        (Code.ADDICTION_DETERMINATION, durations.LAW73_FROM): RuleOverride(
            months=None, months_max=None, days=5, article="Nghị định 109/2021/NĐ-CP Điều 9"
        )
    }
    set_ = due(K.ADDICTION_DETERMINATION, date(2025, 5, 5), overrides=overrides)  # a Monday
    assert set_.due_on == date(2025, 5, 12)
    assert set_.rule is not None
    assert set_.rule.confirmed is True


def test_the_dossier_has_no_term() -> None:
    assert due(K.COMPULSORY_DOSSIER, date(2025, 5, 5)) == durations.Term(None, None, None)


def test_summaries() -> None:
    def summary(code: str, on: date = date(2025, 1, 1)) -> str:
        return rule_for(code, on=on, overrides=NO_OVERRIDES).summary

    assert summary(Code.USER_MANAGEMENT) == "12 tháng"
    assert summary(Code.REHAB_HOME) == "từ 6 đến 12 tháng"
    assert summary(Code.USER_DECISION) == "3 ngày làm việc"
    assert summary(Code.MINOR_TO_COURT) == "2 ngày"
    assert summary(Code.MOVE_NOTICE, date(2026, 7, 1)) == "24 giờ"
    assert summary(Code.ADDICTION_DETERMINATION) == "—"


# --- working days and procedures --------------------------------------------------------------


def test_working_days_skip_weekends() -> None:
    friday, saturday = date(2026, 11, 20), date(2026, 11, 21)
    assert add_working_days(friday, 1) == date(2026, 11, 23)
    assert add_working_days(friday, 3) == date(2026, 11, 25)
    assert add_working_days(saturday, 1) == date(2026, 11, 23)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 5) == date(2026, 11, 27)
    assert add_working_days(friday, 6) == date(2026, 11, 30)
    assert is_working_day(saturday) is False
    assert working_days_between(friday, date(2026, 11, 25)) == 3
    assert working_days_between(friday, friday) == 0


def test_working_days_honour_configured_holidays() -> None:
    monday = date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 20), 1, holidays={monday}) == date(2026, 11, 24)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(monday, -1)


def test_user_management_procedure_deadlines() -> None:
    thursday = date(2026, 1, 15)
    normal = durations.user_management_procedure(
        received_on=thursday, remote=False, on=thursday, overrides=NO_OVERRIDES
    )
    assert normal == durations.UserProcedureDeadlines(
        date(2026, 1, 20), date(2026, 1, 23), date(2026, 1, 28)
    )
    remote = durations.user_management_procedure(
        received_on=thursday, remote=True, on=thursday, overrides=NO_OVERRIDES
    )
    assert remote == durations.UserProcedureDeadlines(
        date(2026, 1, 29), date(2026, 2, 3), date(2026, 2, 6)
    )


def test_minor_dossier_deadlines() -> None:
    friday = date(2026, 3, 6)
    planned = durations.minor_dossier_deadlines(
        compiled_on=friday, on=friday, overrides=NO_OVERRIDES
    )
    # 3 working days (Wed 11), then 1 day, then 2 days (calendar)
    assert planned == durations.MinorDossierDeadlines(
        date(2026, 3, 11), date(2026, 3, 12), date(2026, 3, 14)
    )
    actual = durations.minor_dossier_deadlines(
        compiled_on=friday,
        family_commented_on=date(2026, 3, 9),
        sent_to_review_on=date(2026, 3, 10),
        on=friday,
        overrides=NO_OVERRIDES,
    )
    assert actual == durations.MinorDossierDeadlines(
        date(2026, 3, 11), date(2026, 3, 10), date(2026, 3, 12)
    )
    nothing = durations.minor_dossier_deadlines(compiled_on=None, on=friday, overrides=NO_OVERRIDES)
    assert nothing == durations.MinorDossierDeadlines(None, None, None)


def test_move_notice_5_working_days_then_24_hours_from_law120() -> None:
    friday = date(2026, 6, 26)
    assert durations.deadline(
        Code.MOVE_NOTICE, start=friday, on=friday, overrides=NO_OVERRIDES
    ) == date(2026, 7, 3)
    wednesday = date(2026, 7, 1)
    assert durations.deadline(
        Code.MOVE_NOTICE, start=wednesday, on=wednesday, overrides=NO_OVERRIDES
    ) == date(2026, 7, 2)
    rule = rule_for(Code.MOVE_NOTICE, on=wednesday, overrides=NO_OVERRIDES)
    # The legal basis gives the 24 hours but no article: used, and UNCONFIRMED.
    assert (rule.confirmed, rule.hours, rule.version) == (False, 24, LAW120)
    assert "điều chưa xác nhận" in str(rule.article)


def test_an_administrator_sets_the_hours_of_the_move_notice() -> None:
    wednesday = date(2026, 7, 1)
    overrides = {
        (Code.MOVE_NOTICE, wednesday): RuleOverride(
            months=None, months_max=None, days=None, hours=48, article="Điều 99 (thử)"
        )
    }
    rule = rule_for(Code.MOVE_NOTICE, on=wednesday, overrides=overrides)
    assert (rule.confirmed, rule.hours, rule.day_unit, rule.summary) == (
        True,
        48,
        durations.DayUnit.HOURS,
        "48 giờ",
    )
    assert durations.deadline(
        Code.MOVE_NOTICE, start=wednesday, on=wednesday, overrides=overrides
    ) == date(2026, 7, 3)


@pytest.mark.parametrize(
    "code",
    [
        Code.RESIDENCE_VERIFICATION,
        Code.RESIDENCE_VERIFICATION_REMOTE,
        Code.USER_DOSSIER,
        Code.USER_DECISION,
        Code.STOP_END_DECISION_SEND,
        Code.COMPULSORY_EARLY_RELEASE,
    ],
)
def test_a_step_without_its_own_article_in_the_legal_basis_is_unconfirmed(code: Code) -> None:
    (law73,) = [
        r for r in durations.RULES if r.code == code and r.effective_from == durations.LAW73_FROM
    ]
    assert law73.confirmed is False
    assert str(law73.note)
    assert "chưa xác nhận" in str(law73.article)


def test_the_move_of_residence_cites_its_own_articles() -> None:
    (law73,) = [
        r
        for r in durations.RULES
        if r.code == Code.MOVE_NOTICE and r.effective_from == durations.LAW73_FROM
    ]
    assert law73.confirmed is True
    assert str(law73.article) == (
        "Luật 73/2021/QH14 Điều 26; Nghị định 105/2021/NĐ-CP Điều 47 (Mẫu 08)"
    )


def test_criminal_256a_window_two_years_from_1_july_2025() -> None:
    end = durations.criminal_256a_window_end(
        ended_on=date(2025, 8, 31), on=date(2025, 8, 31), overrides=NO_OVERRIDES
    )
    assert end == date(2027, 8, 31)
    before = durations.criminal_256a_window_end(
        ended_on=date(2025, 6, 30), on=date(2025, 6, 30), overrides=NO_OVERRIDES
    )
    assert before is None


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2014, 11, 23), date(2026, 11, 22), 11),
        (date(2014, 11, 23), date(2026, 11, 23), 12),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert durations.age_on(born, on) == age


# --- edges: calendar days after 1 July 2026, holidays, unconfirmed metadata -------------------


@pytest.mark.parametrize("on", [date(2026, 3, 6), date(2026, 8, 7)])
def test_minor_dossier_review_and_court_limits_are_calendar_days(on: date) -> None:
    # Sent on a Friday: 1 and 2 calendar days end on Saturday and Sunday, not Monday and Tuesday.
    friday = date(2026, 8, 14)
    steps = durations.minor_dossier_deadlines(
        compiled_on=date(2026, 8, 11),
        family_commented_on=friday,
        sent_to_review_on=friday,
        on=on,
        overrides=NO_OVERRIDES,
    )
    assert (steps.to_review_by, steps.to_court_by) == (date(2026, 8, 15), date(2026, 8, 16))
    assert steps.family_comment_by == date(2026, 8, 14)  # 3 working days: Wed, Thu, Fri
    for code, summary in ((Code.MINOR_TO_REVIEW, "1 ngày"), (Code.MINOR_TO_COURT, "2 ngày")):
        rule = rule_for(code, on=on, overrides=NO_OVERRIDES)
        assert (rule.day_unit, rule.summary) == (durations.DayUnit.CALENDAR, summary)


def test_working_day_limits_skip_tet() -> None:
    days_off = public_holidays()
    eve = date(2027, 2, 3)  # the day before Tết 2027 (04-10/02)
    steps = durations.minor_dossier_deadlines(
        compiled_on=eve, on=eve, overrides=NO_OVERRIDES, holidays=days_off
    )
    assert steps.family_comment_by == date(2027, 2, 15)
    procedure = durations.user_management_procedure(
        received_on=eve, remote=False, on=eve, overrides=NO_OVERRIDES, holidays=days_off
    )
    assert procedure == durations.UserProcedureDeadlines(
        date(2027, 2, 15), date(2027, 2, 18), date(2027, 2, 23)
    )
    assert durations.decision_send_by(
        ended_on=eve, on=eve, overrides=NO_OVERRIDES, holidays=days_off
    ) == date(2027, 2, 15)
    assert durations.decision_send_by(ended_on=eve, on=eve, overrides=NO_OVERRIDES) == date(
        2027, 2, 8
    )


def test_the_stop_end_decision_is_sent_within_3_working_days() -> None:
    rule = rule_for(Code.STOP_END_DECISION_SEND, on=date(2025, 1, 1), overrides=NO_OVERRIDES)
    assert (rule.days, rule.day_unit, rule.summary) == (
        3,
        durations.DayUnit.WORKING,
        "3 ngày làm việc",
    )
    friday = date(2026, 11, 20)
    assert durations.decision_send_by(ended_on=friday, on=friday, overrides=NO_OVERRIDES) == date(
        2026, 11, 25
    )


def test_unconfirmed_law120_versions_carry_their_warning() -> None:
    for code in (Code.USER_MANAGEMENT, Code.POST_REHAB, Code.MINOR_TO_COURT):
        rule = rule_for(code, on=date(2026, 7, 1), overrides=NO_OVERRIDES)
        assert (rule.confirmed, rule.set_by_administrator, rule.carried_from) == (
            False,
            False,
            LAW73,
        )
        assert str(rule.note) == (
            "Chưa đối chiếu được văn bản chính thức: tạm dùng giá trị của phiên bản trước "
            "(Luật 73/2021)."
        )
        assert str(rule.article).startswith("Luật Phòng, chống ma túy số 120/2025/QH15")
        assert rule.version_in_words.endswith("hiệu lực từ 01/07/2026")
        assert rule.carried_from_in_words.endswith("hiệu lực từ 01/01/2022")
    confirmed = rule_for(Code.USER_MANAGEMENT, on=date(2026, 6, 30), overrides=NO_OVERRIDES)
    assert (confirmed.confirmed, confirmed.carried_from, confirmed.carried_from_in_words) == (
        True,
        None,
        "",
    )
    overrides = {
        (Code.USER_MANAGEMENT, durations.LAW120_FROM): RuleOverride(
            months=12, months_max=None, days=None, article="", note="Đã đối chiếu."
        )
    }
    set_rule = rule_for(Code.USER_MANAGEMENT, on=date(2026, 7, 1), overrides=overrides)
    assert (set_rule.confirmed, set_rule.set_by_administrator, set_rule.note) == (
        True,
        True,
        "Đã đối chiếu.",
    )
    assert str(set_rule.article).startswith("Luật Phòng, chống ma túy số 120/2025/QH15")


def test_early_release_window_of_one_day_and_a_term_too_short() -> None:
    # 6 months from 01/01/2026: half is 01/04 (90 of 181 days), and 3 months before the end too.
    one_day = durations.early_release_window(
        started_on=date(2026, 1, 1), due_on=date(2026, 7, 1), on=date(2026, 1, 1),
        overrides=NO_OVERRIDES,
    )  # fmt: skip
    assert one_day == (date(2026, 4, 1), date(2026, 4, 1))
    too_short = durations.early_release_window(
        started_on=date(2026, 1, 1), due_on=date(2026, 6, 30), on=date(2026, 1, 1),
        overrides=NO_OVERRIDES,
    )  # fmt: skip
    assert too_short is None


def _in_words(rule: durations.ResolvedRule) -> tuple[object, ...]:
    return (
        rule.code, str(rule.title), rule.version, rule.months, rule.months_max, rule.days,
        rule.hours, rule.day_unit, rule.confirmed, str(rule.note), rule.carried_from,
        rule.set_by_administrator,
    )  # fmt: skip


def test_an_unconfirmed_version_carries_every_value_of_the_previous_one() -> None:
    law120 = date(2026, 8, 3)
    rehab = rule_for(Code.REHAB_HOME, on=law120, overrides=NO_OVERRIDES)
    assert _in_words(rehab) == (
        Code.REHAB_HOME, "Thời hạn cai nghiện tự nguyện tại gia đình, cộng đồng", LAW120, 6, 12,
        None, None, durations.DayUnit.WORKING, False,
        "Chưa đối chiếu được văn bản chính thức: tạm dùng giá trị của phiên bản trước "
        "(Luật 73/2021).", LAW73, False,
    )  # fmt: skip
    verify = rule_for(Code.RESIDENCE_VERIFICATION, on=law120, overrides=NO_OVERRIDES)
    assert (verify.days, verify.hours, verify.day_unit) == (3, None, durations.DayUnit.WORKING)
    move = rule_for(Code.MOVE_NOTICE, on=law120, overrides=NO_OVERRIDES)
    assert (move.days, move.hours, move.day_unit) == (None, 24, durations.DayUnit.HOURS)
    law73 = rule_for(Code.MOVE_NOTICE, on=date(2026, 6, 1), overrides=NO_OVERRIDES)
    assert (law73.days, law73.hours, str(law73.title)) == (
        5,
        None,
        "Thông báo khi thay đổi nơi cư trú",
    )
    assert (
        str(rule_for(Code.COMPULSORY_ADULT, on=date(2026, 6, 1), overrides=NO_OVERRIDES).note)
        == "Thời gian bị quản lý trong thời gian lập hồ sơ được trừ vào thời hạn."
    )


def test_an_administrators_values_replace_every_value() -> None:
    law120 = date(2026, 8, 3)
    overrides = {
        (Code.COMPULSORY_ADULT, durations.LAW120_FROM): RuleOverride(
            months=12, months_max=18, days=None, article="Điều 35", note="Đã đối chiếu."
        ),
        (Code.MOVE_NOTICE, durations.LAW120_FROM): RuleOverride(
            months=None, months_max=None, days=None, article="Điều 26"
        ),
    }
    rule = rule_for(Code.COMPULSORY_ADULT, on=law120, overrides=overrides)
    assert (rule.months, rule.months_max, rule.note, rule.article, rule.carried_from) == (
        12, 18, "Đã đối chiếu.", "Điều 35", None,
    )  # fmt: skip
    move = rule_for(Code.MOVE_NOTICE, on=law120, overrides=overrides)
    assert (move.hours, move.note, move.set_by_administrator) == (24, "", True)  # hours kept


@pytest.mark.parametrize(("hours", "days"), [(24, 1), (25, 2), (48, 2), (49, 3)])
def test_a_limit_in_hours_ends_on_the_day_its_last_hour_falls(hours: int, days: int) -> None:
    wednesday = date(2026, 7, 1)
    overrides = {
        (Code.MOVE_NOTICE, wednesday): RuleOverride(
            months=None, months_max=None, days=None, hours=hours, article="Điều 26"
        )
    }
    assert durations.deadline(
        Code.MOVE_NOTICE, start=wednesday, on=wednesday, overrides=overrides
    ) == date(2026, 7, 1 + days)


def test_terms_without_months_have_no_end() -> None:
    start = date(2026, 1, 10)
    rule = rule_for(Code.USER_MANAGEMENT, on=start, overrides=NO_OVERRIDES)
    open_ended = replace(rule, months=None)
    assert durations.user_management_end(started_on=start, rule=open_ended) is None
    assert durations.post_rehab_end(started_on=start, rule=open_ended) is None
    overrides = {
        (Code.CRIMINAL_256A_WINDOW, durations.CRIMINAL_256A_FROM): RuleOverride(
            months=None, months_max=None, days=None, article="Điều 256a"
        ),
        (Code.COMPULSORY_EARLY_RELEASE, durations.LAW73_FROM): RuleOverride(
            months=3, months_max=None, days=None, article="Điều 1"
        ),
    }
    assert durations.criminal_256a_window_end(ended_on=start, on=start, overrides=overrides) is None
    assert (
        durations.early_release_window(
            started_on=start, due_on=date(2028, 1, 10), on=start, overrides=overrides
        )
        is None
    )


def test_a_term_keeps_its_months_and_rule() -> None:
    ranged = due(K.REHAB_HOME, date(2026, 1, 10), planned_months=9)
    assert (ranged.due_on, ranged.months) == (date(2026, 10, 10), 9)
    assert ranged.rule is not None
    assert ranged.rule.code == Code.REHAB_HOME
    post = due(K.POST_REHAB, date(2026, 1, 10), after_kind=K.REHAB_HOME)
    assert (post.due_on, post.months) == (date(2027, 1, 10), 12)
    assert post.rule is not None
    assert post.rule.code == Code.POST_REHAB


def test_no_rule_before_2022_names_the_rule_and_the_date() -> None:
    with pytest.raises(durations.RuleNotInForceError) as exc:
        rule_for(Code.USER_MANAGEMENT, on=date(2021, 12, 31), overrides=NO_OVERRIDES)
    assert exc.value.args == (Code.USER_MANAGEMENT, date(2021, 12, 31))


def test_versions_and_articles_in_words() -> None:
    assert durations.find_rule(Code.MOVE_NOTICE, durations.LAW73_FROM).days == 5  # type: ignore[union-attr]
    assert durations.find_rule(Code.MOVE_NOTICE, date(2023, 1, 1)) is None
    assert durations.find_rule("nothing", durations.LAW73_FROM) is None
    assert durations.version_in_words(LAW73) == (
        "Luật Phòng, chống ma túy số 73/2021/QH14 và các nghị định hướng dẫn, "
        "hiệu lực từ 01/01/2022"
    )
    for bad in ("", "law73", "law73-2022-13-01", "unknown-2022-01-01", "-2022-01-01"):
        assert durations.version_in_words(bad) == "—"
    assert durations.rule_in_words(Code.MOVE_NOTICE, LAW73) == (
        "Luật 73/2021/QH14 Điều 26; Nghị định 105/2021/NĐ-CP Điều 47 (Mẫu 08), "
        "hiệu lực từ 01/01/2022"
    )
    assert durations.rule_in_words(Code.MOVE_NOTICE, "law73-2023-01-01") == (
        "Luật Phòng, chống ma túy số 73/2021/QH14 và các nghị định hướng dẫn, "
        "hiệu lực từ 01/01/2023"
    )
    assert durations.rule_in_words(Code.MOVE_NOTICE, "bad") == "—"


@pytest.mark.django_db
def test_one_read_of_the_administrators_values(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    friday = date(2026, 3, 6)
    with django_assert_num_queries(1):
        durations.minor_dossier_deadlines(compiled_on=friday, on=friday)
    with django_assert_num_queries(1):
        durations.user_management_procedure(received_on=friday, remote=True, on=friday)
    with django_assert_num_queries(1):
        assert rule_for(Code.USER_MANAGEMENT, on=friday).months == 12


def test_compulsory_rehab_without_a_deduction() -> None:
    assert durations.compulsory_rehab_end(started_on=date(2026, 1, 10), planned_months=12) == date(
        2027, 1, 10
    )
