"""Every legal duration and time limit of the people registry, in ONE table versioned by date.

Sources: (Law 73/2021/QH14 with Decrees 105/2021, 109/2021
and 116/2021, in force 1/1/2022; Criminal Code Art. 256a from 1/7/2025; Law 120/2025/QH15 from
1/7/2026). Each row of ``RULES`` cites its article. A change in the law is a new row with a later
``effective_from`` (plus a test); old episodes keep the version that computed their dates
(``Episode.rule_code`` / ``rule_version`` / ``rule_confirmed``).

UNCONFIRMED values. Where the official text could not be reached (the durations of
Law 120/2025/QH15, the time allowed for an addiction determination), the row has
``confirmed=False``. In such a row a value of ``None`` means "carry the value of the previous
version", flagged unconfirmed everywhere it is shown. An administrator reads the official text and
stores the value through ``khongmatuy.legal`` for the same (code, effective_from): that value
replaces the table's values and makes the rule confirmed.

Calendar conventions (Civil Code 2015 Arts. 147-148): the day of the start event is not counted;
a period of N months ends at the end of the same day N months later, or on the last day of that
month when it has no such day (31/01 + 1 month = 28/02 or 29/02). ``common.dates.add_months`` does
exactly this, so a 12-month term started 31/01/2026 has ``due_on`` 31/01/2027 (the last day under
the measure). Working days: ``common.workdays`` (Monday-Friday, less ``common.public_holidays``).

This module is the table: the rows, their articles and their values, nothing computed. Resolving
the version in force on a date and the dates computed from it are in ``deadlines`` (re-exported
here, so callers import this one module).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- ages (Law 73/2021/QH14) ------------------------------------------------------------------

# Compulsory rehab applies to adults (from 18, Art. 32) and to minors from full 12 to under 18
# (Arts. 33-34); nobody under 12 may be sent to compulsory rehab.
MINOR_MIN_AGE = 12
ADULT_AGE = 18

LAW73_FROM = date(2022, 1, 1)  # Law 73/2021/QH14 and Decrees 105, 109, 116/2021 in force
CRIMINAL_256A_FROM = date(2025, 7, 1)  # Criminal Code Art. 256a added by Law 86/2025/QH15
LAW120_FROM = date(2026, 7, 1)  # Law 120/2025/QH15 in force

_LAW120_ARTICLE = _(
    "Luật Phòng, chống ma túy số 120/2025/QH15 (điều khoản cụ thể và nghị định hướng dẫn chưa "
    "xác nhận)"
)

# The legal text each ``LegalRule.basis`` names, in words (what officers read instead of the
# stored version label "law120-2026-07-01").
BASIS_NAMES: dict[str, str | Promise] = {
    "law73": _("Luật Phòng, chống ma túy số 73/2021/QH14 và các nghị định hướng dẫn"),
    "law120": _("Luật Phòng, chống ma túy số 120/2025/QH15"),
    "blhs256a": _("Bộ luật Hình sự, Điều 256a (bổ sung bởi Luật số 86/2025/QH15)"),
}
_DECREE105_STEP = _("Nghị định 105/2021/NĐ-CP, một trong các Điều 40-49 (điều chưa xác nhận)")
_DECREE105_NOTE = _(
    "Thời hạn theo Nghị định 105/2021/NĐ-CP; chưa đối chiếu được điều, khoản quy định riêng "
    "bước này."
)
_LAW120_NOTE = _(
    "Chưa đối chiếu được văn bản chính thức: tạm dùng giá trị của phiên bản trước (Luật 73/2021)."
)


class DayUnit(StrEnum):
    """How ``days`` of a rule are counted."""

    WORKING = "working"  # ngày làm việc (Monday-Friday)
    CALENDAR = "calendar"  # ngày (calendar days)
    HOURS = "hours"  # giờ; ``hours`` holds the figure


class Code(StrEnum):
    """Codes of the rules; one code may have several versions (by ``effective_from``)."""

    # Terms of the measures (what an episode's ``due_on`` is computed from)
    USER_MANAGEMENT = "user_management"
    ADDICTION_DETERMINATION = "addiction_determination"
    REHAB_HOME = "rehab_home"
    REHAB_FACILITY = "rehab_facility"
    COMPULSORY_ADULT = "compulsory_rehab_adult"
    COMPULSORY_MINOR = "compulsory_rehab_minor"
    COMPULSORY_EARLY_RELEASE = "compulsory_rehab_early_release"
    POST_REHAB = "post_rehab"
    POST_REHAB_AFTER_ADULT_COMPULSORY = "post_rehab_after_adult_compulsory"
    METHADONE = "methadone"
    # Procedural time limits
    RESIDENCE_VERIFICATION = "residence_verification"
    RESIDENCE_VERIFICATION_REMOTE = "residence_verification_remote"
    USER_DOSSIER = "user_management_dossier"
    USER_DECISION = "user_management_decision"
    STOP_END_DECISION_SEND = "user_management_stop_end_send"
    MOVE_NOTICE = "move_notice"
    MINOR_FAMILY_COMMENT = "minor_dossier_family_comment"
    MINOR_TO_REVIEW = "minor_dossier_to_review"
    MINOR_TO_COURT = "minor_dossier_to_court"
    CRIMINAL_256A_WINDOW = "criminal_256a_window"


@dataclass(frozen=True)
class LegalRule:
    """One version of a legal rule, as written in the law (or UNCONFIRMED).

    ``months`` is the fixed term, or the minimum when ``months_max`` is set (a range decided case
    by case, e.g. 6-12 months). ``days`` is a time limit counted in ``day_unit``. ``basis`` names
    the legal text of this version and, with ``effective_from``, makes the version label stored on
    episodes ("law73-2022-01-01").
    """

    code: str
    effective_from: date
    months: int | None
    months_max: int | None
    days: int | None
    article: str | Promise
    confirmed: bool
    note: str | Promise
    title: str | Promise = ""
    basis: str = "law73"
    day_unit: DayUnit = DayUnit.WORKING
    hours: int | None = None

    @property
    def version(self) -> str:
        return f"{self.basis}-{self.effective_from.isoformat()}"


def _law120(code: Code, title: str | Promise) -> LegalRule:
    """A Law 120/2025/QH15 version whose value is UNCONFIRMED.

    All values ``None``: each is carried from the previous version and shown as unconfirmed until
    an administrator sets it from the official text.
    """
    return LegalRule(
        code=code,
        effective_from=LAW120_FROM,
        months=None,
        months_max=None,
        days=None,
        article=_LAW120_ARTICLE,
        confirmed=False,
        note=_LAW120_NOTE,
        title=title,
        basis="law120",
    )


_T_USER = _("Thời hạn quản lý người sử dụng trái phép chất ma túy")
_T_DETERMINATION = _("Thời gian xác định tình trạng nghiện")
_T_REHAB_HOME = _("Thời hạn cai nghiện tự nguyện tại gia đình, cộng đồng")
_T_REHAB_FACILITY = _("Thời hạn cai nghiện tự nguyện tại cơ sở cai nghiện")
_T_COMPULSORY_ADULT = _("Thời hạn cai nghiện bắt buộc (người từ đủ 18 tuổi)")
_T_COMPULSORY_MINOR = _("Thời hạn cai nghiện bắt buộc (người từ đủ 12 đến dưới 18 tuổi)")
_T_EARLY_RELEASE = _("Giảm thời hạn cai nghiện bắt buộc")
_T_POST_REHAB = _(
    "Thời hạn quản lý sau cai nghiện (sau cai tự nguyện, sau điều trị methadone, người chưa "
    "thành niên sau cai bắt buộc)"
)
_T_POST_REHAB_ADULT = _("Thời hạn quản lý sau cai nghiện bắt buộc (người từ đủ 18 tuổi)")
_T_METHADONE = _("Thời hạn điều trị thay thế (methadone)")
_T_VERIFY = _("Xác minh nơi cư trú")
_T_VERIFY_REMOTE = _("Xác minh nơi cư trú (vùng sâu, vùng xa, địa bàn khó khăn)")
_T_USER_DOSSIER = _("Lập hồ sơ quản lý, gửi Chủ tịch UBND xã")
_T_USER_DECISION = _("Ra quyết định quản lý người sử dụng trái phép chất ma túy")
_T_STOP_END = _("Gửi quyết định dừng / chấm dứt quản lý")
_T_MOVE = _("Thông báo khi thay đổi nơi cư trú")
_T_MINOR_FAMILY = _("Cha mẹ, người giám hộ đọc hồ sơ và có ý kiến (người chưa thành niên)")
_T_MINOR_REVIEW = _("Chuyển hồ sơ đến cơ quan xem xét (người chưa thành niên)")
_T_MINOR_COURT = _("Chuyển hồ sơ đến Tòa án (người chưa thành niên)")
_T_256A = _("Thời hạn 02 năm tính tội sử dụng trái phép chất ma túy (Điều 256a BLHS)")

# fmt: off
RULES: tuple[LegalRule, ...] = (
    # --- terms of the measures, Law 73/2021/QH14 ----------------------------------------------
    # Law 73 Art. 23; Decree 105/2021 Arts. 42-43, 48: 1 year from the management decision.
    # Use again during management: a new decision, the year restarts. A move: the remaining
    # time continues at the new place.
    LegalRule(
        Code.USER_MANAGEMENT, LAW73_FROM, 12, None, None,
        _("Luật 73/2021/QH14 Điều 23; Nghị định 105/2021/NĐ-CP Điều 42, 43, 48"), True,
        _("Tái sử dụng trong thời gian quản lý: ra quyết định mới, tính lại 12 tháng. Chuyển nơi "
          "cư trú: tiếp tục thời gian còn lại tại nơi mới."),
        _T_USER,
    ),
    # Decree 109/2021 sets the procedure; the time it allows is UNCONFIRMED.
    LegalRule(
        Code.ADDICTION_DETERMINATION, LAW73_FROM, None, None, None,
        _("Luật 73/2021/QH14 Điều 27; Nghị định 109/2021/NĐ-CP"), False,
        _("Chưa xác nhận thời gian tối đa để xác định tình trạng nghiện."),
        _T_DETERMINATION,
    ),
    # Law 73 Art. 30: voluntary rehab at home / in the community, 6 to 12 months.
    LegalRule(
        Code.REHAB_HOME, LAW73_FROM, 6, 12, None,
        _("Luật 73/2021/QH14 Điều 30"), True, "", _T_REHAB_HOME,
    ),
    # Law 73 Art. 31: voluntary rehab at a facility, 6 to 12 months.
    LegalRule(
        Code.REHAB_FACILITY, LAW73_FROM, 6, 12, None,
        _("Luật 73/2021/QH14 Điều 31"), True, "", _T_REHAB_FACILITY,
    ),
    # Law 73 Art. 32; Law on Handling Administrative Violations Art. 95: 12 to 24 months. Time
    # under management during the procedure is deducted (Decree 116/2021 Arts. 44-45).
    LegalRule(
        Code.COMPULSORY_ADULT, LAW73_FROM, 12, 24, None,
        _("Luật 73/2021/QH14 Điều 32; Luật Xử lý vi phạm hành chính Điều 95; Nghị định "
          "116/2021/NĐ-CP Điều 44, 45"), True,
        _("Thời gian bị quản lý trong thời gian lập hồ sơ được trừ vào thời hạn."),
        _T_COMPULSORY_ADULT,
    ),
    # Law 73 Arts. 33-34: minors from full 12 to under 18, 6 to 12 months, decided by the court.
    LegalRule(
        Code.COMPULSORY_MINOR, LAW73_FROM, 6, 12, None,
        _("Luật 73/2021/QH14 Điều 33, 34"), True,
        _("Không phải là biện pháp xử lý hành chính; Tòa án quyết định."),
        _T_COMPULSORY_MINOR,
    ),
    # Decree 116/2021: the term may be cut by 3 to 6 months once half has been served, with merit
    # and a "good" rating for at least the last 3 months. The legal basis names no article: the
    # figures are used, the rule stays UNCONFIRMED until an administrator cites it.
    LegalRule(
        Code.COMPULSORY_EARLY_RELEASE, LAW73_FROM, 3, 6, None,
        _("Nghị định 116/2021/NĐ-CP (giảm thời hạn chấp hành; điều chưa xác nhận)"), False,
        _("Đã chấp hành ít nhất một nửa thời hạn, có thành tích, xếp loại tốt trở lên ít nhất "
          "03 tháng gần nhất. Chưa đối chiếu được điều, khoản của Nghị định quy định việc này."),
        _T_EARLY_RELEASE,
    ),
    # Law 73 Art. 40; Decree 116/2021 Art. 81: 1 year after voluntary rehab, after methadone
    # treatment, or for minors after compulsory rehab.
    LegalRule(
        Code.POST_REHAB, LAW73_FROM, 12, None, None,
        _("Luật 73/2021/QH14 Điều 40; Nghị định 116/2021/NĐ-CP Điều 81"), True, "",
        _T_POST_REHAB,
    ),
    # Law 73 Art. 40; Decree 116/2021 Art. 81: 2 years for adults after compulsory rehab.
    LegalRule(
        Code.POST_REHAB_AFTER_ADULT_COMPULSORY, LAW73_FROM, 24, None, None,
        _("Luật 73/2021/QH14 Điều 40; Nghị định 116/2021/NĐ-CP Điều 81"), True, "",
        _T_POST_REHAB_ADULT,
    ),
    # Law 73 Art. 41: substitution treatment has no fixed term (None, confirmed: open-ended).
    LegalRule(
        Code.METHADONE, LAW73_FROM, None, None, None,
        _("Luật 73/2021/QH14 Điều 41"), True, _("Không xác định thời hạn."), _T_METHADONE,
    ),
    # --- procedural time limits, Decree 105/2021 (user management, Arts. 40-49) --------------
    # The legal basis gives each step's time limit but not the article of each step within
    # Arts. 40-49: those rows are UNCONFIRMED (values used, article to be cited by an
    # administrator). The move of residence is Law 73 Art. 26 and Decree 105 Art. 47.
    LegalRule(
        Code.RESIDENCE_VERIFICATION, LAW73_FROM, None, None, 3,
        _DECREE105_STEP, False, _DECREE105_NOTE, _T_VERIFY,
    ),
    LegalRule(
        Code.RESIDENCE_VERIFICATION_REMOTE, LAW73_FROM, None, None, 10,
        _DECREE105_STEP, False, _DECREE105_NOTE, _T_VERIFY_REMOTE,
    ),
    LegalRule(
        Code.USER_DOSSIER, LAW73_FROM, None, None, 3,
        _DECREE105_STEP, False, _DECREE105_NOTE, _T_USER_DOSSIER,
    ),
    LegalRule(
        Code.USER_DECISION, LAW73_FROM, None, None, 3,
        _("Nghị định 105/2021/NĐ-CP, một trong các Điều 40-49 (Mẫu 07; điều chưa xác nhận)"),
        False, _DECREE105_NOTE, _T_USER_DECISION,
    ),
    LegalRule(
        Code.STOP_END_DECISION_SEND, LAW73_FROM, None, None, 3,
        _("Nghị định 105/2021/NĐ-CP, một trong các Điều 40-49 (Mẫu 09, 10; điều chưa xác nhận)"),
        False, _DECREE105_NOTE, _T_STOP_END,
    ),
    # Law 73 Art. 26; Decree 105 Art. 47: the person notifies, and the police send the dossier,
    # within 5 working days of a move.
    LegalRule(
        Code.MOVE_NOTICE, LAW73_FROM, None, None, 5,
        _("Luật 73/2021/QH14 Điều 26; Nghị định 105/2021/NĐ-CP Điều 47 (Mẫu 08)"), True, "",
        _T_MOVE,
    ),
    # Law 73 Arts. 33-34, minors' compulsory-rehab dossier: family comment within 3 working days,
    # to the (former district labour) office within 1 day, to the court within 2 days.
    LegalRule(
        Code.MINOR_FAMILY_COMMENT, LAW73_FROM, None, None, 3,
        _("Luật 73/2021/QH14 Điều 34"), True, "", _T_MINOR_FAMILY,
    ),
    LegalRule(
        Code.MINOR_TO_REVIEW, LAW73_FROM, None, None, 1,
        _("Luật 73/2021/QH14 Điều 34"), True,
        _("Trước đây gửi Trưởng phòng Lao động, Thương binh và Xã hội cấp huyện; cơ quan "
          "tiếp nhận sau cải cách 2025 chưa xác nhận."),
        _T_MINOR_REVIEW, day_unit=DayUnit.CALENDAR,
    ),
    LegalRule(
        Code.MINOR_TO_COURT, LAW73_FROM, None, None, 2,
        _("Luật 73/2021/QH14 Điều 34"), True,
        _("Cấp Tòa án có thẩm quyền sau cải cách tư pháp 2025 chưa xác nhận."),
        _T_MINOR_COURT, day_unit=DayUnit.CALENDAR,
    ),
    # Criminal Code Art. 256a (Law 86/2025/QH15, from 1/7/2025): use within 2 years after
    # post-rehab management ends, or after quitting voluntary rehab / methadone, is a crime.
    LegalRule(
        Code.CRIMINAL_256A_WINDOW, CRIMINAL_256A_FROM, 24, None, None,
        _("Bộ luật Hình sự Điều 256a (Luật 86/2025/QH15)"), True, "", _T_256A, basis="blhs256a",
    ),
    # --- Law 120/2025/QH15, in force 1/7/2026 ------------------------------------------------
    _law120(Code.USER_MANAGEMENT, _T_USER),
    _law120(Code.ADDICTION_DETERMINATION, _T_DETERMINATION),
    _law120(Code.REHAB_HOME, _T_REHAB_HOME),
    _law120(Code.REHAB_FACILITY, _T_REHAB_FACILITY),
    _law120(Code.COMPULSORY_ADULT, _T_COMPULSORY_ADULT),
    _law120(Code.COMPULSORY_MINOR, _T_COMPULSORY_MINOR),
    _law120(Code.COMPULSORY_EARLY_RELEASE, _T_EARLY_RELEASE),
    _law120(Code.POST_REHAB, _T_POST_REHAB),
    _law120(Code.POST_REHAB_AFTER_ADULT_COMPULSORY, _T_POST_REHAB_ADULT),
    _law120(Code.METHADONE, _T_METHADONE),
    _law120(Code.RESIDENCE_VERIFICATION, _T_VERIFY),
    _law120(Code.RESIDENCE_VERIFICATION_REMOTE, _T_VERIFY_REMOTE),
    _law120(Code.USER_DOSSIER, _T_USER_DOSSIER),
    _law120(Code.USER_DECISION, _T_USER_DECISION),
    _law120(Code.STOP_END_DECISION_SEND, _T_STOP_END),
    _law120(Code.MINOR_FAMILY_COMMENT, _T_MINOR_FAMILY),
    _law120(Code.MINOR_TO_REVIEW, _T_MINOR_REVIEW),
    _law120(Code.MINOR_TO_COURT, _T_MINOR_COURT),
    # Law 120/2025/QH15: after a move the person reports to the new place's police within 24
    # hours, and the commune police notify the other side within 24 hours. The legal basis names
    # no article: the 24 hours are used, the rule stays UNCONFIRMED until an administrator cites
    # it (an hours value is confirmable on the legal-values page).
    LegalRule(
        Code.MOVE_NOTICE, LAW120_FROM, None, None, None,
        _("Luật Phòng, chống ma túy số 120/2025/QH15 (nghĩa vụ thông báo khi thay đổi nơi cư "
          "trú; điều chưa xác nhận)"), False,
        _("Trong vòng 24 giờ. Chưa đối chiếu được điều, khoản của Luật quy định thời hạn này."),
        _T_MOVE, basis="law120", day_unit=DayUnit.HOURS, hours=24,
    ),
)
# fmt: on


# The resolution and the dates live in ``deadlines``, which reads ``RULES`` above; callers keep
# importing them from here. Imported last because ``deadlines`` imports this table.
from .deadlines import (  # noqa: E402, I001
    MinorDossierDeadlines,
    NO_OVERRIDES,
    Overrides,
    ResolvedRule,
    RuleNotInForceError,
    RuleOverride,
    Term,
    UserProcedureDeadlines,
    age_on,
    compulsory_rehab_end,
    criminal_256a_window_end,
    deadline,
    decision_send_by,
    due_on_for,
    early_release_window,
    extended_due_on,
    find_rule,
    load_overrides,
    minor_dossier_deadlines,
    post_rehab_end,
    resolve_versions,
    rule_for,
    rule_in_words,
    term_rule_code,
    user_management_end,
    user_management_procedure,
    version_in_words,
    versions_of,
    voluntary_rehab_end,
)

__all__ = [
    "ADULT_AGE",
    "BASIS_NAMES",
    "CRIMINAL_256A_FROM",
    "LAW73_FROM",
    "LAW120_FROM",
    "MINOR_MIN_AGE",
    "NO_OVERRIDES",
    "RULES",
    "Code",
    "DayUnit",
    "LegalRule",
    "MinorDossierDeadlines",
    "Overrides",
    "ResolvedRule",
    "RuleNotInForceError",
    "RuleOverride",
    "Term",
    "UserProcedureDeadlines",
    "age_on",
    "compulsory_rehab_end",
    "criminal_256a_window_end",
    "deadline",
    "decision_send_by",
    "due_on_for",
    "early_release_window",
    "extended_due_on",
    "find_rule",
    "load_overrides",
    "minor_dossier_deadlines",
    "post_rehab_end",
    "resolve_versions",
    "rule_for",
    "rule_in_words",
    "term_rule_code",
    "user_management_end",
    "user_management_procedure",
    "version_in_words",
    "versions_of",
    "voluntary_rehab_end",
]
