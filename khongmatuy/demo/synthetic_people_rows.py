"""The rows of synthetic persons, built in memory without a query: names, categories, episodes
and their events for one commune (``commune_people``). ``synthetic_people`` writes them.

Only synthetic people: names are drawn from common Vietnamese family, middle and given name parts,
addresses and phone numbers are invented, citizen IDs follow the structure of the real number
(province code, century/sex digit, birth year, tail) with a tail made from the commune's code and
the person's position, so they are unique without any global coordination.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from khongmatuy.areas.models import Kind
from khongmatuy.common.dates import add_months
from khongmatuy.common.db import bulk
from khongmatuy.people import durations
from khongmatuy.people.choices import (
    Category,
    ContactForm,
    EpisodeKind,
    EpisodeStatus,
    Sex,
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

from .synthetic_people_data import (
    ALIASES,
    CONTACT_CONTENT,
    EDUCATION,
    OBSERVATIONS,
    OCCUPATIONS,
    PROFILES,
    RELATIONS,
    REMOVAL_REASONS,
    SUBSTANCES,
    SUPERVISED,
    SUPERVISOR_KINDS,
    TESTED,
    Terms,
    citizen_id,
    commune_rng,
    day_between,
    name_columns,
    person_name,
    phone_number,
    weighted,
)

# Instances built without ``Model.__init__``'s overhead: about 2.7 million of them nationally.
make_person = bulk.instance_maker(Person)
make_person_category = bulk.instance_maker(PersonCategory)
make_episode = bulk.instance_maker(Episode)
make_episode_event = bulk.instance_maker(EpisodeEvent)
make_supervision = bulk.instance_maker(Supervision)
make_contact = bulk.instance_maker(Contact)
make_drug_test = bulk.instance_maker(DrugTest)
make_follow_up = bulk.instance_maker(FollowUp)
make_support_service = bulk.instance_maker(SupportService)

PERSONS_PER_COMMUNE = (3, 100)  # triangular, mode at the top: mean about 68 (national 2023 figure)
GIA_VIEN_CODE = "11359"
GIA_VIEN_PERSONS = 80
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


class _Builder:
    """Builds the rows of one person; ``on`` is the reference date ("today" of the data)."""

    def __init__(
        self,
        rng: random.Random,
        on: date,
        person: Person,
        rows: PersonRows,
        terms: Terms,
    ) -> None:
        self.rng, self.on, self.person, self.rows = rng, on, person, rows
        self.terms = terms

    def category(self, category: str, started_on: date, ended_on: date | None = None) -> None:
        self.rows.categories.append(
            make_person_category(
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
        term = self.terms(
            kind,
            started_on=started_on,
            planned_months=planned_months,
            is_minor=is_minor,
            after_kind=after_kind or (previous.kind if previous is not None else None),
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
        episode = make_episode(
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
            make_episode_event(episode=episode, on=started_on, action=EventAction.OPENED)
        )
        if status != EpisodeStatus.ACTIVE:
            actions: dict[str, str] = {
                EpisodeStatus.COMPLETED: EventAction.COMPLETED,
                EpisodeStatus.STOPPED: EventAction.STOPPED,
                EpisodeStatus.RESTARTED: EventAction.RESTARTED,
            }
            action = actions.get(status, str(status))
            self.rows.events.append(
                make_episode_event(
                    episode=episode, on=episode.ended_on or started_on, action=action
                )
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
            relapse = day_between(rng, start + timedelta(days=30), on - timedelta(days=1))
            first.status, first.ended_on, first.outcome = (
                EpisodeStatus.RESTARTED,
                relapse,
                "Tái sử dụng trong thời gian quản lý",
            )
            b.rows.events.append(
                make_episode_event(episode=first, on=relapse, action=EventAction.RESTARTED)
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
                    make_contact(
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
            test = make_drug_test(
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
                    make_follow_up(
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
                    make_support_service(
                        person=person,
                        kind=kind,
                        provided_on=day_between(rng, since, until),
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
    return make_supervision(
        person=person,
        name=person_name(rng, sex),
        kind=rng.choice(SUPERVISOR_KINDS),
        phone=phone_number(rng),
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
    terms: Terms | None = None,
) -> list[PersonRows]:
    """One commune's synthetic persons with their rows, from the arguments only (``overrides``:
    ``durations.load_overrides()``; ``terms``: ``Terms(overrides)``, shared by many communes)."""
    terms = terms if terms is not None else Terms(overrides)
    rng = commune_rng(seed, commune.code)
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
        profile = weighted(rng, PROFILES)
        is_minor = rng.random() < 0.04 and profile not in ("methadone", "dealer", "removed")
        age_days = (
            rng.randint(12 * 365 + 100, 17 * 365)
            if is_minor
            else rng.randint(18 * 365 + 10, 62 * 365)
        )
        born = on - timedelta(days=age_days)
        group_pk, group_name = groups[min(len(groups) - 1, int(rng.random() * len(groups)))]
        at_commune_level = rng.random() < 0.02 or not group_name
        full_name = person_name(rng, sex)
        folded, sort = name_columns(full_name)
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
        person = make_person(
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
            phone="" if rng.random() < 0.1 else phone_number(rng),
            occupation=rng.choice(OCCUPATIONS) if not is_minor else "Học sinh",
            education=rng.choice(EDUCATION),
            family_contacts=""
            if rng.random() < 0.15
            else f"{rng.choice(RELATIONS)}: {person_name(rng, Sex.FEMALE)}, {phone_number(rng)}",
            psychosis=rng.random() < 0.01,
            last_verified_on=on - timedelta(days=rng.randint(1, 200))
            if rng.random() < 0.6
            else None,
        )
        if person.psychosis:
            person.psychosis_note = "Có biểu hiện hoang tưởng, kích động"
        rows = PersonRows(person=person)
        builder = _Builder(rng, on, person, rows, terms)
        since = _profile_rows(builder, profile, is_minor)
        _events(builder, profile, since, group_name)
        rows.updated_days_ago = rng.choice((0, 3, 10, 30, 45, 60, 80, 100, 150, 250))
        person.search_text = search_text_for(person)
        people.append(rows)
        # A likely duplicate now and then: the same person registered twice, without an ID.
        if rng.random() < 0.012:
            twin = make_person(
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
            _Builder(rng, on, twin, twin_rows, terms).category(Category.ILLEGAL_USER, since)
            people.append(twin_rows)
    return people
