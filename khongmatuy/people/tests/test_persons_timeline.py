"""The person's timeline: every source merged newest first, results and sensitive edits only for
roles that may see them, and who did what from the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from khongmatuy.people import choices
from khongmatuy.people.choices import Category, EpisodeKind
from khongmatuy.people.selectors import persons as selectors
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.services import persons as services

from .factories import TODAY


def lines(user, person) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"{e.on:%d/%m/%Y} {e.kind}: {e.title}"
        for e in selectors.person_timeline(user=user, person=person)
    ]


@pytest.fixture(autouse=True)
def _on_the_test_day(time_machine):  # type: ignore[no-untyped-def]
    """Audit entries carry the real clock; the assertions name the day (23/11/2026) they expect."""
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


def test_everything_is_merged_newest_first(officer_a, an):
    episode_services.episode_open(
        actor=officer_a,
        person=an,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2026, 1, 15),
        decision_date=date(2026, 1, 15),
        decision_number="07/QĐ-UBND",
        today=TODAY,
    )
    care_services.drug_test_record(
        actor=officer_a,
        person=an,
        tested_on=date(2026, 3, 3),
        reason=choices.TestReason.PERIODIC,
        method=choices.TestMethod.QUICK_KIT,
        result=choices.TestResult.NEGATIVE,
        performed_by="Công an phường Gia Viên",
        today=TODAY,
    )
    services.category_end(
        actor=officer_a, category=an.personcategorys.get(), ended_on=date(2026, 4, 1), today=TODAY
    )
    found = [line for line in lines(officer_a, an) if not line.startswith("23/11/2026")]
    assert found == [
        "01/04/2026 category: Kết thúc diện: Người sử dụng trái phép chất ma túy",
        "03/03/2026 test: Xét nghiệm chất ma túy (Định kỳ)",
        "15/01/2026 episode: Quản lý người sử dụng trái phép chất ma túy: Bắt đầu",
        "10/01/2026 category: Bắt đầu diện: Người sử dụng trái phép chất ma túy",
    ]
    changes = [line for line in lines(officer_a, an) if line.startswith("23/11/2026")]
    assert changes[-1] == "23/11/2026 change: Đăng ký vào danh sách quản lý"
    assert "23/11/2026 change: Sửa: Nguyễn Văn An: Người sử dụng trái phép chất ma túy" in changes


def test_test_results_and_follow_ups_only_for_sensitive_roles(officer_a, leader_a, an):
    care_services.drug_test_record(
        actor=officer_a,
        person=an,
        tested_on=date(2026, 3, 3),
        reason=choices.TestReason.RANDOM,
        method=choices.TestMethod.QUICK_KIT,
        result=choices.TestResult.POSITIVE,
        substances="Methamphetamine",
        performed_by="Công an phường Gia Viên",
        today=TODAY,
    )
    officer_view = selectors.person_timeline(user=officer_a, person=an)
    leader_view = selectors.person_timeline(user=leader_a, person=an)
    officer_text = " ".join(f"{e.title} {e.detail}" for e in officer_view)
    leader_text = " ".join(f"{e.title} {e.detail}" for e in leader_view)
    assert "Kết quả: Dương tính" in officer_text
    assert "Mở việc xử lý sau xét nghiệm dương tính" in officer_text
    assert "Dương tính" not in leader_text
    assert "dương tính" not in leader_text
    assert "Methamphetamine" not in leader_text
    # Not even the fact that a test took place reaches a group leader or supervisor.
    assert "xét nghiệm" not in leader_text.lower()


def test_sensitive_values_of_edits_are_masked(officer_a, leader_a, an):
    services.person_update(actor=officer_a, person=an, notes="Nghi vấn mua bán", today=TODAY)
    (edit,) = [e for e in selectors.person_timeline(user=leader_a, person=an) if e.changes]
    assert edit.changes == [("Ghi chú nghiệp vụ", "•••", "•••")]
    (edit,) = [e for e in selectors.person_timeline(user=officer_a, person=an) if e.changes]
    assert edit.changes == [("Ghi chú nghiệp vụ", "Ghi chú nghiệp vụ mật", "Nghi vấn mua bán")]


def test_area_changes_show_names_and_actors_their_full_name(world, officer_a, an):
    services.person_update(actor=officer_a, person=an, area=world.group_a2, today=TODAY)
    (edit,) = [e for e in selectors.person_timeline(user=officer_a, person=an) if e.changes]
    assert edit.changes == [("Địa bàn quản lý", "Tổ dân phố số 1", "Tổ dân phố số 2")]
    assert edit.actor == "Trần Văn Bình"
    category = next(
        e for e in selectors.person_timeline(user=officer_a, person=an) if e.kind == "category"
    )
    assert category.actor == "Trần Văn Bình"


def test_the_timeline_query_count_is_fixed(officer_a, an, django_assert_num_queries):
    for month in range(1, 9):
        services.category_add(
            actor=officer_a,
            person=an,
            category=Category.HIGH_RISK,
            started_on=date(2026, month, 1),
            ended_on=date(2026, month, 20),
            today=TODAY,
        )
    # categories, episodes (+ events), tests, follow-ups, contacts, support, supervisors,
    # transfers, reconciliation, audit, area names
    with django_assert_num_queries(11):
        selectors.person_timeline(user=officer_a, person=an)
