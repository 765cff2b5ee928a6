"""The tables and draws of synthetic persons: name parts, profiles, legal terms, citizen IDs.

Only synthetic people: common Vietnamese name parts combined at random, invented phone numbers,
citizen IDs with the real structure and a tail made from the commune's code and a position.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.text import fold
from khongmatuy.people import durations
from khongmatuy.people.choices import (
    Sex,
    SupervisorKind,
)

# --- synthetic name parts (common parts only; the combinations are invented) ----------------

FAMILY_NAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2),
    ("Phan", 4), ("Vũ", 3), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1),
    ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Đào", 1), ("Mai", 1),
)  # fmt: skip
MIDDLE_NAMES: dict[str, tuple[str, ...]] = {
    Sex.MALE: ("Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Thanh", "Xuân",
               "Ngọc", "Tiến", "Duy", "Trung", "Hoàng", "Mạnh", "Đình", "Bá"),
    Sex.FEMALE: ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim"),
}  # fmt: skip
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    Sex.MALE: ("An", "Bình", "Cường", "Dũng", "Dương", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng",
               "Hưng", "Huy", "Khánh", "Khoa", "Lâm", "Long", "Mạnh", "Nam", "Nghĩa", "Phong",
               "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung",
               "Tuấn", "Tùng", "Việt", "Vinh", "Kiên", "Lực", "Hậu", "Đông", "Tú", "Công"),
    Sex.FEMALE: ("Anh", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
                 "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến"),
}  # fmt: skip
ALIASES = ("Tí", "Tèo", "Bo", "Cu", "Bin", "Tũn", "Sún", "Đen", "Còi", "Béo", "Lùn", "Mập")
RELATIONS = ("Mẹ", "Bố", "Vợ", "Anh trai", "Chị gái", "Em trai", "Chồng")
OCCUPATIONS = (
    "Lao động tự do", "Lao động tự do", "Thất nghiệp", "Công nhân", "Lái xe", "Phụ hồ",
    "Buôn bán nhỏ", "Làm nông", "Thợ sửa xe", "Bốc vác", "Học sinh", "Không nghề nghiệp",
)  # fmt: skip
EDUCATION = ("Lớp 5/12", "Lớp 9/12", "Lớp 12/12", "Trung cấp", "Lớp 7/12", "Cao đẳng")
SUPERVISOR_KINDS = (
    SupervisorKind.GRASSROOTS_SECURITY, SupervisorKind.GRASSROOTS_SECURITY, SupervisorKind.VETERAN,
    SupervisorKind.RETIRED_POLICE, SupervisorKind.INTER_FAMILY, SupervisorKind.RELATIVE,
    SupervisorKind.MASS_ORGANISATION, SupervisorKind.POLICE_OFFICER,
)  # fmt: skip
CONTACT_CONTENT = (
    "Kiểm tra sự có mặt tại nơi cư trú, nhắc nhở chấp hành quy định quản lý.",
    "Tư vấn, động viên gia đình phối hợp quản lý, giáo dục.",
    "Nắm tình hình việc làm, sinh hoạt; tuyên truyền pháp luật về ma túy.",
    "Mời lên trụ sở làm việc, ký cam kết không tái sử dụng.",
)
OBSERVATIONS = ("Bình thường", "Có việc làm ổn định", "Chưa có việc làm", "Sức khỏe yếu", "")
SUBSTANCES = ("Heroin", "Methamphetamine (ma túy đá)", "MDMA", "Ketamine", "Cần sa")
REMOVAL_REASONS = (
    "Chuyển nơi cư trú khỏi địa bàn",
    "Đã chết",
    "Đang chấp hành án phạt tù",
    "Hết thời hạn quản lý, không tái sử dụng",
)

# Profiles: the main situation of a person; weights in percent.
PROFILES = (
    ("user", 26), ("rehab_home", 11), ("rehab_facility", 7), ("compulsory", 10),
    ("post_rehab", 14), ("methadone", 8), ("high_risk", 11), ("dealer", 5), ("driver", 3),
    ("removed", 5),
)  # fmt: skip
SUPERVISED = {
    "user", "rehab_home", "rehab_facility", "post_rehab", "methadone", "driver", "compulsory",
}  # fmt: skip
TESTED = SUPERVISED


# --- the legal dates -----------------------------------------------------------------------


def episode_term(
    kind: str,
    *,
    started_on: date,
    planned_months: int | None,
    is_minor: bool = False,
    after_kind: str | None = None,
    overrides: durations.Overrides = durations.NO_OVERRIDES,
) -> durations.Term:
    """The due date and rule of a synthetic episode, from the episodes module's legal table.

    The rule version is the one in force on the decision date (= ``started_on`` here), as the
    episodes service computes it; an episode starting after 1 July 2026 is computed under Law
    120/2025/QH15, whose durations are carried from Law 73 and flagged unconfirmed.
    """
    return durations.due_on_for(
        kind,
        started_on=started_on,
        is_minor=is_minor,
        planned_months=planned_months,
        after_kind=after_kind,
        on=max(started_on, durations.LAW73_FROM),
        overrides=overrides,
    )


class Terms:
    """``episode_term`` under one set of overrides, each distinct term computed once (a
    national load asks for some 300,000 terms of a few thousand distinct inputs)."""

    def __init__(self, overrides: durations.Overrides = durations.NO_OVERRIDES) -> None:
        self.overrides = overrides
        self._known: dict[tuple[str, date, int | None, bool, str | None], durations.Term] = {}

    def __call__(
        self,
        kind: str,
        *,
        started_on: date,
        planned_months: int | None,
        is_minor: bool = False,
        after_kind: str | None = None,
    ) -> durations.Term:
        key = (kind, started_on, planned_months, is_minor, after_kind)
        term = self._known.get(key)
        if term is None:
            term = self._known[key] = episode_term(
                kind,
                started_on=started_on,
                planned_months=planned_months,
                is_minor=is_minor,
                after_kind=after_kind,
                overrides=self.overrides,
            )
        return term


@lru_cache(maxsize=65536)
def name_columns(full_name: str) -> tuple[str, str]:
    return fold(full_name), name_sort_string(full_name)


def commune_rng(seed: int, commune_code: str) -> random.Random:
    return random.Random(f"kmt-synthetic-people:{seed}:{commune_code}")


@lru_cache(maxsize=64)
def _cumulative(table: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [k for k, _ in table], list(accumulate(w for _, w in table))


def weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    """One choice by weight; the same draw as ``rng.choices(names, weights=...)``, which sums
    the weights on every call."""
    names, cumulative = _cumulative(tuple(table))
    return rng.choices(names, cum_weights=cumulative)[0]


def person_name(rng: random.Random, sex: str) -> str:
    family = weighted(rng, FAMILY_NAMES)
    return f"{family} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"


def phone_number(rng: random.Random) -> str:
    return f"0{rng.choice('3579')}{rng.randint(0, 99_999_999):08d}"


def citizen_id(*, province_code: str, sex: str, born: date, commune_code: str, index: int) -> str:
    """12 digits: birth province (3), century/sex (1), birth year (2), tail (6).

    Century/sex digit: 0/1 for men/women born 1900-1999, 2/3 for 2000-2099 (Circular 59/2021
    structure). The tail is the commune code (mod 10,000) and the person's position in the commune:
    unique nationwide, since no two communes of a province share a code mod 10,000.
    """
    century = 0 if born.year < 2000 else 2
    digit = century + (1 if sex == Sex.FEMALE else 0)
    return (
        f"{int(province_code):03d}{digit}{born.year % 100:02d}"
        f"{int(commune_code) % 10_000:04d}{index:02d}"
    )


def day_between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))
