"""Deadline lists and the person-page section: exact contents at a frozen date, query counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.common.scoping import scope_for
from khongmatuy.legal import services as legal_services
from khongmatuy.people.choices import EpisodeKind as K
from khongmatuy.people.models import Episode, Person
from khongmatuy.people.selectors import episodes as selectors
from khongmatuy.people.services import episodes as services
from khongmatuy.people.services.care import supervision_assign
from tests.personas import World, make_user

from .test_episodes_helpers import TODAY, make_person, open_

pytestmark = pytest.mark.django_db


@dataclass
class Data:
    an: Person
    binh: Person
    cuong: Person
    dung: Person
    em: Person
    phuc: Person
    hai: Person


@pytest.fixture
def data(world: World, officer_a: User, officer_b: User) -> Data:
    """Today is 23/11/2026; user management lasts 12 months, so its start sets the due date."""
    a1, a2 = world.group_a1, world.group_a2
    an = make_person(officer_a, a1, "Nguyễn Văn An")
    binh = make_person(officer_a, a2, "Trần Thị Bình", psychosis=True)
    cuong = make_person(officer_a, a1, "Lê Văn Cường")
    dung = make_person(officer_a, a1, "Phạm Văn Dũng")
    em = make_person(officer_a, a2, "Hoàng Văn Em", psychosis=True)
    phuc = make_person(officer_a, a1, "Vũ Văn Phúc")
    giang = make_person(officer_a, a1, "Đỗ Văn Giang")
    hai = make_person(officer_b, world.group_b1, "Ngô Văn Hải")
    open_(an, K.USER_MANAGEMENT, date(2025, 11, 23), officer_a)  # due 23/11/2026: today
    open_(binh, K.USER_MANAGEMENT, date(2025, 12, 23), officer_a)  # due 23/12/2026: day 30
    open_(cuong, K.USER_MANAGEMENT, date(2025, 12, 24), officer_a)  # due 24/12/2026: day 31
    open_(dung, K.USER_MANAGEMENT, date(2025, 11, 22), officer_a)  # due 22/11/2026: overdue
    open_(em, K.REHAB_HOME, date(2026, 5, 1), officer_a, planned_months=6)  # due 01/11/2026
    open_(phuc, K.METHADONE, date(2026, 1, 1), officer_a)  # no due date
    done = open_(giang, K.USER_MANAGEMENT, date(2025, 6, 1), officer_a)
    services.episode_complete(episode=done, ended_on=date(2026, 6, 1), actor=officer_a, today=TODAY)
    open_(hai, K.USER_MANAGEMENT, date(2025, 11, 25), officer_b)  # ward B, due 25/11/2026
    return Data(an, binh, cuong, dung, em, phuc, hai)


def names(episodes: object) -> list[str]:
    return [e.person.full_name for e in episodes]  # type: ignore[attr-defined]


def test_ending_within_30_days_psychosis_first(data: Data, officer_a: User) -> None:
    assert names(selectors.ending_within(user=officer_a, today=TODAY)) == [
        "Trần Thị Bình",
        "Nguyễn Văn An",
    ]
    assert names(selectors.ending_within(user=officer_a, today=TODAY, days=31)) == [
        "Trần Thị Bình",
        "Nguyễn Văn An",
        "Lê Văn Cường",
    ]


def test_overdue(data: Data, officer_a: User) -> None:
    assert names(selectors.overdue(user=officer_a, today=TODAY)) == [
        "Hoàng Văn Em",
        "Phạm Văn Dũng",
    ]
    # the day after, An's term has passed too
    assert names(selectors.overdue(user=officer_a, today=date(2026, 11, 24))) == [
        "Hoàng Văn Em",
        "Phạm Văn Dũng",
        "Nguyễn Văn An",
    ]


def test_counts_by_kind(data: Data, officer_a: User) -> None:
    rows = selectors.counts_by_kind(user=officer_a, today=TODAY)
    assert [(r.key, r.active, r.ending, r.overdue) for r in rows] == [
        (K.USER_MANAGEMENT, 4, 2, 1),
        (K.REHAB_HOME, 1, 0, 1),
        (K.METHADONE, 1, 0, 0),
    ]
    assert names(selectors.active_of_kind(user=officer_a, kind=K.METHADONE)) == ["Vũ Văn Phúc"]


def test_counts_by_group(data: Data, world: World, officer_a: User, city_user: User) -> None:
    rows = selectors.counts_by_group(user=officer_a, today=TODAY)
    assert [(r.key, r.label, r.active, r.ending, r.overdue) for r in rows] == [
        (world.group_a1.pk, "Tổ dân phố số 1", 4, 1, 1),
        (world.group_a2.pk, "Tổ dân phố số 2", 2, 1, 1),
    ]
    city = selectors.counts_by_group(user=city_user, today=TODAY)
    assert [(r.parent, r.label, r.active) for r in city] == [
        ("Gia Viên", "Tổ dân phố số 1", 4),
        ("Gia Viên", "Tổ dân phố số 2", 2),
        ("Thành Đông", "Tổ dân phố Thành Công", 1),
    ]
    assert names(selectors.active_in_area(user=officer_a, area_id=world.group_a2.pk)) == [
        "Hoàng Văn Em",  # both flagged for psychosis: the earlier due date first
        "Trần Thị Bình",
    ]
    assert list(selectors.active_in_area(user=officer_a, area_id=world.group_b1.pk)) == []


def test_scope_other_ward_group_leader_and_supervisor(
    data: Data, world: World, officer_a: User, officer_b: User, leader_a: User, city_user: User
) -> None:
    assert names(selectors.ending_within(user=officer_b, today=TODAY)) == ["Ngô Văn Hải"]
    assert names(selectors.ending_within(user=city_user, today=TODAY)) == [
        "Trần Thị Bình",
        "Nguyễn Văn An",
        "Ngô Văn Hải",
    ]
    assert names(selectors.ending_within(user=leader_a, today=TODAY)) == ["Nguyễn Văn An"]
    helper = make_user("giupdo_an", Role.SUPERVISOR, [world.group_a1], "Bùi Văn Tâm")
    supervision_assign(
        actor=officer_a,
        person=data.cuong,
        kind="relative",
        name="Bùi Văn Tâm",
        started_on=date(2026, 1, 5),
        supervisor_user=helper,
        today=TODAY,
    )
    assert names(selectors.active(user=helper)) == ["Lê Văn Cường"]
    assert names(selectors.ending_within(user=helper, today=TODAY)) == []
    an_episode = Episode.objects.get(person=data.an)
    with pytest.raises(Exception, match="No Episode matches"):
        selectors.episode_get_for_user(user=helper, pk=an_episode.pk)


def test_each_list_is_one_query(data: Data, officer_a: User, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    scope_for(officer_a)  # computed once per user object (one query), then cached
    with django_assert_num_queries(1):
        rows = list(selectors.ending_within(user=officer_a, today=TODAY))
        assert [r.person.area.name for r in rows] == ["Tổ dân phố số 2", "Tổ dân phố số 1"]
    with django_assert_num_queries(1):
        list(selectors.overdue(user=officer_a, today=TODAY))
    with django_assert_num_queries(1):
        selectors.counts_by_kind(user=officer_a, today=TODAY)
    with django_assert_num_queries(1):
        selectors.counts_by_group(user=officer_a, today=TODAY)


def test_person_section(
    data: Data, officer_a: User, leadership_a: User, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    scope_for(officer_a)
    restarted = services.episode_restart(
        episode=Episode.objects.get(person=data.dung),
        started_on=date(2026, 9, 1),
        actor=officer_a,
        today=TODAY,
    )
    person = Person.objects.get(pk=data.dung.pk)
    # episodes, their events, dossier items, and the rule settings (an unconfirmed rule is there)
    with django_assert_num_queries(4):
        section = selectors.person_section(user=officer_a, person=person, today=TODAY)
    rows = section["episode_rows"]
    assert [(r.episode.pk, r.episode.status, r.actions) for r in rows] == [
        (restarted.pk, "active", ["complete", "stop", "restart", "cancel"]),
        (restarted.previous_id, "restarted", ["cancel"]),
    ]
    assert [e.label for e in rows[1].events] == ["Bắt đầu", "Tính lại thời hạn (tái sử dụng)"]
    assert section["episode_unconfirmed"] == 1  # 01/09/2026 falls under Law 120
    assert [k for k, _ in section["episode_openable"]] == [
        K.ADDICTION_DETERMINATION,
        K.REHAB_HOME,
        K.REHAB_FACILITY,
        K.COMPULSORY_DOSSIER,
        K.METHADONE,
    ]
    assert section["episode_can_manage"] is True
    read_only = selectors.person_section(user=leadership_a, person=person, today=TODAY)
    assert (read_only["episode_can_manage"], read_only["episode_openable"]) == (False, [])


def test_person_section_flags_a_rule_confirmed_since(
    data: Data, officer_a: User, admin_user: User
) -> None:
    person = Person.objects.get(pk=data.dung.pk)
    services.episode_restart(
        episode=Episode.objects.get(person=person),
        started_on=date(2026, 9, 1),
        actor=officer_a,
        today=TODAY,
    )
    legal_services.legal_value_confirm(
        source="durations",
        code="user_management",
        effective_from=date(2026, 7, 1),
        values={"months": 12, "months_max": None, "days": None},
        article="Luật 120/2025/QH15",
        actor=admin_user,
    )
    rows = selectors.person_section(user=officer_a, person=person, today=TODAY)["episode_rows"]
    assert [(r.episode.rule_confirmed, r.rule_confirmed_since) for r in rows] == [
        (False, True),
        (True, False),
    ]


def test_legal_rules_table(admin_user: User) -> None:
    legal_services.legal_value_confirm(
        source="durations",
        code="rehab_home",
        effective_from=date(2026, 7, 1),
        values={"months": 6, "months_max": 12, "days": None},
        article="Luật 120/2025/QH15 Điều 31",
        actor=admin_user,
    )
    rows = {r.code: r for r in selectors.legal_rules(today=TODAY)}
    rehab = rows["rehab_home"]
    assert [(v.rule.version, v.in_force, v.rule.confirmed) for v in rehab.versions] == [
        ("law73-2022-01-01", False, True),
        ("law120-2026-07-01", True, True),
    ]
    assert rehab.versions[1].setting is not None
    user = rows["user_management"]
    assert [(v.in_force, v.rule.confirmed, v.rule.carried_from) for v in user.versions] == [
        (False, True, None),
        (True, False, "law73-2022-01-01"),
    ]
    assert [v.rule.version for v in rows["criminal_256a_window"].versions] == [
        "blhs256a-2025-07-01"
    ]
