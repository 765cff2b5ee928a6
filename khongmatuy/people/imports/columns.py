"""The columns of the person sheet and how one cell is read."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import translation

from khongmatuy.common.text import fold, normalize

from ..validators import clean_citizen_id

if TYPE_CHECKING:
    pass


NAME = "Họ và tên"
ALIASES = "Tên gọi khác"
SEX = "Giới tính"
BORN = "Ngày sinh"
CITIZEN_ID = "Số CCCD"
GROUP = "Tổ dân phố, thôn"
PERMANENT = "Địa chỉ thường trú"
CURRENT = "Nơi ở hiện tại"
PHONE = "Điện thoại"
OCCUPATION = "Nghề nghiệp"
CATEGORY = "Diện quản lý"
CATEGORY_FROM = "Thuộc diện từ ngày"
SOURCE = "Căn cứ"
PSYCHOSIS = "Loạn thần"
EPISODE = "Biện pháp quản lý"
EPISODE_FROM = "Ngày bắt đầu biện pháp"
DECISION_NUMBER = "Số quyết định"
DECISION_DATE = "Ngày quyết định"
AUTHORITY = "Cơ quan, người quyết định"

COLUMNS = (
    NAME,
    ALIASES,
    SEX,
    BORN,
    CITIZEN_ID,
    GROUP,
    PERMANENT,
    CURRENT,
    PHONE,
    OCCUPATION,
    CATEGORY,
    CATEGORY_FROM,
    SOURCE,
    PSYCHOSIS,
    EPISODE,
    EPISODE_FROM,
    DECISION_NUMBER,
    DECISION_DATE,
    AUTHORITY,
)
EPISODE_COLUMNS = (EPISODE, EPISODE_FROM, DECISION_NUMBER, DECISION_DATE, AUTHORITY)
REQUIRED_COLUMNS = COLUMNS[: COLUMNS.index(PSYCHOSIS) + 1]
# Several categories in one cell: "Người nghiện ma túy; Quản lý sau cai nghiện".
CATEGORY_SEPARATOR = ";"

# Service error keys → the column that shows them.
_COLUMN_OF = {
    "full_name": NAME,
    "aliases": ALIASES,
    "sex": SEX,
    "date_of_birth": BORN,
    "citizen_id": CITIZEN_ID,
    "area": GROUP,
    "permanent_address": PERMANENT,
    "current_address": CURRENT,
    "phone": PHONE,
    "occupation": OCCUPATION,
    "category": CATEGORY,
    "started_on": CATEGORY_FROM,
    "ended_on": CATEGORY_FROM,
    "source": SOURCE,
    "note": SOURCE,
}


_EPISODE_COLUMN_OF = {
    "kind": EPISODE,
    "started_on": EPISODE_FROM,
    "decision_date": DECISION_DATE,
    "decision_number": DECISION_NUMBER,
    "authority": AUTHORITY,
}


class _Invalid:
    """A cell that could not be read as its column's type."""


INVALID = _Invalid()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _date(value: Any) -> date | _Invalid | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date)
        except ValueError:
            continue
    return INVALID


def _citizen_id(value: Any) -> str:
    """A number cell lost its leading zeros (every CCCD starts with 0): pad back to 12 digits."""
    if isinstance(value, bool) or _blank(value):
        return ""
    if isinstance(value, int | float) and float(value).is_integer():
        return str(int(value)).zfill(12)
    return clean_citizen_id(str(value))


def _labels(choices: Any) -> dict[str, str]:
    """Folded label (Vietnamese and the current language) and folded code → value."""
    found: dict[str, str] = {}
    for value, label in choices.choices:
        with translation.override("vi"):
            found[fold(str(label))] = value
        found[fold(str(label))] = value
        found[fold(value)] = value
    return found


_YES = {"co", "x", "1", "yes", "true"}
_NO = {"khong", "0", "no", "false", ""}
