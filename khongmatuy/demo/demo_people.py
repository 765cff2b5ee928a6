"""Demo persons for the seed wards: every category, episodes at every stage, supervisors,
visits, drug tests, support, a pending transfer, a likely duplicate and a reconciliation.

All names are synthetic (family + middle + given names drawn from common parts) and all citizen
IDs are structurally valid but invented. Dates are relative to the day the demo is loaded, so
the deadline lists always show something due soon and something overdue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.dates import add_months
from khongmatuy.people.choices import (
    Category,
    ContactForm,
    EpisodeKind,
    Sex,
    SupervisorKind,
    SupportKind,
    TestMethod,
    TestReason,
    TestResult,
)
from khongmatuy.people.models import Person
from khongmatuy.people.rules.dossier import COURT_DECISION
from khongmatuy.people.services import care, episodes, persons, transfers

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
MIDDLE_MALE = ("Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Thành")
MIDDLE_FEMALE = ("Thị", "Thu", "Ngọc", "Thanh", "Kim")
GIVEN_MALE = (
    "Hùng",
    "Dũng",
    "Tuấn",
    "Long",
    "Nam",
    "Sơn",
    "Khánh",
    "Phong",
    "Tùng",
    "Cường",
    "Hiếu",
    "Thắng",
    "Quyết",
    "Lâm",
    "Vinh",
    "Toàn",
    "Đạt",
    "Kiên",
)
GIVEN_FEMALE = ("Hoa", "Lan", "Mai", "Hương", "Linh", "Trang", "Yến", "Nga")
STREETS = ("Lê Lợi", "Trần Phú", "Lạch Tray", "Cầu Đất", "Tô Hiệu", "Hai Bà Trưng", "Lê Lai")
# Province codes used in citizen IDs (Circular 07/2016/TT-BCA): Hải Phòng 031, Quảng Ninh 022.
CID_PROVINCE = {"31": "031", "22": "022"}


@dataclass(frozen=True)
class Plan:
    """What happens to one demo person."""

    story: str
    sex: str = Sex.MALE
    age: int = 30


STORIES = (
    # (story, how many per ward)
    ("user_due_soon", 3),
    ("user_overdue", 2),
    ("user_active", 5),
    ("user_completed", 2),
    ("rehab_home", 3),
    ("rehab_facility", 1),
    ("post_rehab", 3),
    ("post_rehab_after_compulsory", 1),
    ("dossier", 1),
    ("compulsory", 1),
    ("methadone", 2),
    ("high_risk", 3),
    ("dealer", 1),
    ("driver", 1),
)


# The README's walkthrough ("Năm phút đầu tiên", step 2) searches Gia Viên for "nguyen van": its
# first male persons carry these names, so the search finds them whatever the random draw gives.
WALKTHROUGH_NAMES = ("Nguyễn Văn Hùng", "Nguyễn Văn Tuấn", "Nguyễn Văn Long")


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set(WALKTHROUGH_NAMES)

    def pick(self, sex: str) -> str:
        while True:
            middle = MIDDLE_MALE if sex == Sex.MALE else MIDDLE_FEMALE
            given = GIVEN_MALE if sex == Sex.MALE else GIVEN_FEMALE
            name = f"{self.rng.choice(FAMILY)} {self.rng.choice(middle)} {self.rng.choice(given)}"
            if name not in self.used:
                self.used.add(name)
                return name


def _citizen_id(province: str, sex: str, born: date, serial: int) -> str:
    century = 0 if born.year < 2000 else 2
    digit = century + (1 if sex == Sex.FEMALE else 0)
    return f"{CID_PROVINCE[province]}{digit}{born.year % 100:02d}{serial:06d}"


def load_demo_people(*, actor: User, today: date, seed: int = 2026) -> int:
    """Create the demo persons of Gia Viên, Thành Đông, Kiến Minh and Cao Xanh (audited)."""
    rng = random.Random(seed)
    names = _Names(rng)
    supervisor = User.objects.get(username="giamsat_giavien")
    officers = {
        "11359": User.objects.get(username="cand_giavien"),
        "10510": User.objects.get(username="cand_thanhdong"),
        "11725": User.objects.get(username="cand_kienminh"),
        "6658": User.objects.get(username="cand_caoxanh"),
    }
    created = 0
    serial = 1000
    for code, officer in officers.items():
        commune = Area.objects.get(level=Level.COMMUNE, code=code)
        groups = list(Area.objects.filter(parent=commune, is_active=True).order_by("sort_key"))
        province = str(commune.province.code) if commune.province else "31"
        scale = 1 if code == "11359" else 0.5
        walkthrough = list(WALKTHROUGH_NAMES) if code == "11359" else []
        for story, count in STORIES:
            for _ in range(max(1, round(count * scale))):
                serial += 1
                sex = Sex.FEMALE if rng.random() < 0.15 else Sex.MALE
                age = rng.randint(19, 48) if story != "high_risk" else rng.randint(15, 17)
                born = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
                group = _group_for(code, groups, created, rng)
                # Drawn even when replaced, so the rest of the demo keeps the same random draws.
                full_name = names.pick(sex)
                if walkthrough and sex == Sex.MALE:
                    full_name = walkthrough.pop(0)
                person = persons.person_register(
                    actor=officer,
                    area=group,
                    full_name=full_name,
                    sex=sex,
                    date_of_birth=born,
                    citizen_id=_citizen_id(province, sex, born, serial),
                    phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                    current_address=f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}, {group.name}",
                    occupation=rng.choice(("Lao động tự do", "Lái xe", "Thợ xây", "Không nghề")),
                    family_contacts=f"Mẹ: {names.pick(Sex.FEMALE)}, {rng.choice(('0912', '0983'))}"
                    f"{rng.randint(100_000, 999_999)}",
                    categories=[],
                    today=today,
                )
                _tell(story, person, officer, rng, today)
                _care(person, officer, rng, today, story)
                created += 1
        if code == "11359":
            _gia_vien_extras(officer, supervisor, groups, today)
    return created


# Gia Viên's first roadmap phase (its plan, II.3): the 22 groups recognised drug-free at the end
# of 2025. The demo keeps them clean, so that the roadmap shows them achieved, except for the one
# newly registered user of ``_gia_vien_extras`` that puts group 59 "at risk".
GIA_VIEN_FIRST_PHASE = frozenset(
    (2, 3, 4, 5, 6, 8, 9, 10, 15, 19, 38, 39, 41, 42, 48, 49, 50, 59, 60, 69, 71, 72)
)
SUPERVISED_GROUP = "Tổ dân phố số 7"  # the demo supervisor's and group leader's group


def _group_number(group: Area) -> int | None:
    tail = group.name.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _group_for(code: str, groups: list[Area], created: int, rng: random.Random) -> Area:
    if code != "11359":
        return rng.choice(groups)
    if created < 4:  # the demo supervisor's persons
        return next(g for g in groups if g.name == SUPERVISED_GROUP)
    return rng.choice([g for g in groups if _group_number(g) not in GIA_VIEN_FIRST_PHASE])


def _open(person: Person, kind: str, started: date, officer: User, today: date, **extra: object):  # type: ignore[no-untyped-def]
    return episodes.episode_open(
        person=person,
        kind=kind,
        started_on=started,
        decision_number=f"{started.day:02d}{started.month:02d}/QĐ-UBND",
        decision_date=started,
        authority="Chủ tịch UBND",
        actor=officer,
        today=today,
        **extra,  # type: ignore[arg-type]
    )


def _category(person: Person, category: str, started: date, officer: User, today: date) -> None:
    persons.category_add(
        actor=officer,
        person=person,
        category=category,
        started_on=started,
        source="Kết quả xét nghiệm, quyết định",
        today=today,
    )


def _tell(story: str, person: Person, officer: User, rng: random.Random, today: date) -> None:
    """Give the person the history that ``story`` names, through the services."""
    if story.startswith("user_"):
        offset = {
            "user_due_soon": -rng.randint(340, 360),
            "user_overdue": -rng.randint(370, 400),
            "user_active": -rng.randint(30, 300),
            "user_completed": -rng.randint(420, 500),
        }
        started = today + timedelta(days=offset[story])
        _category(person, Category.ILLEGAL_USER, started, officer, today)
        episode = _open(person, EpisodeKind.USER_MANAGEMENT, started, officer, today)
        if story == "user_completed":
            episodes.episode_complete(
                episode=episode,
                ended_on=add_months(started, 12),
                outcome="Không tái sử dụng",
                actor=officer,
                today=today,
            )
    elif story in (
        "rehab_home",
        "rehab_facility",
        "post_rehab",
        "methadone",
        "compulsory",
        "dossier",
        "post_rehab_after_compulsory",
    ):
        started = today - timedelta(days=rng.randint(400, 700))
        _category(person, Category.ADDICT, started, officer, today)
        if story == "rehab_home":
            _open(
                person,
                EpisodeKind.REHAB_HOME,
                today - timedelta(days=rng.randint(20, 150)),
                officer,
                today,
                planned_months=6,
            )
        elif story == "rehab_facility":
            _open(
                person,
                EpisodeKind.REHAB_FACILITY,
                today - timedelta(days=rng.randint(20, 150)),
                officer,
                today,
                planned_months=9,
                facility="Cơ sở cai nghiện ma túy tự nguyện",
            )
        elif story == "post_rehab":
            rehab_start = today - timedelta(days=rng.randint(230, 330))
            rehab = _open(
                person, EpisodeKind.REHAB_HOME, rehab_start, officer, today, planned_months=6
            )
            done = add_months(rehab_start, 6)
            episodes.episode_complete(
                episode=rehab, ended_on=done, outcome="Hoàn thành", actor=officer, today=today
            )
            _open(person, EpisodeKind.POST_REHAB, done, officer, today)
        elif story == "methadone":
            _open(
                person,
                EpisodeKind.METHADONE,
                today - timedelta(days=rng.randint(60, 600)),
                officer,
                today,
                facility="Cơ sở điều trị methadone của thành phố",
            )
        elif story == "dossier":
            dossier = _open(
                person, EpisodeKind.COMPULSORY_DOSSIER, today - timedelta(days=6), officer, today
            )
            for item in list(dossier.dossier_items.order_by("position"))[:3]:
                episodes.dossier_item_set(
                    item=item,
                    done_on=today - timedelta(days=5),
                    reference="",
                    note="",
                    actor=officer,
                    today=today,
                )
        elif story in ("compulsory", "post_rehab_after_compulsory"):
            _compulsory(person, officer, today, finished=story != "compulsory")
    elif story == "high_risk":
        _category(
            person, Category.HIGH_RISK, today - timedelta(days=rng.randint(30, 200)), officer, today
        )
    elif story == "dealer":
        _category(person, Category.SUSPECTED_DEALER, today - timedelta(days=90), officer, today)
    elif story == "driver":
        _category(person, Category.DRIVER_USING, today - timedelta(days=40), officer, today)


def _compulsory(person: Person, officer: User, today: date, *, finished: bool) -> None:
    """A dossier decided by the court, then the stay (finished: then post-rehab management)."""
    begin = today - timedelta(days=900 if finished else 200)
    dossier = _open(person, EpisodeKind.COMPULSORY_DOSSIER, begin, officer, today)
    items = list(dossier.dossier_items.order_by("position"))
    for offset, item in enumerate(items):
        done = begin + timedelta(days=offset + 1)
        court = item.code == COURT_DECISION
        episodes.dossier_item_set(
            item=item,
            done_on=done,
            reference="QĐ 15/2026/QĐ-TA" if court else "",
            note="",
            court_applies=court,
            actor=officer,
            today=today,
        )
    started = begin + timedelta(days=len(items) + 2)
    stay = _open(
        person,
        EpisodeKind.COMPULSORY_REHAB,
        started,
        officer,
        today,
        planned_months=12,
        facility="Cơ sở cai nghiện ma túy số 1 thành phố",
    )
    if finished:
        done = add_months(started, 12)
        episodes.episode_complete(
            episode=stay, ended_on=done, outcome="Chấp hành xong", actor=officer, today=today
        )
        _open(person, EpisodeKind.POST_REHAB, done, officer, today)


def _care(person: Person, officer: User, rng: random.Random, today: date, story: str) -> None:
    if story in ("high_risk", "dealer", "driver"):
        return
    care.supervision_assign(
        actor=officer,
        person=person,
        name=f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN_MALE)}",
        kind=rng.choice(
            (
                SupervisorKind.GRASSROOTS_SECURITY,
                SupervisorKind.VETERAN,
                SupervisorKind.RETIRED_POLICE,
                SupervisorKind.INTER_FAMILY,
            )
        ),
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        started_on=today - timedelta(days=200),
        today=today,
    )
    last = rng.choice((5, 12, 25, 45, 70))  # some are overdue for a visit
    for back in (last, last + 30, last + 60):
        care.contact_record(
            actor=officer,
            person=person,
            contacted_on=today - timedelta(days=back),
            form=rng.choice((ContactForm.HOME_VISIT, ContactForm.SUMMONS, ContactForm.PHONE)),
            content="Kiểm tra nơi cư trú, nhắc nhở chấp hành quy định quản lý.",
            observations=rng.choice(("Bình thường", "Có việc làm tạm thời", "Gia đình hợp tác")),
            next_step="Thăm lại tháng sau",
            today=today,
        )
    positive = story in ("user_overdue", "rehab_home") and rng.random() < 0.5
    care.drug_test_record(
        actor=officer,
        person=person,
        tested_on=today - timedelta(days=rng.randint(3, 40)),
        reason=TestReason.PERIODIC,
        method=TestMethod.QUICK_KIT,
        kit_or_lab="Que thử 4 chân",
        substances="MET, MOR, THC, MDMA",
        result=TestResult.POSITIVE if positive else TestResult.NEGATIVE,
        performed_by="Cán bộ Công an phường",
        today=today,
    )
    if rng.random() < 0.7:
        care.support_record(
            actor=officer,
            person=person,
            kind=SupportKind.COUNSELLING,
            provided_on=today - timedelta(days=rng.randint(10, 120)),
            provider="Tổ tư vấn cộng đồng",
            outcome="Đã tư vấn",
            today=today,
        )
    if rng.random() < 0.5:
        care.support_record(
            actor=officer,
            person=person,
            kind=SupportKind.MEDICAL,
            provided_on=today - timedelta(days=rng.randint(10, 120)),
            provider="Trạm Y tế",
            outcome="Khám sức khỏe",
            today=today,
        )


def _gia_vien_extras(officer: User, supervisor: User, groups: list[Area], today: date) -> None:
    """The demo supervisor's persons, a psychosis flag, a pending transfer, a likely duplicate."""
    group_2 = next(g for g in groups if g.name == SUPERVISED_GROUP)
    assigned = list(Person.objects.filter(area=group_2).order_by("pk")[:3])
    for person in assigned:
        care.supervision_assign(
            actor=officer,
            person=person,
            name=supervisor.full_name,
            kind=SupervisorKind.GRASSROOTS_SECURITY,
            phone=supervisor.phone,
            started_on=today - timedelta(days=60),
            supervisor_user=supervisor,
            today=today,
        )
    flagged = Person.objects.filter(area__commune=group_2.commune).order_by("pk")[5]
    persons.person_flag_psychosis(
        actor=officer,
        person=flagged,
        psychosis=True,
        note="Có biểu hiện hoang tưởng, kích động (ngáo đá)",
    )
    mover = Person.objects.filter(area__commune=group_2.commune).order_by("pk")[8]
    thanh_dong = Area.objects.get(level=Level.COMMUNE, code="10510")
    transfers.transfer_propose(
        actor=officer,
        person=mover,
        to_commune=thanh_dong,
        to_area=None,
        new_address="Số 12 đường Thành Đông",
        summary="",
    )
    original = Person.objects.filter(area__commune=group_2.commune).order_by("pk")[10]
    persons.person_register(
        actor=officer,
        area=original.area,
        full_name=original.full_name,
        sex=original.sex,
        date_of_birth=original.date_of_birth,
        citizen_id=None,
        phone="",
        current_address="Nhập trùng từ sổ tay tổ dân phố",
        categories=[],
        today=today,
    )
    # A user registered last month in group 59, recognised drug-free in December 2025: the
    # recognition is now "at risk" on the group's page, its commune's page and the dashboards.
    group_59 = next(g for g in groups if g.name == "Tổ dân phố số 59")
    persons.person_register(
        actor=officer,
        area=group_59,
        full_name="Lò Văn Mới",
        sex=Sex.MALE,
        date_of_birth=date(today.year - 24, 6, 2),
        citizen_id=None,
        phone="",
        current_address="Ngõ 3, Tổ dân phố số 59",
        categories=[
            persons.CategorySpec(
                Category.ILLEGAL_USER,
                today - timedelta(days=20),
                source="Kết quả xét nghiệm dương tính",
            )
        ],
        today=today,
    )
