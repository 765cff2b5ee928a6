"""Likely duplicates (name + date of birth, by scope) and the merge tool: every related row moves
to the kept record with its own audit entry, the removed record stays readable, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Role
from khongmatuy.people import choices
from khongmatuy.people.choices import (
    ContactForm,
    EpisodeKind,
    ReconciliationOutcome,
    SupervisorKind,
    SupportKind,
)
from khongmatuy.people.models import Person, ReconciliationItem
from khongmatuy.people.selectors import quality as selectors
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.services import persons as person_services
from khongmatuy.people.services import quality as services
from khongmatuy.people.services import transfers as transfer_services
from tests.personas import make_user

from .factories import TODAY, citizen_id, events_for
from .factories import register_complete as register

BORN = date(1990, 5, 17)


def pair_ids(pairs: list[selectors.DuplicatePair]) -> list[tuple[int, int, int]]:
    return [(p.first.pk, p.second.pk, p.strength) for p in pairs]


# --- detection ---------------------------------------------------------------------------------


@pytest.fixture
def people(world, officer_a, officer_b):  # type: ignore[no-untyped-def]
    """Three records of one man in ward A (two in group 1, one in group 2), namesakes that are
    not duplicates, and the same name and birth date in ward B."""
    return {
        "an1": register(officer_a, world.group_a1, "Nguyễn Văn An", cid=citizen_id(1)),
        "an2": register(officer_a, world.group_a1, "Nguyen Van An"),
        "an3": register(officer_a, world.group_a2, "NGUYỄN VĂN AN"),
        "binh1": register(officer_a, world.group_a1, "Trần Văn Bình"),
        "binh2": register(officer_a, world.group_a1, "Trần Văn Bình", born=date(1991, 5, 17)),
        "cuong1": register(officer_a, world.group_a1, "Lê Văn Cường", born=None),
        "cuong2": register(officer_a, world.group_a1, "Lê Văn Cường", born=None),
        "an_b": register(officer_b, world.group_b1, "Nguyễn Văn An"),
    }


def test_likely_duplicates_pairs_same_folded_name_and_birth_date_in_scope(people, officer_a):
    an1, an2, an3 = people["an1"], people["an2"], people["an3"]

    pairs = selectors.likely_duplicates(user=officer_a)

    assert pair_ids(pairs) == [(an1.pk, an2.pk, 3), (an1.pk, an3.pk, 2), (an2.pk, an3.pk, 2)]
    assert pairs[0].strength_label == "Rất có thể trùng (cùng tổ dân phố, thôn)"
    assert pairs[1].strength_label == "Có thể trùng (cùng xã, phường)"


def test_a_city_user_sees_pairs_across_communes_as_weaker(people, city_user):
    an1, an2, an3, an_b = (people[k] for k in ("an1", "an2", "an3", "an_b"))

    pairs = selectors.likely_duplicates(user=city_user)

    assert pair_ids(pairs) == [
        (an1.pk, an2.pk, 3),
        (an1.pk, an3.pk, 2),
        (an2.pk, an3.pk, 2),
        (an1.pk, an_b.pk, 1),
        (an2.pk, an_b.pk, 1),
        (an3.pk, an_b.pk, 1),
    ]
    world_area = people["an_b"].area.commune
    assert pair_ids(selectors.likely_duplicates(user=city_user, area=world_area)) == []


def test_likely_duplicates_of_one_area_and_of_one_person(people, officer_a, world):
    an1, an2, an3 = people["an1"], people["an2"], people["an3"]

    assert pair_ids(selectors.likely_duplicates(user=officer_a, area=world.group_a1)) == [
        (an1.pk, an2.pk, 3)
    ]
    assert pair_ids(selectors.likely_duplicates(user=officer_a, person=an3)) == [
        (an1.pk, an3.pk, 2),
        (an2.pk, an3.pk, 2),
    ]


def test_two_different_citizen_ids_make_the_weakest_pair(world, officer_a):
    first = register(officer_a, world.group_a1, "Phạm Văn Đức", cid=citizen_id(11))
    second = register(officer_a, world.group_a1, "Phạm Văn Đức", cid=citizen_id(12))

    (pair,) = selectors.likely_duplicates(user=officer_a)

    assert (pair.first, pair.second, pair.conflicting_ids, pair.strength) == (
        first,
        second,
        True,
        0,
    )


def test_removed_records_are_not_duplicates(people, officer_a):
    person_services.person_remove_from_list(
        actor=officer_a,
        person=people["an3"],
        ground=person_services.RemovalGround.MOVED,
        removed_on=TODAY,
        today=TODAY,
    )

    assert pair_ids(selectors.likely_duplicates(user=officer_a)) == [
        (people["an1"].pk, people["an2"].pk, 3)
    ]


def test_likely_duplicates_is_two_queries_however_many_pairs(
    people, officer_a, world, django_assert_num_queries
):
    selectors.likely_duplicates(user=officer_a)  # the user's scope is read once and cached
    with django_assert_num_queries(2):  # the GROUP BY ... HAVING, then the members by id
        pairs = selectors.likely_duplicates(user=officer_a)
        assert [p.first.area.name for p in pairs]  # areas come with the members
    for i in range(4):
        register(officer_a, world.group_a2, "Đinh Văn Tư", cid=citizen_id(40 + i))

    with django_assert_num_queries(2):
        pairs = selectors.likely_duplicates(user=officer_a)
    assert len(pairs) == 3 + 6


# --- merge -------------------------------------------------------------------------------------


@pytest.fixture
def pair(world, officer_a):  # type: ignore[no-untyped-def]
    """``keep`` (no citizen ID, no phone) and ``remove`` (with both) in group 1, and one row of
    every kind that points at a person attached to ``remove``."""
    keep = register(officer_a, world.group_a1, "Nguyễn Văn An", phone="")
    remove = register(
        officer_a, world.group_a1, "Nguyễn Văn Ân", cid=citizen_id(7), phone="0911222333"
    )
    older = register(officer_a, world.group_a1, "Nguyễn Văn An")  # merged into ``remove`` first
    services.person_merge(actor=officer_a, keep=remove, remove=older, on=TODAY)
    episode_services.episode_open(
        person=remove,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2026, 11, 2),
        decision_number="12/QĐ-UBND",
        actor=officer_a,
        today=TODAY,
    )
    care_services.supervision_assign(
        actor=officer_a,
        person=remove,
        name="Hoàng Văn Giúp",
        kind=SupervisorKind.VETERAN,
        started_on=date(2026, 11, 3),
        today=TODAY,
    )
    care_services.contact_record(
        actor=officer_a,
        person=remove,
        contacted_on=date(2026, 11, 10),
        form=ContactForm.HOME_VISIT,
        content="Thăm gặp tại nhà",
        today=TODAY,
    )
    care_services.drug_test_record(  # positive: opens a follow-up
        actor=officer_a,
        person=remove,
        tested_on=date(2026, 11, 12),
        reason=choices.TestReason.RANDOM,
        method=choices.TestMethod.QUICK_KIT,
        result=choices.TestResult.POSITIVE,
        performed_by="Công an phường",
        today=TODAY,
    )
    care_services.support_record(
        actor=officer_a,
        person=remove,
        kind=SupportKind.COUNSELLING,
        provided_on=date(2026, 11, 14),
        provider="Trạm Y tế phường",
        today=TODAY,
    )
    transfer_services.transfer_propose(actor=officer_a, person=remove, to_commune=world.ward_b)
    # The person also appears in a place, a case and a closed tip (issue #4's registries).
    from khongmatuy.cases import services as case_services
    from khongmatuy.places import services as place_services
    from khongmatuy.tips import services as tip_services

    place = place_services.place_create(
        actor=officer_a,
        area=world.group_a1,
        kind="harbouring",
        name="Nhà trọ ngõ 9",
        discovered_on=date(2026, 11, 1),
        today=TODAY,
    )
    place_services.place_link_person(actor=officer_a, place=place, person=remove, role="owner")
    case = case_services.case_create(
        actor=officer_a,
        area=world.group_a1,
        kind="crime",
        number="05/2026",
        occurred_on=date(2026, 11, 5),
        offence="256",
        summary="Chứa chấp sử dụng",
        today=TODAY,
    )
    case_services.case_add_person(
        actor=officer_a,
        case=case,
        person=remove,
        new_person=None,
        role="arrested",
        arrested_on=date(2026, 11, 5),
        note="",
        today=TODAY,
    )
    # a workplace link (prevention: an organisation's commitment is judged by it)
    from khongmatuy.areas import services as area_services
    from khongmatuy.areas.models import Organisation
    from khongmatuy.prevention import services as prevention_services

    workplace = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.ENTERPRISE,
        name="Công ty May Hợp Nhất",
    )
    prevention_services.affiliation_set(
        actor=officer_a, person=remove, organisation=workplace, relation="workplace"
    )
    # a targeted communication session naming the person (a many-to-many link)
    from khongmatuy.prevention.choices import ActivityForm
    from khongmatuy.prevention.tests.factories import activity

    activity(
        actor=officer_a,
        held_on=date(2026, 11, 10),
        groups=[world.group_a1],
        form=ActivityForm.TARGETED,
        persons=[remove],
    )
    tip = tip_services.tip_record(
        actor=officer_a,
        area=world.ward_a,
        channel="hotline",
        category="harbouring",
        description="Có người tụ tập sử dụng",
        received_at=datetime(2026, 11, 6, 9, 0, tzinfo=UTC),
        now=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )
    tip_services.tip_assign(actor=officer_a, tip=tip, officer=officer_a, note="")
    tip_services.tip_start(actor=officer_a, tip=tip, note="")
    tip_services.tip_close(
        actor=officer_a,
        tip=tip,
        outcome="verified",
        note="Đúng",
        place=None,
        person=remove,
        case=None,
        new_place=None,
        today=TODAY,
    )
    # Round 1 checked both records (the removed one's result conflicts and is dropped); round 2,
    # still open, checked only the removed one (its result moves).
    (round1,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    for person in (keep, remove):
        services.reconciliation_check(
            actor=officer_a,
            round=round1,
            person=person,
            outcome=ReconciliationOutcome.CONFIRMED,
            on=TODAY,
        )
    services.reconciliation_complete(actor=officer_a, round=round1, on=TODAY)
    (round2,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    services.reconciliation_check(
        actor=officer_a,
        round=round2,
        person=remove,
        outcome=ReconciliationOutcome.CORRECTED,
        note="Sửa số nhà",
        on=TODAY,
    )
    return {"keep": keep, "remove": remove, "older": older, "round1": round1, "round2": round2}


def _rows_pointing_at(person: Person) -> dict[str, int]:
    """Every relation of ``Person`` (as the merge finds them), counted for ``person``."""
    counts = {}
    for relation in Person._meta.related_objects:
        model = relation.related_model
        counts[model._meta.label] = model._base_manager.filter(
            **{relation.field.name: person}
        ).count()
    return counts


def test_merge_moves_every_related_row_to_the_kept_record(pair, officer_a):
    keep, remove, older = pair["keep"], pair["remove"], pair["older"]
    before_keep, before_remove = _rows_pointing_at(keep), _rows_pointing_at(remove)
    # The fixture attached one row of every relation to ``remove``: a new relation of Person
    # fails here until the fixture covers it.
    assert {label for label, n in before_remove.items() if n == 0} == set()

    result = services.person_merge(actor=officer_a, keep=keep, remove=remove, on=TODAY)

    after_keep, after_remove = _rows_pointing_at(keep), _rows_pointing_at(remove)
    assert after_remove == dict.fromkeys(before_remove, 0)
    expected = {label: before_keep[label] + before_remove[label] for label in before_keep}
    expected["people.ReconciliationItem"] -= 1  # round 1: keep's own result wins
    expected["people.Person"] += 1  # ``remove`` itself is now merged into ``keep``
    assert after_keep == expected
    assert result.dropped == {"people.ReconciliationItem": 1}
    # ``places.Place`` reaches the person through ``PlacePerson``, whose rows are what moved.
    assert result.moved == {
        label: n - (1 if label == "people.ReconciliationItem" else 0)
        for label, n in before_remove.items()
        if label != "places.Place"
    }
    older.refresh_from_db()
    assert older.merged_into_id == keep.pk


def test_merge_audits_each_moved_row_and_the_merge_itself(pair, officer_a):
    keep, remove = pair["keep"], pair["remove"]
    moved_episode = remove.episodes.get()
    moved_item = ReconciliationItem.objects.get(round=pair["round2"], person=remove)
    dropped_item = ReconciliationItem.objects.get(round=pair["round1"], person=remove)
    remove_history = events_for(remove)

    services.person_merge(actor=officer_a, keep=keep, remove=remove, on=TODAY)

    update = events_for(moved_episode)[-1]
    assert (update.action, update.actor, update.before["person_id"], update.after["person_id"]) == (
        "update",
        officer_a,
        remove.pk,
        keep.pk,
    )
    assert update.note == f"Gộp trùng: chuyển từ hồ sơ số {remove.pk} sang số {keep.pk}"
    assert events_for(moved_item)[-1].after["person_id"] == keep.pk
    deleted = events_for(dropped_item)[-1]
    assert (deleted.action, deleted.before["outcome"]) == ("delete", "confirmed")
    # The removed record keeps its whole history, plus the merge.
    history = events_for(remove)
    assert history[: len(remove_history)] == remove_history
    assert (history[-1].action, history[-1].note) == (
        "update",
        f"Gộp trùng: gộp vào hồ sơ {keep.full_name} (số {keep.pk})",
    )
    assert history[-1].after["merged_into_id"] == keep.pk
    assert events_for(keep)[-1].note == f"Gộp trùng: nhận hồ sơ {remove.full_name} (số {remove.pk})"


def test_merge_moves_the_citizen_id_and_fills_what_the_kept_record_lacks(pair, officer_a):
    keep, remove = pair["keep"], pair["remove"]

    services.person_merge(actor=officer_a, keep=keep, remove=remove, on=TODAY)

    keep.refresh_from_db()
    remove.refresh_from_db()
    assert (keep.citizen_id, keep.phone, keep.aliases) == (
        citizen_id(7),
        "0911222333",
        "Nguyễn Văn Ân",
    )
    assert "0911222333" in keep.search_text
    assert (remove.citizen_id, remove.is_active, remove.merged_into_id, remove.removed_on) == (
        None,
        False,
        keep.pk,
        TODAY,
    )
    assert (
        remove.removal_reason == f"Hồ sơ trùng, đã hợp nhất vào hồ sơ số {keep.pk} (Nguyễn Văn An)"
    )


def _state() -> tuple[object, ...]:
    return (
        list(
            Person.objects.order_by("pk").values_list(
                "pk", "is_active", "merged_into", "citizen_id"
            )
        ),
        list(ReconciliationItem.objects.order_by("pk").values_list("pk", "person_id")),
        AuditEvent.objects.count(),
    )


def test_merge_refusals_change_nothing(world, officer_a):
    first = register(officer_a, world.group_a1, "Phạm Văn Đức", cid=citizen_id(11))
    second = register(officer_a, world.group_a1, "Phạm Văn Đức", cid=citizen_id(12))
    third = register(officer_a, world.group_a1, "Phạm Văn Đức")
    fourth = register(officer_a, world.group_a1, "Phạm Văn Đức")
    services.person_merge(actor=officer_a, keep=third, remove=fourth, on=TODAY)
    before = _state()

    cases = [
        (first, first, {"remove": ["Không thể hợp nhất một hồ sơ với chính nó."]}),
        (
            first,
            second,
            {
                "remove": [
                    "Hai hồ sơ có số CCCD khác nhau: có thể là hai người khác nhau. Hãy kiểm tra, "
                    "sửa số CCCD sai trước khi hợp nhất."
                ]
            },
        ),
        (first, fourth, {"remove": ["Hồ sơ Phạm Văn Đức đã được hợp nhất vào hồ sơ khác."]}),
        (fourth, first, {"keep": ["Hồ sơ Phạm Văn Đức đã được hợp nhất vào hồ sơ khác."]}),
    ]
    for keep, remove, errors in cases:
        with pytest.raises(DomainError) as refused:
            services.person_merge(actor=officer_a, keep=keep, remove=remove, on=TODAY)
        assert refused.value.message_dict == errors
    assert _state() == before


def test_merge_needs_manage_persons_and_both_records_in_scope(
    world, officer_a, officer_b, leader_a
):
    keep = register(officer_a, world.group_a1, "Phạm Văn Đức")
    remove = register(officer_a, world.group_a1, "Phạm Văn Đức")
    elsewhere = register(officer_b, world.group_b1, "Phạm Văn Đức")
    before = _state()

    for actor, a, b in (
        (leader_a, keep, remove),
        (officer_b, keep, remove),
        (officer_a, keep, elsewhere),
    ):
        with pytest.raises(PermissionDenied):
            services.person_merge(actor=actor, keep=a, remove=b, on=TODAY)
    assert _state() == before


def test_a_second_pending_transfer_refuses_the_merge(world, officer_a):
    keep = register(officer_a, world.group_a1, "Phạm Văn Đức")
    remove = register(officer_a, world.group_a1, "Phạm Văn Đức")
    for person in (keep, remove):
        transfer_services.transfer_propose(actor=officer_a, person=person, to_commune=world.ward_b)
    before = _state()

    with pytest.raises(DomainError) as refused:
        services.person_merge(actor=officer_a, keep=keep, remove=remove, on=TODAY)

    (message,) = refused.value.messages
    assert message.startswith(
        "Không thể hợp nhất vì hai hồ sơ có bản ghi trùng nhau: chuyển giao quản lý"
    )
    assert _state() == before


def test_a_city_user_merges_across_communes(world, officer_a, officer_b, city_user):
    keep = register(officer_a, world.group_a1, "Phạm Văn Đức")
    remove = register(officer_b, world.group_b1, "Phạm Văn Đức")

    services.person_merge(actor=city_user, keep=keep, remove=remove, on=TODAY)

    remove.refresh_from_db()
    assert remove.merged_into_id == keep.pk


def test_a_supervisor_role_cannot_merge(world, officer_a):
    supervisor = make_user("giupdo", Role.SUPERVISOR, [world.group_a1])
    keep = register(officer_a, world.group_a1, "Phạm Văn Đức")
    remove = register(officer_a, world.group_a1, "Phạm Văn Đức")

    with pytest.raises(PermissionDenied):
        services.person_merge(actor=supervisor, keep=keep, remove=remove, on=TODAY)
