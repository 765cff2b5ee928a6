"""Synthetic persons in management, with their categories, episodes and events, for every commune.

The second stage of ``generate_synthetic`` (the first, ``synthetic.py``, makes the residential
groups). For each commune-level unit of the scale: a few to a hundred persons (about 70 on average:
233,906 addicts and users with records nationally in March 2023 over 3,321 commune-level units,
very unevenly spread), spread
over its groups, each with categories held over time, management episodes at every stage (active,
completed, restarted after a relapse, overdue, ending soon), supervisors, contacts, drug tests
(some positive, with a follow-up), support services, and a few likely duplicates and incomplete
records so that the data-quality pages have something to find. National scale: about 230,000
persons and 1.5-2 million contacts, tests and other events.

Only synthetic people: names are drawn from common Vietnamese family, middle and given name parts,
addresses and phone numbers are invented, citizen IDs follow the structure of the real number
(province code, century/sex digit, birth year, tail) with a tail made from the commune's code and
the person's position, so they are unique without any global coordination.

Deterministic: a commune's persons depend only on the seed, the commune's code, its groups and the
reference date ``on`` (what "today" is for the data: episodes due soon or overdue are relative to
it). Idempotent like the area stage: a commune that already has persons is left alone. Rows are
written with ``bulk_create`` in one transaction and audited by one summary event.

Legal dates come from the episodes module's table (``khongmatuy.people.durations.due_on_for``), so
a synthetic episode carries the same due date, rule code and version as one entered by hand.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from django.db import transaction
from django.db.models import Model, QuerySet

from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.dates import add_months
from khongmatuy.common.text import fold
from khongmatuy.people import durations
from khongmatuy.people.choices import (
    Category,
    ContactForm,
    EpisodeKind,
    EpisodeStatus,
    Sex,
    SupervisorKind,
    SupportKind,
    TestMethod,
    TestReason,
    TestResult,
)
from khongmatuy.people.models import (
    Contact,
    DrugTest,
    Episode,
    EpisodeEvent,
    FollowUp,
    Person,
    PersonCategory,
    Supervision,
    SupportService,
)
from khongmatuy.people.rules.events import EventAction
from khongmatuy.people.services.persons import search_text_for

from . import synthetic
from .synthetic import SCALES, ScaleSpec

PERSONS_PER_COMMUNE = (3, 100)  # triangular, mode at the top: mean about 68 (national 2023 figure)
GIA_VIEN_CODE = "11359"
GIA_VIEN_PERSONS = 80
BATCH_SIZE = 2000
COMMUNES_PER_CHUNK = 100
SOURCE_NOTE = "Dữ liệu mô phỏng (synthetic)"
# How far back events go: enough for "contact within the interval" and the registry's history,
# and about 9 events per person (about 2 million nationwide) while the load stays within minutes.
CONTACT_HISTORY_DAYS = 200
# Of the measures whose term has passed, the share still open (the ending decision not yet
# issued): what the overdue lists show.
OVERDUE_SHARE = 0.25
TEST_HISTORY_DAYS = 270

# Ranged terms are decided case by case; the generator picks one value of the legal range
# (Law 73/2021/QH14 Arts. 30-31: 6-12 months; Art. 32: adults 12-24; Arts. 33-34: minors 6-12).
VOLUNTARY_REHAB_MONTHS = (6, 9, 12)
COMPULSORY_REHAB_MONTHS = (12, 18, 24)
COMPULSORY_REHAB_MINOR_MONTHS = (6, 9, 12)

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


# --- building the rows of one commune ------------------------------------------------------


@dataclass
class PersonRows:
    """A person and everything attached to it, before any of it has a primary key."""

    person: Person
    categories: list[PersonCategory] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    events: list[EpisodeEvent] = field(default_factory=list)
    supervisions: list[Supervision] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    tests: list[DrugTest] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    supports: list[SupportService] = field(default_factory=list)
    updated_days_ago: int = 0


@lru_cache(maxsize=65536)
def _name_columns(full_name: str) -> tuple[str, str]:
    return fold(full_name), name_sort_string(full_name)


def _rng(seed: int, commune_code: str) -> random.Random:
    return random.Random(f"kmt-synthetic-people:{seed}:{commune_code}")


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _name(rng: random.Random, sex: str) -> str:
    family = _weighted(rng, FAMILY_NAMES)
    return f"{family} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"


def _phone(rng: random.Random) -> str:
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


def _day_between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


class _Builder:
    """Builds the rows of one person; ``on`` is the reference date ("today" of the data)."""

    def __init__(
        self,
        rng: random.Random,
        on: date,
        person: Person,
        rows: PersonRows,
        overrides: durations.Overrides = durations.NO_OVERRIDES,
    ) -> None:
        self.rng, self.on, self.person, self.rows = rng, on, person, rows
        self.overrides = overrides

    def category(self, category: str, started_on: date, ended_on: date | None = None) -> None:
        self.rows.categories.append(
            PersonCategory(
                person=self.person,
                category=category,
                started_on=started_on,
                ended_on=ended_on if ended_on is None or ended_on >= started_on else started_on,
                source=SOURCE_NOTE,
            )
        )

    def episode(
        self,
        kind: str,
        started_on: date,
        *,
        planned_months: int | None = None,
        end: str | None = None,
        ended_on: date | None = None,
        previous: Episode | None = None,
        is_minor: bool = False,
        after_kind: str | None = None,
        overdue_ok: bool = False,
    ) -> Episode:
        """An episode; ``end`` None keeps it active unless its due date passed (then completed,
        except when ``overdue_ok``: an active episode past its due date, for the overdue lists)."""
        term = episode_term(
            kind,
            started_on=started_on,
            planned_months=planned_months,
            is_minor=is_minor,
            after_kind=after_kind or (previous.kind if previous is not None else None),
            overrides=self.overrides,
        )
        due = term.due_on
        status: str = EpisodeStatus.ACTIVE
        if end is not None:
            status = end
            ended_on = ended_on or due or self.on
        elif due is not None and due < self.on and not overdue_ok:
            status, ended_on = EpisodeStatus.COMPLETED, due
        if ended_on is not None and ended_on < started_on:
            ended_on = started_on
        if ended_on is not None and ended_on > self.on:
            ended_on = self.on
        episode = Episode(
            person=self.person,
            kind=kind,
            status=status,
            authority="Chủ tịch UBND xã, phường"
            if kind != EpisodeKind.COMPULSORY_REHAB
            else "Tòa án nhân dân",
            decision_number=f"{self.rng.randint(1, 999)}/QĐ-UBND",
            decision_date=started_on,
            started_on=started_on,
            planned_months=term.months,
            due_on=due,
            ended_on=ended_on if status != EpisodeStatus.ACTIVE else None,
            outcome="" if status == EpisodeStatus.ACTIVE else SOURCE_NOTE,
            is_minor=is_minor,
            previous=previous,
            rule_code=term.rule.code if term.rule else "",
            rule_version=term.rule.version if term.rule else "",
            rule_confirmed=term.rule.confirmed if term.rule else True,
        )
        self.rows.episodes.append(episode)
        self.rows.events.append(
            EpisodeEvent(episode=episode, on=started_on, action=EventAction.OPENED)
        )
        if status != EpisodeStatus.ACTIVE:
            actions: dict[str, str] = {
                EpisodeStatus.COMPLETED: EventAction.COMPLETED,
                EpisodeStatus.STOPPED: EventAction.STOPPED,
                EpisodeStatus.RESTARTED: EventAction.RESTARTED,
            }
            action = actions.get(status, str(status))
            self.rows.events.append(
                EpisodeEvent(episode=episode, on=episode.ended_on or started_on, action=action)
            )
        return episode

    def active_until(self, episode: Episode) -> date:
        """The day the measure stopped (or ``on`` while it runs)."""
        return episode.ended_on or self.on


def _profile_rows(b: _Builder, profile: str, is_minor: bool) -> date:
    """Categories and episodes of one profile; returns when the person entered the registry."""
    rng, on = b.rng, b.on

    def ago(low: int, high: int) -> date:
        return on - timedelta(days=rng.randint(low, high))

    if profile in ("user", "driver"):
        start = ago(20, 540)
        overdue = rng.random() < OVERDUE_SHARE
        first = b.episode(
            EpisodeKind.USER_MANAGEMENT,
            start,
            overdue_ok=overdue,
        )
        # Management ended with no further use: the person leaves the users' list (Art. 26).
        b.category(Category.ILLEGAL_USER, start, first.ended_on)
        if profile == "driver":
            b.category(Category.DRIVER_USING, start)
        if first.status == EpisodeStatus.ACTIVE and rng.random() < 0.15 and (on - start).days > 60:
            # Relapse during management: a new decision restarts the 1-year period (Decree 105).
            relapse = _day_between(rng, start + timedelta(days=30), on - timedelta(days=1))
            first.status, first.ended_on, first.outcome = (
                EpisodeStatus.RESTARTED,
                relapse,
                "Tái sử dụng trong thời gian quản lý",
            )
            b.rows.events.append(
                EpisodeEvent(episode=first, on=relapse, action=EventAction.RESTARTED)
            )
            b.episode(
                EpisodeKind.USER_MANAGEMENT,
                relapse,
                previous=first,
            )
        return start
    if profile in ("rehab_home", "rehab_facility"):
        start = ago(20, 540)
        b.category(Category.ADDICT, start)
        kind = EpisodeKind.REHAB_HOME if profile == "rehab_home" else EpisodeKind.REHAB_FACILITY
        category = (
            Category.REHAB_VOLUNTARY_HOME
            if profile == "rehab_home"
            else Category.REHAB_VOLUNTARY_FACILITY
        )
        b.episode(
            EpisodeKind.ADDICTION_DETERMINATION,
            start - timedelta(days=10),
            end=EpisodeStatus.COMPLETED,
            ended_on=start - timedelta(days=3),
        )
        rehab = b.episode(kind, start, planned_months=rng.choice(VOLUNTARY_REHAB_MONTHS))
        b.category(category, start, rehab.ended_on)
        if rehab.status == EpisodeStatus.COMPLETED and rehab.ended_on is not None:
            b.category(Category.POST_REHAB, rehab.ended_on)
            b.episode(
                EpisodeKind.POST_REHAB,
                rehab.ended_on,
                previous=rehab,
                is_minor=is_minor,
            )
        return start - timedelta(days=10)
    if profile == "compulsory":
        start = ago(30, 900)
        b.category(Category.ADDICT, start)
        dossier_end = start + timedelta(days=rng.randint(20, 60))
        in_dossier = dossier_end > on
        dossier = b.episode(
            EpisodeKind.COMPULSORY_DOSSIER,
            start,
            end=None if in_dossier else EpisodeStatus.COMPLETED,
            ended_on=None if in_dossier else dossier_end,
        )
        if in_dossier:
            return start
        months = COMPULSORY_REHAB_MINOR_MONTHS if is_minor else COMPULSORY_REHAB_MONTHS
        rehab = b.episode(
            EpisodeKind.COMPULSORY_REHAB,
            dossier_end,
            planned_months=rng.choice(months),
            previous=dossier,
            is_minor=is_minor,
        )
        rehab.facility = "Cơ sở cai nghiện ma túy công lập"
        b.category(Category.REHAB_COMPULSORY, dossier_end, rehab.ended_on)
        if rehab.status == EpisodeStatus.COMPLETED and rehab.ended_on is not None:
            b.category(Category.POST_REHAB, rehab.ended_on)
            b.episode(
                EpisodeKind.POST_REHAB,
                rehab.ended_on,
                previous=rehab,
                is_minor=is_minor,
                overdue_ok=rng.random() < OVERDUE_SHARE,
            )
        return start
    if profile == "post_rehab":
        # Post-rehab management follows a completed rehab (Law 73 Art. 40): 1 year after
        # voluntary rehab, 2 years after an adult's compulsory rehab.
        start = ago(10, 700)
        kind, category, months = rng.choice(
            (
                (EpisodeKind.REHAB_HOME, Category.REHAB_VOLUNTARY_HOME, VOLUNTARY_REHAB_MONTHS),
                (
                    EpisodeKind.REHAB_FACILITY,
                    Category.REHAB_VOLUNTARY_FACILITY,
                    VOLUNTARY_REHAB_MONTHS,
                ),
                (EpisodeKind.COMPULSORY_REHAB, Category.REHAB_COMPULSORY, COMPULSORY_REHAB_MONTHS),
            )
        )
        planned = rng.choice(months)
        rehab_start = add_months(start, -planned)
        b.category(Category.ADDICT, rehab_start - timedelta(days=20))
        b.category(category, rehab_start, start)
        rehab = b.episode(
            kind, rehab_start, planned_months=planned, end=EpisodeStatus.COMPLETED, ended_on=start
        )
        post = b.episode(
            EpisodeKind.POST_REHAB, start, previous=rehab, overdue_ok=rng.random() < OVERDUE_SHARE
        )
        b.category(Category.POST_REHAB, start, post.ended_on)
        return rehab_start - timedelta(days=20)
    if profile == "methadone":
        start = ago(30, 1500)
        b.category(Category.ADDICT, start)
        b.category(Category.METHADONE, start)
        b.episode(EpisodeKind.METHADONE, start)
        return start
    if profile == "high_risk":
        start = ago(10, 800)
        b.category(Category.HIGH_RISK, start)
        return start
    if profile == "dealer":
        start = ago(10, 800)
        b.category(rng.choice((Category.DEALER, Category.SUSPECTED_DEALER)), start)
        return start
    # removed: held a category and an episode, then left the list
    start = ago(400, 1200)
    removed_on = ago(1, 360)
    b.category(Category.ILLEGAL_USER, start, removed_on)
    b.episode(
        EpisodeKind.USER_MANAGEMENT,
        start,
        end=EpisodeStatus.STOPPED,
        ended_on=min(removed_on, add_months(start, 12)),
    )
    b.person.is_active = False
    b.person.removed_on = removed_on
    b.person.removal_reason = rng.choice(REMOVAL_REASONS)
    return start


def _events(b: _Builder, profile: str, since: date, group_name: str) -> None:
    """Supervisors, contacts, drug tests with follow-ups, support services."""
    rng, on, person = b.rng, b.on, b.person
    until = person.removed_on or on
    if profile in SUPERVISED and rng.random() < 0.93:
        sup_start = since + timedelta(days=rng.randint(0, 10))
        if rng.random() < 0.2 and (until - sup_start).days > 120:
            changed = sup_start + timedelta(days=rng.randint(60, (until - sup_start).days - 30))
            b.rows.supervisions.append(_supervision(rng, person, sup_start, changed))
            sup_start = changed
        ended = person.removed_on
        b.rows.supervisions.append(_supervision(rng, person, min(sup_start, until), ended))
    # Contacts: about monthly over the last months of management (Decree 105: monthly check).
    if profile in SUPERVISED or profile in ("high_risk", "rehab_facility") or rng.random() < 0.3:
        first = max(since, until - timedelta(days=CONTACT_HISTORY_DAYS))
        keep = 0.85 if profile in SUPERVISED else 0.35
        day = first + timedelta(days=rng.randint(0, 20))
        while day <= until:
            if rng.random() < keep:
                b.rows.contacts.append(
                    Contact(
                        person=person,
                        contacted_on=day,
                        form=rng.choice(
                            (
                                ContactForm.HOME_VISIT,
                                ContactForm.HOME_VISIT,
                                ContactForm.PHONE,
                                ContactForm.SUMMONS,
                                ContactForm.MEETING,
                            )
                        ),
                        content=rng.choice(CONTACT_CONTENT),
                        observations=rng.choice(OBSERVATIONS),
                        next_step="Tiếp tục theo dõi" if rng.random() < 0.5 else "",
                    )
                )
            day += timedelta(days=rng.randint(20, 34))
    # Drug tests: about quarterly, some at random; a positive one opens a follow-up.
    if profile in TESTED:
        day = max(since, until - timedelta(days=TEST_HISTORY_DAYS)) + timedelta(
            days=rng.randint(0, 45)
        )
        while day <= until:
            positive = rng.random() < 0.07
            reason = (
                TestReason.METHADONE
                if profile == "methadone"
                else rng.choice(
                    (
                        TestReason.PERIODIC,
                        TestReason.PERIODIC,
                        TestReason.RANDOM,
                        TestReason.SUSPICION,
                    )
                )
            )
            test = DrugTest(
                person=person,
                tested_on=day,
                reason=reason,
                method=TestMethod.QUICK_KIT if rng.random() < 0.85 else TestMethod.LAB,
                kit_or_lab="Que thử 5 chân",
                substances=", ".join(rng.sample(SUBSTANCES, 2)),
                result=TestResult.POSITIVE if positive else TestResult.NEGATIVE,
                performed_by="Công an xã, phường",
            )
            b.rows.tests.append(test)
            if positive:
                resolved = day + timedelta(days=rng.randint(3, 40))
                done = resolved <= on and rng.random() < 0.75
                b.rows.follow_ups.append(
                    FollowUp(
                        person=person,
                        test=test,
                        opened_on=day,
                        resolved_on=resolved if done else None,
                        resolution="Đã đánh giá lại tình trạng, tiếp tục quản lý" if done else "",
                    )
                )
            day += timedelta(days=rng.randint(60, 120))
    # Support: counselling for most, medical/psychological and vocational for some.
    if profile != "dealer":
        for kind, chance in (
            (SupportKind.COUNSELLING, 0.7),
            (SupportKind.MEDICAL, 0.25),
            (SupportKind.PSYCHOLOGICAL, 0.2),
            (SupportKind.VOCATIONAL, 0.1),
            (SupportKind.JOB_PLACEMENT, 0.08),
            (SupportKind.LEGAL_AID, 0.04),
        ):
            if rng.random() < chance:
                b.rows.supports.append(
                    SupportService(
                        person=person,
                        kind=kind,
                        provided_on=_day_between(rng, since, until),
                        provider=rng.choice(
                            (
                                "Trạm Y tế xã, phường",
                                "Hội Liên hiệp Phụ nữ",
                                "Đoàn Thanh niên",
                                "Trung tâm Dịch vụ việc làm",
                                "Công an xã, phường",
                            )
                        ),
                        outcome="Đã thực hiện",
                    )
                )


def _supervision(
    rng: random.Random, person: Person, started_on: date, ended_on: date | None
) -> Supervision:
    sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
    return Supervision(
        person=person,
        name=_name(rng, sex),
        kind=rng.choice(SUPERVISOR_KINDS),
        phone=_phone(rng),
        started_on=started_on,
        ended_on=ended_on if ended_on is None or ended_on >= started_on else started_on,
    )


@dataclass(frozen=True)
class CommuneInfo:
    pk: int
    code: str
    kind: str
    province_code: str
    groups: tuple[tuple[int, str], ...]  # (pk, name) in display order


def commune_people(
    *,
    seed: int,
    commune: CommuneInfo,
    on: date,
    overrides: durations.Overrides = durations.NO_OVERRIDES,
) -> list[PersonRows]:
    """Every synthetic person of one commune with their rows; depends only on the arguments
    (``overrides``: the administrators' legal-rule settings, ``durations.load_overrides()``)."""
    rng = _rng(seed, commune.code)
    if commune.code == GIA_VIEN_CODE:
        count = GIA_VIEN_PERSONS
    else:
        low, high = PERSONS_PER_COMMUNE
        count = min(high, int(rng.triangular(low, high + 1, high)))
    groups = commune.groups or ((commune.pk, ""),)
    urban = commune.kind != Kind.COMMUNE
    people: list[PersonRows] = []
    for index in range(count):
        sex = Sex.MALE if rng.random() < 0.9 else Sex.FEMALE
        profile = _weighted(rng, PROFILES)
        is_minor = rng.random() < 0.04 and profile not in ("methadone", "dealer", "removed")
        age_days = (
            rng.randint(12 * 365 + 100, 17 * 365)
            if is_minor
            else rng.randint(18 * 365 + 10, 62 * 365)
        )
        born = on - timedelta(days=age_days)
        group_pk, group_name = groups[min(len(groups) - 1, int(rng.random() * len(groups)))]
        at_commune_level = rng.random() < 0.02 or not group_name
        full_name = _name(rng, sex)
        folded, sort = _name_columns(full_name)
        house = rng.randint(1, 300)
        address = (
            (
                f"Số {house}, ngõ {rng.randint(1, 120)}, {group_name}"
                if urban
                else f"Xóm {rng.randint(1, 12)}, {group_name}"
            )
            if group_name
            else f"Số {house}"
        )
        person = Person(
            area_id=commune.pk if at_commune_level else group_pk,
            full_name=full_name,
            name_folded=folded,
            name_sort=sort,
            aliases=rng.choice(ALIASES) if rng.random() < 0.15 else "",
            sex=sex,
            date_of_birth=None if rng.random() < 0.02 else born,
            citizen_id=None
            if rng.random() < 0.05
            else citizen_id(
                province_code=commune.province_code,
                sex=sex,
                born=born,
                commune_code=commune.code,
                index=index,
            ),
            permanent_area_id=group_pk if not at_commune_level else None,
            permanent_address=address,
            current_address="" if rng.random() < 0.05 else address,
            phone="" if rng.random() < 0.1 else _phone(rng),
            occupation=rng.choice(OCCUPATIONS) if not is_minor else "Học sinh",
            education=rng.choice(EDUCATION),
            family_contacts=""
            if rng.random() < 0.15
            else f"{rng.choice(RELATIONS)}: {_name(rng, Sex.FEMALE)}, {_phone(rng)}",
            psychosis=rng.random() < 0.01,
            last_verified_on=on - timedelta(days=rng.randint(1, 200))
            if rng.random() < 0.6
            else None,
        )
        if person.psychosis:
            person.psychosis_note = "Có biểu hiện hoang tưởng, kích động"
        rows = PersonRows(person=person)
        builder = _Builder(rng, on, person, rows, overrides)
        since = _profile_rows(builder, profile, is_minor)
        _events(builder, profile, since, group_name)
        rows.updated_days_ago = rng.choice((0, 3, 10, 30, 45, 60, 80, 100, 150, 250))
        person.search_text = search_text_for(person)
        people.append(rows)
        # A likely duplicate now and then: the same person registered twice, without an ID.
        if rng.random() < 0.012:
            twin = Person(
                area_id=person.area_id,
                full_name=full_name,
                name_folded=folded,
                name_sort=sort,
                sex=sex,
                date_of_birth=person.date_of_birth or born,
                permanent_address=address,
            )
            twin.search_text = search_text_for(twin)
            twin_rows = PersonRows(person=twin, updated_days_ago=rng.choice((30, 200)))
            _Builder(rng, on, twin, twin_rows, overrides).category(Category.ILLEGAL_USER, since)
            people.append(twin_rows)
    return people


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleResult:
    scale: str
    seed: int
    communes_filled: int
    persons: int
    categories: int
    episodes: int
    events: int  # contacts, drug tests, follow-ups, support services and episode events
    supervisions: int

    @property
    def created_anything(self) -> bool:
        return self.persons > 0


Progress = Callable[[str], None]


def _communes_in_scope(spec: ScaleSpec) -> QuerySet[Area]:
    qs = Area.objects.communes().filter(is_active=True)
    if spec.province_codes is not None:
        qs = qs.filter(province__code__in=[str(c) for c in sorted(spec.province_codes)])
    if spec.commune_codes is not None:
        qs = qs.filter(code__in=sorted(spec.commune_codes))
    return qs


def _commune_infos(communes: Sequence[Area]) -> list[CommuneInfo]:
    groups: dict[int, list[tuple[str, str, int]]] = {c.pk: [] for c in communes}
    rows = (
        Area.objects.filter(level=Level.GROUP, is_active=True, commune_id__in=list(groups))
        .order_by()
        .values_list("commune_id", "sort_key", "name", "pk")
    )
    for commune_id, sort_key, name, pk in rows:
        groups[commune_id].append((sort_key, name, pk))
    return [
        CommuneInfo(
            pk=c.pk,
            code=c.code,
            kind=c.kind,
            province_code=c.province.code if c.province is not None else "0",
            groups=tuple((pk, name) for _, name, pk in sorted(groups[c.pk])),
        )
        for c in communes
    ]


def _chunks(items: Sequence[Area], size: int) -> Iterator[Sequence[Area]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(
    people: list[PersonRows], *, on: date, batch_size: int, written: Counter[type[Model]]
) -> tuple[int, ...]:
    """Insert one chunk; parents first so that children pick up their primary keys."""
    # A citizen ID already held (a person entered by hand) is left blank on the synthetic one.
    ids = [r.person.citizen_id for r in people if r.person.citizen_id]
    taken = (
        set(Person.objects.filter(citizen_id__in=ids).values_list("citizen_id", flat=True))
        if ids
        else set()
    )
    for rows in people:
        if rows.person.citizen_id in taken:
            rows.person.citizen_id = None
    synthetic.put(Person, [r.person for r in people], batch_size=batch_size, written=written)
    # ``updated_at`` is ``auto_now``: set the synthetic "last update" afterwards, one UPDATE per
    # distinct age (a handful), so that stale records exist.
    by_age: dict[int, list[int]] = {}
    for rows in people:
        by_age.setdefault(rows.updated_days_ago, []).append(rows.person.pk)
    for days, pks in sorted(by_age.items()):
        if days:
            moment = datetime.combine(on - timedelta(days=days), time(9, 0), tzinfo=UTC)
            for start in range(0, len(pks), 900):
                Person.objects.filter(pk__in=pks[start : start + 900]).update(
                    updated_at=moment, created_at=moment
                )

    def flat(attr: str) -> list:  # type: ignore[type-arg]
        return [obj for rows in people for obj in getattr(rows, attr)]

    categories = flat("categories")
    synthetic.put(PersonCategory, categories, batch_size=batch_size, written=written)
    episodes = flat("episodes")
    # Episodes that follow another are inserted after it (their ``previous`` needs its key).
    synthetic.put(
        Episode, [e for e in episodes if e.previous is None], batch_size=batch_size, written=written
    )
    chained = [e for e in episodes if e.previous is not None]
    while chained:
        ready = [e for e in chained if e.previous is not None and e.previous.pk is not None]
        if not ready:
            raise RuntimeError("episode chain without a first episode")
        synthetic.put(Episode, ready, batch_size=batch_size, written=written)
        chained = [e for e in chained if e.pk is None]
    events = flat("events")
    synthetic.put(EpisodeEvent, events, batch_size=batch_size, written=written)
    supervisions = flat("supervisions")
    synthetic.put(Supervision, supervisions, batch_size=batch_size, written=written)
    contacts = flat("contacts")
    synthetic.put(Contact, contacts, batch_size=batch_size, written=written)
    tests = flat("tests")
    synthetic.put(DrugTest, tests, batch_size=batch_size, written=written)
    follow_ups = flat("follow_ups")
    synthetic.put(FollowUp, follow_ups, batch_size=batch_size, written=written)
    supports = flat("supports")
    synthetic.put(SupportService, supports, batch_size=batch_size, written=written)
    return (
        len(people),
        len(categories),
        len(episodes),
        len(events) + len(contacts) + len(tests) + len(follow_ups) + len(supports),
        len(supervisions),
    )


PEOPLE_TABLES = (
    Person, PersonCategory, Episode, EpisodeEvent, Supervision, Contact, DrugTest, FollowUp,
    SupportService,
)  # fmt: skip


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load."""
    synthetic.analyze(PEOPLE_TABLES)


def generate(
    *,
    scale: str,
    seed: int,
    on: date,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> PeopleResult:
    """Fill every commune of ``scale`` that has no person yet (run the area stage first)."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    totals = [0, 0, 0, 0, 0]
    with transaction.atomic():
        overrides = durations.load_overrides()
        communes_qs = _communes_in_scope(spec)
        filled = set(
            Person.objects.filter(area__commune__in=communes_qs)
            .order_by()
            .values_list("area__commune_id", flat=True)
            .distinct()
        )
        todo = sorted(
            (
                c
                for c in communes_qs.select_related("province").only(
                    "pk", "code", "kind", "province__code"
                )
                if c.pk not in filled
            ),
            key=lambda c: int(c.code),
        )
        written: Counter[type[Model]] = Counter()
        for chunk in _chunks(todo, COMMUNES_PER_CHUNK):
            people: list[PersonRows] = []
            for info in _commune_infos(chunk):
                people.extend(commune_people(seed=seed, commune=info, on=on, overrides=overrides))
            made = _write(people, on=on, batch_size=batch_size, written=written)
            totals = [t + m for t, m in zip(totals, made, strict=True)]
            say(f"{scale}: {totals[0]:,} persons, {totals[3]:,} events")
        result = PeopleResult(scale, seed, len(todo), *totals)
        if result.persons:
            audit.record(
                actor=None,
                action=AuditEvent.Action.CREATE,
                model_label="people.Person",
                object_id=f"synthetic-people:{scale}:{seed}",
                object_repr=(
                    f"synthetic people {scale} (seed {seed}, on {on:%d/%m/%Y}): "
                    f"{len(todo)} communes, {result.persons} persons, {result.categories} "
                    f"categories, {result.episodes} episodes, {result.events} events"
                ),
                note="generate_synthetic --people",
            )
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-people:{scale}:{seed}",
                note="generate_synthetic --people",
            )
    if result.persons:
        analyze()
    return result
