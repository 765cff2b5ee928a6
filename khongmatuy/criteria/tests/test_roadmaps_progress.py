"""Roadmaps: creating them and their targets, target vs actual, behind schedule, at risk, chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.errors import DomainError
from khongmatuy.criteria import charts
from khongmatuy.criteria.models import Recognition
from khongmatuy.criteria.selectors.roadmaps import progress, target_count
from khongmatuy.criteria.services.roadmaps import roadmap_create, roadmap_target_set
from tests.personas import World

from .factories import RoadmapFactory, RoadmapTargetFactory, add_groups
from .factories import recognised as recognise

ON = date(2026, 11, 23)


# --- target computation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "base", "expected"),
    [
        (Decimal(40), 45, 18),
        (Decimal(70), 45, 32),  # 31.5 rounds up
        (Decimal(90), 45, 41),  # 40.5 rounds up
        (Decimal(100), 45, 45),
        (Decimal(50), 3321, 1661),  # 1660.5
        (Decimal(20), 3321, 665),  # 664.2
        (Decimal("33.33"), 3, 1),  # 0.9999 rounds up to 1
        (Decimal(40), 0, 0),
    ],
)
def test_percent_target_rounds_up(percent: Decimal, base: int, expected: int) -> None:
    assert target_count(percent=percent, count=None, named=0, base=base) == expected


def test_count_and_named_targets() -> None:
    assert target_count(percent=None, count=7, named=0, base=45) == 7
    assert target_count(percent=None, count=None, named=22, base=73) == 22


def test_named_target_actual_by_due_date_and_behind(officer_a: User, world: World) -> None:
    extra = add_groups(world.ward_a, 3, 4)
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    first = RoadmapTargetFactory(
        actor=officer_a,
        roadmap=roadmap,
        phase="Giai đoạn 1",
        due_on=date(2025, 12, 31),
        areas=[world.group_a1, world.group_a2],
    )
    RoadmapTargetFactory(
        actor=officer_a,
        roadmap=roadmap,
        phase="Giai đoạn 2",
        due_on=date(2027, 12, 31),
        areas=[extra[0]],
    )
    recognise(world.group_a1, date(2025, 12, 19))
    recognise(world.group_a2, date(2026, 1, 5))  # after the first due date
    recognise(extra[0], date(2026, 3, 1))
    result = progress(user=officer_a, roadmap=roadmap, on=ON)
    one, two = result.targets
    assert one.target == first
    assert (one.kind, one.base, one.expected, one.actual) == ("areas", 4, 2, 1)
    assert one.is_due is True
    assert one.behind is True
    assert [a.name for a in one.missing] == ["Tổ dân phố số 2"]
    # Cumulative: the second target asks for the first's groups too, measured by today.
    assert (two.expected, two.actual, two.is_due, two.behind) == (3, 3, False, False)
    assert two.measured_on == ON
    assert two.missing == []
    assert [a.name for a in result.behind_areas] == ["Tổ dân phố số 2"]
    assert [t.target.pk for t in result.behind] == [first.pk]


def test_non_cumulative_named_target_counts_only_its_own(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    RoadmapTargetFactory(
        actor=officer_a,
        roadmap=roadmap,
        due_on=date(2025, 12, 31),
        areas=[world.group_a1],
    )
    RoadmapTargetFactory(
        actor=officer_a,
        roadmap=roadmap,
        due_on=date(2026, 6, 30),
        areas=[world.group_a2],
        cumulative=False,
    )
    recognise(world.group_a2, date(2026, 6, 1))
    one, two = progress(user=officer_a, roadmap=roadmap, on=ON).targets
    assert (one.expected, one.actual, one.behind) == (1, 0, True)
    assert (two.expected, two.actual, two.behind) == (1, 1, False)


def test_percent_target_counts_areas_in_force_on_due_date(officer_b: User, world: World) -> None:
    add_groups(world.ward_b, 2, 5)  # 5 groups with "Tổ dân phố Thành Công"
    late = add_groups(world.ward_b, 6, 6, valid_from=date(2027, 1, 1))[0]
    roadmap = RoadmapFactory(area=world.ward_b, actor=officer_b)
    for year, percent in ((2026, 30), (2027, 40)):
        RoadmapTargetFactory(
            actor=officer_b,
            roadmap=roadmap,
            phase=str(year),
            due_on=date(year, 12, 31),
            percent=Decimal(percent),
        )
    groups = list(Area.objects.filter(parent=world.ward_b).order_by("pk"))
    recognise(groups[0], date(2026, 2, 1))
    recognise(groups[1], date(2026, 12, 30))  # after "on": not counted yet
    recognise(groups[2], date(2025, 1, 1), status=Recognition.Status.WITHDRAWN)
    recognise(late, date(2026, 10, 1), code="another_programme")
    one, two = progress(user=officer_b, roadmap=roadmap, on=ON).targets
    # 30 % of 5 groups = 1.5 → 2; in 2027 the sixth group exists: 40 % of 6 = 2.4 → 3.
    assert (one.kind, one.base, one.expected, one.actual) == ("percent", 5, 2, 1)
    assert (two.base, two.expected, two.actual) == (6, 3, 1)
    assert one.behind is False  # not yet due on 23/11/2026
    assert one.actual_percent == Decimal("20.0")
    later = progress(user=officer_b, roadmap=roadmap, on=date(2027, 1, 10)).targets[0]
    assert (later.actual, later.behind, later.measured_on) == (2, False, date(2026, 12, 31))


def test_count_target_and_behind_when_due(officer_b: User, world: World) -> None:
    add_groups(world.ward_b, 2, 3)
    roadmap = RoadmapFactory(area=world.ward_b, actor=officer_b)
    RoadmapTargetFactory(actor=officer_b, roadmap=roadmap, due_on=date(2026, 6, 30), count=2)
    recognise(world.group_b1, date(2026, 3, 3), status=Recognition.Status.KEPT)
    (row,) = progress(user=officer_b, roadmap=roadmap, on=ON).targets
    assert (row.kind, row.expected, row.actual, row.behind) == ("count", 2, 1, True)


def test_at_risk_when_yearly_keep_evaluation_is_due(officer_a: User, world: World) -> None:
    add_groups(world.ward_a, 3, 3)
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    recognise(world.group_a1, date(2025, 11, 23))  # exactly 12 months ago: due
    recognise(world.group_a2, date(2025, 1, 10), last_kept_on=date(2025, 12, 1))  # kept lately
    result = progress(user=officer_a, roadmap=roadmap, on=ON)
    assert [r.area.name for r in result.at_risk] == ["Tổ dân phố số 1"]
    assert result.at_risk[0].reasons[0] == (
        "Đã quá 12 tháng chưa đánh giá giữ vững (lần gần nhất 23/11/2025)."
    )
    assert progress(user=officer_a, roadmap=roadmap, on=date(2025, 11, 22)).at_risk == []


def test_queries_do_not_grow_with_areas(officer_b: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_b, actor=officer_b)
    RoadmapTargetFactory(
        actor=officer_b,
        roadmap=roadmap,
        due_on=date(2025, 12, 31),
        areas=[world.group_b1],
    )
    RoadmapTargetFactory(
        actor=officer_b,
        roadmap=roadmap,
        due_on=date(2026, 12, 31),
        percent=Decimal(50),
    )
    recognise(world.group_b1, date(2025, 6, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            progress(user=officer_b, roadmap=roadmap, on=ON)
        return len(ctx.captured_queries)

    small = count()
    for group in add_groups(world.ward_b, 2, 13):
        recognise(group, date(2025, 6, 1))
    assert count() == small


# --- service refusals ----------------------------------------------------------------------


def test_exactly_one_kind_of_target(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    due = date(2026, 12, 31)
    with pytest.raises(DomainError) as both:
        roadmap_target_set(
            actor=officer_a, roadmap=roadmap, phase="", due_on=due, percent=40, count=1, note=""
        )
    assert list(both.value.message_dict) == ["count"]
    with pytest.raises(DomainError) as none:
        roadmap_target_set(actor=officer_a, roadmap=roadmap, phase="", due_on=due, note="")
    assert none.value.message_dict == {
        "percent": ["Nhập đúng một trong ba: tỷ lệ (%), số địa bàn, hoặc danh sách địa bàn."]
    }
    with pytest.raises(DomainError) as big:
        roadmap_target_set(
            actor=officer_a, roadmap=roadmap, phase="", due_on=due, percent=120, note=""
        )
    assert big.value.message_dict == {"percent": ["Tỷ lệ phải lớn hơn 0 và không quá 100%."]}
    with pytest.raises(DomainError) as many:
        roadmap_target_set(actor=officer_a, roadmap=roadmap, phase="", due_on=due, count=3, note="")
    assert many.value.message_dict == {
        "count": ["Số địa bàn phải từ 1 đến 2 (số tổ dân phố, thôn hiện có)."]
    }


def test_named_areas_must_be_below_at_level_and_named_once(officer_a: User, world: World) -> None:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    with pytest.raises(DomainError) as other:
        roadmap_target_set(
            actor=officer_a,
            roadmap=roadmap,
            phase="",
            due_on=date(2025, 12, 31),
            areas=[world.group_b1, world.ward_a],
            note="",
        )
    assert other.value.message_dict == {
        "areas": [
            "Tổ dân phố Thành Công, Gia Viên không phải Tổ dân phố, thôn thuộc Phường Gia Viên."
        ]
    }
    RoadmapTargetFactory(
        actor=officer_a,
        roadmap=roadmap,
        due_on=date(2025, 12, 31),
        areas=[world.group_a1],
    )
    with pytest.raises(DomainError) as twice:
        roadmap_target_set(
            actor=officer_a,
            roadmap=roadmap,
            phase="",
            due_on=date(2027, 12, 31),
            areas=[world.group_a1],
            note="",
        )
    assert twice.value.message_dict == {
        "areas": ["Tổ dân phố số 1 đã được nêu trong mục tiêu đến ngày 31/12/2025."]
    }
    with pytest.raises(DomainError) as same_day:
        roadmap_target_set(
            actor=officer_a,
            roadmap=roadmap,
            phase="",
            due_on=date(2025, 12, 31),
            count=1,
            note="",
        )
    assert same_day.value.message_dict == {
        "due_on": ["Lộ trình đã có mục tiêu đến ngày 31/12/2025."]
    }


def test_roadmap_create_checks_fields(officer_a: User, world: World) -> None:
    with pytest.raises(DomainError) as exc:
        roadmap_create(
            actor=officer_a,
            area=world.group_a1,
            name=" ",
            rule_set_code="Có dấu",
            target_level=Level.COMMUNE,
            source="",
        )
    assert exc.value.message_dict == {
        "name": ["Nhập tên lộ trình."],
        "rule_set_code": ["Mã bộ tiêu chí chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới."],
        "target_level": ["Cấp địa bàn được tính phải bằng hoặc thấp hơn cấp của Tổ dân phố số 1."],
    }


def test_writes_need_evaluate_and_scope(
    officer_a: User, officer_b: User, leadership_a: User, world: World
) -> None:
    with pytest.raises(PermissionDenied):
        RoadmapFactory(area=world.ward_a, actor=leadership_a)
    with pytest.raises(PermissionDenied):
        RoadmapFactory(area=world.ward_a, actor=officer_b)
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    with pytest.raises(PermissionDenied):
        roadmap_target_set(
            actor=officer_b,
            roadmap=roadmap,
            phase="",
            due_on=date(2026, 12, 31),
            count=1,
            note="",
        )


def test_writes_are_audited(officer_a: User, world: World) -> None:
    from khongmatuy.audit.models import AuditEvent

    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    target = roadmap_target_set(
        actor=officer_a,
        roadmap=roadmap,
        phase="",
        due_on=date(2025, 12, 31),
        areas=[world.group_a2, world.group_a1],
        note="",
    )
    event = AuditEvent.objects.get(model="criteria.RoadmapTarget", object_id=str(target.pk))
    assert event.actor == officer_a
    assert event.after is not None
    assert event.after["areas"] == sorted([world.group_a1.pk, world.group_a2.pk])
    assert event.area_id == world.ward_a.pk


# --- chart ---------------------------------------------------------------------------------


def test_chart_svg_carries_the_numbers() -> None:
    svg = charts.target_actual_chart(
        points=[
            charts.ChartPoint("2025", 22, 21, True),
            charts.ChartPoint("2027", 33, 21, False),
        ],
        title="Gia Viên <lộ trình>",
        chart_id="c1",
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" id="c1"')
    assert '<title id="c1-title">Gia Viên &lt;lộ trình&gt;</title>' in svg
    assert (
        '<desc id="c1-desc">2025: mục tiêu 22, đạt 21 (chậm tiến độ); 2027: mục tiêu 33, đạt 21.'
        "</desc>" in svg
    )
    assert 'data-label="2025" data-target="22" data-actual="21"' in svg
    assert 'data-label="2027" data-target="33" data-actual="21"' in svg
    assert '<text x="' in svg
    assert ">22</text>" in svg
    assert ">33</text>" in svg
    assert 'fill="#b3261e"' in svg  # the 2025 actual bar: behind schedule
    assert "<script" not in svg
    assert "style=" not in svg
