"""Episode services: what each step writes (episode, events, categories, audit) and refuses."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.legal import services as legal_services
from khongmatuy.legal.models import LegalValue
from khongmatuy.people.choices import Category
from khongmatuy.people.choices import EpisodeKind as K
from khongmatuy.people.choices import EpisodeStatus as S
from khongmatuy.people.models import DossierItem, Episode, EpisodeEvent, Person
from khongmatuy.people.services import episodes as services
from khongmatuy.people.services.persons import person_remove_from_list
from tests.personas import World

from .test_episodes_helpers import TODAY, court_decided_dossier, make_person, open_

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world: World, officer_a: User) -> Person:
    return make_person(officer_a, world.group_a1, "Nguyễn Văn Hùng")


def open_categories(person: Person) -> list[tuple[str, date, date | None]]:
    return sorted((c.category, c.started_on, c.ended_on) for c in person.personcategorys.all())


def actions(episode: Episode) -> list[str]:
    return list(episode.events.order_by("pk").values_list("action", flat=True))


# --- opening ----------------------------------------------------------------------------------


def test_open_user_management_records_rule_event_category_and_audit(
    person: Person, officer_a: User
) -> None:
    episode = open_(
        person,
        K.USER_MANAGEMENT,
        date(2026, 1, 31),
        officer_a,
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 1, 31),
        authority="Chủ tịch UBND phường Gia Viên",
    )
    assert (episode.status, episode.due_on, episode.planned_months) == (
        S.ACTIVE,
        date(2027, 1, 31),
        12,
    )
    assert (episode.rule_code, episode.rule_version, episode.rule_confirmed) == (
        "user_management",
        "law73-2022-01-01",
        True,
    )
    assert actions(episode) == ["opened"]
    assert episode.events.get().note == (
        "Quản lý người sử dụng trái phép chất ma túy; hạn đến hết ngày 31/01/2027"
    )
    assert open_categories(person) == [(Category.ILLEGAL_USER, date(2026, 1, 31), None)]
    assert (
        AuditEvent.objects.filter(
            model="people.Episode", object_id=str(episode.pk), action="create"
        ).count()
        == 1
    )


def test_open_after_1_july_2026_is_flagged_unconfirmed(person: Person, officer_a: User) -> None:
    episode = open_(person, K.USER_MANAGEMENT, date(2026, 9, 1), officer_a)
    assert (episode.due_on, episode.rule_version, episode.rule_confirmed) == (
        date(2027, 9, 1),
        "law120-2026-07-01",
        False,
    )
    assert (
        "quy định CHƯA XÁC NHẬN (Luật Phòng, chống ma túy số 120/2025/QH15 (điều khoản cụ thể và "
        "nghị định hướng dẫn chưa xác nhận), hiệu lực từ 01/07/2026)"
    ) in episode.events.get().note


def test_administrator_confirms_a_rule_and_new_episodes_use_it(
    person: Person, officer_a: User, admin_user: User
) -> None:
    setting = legal_services.legal_value_confirm(
        source="durations",
        code="user_management",
        effective_from=date(2026, 7, 1),
        values={"months": 12, "months_max": None, "days": None},
        article="Luật 120/2025/QH15 Điều 25",
        actor=admin_user,
    )
    assert (setting.confirmed_by, setting.values) == (admin_user, {"months": 12})
    episode = open_(person, K.USER_MANAGEMENT, date(2026, 9, 1), officer_a)
    assert (episode.rule_version, episode.rule_confirmed) == ("law120-2026-07-01", True)
    # a second confirmation updates the same row (audited as an update)
    legal_services.legal_value_confirm(
        source="durations",
        code="user_management",
        effective_from=date(2026, 7, 1),
        values={"months": 12, "months_max": None, "days": None},
        article="Luật 120/2025/QH15 Điều 26",
        actor=admin_user,
    )
    assert LegalValue.objects.get().article == "Luật 120/2025/QH15 Điều 26"
    assert AuditEvent.objects.filter(model="legal.LegalValue").count() == 2


def test_administrator_confirms_the_hours_of_the_move_notice(admin_user: User) -> None:
    from khongmatuy.people import durations
    from khongmatuy.people.legal import DurationsSource

    law120 = date(2026, 7, 1)
    (item,) = [
        i
        for i in DurationsSource().items(values={})
        if i.code == "move_notice" and i.effective_from == law120
    ]
    assert ([f.name for f in item.fields], item.confirmed) == (["hours"], False)
    legal_services.legal_value_confirm(
        source="durations",
        code="move_notice",
        effective_from=law120,
        values={"hours": 36},
        article="Luật 120/2025/QH15 (điều khoản do quản trị viên ghi)",
        actor=admin_user,
    )
    rule = durations.rule_for(durations.Code.MOVE_NOTICE, on=law120)
    assert (rule.hours, rule.confirmed, rule.set_by_administrator) == (36, True, True)
    assert LegalValue.objects.get().values == {"hours": 36}


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"code": "nope"}, {"code": ["Không có quy định này trong bảng quy định."]}),
        ({"article": " "}, {"article": ["Ghi điều, khoản, văn bản căn cứ."]}),
        (
            {"code": "compulsory_rehab_adult", "values": {"months": 12}},
            {"months_max": ["Nhập giá trị theo văn bản chính thức."]},
        ),
        (
            {"code": "compulsory_rehab_adult", "values": {"months": 24, "months_max": 12}},
            {"months_max": ["Số tháng tối đa phải lớn hơn hoặc bằng số tháng tối thiểu."]},
        ),
        ({"values": {"months": None}}, {"months": ["Nhập giá trị theo văn bản chính thức."]}),
        ({"values": {"months": 0}}, {"months": ["Giá trị không được nhỏ hơn 1."]}),
        ({"values": {"months": 121}}, {"months": ["Giá trị không được lớn hơn 120."]}),
        (
            {"code": "minor_dossier_to_court", "values": {}},
            {"days": ["Nhập giá trị theo văn bản chính thức."]},
        ),
        # The 24-hour move notice is UNCONFIRMED and counted in hours: days are not its value.
        (
            {"code": "move_notice", "values": {"days": 1}},
            {"hours": ["Nhập giá trị theo văn bản chính thức."]},
        ),
    ],
)
def test_legal_value_confirm_refusals(admin_user: User, kwargs: dict, errors: dict) -> None:  # type: ignore[type-arg]
    values = {
        "source": "durations",
        "code": "user_management",
        "effective_from": date(2026, 7, 1),
        "values": {"months": 12},
        "article": "Luật 120/2025/QH15",
        **kwargs,
    }
    with pytest.raises(DomainError) as exc:
        legal_services.legal_value_confirm(actor=admin_user, **values)
    assert exc.value.message_dict == errors
    assert LegalValue.objects.count() == 0


def test_only_administrators_confirm_rules(officer_a: User) -> None:
    with pytest.raises(PermissionDenied):
        legal_services.legal_value_confirm(
            source="durations",
            code="user_management",
            effective_from=date(2026, 7, 1),
            values={"months": 12},
            article="x",
            actor=officer_a,
        )
    assert LegalValue.objects.count() == 0


def test_refused_open_saves_nothing(person: Person, officer_a: User) -> None:
    with pytest.raises(InvalidTransition) as exc:
        open_(person, K.POST_REHAB, date(2026, 5, 1), officer_a)
    assert list(exc.value.message_dict) == ["kind"]
    with pytest.raises(InvalidTransition) as exc:
        open_(person, K.REHAB_HOME, date(2026, 5, 1), officer_a, planned_months=13)
    assert list(exc.value.message_dict) == ["planned_months"]
    with pytest.raises(DomainError) as exc:
        open_(person, K.USER_MANAGEMENT, date(2021, 5, 1), officer_a)
    assert exc.value.message_dict == {
        "started_on": [
            "Không có quy định pháp luật trong bảng áp dụng cho ngày 01/05/2021 (bảng bắt đầu "
            "từ 01/01/2022, Luật 73/2021/QH14)."
        ]
    }
    with pytest.raises(DomainError) as exc:
        open_(person, K.USER_MANAGEMENT, date(2026, 5, 1), officer_a, deducted_days=3)
    assert list(exc.value.message_dict) == ["deducted_days"]
    assert Episode.objects.count() == 0
    assert EpisodeEvent.objects.count() == 0
    assert open_categories(person) == []


# --- restart chain ----------------------------------------------------------------------------


def test_restart_chain_and_cancelling_a_restart_reopens_the_previous(
    person: Person, officer_a: User
) -> None:
    first = open_(person, K.USER_MANAGEMENT, date(2026, 1, 10), officer_a)
    second = services.episode_restart(
        episode=first,
        started_on=date(2026, 3, 5),
        decision_number="30/QĐ-UBND",
        decision_date=date(2026, 3, 5),
        actor=officer_a,
        today=TODAY,
    )
    third = services.episode_restart(
        episode=second, started_on=date(2026, 8, 20), actor=officer_a, today=TODAY
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.ended_on) == (S.RESTARTED, date(2026, 3, 5))
    assert (second.status, second.ended_on, second.previous) == (
        S.RESTARTED,
        date(2026, 8, 20),
        first,
    )
    assert (third.status, third.due_on, third.previous, third.decision_number) == (
        S.ACTIVE,
        date(2027, 8, 20),
        second,
        "",
    )
    # 20/08/2026 is after Law 120 came into force: the new term carries 12 months, unconfirmed
    assert (second.rule_version, third.rule_version, third.rule_confirmed) == (
        "law73-2022-01-01",
        "law120-2026-07-01",
        False,
    )
    assert actions(first) == ["opened", "restarted"]
    assert actions(third) == ["opened"]
    assert open_categories(person) == [(Category.ILLEGAL_USER, date(2026, 1, 10), None)]

    with pytest.raises(InvalidTransition):  # the middle one has a live successor
        services.episode_cancel(episode=second, reason="nhầm", actor=officer_a, today=TODAY)
    services.episode_cancel(episode=third, reason="Nhập nhầm ngày", actor=officer_a, today=TODAY)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (third.status, second.status, second.ended_on) == (S.CANCELLED, S.ACTIVE, None)
    assert actions(second) == ["opened", "restarted", "reopened"]
    assert open_categories(person) == [(Category.ILLEGAL_USER, date(2026, 1, 10), None)]


def test_restart_refused_after_the_term(person: Person, officer_a: User) -> None:
    first = open_(person, K.USER_MANAGEMENT, date(2025, 1, 10), officer_a)
    with pytest.raises(InvalidTransition):
        services.episode_restart(
            episode=first, started_on=date(2026, 1, 11), actor=officer_a, today=TODAY
        )
    first.refresh_from_db()
    assert first.status == S.ACTIVE
    assert Episode.objects.count() == 1


# --- completing, stopping, post-rehab ---------------------------------------------------------


def test_rehab_then_post_rehab(person: Person, officer_a: User) -> None:
    rehab = open_(person, K.REHAB_HOME, date(2025, 5, 1), officer_a, planned_months=6)
    assert rehab.due_on == date(2025, 11, 1)
    with pytest.raises(InvalidTransition):
        services.episode_complete(
            episode=rehab, ended_on=date(2025, 10, 31), actor=officer_a, today=TODAY
        )
    rehab.refresh_from_db()
    assert (rehab.status, actions(rehab)) == (S.ACTIVE, ["opened"])
    services.episode_complete(
        episode=rehab, ended_on=date(2025, 11, 1), outcome="Đạt", actor=officer_a, today=TODAY
    )
    post = open_(person, K.POST_REHAB, date(2025, 11, 1), officer_a)
    assert (post.due_on, post.previous, post.rule_code) == (date(2026, 11, 1), rehab, "post_rehab")
    assert open_categories(person) == [
        (Category.POST_REHAB, date(2025, 11, 1), None),
        (Category.REHAB_VOLUNTARY_HOME, date(2025, 5, 1), date(2025, 11, 1)),
    ]


def test_stop_user_management_when_addicted(person: Person, officer_a: User) -> None:
    episode = open_(person, K.USER_MANAGEMENT, date(2026, 2, 1), officer_a)
    with pytest.raises(InvalidTransition) as exc:
        services.episode_stop(
            episode=episode, ended_on=date(2026, 5, 1), reason="relapse", actor=officer_a,
            today=TODAY,
        )  # fmt: skip
    assert list(exc.value.message_dict) == ["reason"]
    services.episode_stop(
        episode=episode,
        ended_on=date(2026, 5, 1),
        reason="addicted",
        note="Kết quả của Trạm y tế",
        actor=officer_a,
        today=TODAY,
    )
    episode.refresh_from_db()
    assert (episode.status, episode.ended_on, episode.outcome) == (
        S.STOPPED,
        date(2026, 5, 1),
        "Được xác định là người nghiện ma túy. Kết quả của Trạm y tế",
    )
    assert open_categories(person) == [(Category.ILLEGAL_USER, date(2026, 2, 1), date(2026, 5, 1))]


def test_addiction_determination_result_opens_the_addict_category(
    person: Person, officer_a: User
) -> None:
    episode = open_(person, K.ADDICTION_DETERMINATION, date(2026, 2, 1), officer_a)
    assert (episode.due_on, episode.rule_confirmed) == (None, False)
    with pytest.raises(DomainError) as exc:
        services.episode_complete(
            episode=episode, ended_on=date(2026, 2, 3), actor=officer_a, today=TODAY
        )
    assert list(exc.value.message_dict) == ["addicted"]
    services.episode_complete(
        episode=episode, ended_on=date(2026, 2, 3), addicted=True, actor=officer_a, today=TODAY
    )
    episode.refresh_from_db()
    assert episode.outcome == "Kết luận: nghiện ma túy"
    assert open_categories(person) == [(Category.ADDICT, date(2026, 2, 3), None)]


# --- the dossier and compulsory rehab ---------------------------------------------------------


def test_dossier_checklist_gates_compulsory_rehab(person: Person, officer_a: User) -> None:
    dossier = open_(person, K.COMPULSORY_DOSSIER, date(2026, 3, 2), officer_a)
    items = list(DossierItem.objects.filter(episode=dossier).order_by("position"))
    assert [i.code for i in items] == [
        "request",
        "cv_summary",
        "residence",
        "test_results",
        "prior_records",
        "statement",
        "family_notice",
        "review",
        "court_submission",
        "court_decision",
    ]
    assert all(i.due_on is None for i in items)  # adult: no step deadline in the sources
    court = items[-1]
    with pytest.raises(InvalidTransition) as exc:
        services.dossier_item_set(
            item=court, done_on=date(2026, 4, 1), actor=officer_a, today=TODAY
        )
    assert exc.value.message_dict["done_on"][0].startswith(
        "Hồ sơ chưa đủ: Văn bản đề nghị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc; "
    )
    with pytest.raises(InvalidTransition):
        open_(person, K.COMPULSORY_REHAB, date(2026, 4, 1), officer_a, planned_months=12)
    for item in items[:-1]:
        if item.code != "prior_records":  # optional document
            services.dossier_item_set(
                item=item, done_on=date(2026, 3, 20), actor=officer_a, today=TODAY
            )
    with pytest.raises(InvalidTransition):  # before the submission to the court
        services.dossier_item_set(
            item=court, done_on=date(2026, 3, 19), actor=officer_a, today=TODAY
        )
    services.dossier_item_set(
        item=court, done_on=date(2026, 4, 1), reference="05/2026/QĐ-TA", actor=officer_a,
        today=TODAY,
    )  # fmt: skip
    dossier.refresh_from_db()
    assert (dossier.status, dossier.ended_on) == (S.COMPLETED, date(2026, 4, 1))
    assert dossier.outcome == (
        "Tòa án quyết định áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc "
        "(quyết định số 05/2026/QĐ-TA)"
    )
    assert actions(dossier)[-1] == "court_decision"
    with pytest.raises(InvalidTransition):  # the dossier is closed
        services.dossier_item_set(
            item=items[4], done_on=date(2026, 4, 2), actor=officer_a, today=TODAY
        )

    rehab = open_(
        person, K.COMPULSORY_REHAB, date(2026, 4, 5), officer_a, planned_months=12,
        deducted_days=20, decision_date=date(2026, 4, 1),
    )  # fmt: skip
    assert (rehab.due_on, rehab.previous, rehab.is_minor, rehab.rule_code) == (
        date(2027, 3, 16),
        dossier,
        False,
        "compulsory_rehab_adult",
    )
    assert open_categories(person) == [(Category.REHAB_COMPULSORY, date(2026, 4, 5), None)]
    services.episode_extend(
        episode=rehab, planned_months=18, decision_number="7/QĐ-TA", actor=officer_a, today=TODAY
    )
    rehab.refresh_from_db()
    assert (rehab.planned_months, rehab.due_on) == (18, date(2027, 9, 15))
    assert rehab.events.last().note == (  # type: ignore[union-attr]
        "Từ 12 lên 18 tháng; hạn mới đến hết ngày 15/09/2027; quyết định số 7/QĐ-TA"
    )
    with pytest.raises(InvalidTransition):
        services.episode_extend(episode=rehab, planned_months=25, actor=officer_a, today=TODAY)
    services.episode_cancel(episode=rehab, reason="Nhập thử", actor=officer_a, today=TODAY)
    with pytest.raises(DomainError) as exc:
        open_(
            person, K.COMPULSORY_REHAB, date(2026, 4, 5), officer_a, planned_months=12,
            deducted_days=365,
        )  # fmt: skip
    assert exc.value.message_dict == {
        "deducted_days": ["Số ngày được trừ không được bằng hoặc vượt quá thời hạn."]
    }


def test_court_refusal_stops_the_dossier(person: Person, officer_a: User) -> None:
    dossier = court_decided_dossier(
        person, officer_a, started_on=date(2026, 3, 2), decided_on=date(2026, 4, 1), applies=False
    )
    assert (dossier.status, dossier.outcome) == (
        S.STOPPED,
        "Tòa án không chấp nhận đề nghị (quyết định số 15/2026/QĐ-TA)",
    )
    with pytest.raises(InvalidTransition):
        open_(person, K.COMPULSORY_REHAB, date(2026, 4, 5), officer_a, planned_months=12)


def test_adult_after_compulsory_rehab_gets_two_years_post_rehab(
    person: Person, officer_a: User
) -> None:
    court_decided_dossier(
        person, officer_a, started_on=date(2024, 1, 2), decided_on=date(2024, 2, 1)
    )
    rehab = open_(person, K.COMPULSORY_REHAB, date(2024, 2, 5), officer_a, planned_months=12)
    services.episode_complete(
        episode=rehab, ended_on=date(2025, 2, 5), actor=officer_a, today=TODAY
    )
    post = open_(person, K.POST_REHAB, date(2025, 2, 5), officer_a)
    assert (post.due_on, post.rule_code) == (date(2027, 2, 5), "post_rehab_after_adult_compulsory")


@pytest.mark.parametrize(
    ("born", "planned", "outcome"),
    [
        (date(2014, 10, 2), 6, "refused"),  # 11 on the decision date
        (date(2014, 10, 1), 13, "refused"),  # 12: minor range 6-12
        (date(2014, 10, 1), 12, "minor"),
        (date(2008, 10, 2), 6, "minor"),  # 17
        (date(2008, 10, 1), 6, "refused"),  # 18: adult range 12-24
        (date(2008, 10, 1), 24, "adult"),
    ],
)
def test_minor_rules_by_age_at_the_decision_date(
    world: World, officer_a: User, born: date, planned: int, outcome: str
) -> None:
    person = make_person(officer_a, world.group_a1, "Trần Minh Khôi", born=born)
    decided = date(2026, 10, 1)
    if born.year == 2014 and born.day == 2:
        with pytest.raises(InvalidTransition) as exc:
            open_(person, K.COMPULSORY_DOSSIER, decided, officer_a, decision_date=decided)
        assert list(exc.value.message_dict) == ["kind"]
        return
    dossier = court_decided_dossier(person, officer_a, started_on=decided, decided_on=decided)
    if outcome == "refused":
        with pytest.raises(InvalidTransition) as exc:
            open_(
                person, K.COMPULSORY_REHAB, decided, officer_a, planned_months=planned,
                decision_date=decided,
            )  # fmt: skip
        assert list(exc.value.message_dict) == ["planned_months"]
        return
    rehab = open_(
        person, K.COMPULSORY_REHAB, decided, officer_a, planned_months=planned,
        decision_date=decided,
    )  # fmt: skip
    assert rehab.is_minor is (outcome == "minor")
    assert rehab.previous == dossier
    assert rehab.rule_code == f"compulsory_rehab_{outcome}"


def test_minor_dossier_step_deadlines_follow_the_steps(world: World, officer_a: User) -> None:
    person = make_person(officer_a, world.group_a1, "Lê Văn Tí", born=date(2011, 1, 1))
    dossier = open_(person, K.COMPULSORY_DOSSIER, date(2026, 3, 2), officer_a)
    assert dossier.is_minor is True

    def due(code: str) -> date | None:
        return DossierItem.objects.get(episode=dossier, code=code).due_on

    def done(code: str, on: date) -> None:
        item = DossierItem.objects.get(episode=dossier, code=code)
        services.dossier_item_set(item=item, done_on=on, actor=officer_a, today=TODAY)

    assert DossierItem.objects.get(episode=dossier, code="family_notice").title == (
        "Cha mẹ, người giám hộ đọc hồ sơ và có ý kiến (trong 03 ngày làm việc)"
    )
    for code in ("request", "cv_summary", "residence", "test_results"):
        done(code, date(2026, 3, 4))
    assert due("family_notice") is None  # the statement is still missing
    done("statement", date(2026, 3, 6))  # Friday: the dossier is compiled
    assert (due("family_notice"), due("review"), due("court_submission")) == (
        date(2026, 3, 11),
        date(2026, 3, 12),
        date(2026, 3, 14),
    )
    done("family_notice", date(2026, 3, 9))
    done("review", date(2026, 3, 10))
    assert (due("review"), due("court_submission")) == (date(2026, 3, 10), date(2026, 3, 12))


def test_minor_dossier_family_comment_limit_skips_tet(world: World, officer_a: User) -> None:
    later = date(2027, 3, 1)
    person = make_person(officer_a, world.group_a1, "Lê Văn Tèo", born=date(2012, 1, 1))
    dossier = services.episode_open(
        person=person,
        kind=K.COMPULSORY_DOSSIER,
        started_on=date(2027, 2, 1),
        actor=officer_a,
        today=later,
    )
    for item in DossierItem.objects.filter(
        episode=dossier,
        code__in=("request", "cv_summary", "residence", "test_results", "statement"),
    ):
        services.dossier_item_set(item=item, done_on=date(2027, 2, 3), actor=officer_a, today=later)
    # Compiled the day before Tết 2027 (04-10/02): 3 working days are 11, 12 and 15/02.
    family = DossierItem.objects.get(episode=dossier, code="family_notice")
    assert family.due_on == date(2027, 2, 15)


def test_cancel_needs_a_reason_and_closes_the_category(person: Person, officer_a: User) -> None:
    episode = open_(person, K.METHADONE, date(2026, 2, 1), officer_a)
    with pytest.raises(DomainError) as exc:
        services.episode_cancel(episode=episode, reason="", actor=officer_a, today=TODAY)
    assert list(exc.value.message_dict) == ["reason"]
    services.episode_cancel(episode=episode, reason="Nhầm người", actor=officer_a, today=TODAY)
    episode.refresh_from_db()
    assert (episode.status, episode.ended_on, episode.outcome) == (
        S.CANCELLED,
        date(2026, 2, 1),
        "Hủy do nhập nhầm: Nhầm người",
    )
    assert open_categories(person) == [(Category.METHADONE, date(2026, 2, 1), date(2026, 2, 1))]
    with pytest.raises(InvalidTransition):
        services.episode_cancel(episode=episode, reason="again", actor=officer_a, today=TODAY)


def test_no_new_episode_for_a_person_off_the_list(person: Person, officer_a: User) -> None:
    person_remove_from_list(
        actor=officer_a, person=person, ground="deceased", removed_on=date(2026, 11, 1), today=TODAY
    )
    with pytest.raises(InvalidTransition) as exc:
        open_(person, K.METHADONE, date(2026, 11, 2), officer_a)
    assert exc.value.message_dict == {
        "__all__": [
            "Người này không còn trong danh sách quản lý (đã đưa ra khỏi danh sách hoặc đã gộp "
            "vào hồ sơ khác); không mở biện pháp mới."
        ]
    }
    assert Episode.objects.count() == 0


def test_ends_that_open_the_criminal_256a_window_say_so(person: Person, officer_a: User) -> None:
    rehab = open_(person, K.REHAB_FACILITY, date(2025, 9, 1), officer_a, planned_months=6)
    services.episode_stop(
        episode=rehab, ended_on=date(2025, 10, 15), reason="quit", actor=officer_a, today=TODAY
    )
    assert rehab.events.last().note == (  # type: ignore[union-attr]
        "Tự ý chấm dứt, không tiếp tục thực hiện. Sử dụng trái phép chất ma túy đến hết ngày "
        "15/10/2027 có thể bị truy cứu theo Điều 256a Bộ luật Hình sự"
    )
    methadone = open_(person, K.METHADONE, date(2024, 1, 2), officer_a)
    services.episode_complete(
        episode=methadone, ended_on=date(2024, 12, 2), actor=officer_a, today=TODAY
    )
    post = open_(person, K.POST_REHAB, date(2024, 12, 2), officer_a)
    services.episode_complete(
        episode=post, ended_on=date(2025, 12, 2), actor=officer_a, today=TODAY
    )
    assert post.events.last().note == (  # type: ignore[union-attr]
        "Sử dụng trái phép chất ma túy đến hết ngày 02/12/2027 có thể bị truy cứu theo Điều "
        "256a Bộ luật Hình sự"
    )
    assert post.outcome == ""
