"""The leadership dashboard: live figures, each drill-down list counting exactly the figure,
the subunit rows one level down, scoping, the charts' data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Level
from khongmatuy.people.choices import Category
from khongmatuy.people.tests.factories import TODAY, PersonFactory
from khongmatuy.places.tests.factories import PlaceFactory
from khongmatuy.prevention import services as prevention
from khongmatuy.prevention.tests.factories import activity
from khongmatuy.reports import dashboard
from tests.personas import World, client_for

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def frozen(time_machine: Any) -> Any:
    """Today is the factories' today (``people.tests.factories.TODAY``), 23/11/2026."""
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


@pytest.fixture
def records(world: World, officer_a: User, city_user: User) -> None:
    """A few records of ward A (group A1, A2) this month and last year, one of ward B."""
    from khongmatuy.cases.tests.factories import CaseFactory, CasePersonFactory, SeizureFactory
    from khongmatuy.tips.tests.factories import TipFactory

    today = timezone.localdate()
    w = world
    PersonFactory(area=w.group_a1, full_name="Lê Văn Một", category_started_on=today)
    arrested = PersonFactory(
        area=w.group_a2, full_name="Lê Văn Hai", category=Category.ADDICT,
        category_started_on=today - timedelta(days=400),
    )  # fmt: skip
    PersonFactory(area=w.group_b1, full_name="Lê Văn Khác", category_started_on=today)
    PlaceFactory(area=w.group_a1, discovered_on=today)
    PlaceFactory(area=w.group_a2, name="Bãi đất trống", discovered_on=today - timedelta(days=40))
    PlaceFactory(area=w.group_b1, name="Điểm phường khác", discovered_on=today)
    case = CaseFactory(area=w.ward_a, occurred_on=today)
    CasePersonFactory(case=case, person=arrested)
    SeizureFactory(case=case, quantity=Decimal("2.5"))
    CaseFactory(area=w.ward_b, occurred_on=today)
    # A session of the ward, and one the city filed that reached a group of the ward.
    activity(actor=officer_a, held_on=today, today=today, groups=[w.group_a1])
    activity(actor=city_user, held_on=today, today=today, groups=[w.group_a2])
    family = prevention.model_create(
        actor=officer_a, area=w.group_a1, kind="family", name="Gia đình Lê Văn", today=today
    )
    prevention.model_transition(
        actor=officer_a, model=family, to_status="active", on=today, today=today
    )
    prevention.model_create(
        actor=officer_a, area=w.group_a2, kind="clan", name="Dòng họ Lê", today=today
    )  # still building: not counted
    TipFactory(area=w.ward_a, received_at=datetime.combine(today, datetime.min.time(), tzinfo=VN))


def _listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if "rows" in context and "totals" in context:  # the arrests page: persons per commune
        return sum(r.persons for r in context["rows"] if r.level == Level.COMMUNE)
    page = context["page_obj"] if "page_obj" in context else context["page"]
    return int(page.paginator.count)


def _linked(board: dashboard.Dashboard) -> list[dashboard.Figure]:
    return [f for s in board.sections for f in s.figures if f.url] + [
        f for f in board.overdue if f.url
    ]


@pytest.mark.parametrize("who", ["officer_a", "city_user", "national"])
def test_every_drill_down_lists_exactly_the_figure(
    request: pytest.FixtureRequest, world: World, records: None, who: str
) -> None:
    from khongmatuy.common.roles import Role
    from tests.personas import client_for, make_user

    if who == "national":  # the whole country: the lists show the user's whole scope
        user = make_user("ca_toanquoc", Role.CITY_POLICE, [world.country], "Vũ Văn Quốc")
    else:
        user = request.getfixturevalue(who)
    area = {"officer_a": world.ward_a, "city_user": world.haiphong}.get(who, world.country)
    board = dashboard.build(user=user, area=area, kind="month", today=timezone.localdate())
    linked = _linked(board)
    assert {
        "persons.managed",
        "persons.new_users",
        "places.existing",
        "cases.total",
        "cases.arrested",
        "prevention.sessions",
    } <= {f.code for f in linked}
    client = client_for(user)
    for figure in linked:
        assert _listed(client, figure.url) == figure.value, figure.code


def test_figures_count_the_area_and_last_year(world: World, officer_a: User, records: None) -> None:
    board = dashboard.build(user=officer_a, area=world.ward_a, kind="year", today=TODAY)
    values = {f.code: f.value for s in board.sections for f in s.figures}
    assert values["persons.managed"] == 2
    assert values["persons.new_users"] == 1
    assert values["places.existing"] == 2
    assert values["places.found"] == 2
    assert values["cases.total"] == 1
    assert values["cases.arrested"] == 1
    assert values["tips.received"] == 1
    assert values["prevention.sessions"] == 2
    assert values["prevention.models"] == 1
    assert values["plans.tasks_done"] == 0
    # A rate without any allocation reads "chưa có dữ liệu" (None), never 0.
    assert values["programme.rate"] is None
    assert board.figure("persons.new_users").last_year == 1  # Lê Văn Hai, 400 days ago
    # The running year, cut at today; compared with the same days of 2025.
    assert (board.period.start, board.period.end) == (date(2025, 12, 15), TODAY)
    assert (board.compared.start, board.compared.end) == (date(2024, 12, 15), date(2025, 11, 23))
    # The trend: twelve reporting months, the last one running.
    assert [(p.number, p.year) for p in board.months][-1] == (12, 2026)
    places = next(s for s in board.series if s.code == "places.found")
    assert places.values[-1] == 1
    assert sum(places.values) == 2


def test_the_city_page_drills_down_to_a_commune_then_a_group(
    world: World, city_user: User, records: None
) -> None:
    from tests.personas import client_for

    client = client_for(city_user)
    url = reverse("reports:dashboard")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hải Phòng" in html
    assert f'id="subunit-{world.ward_a.pk}"' in html
    assert f'id="subunit-{world.ward_b.pk}"' in html
    assert 'id="dashboard-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    rows = {r.area.pk: r for r in page.context["board"].subunits}
    assert rows[world.ward_a.pk].managed == 2
    assert rows[world.ward_b.pk].managed == 1
    assert rows[world.ward_a.pk].places_existing == 2
    ward = client.get(url, {"area": world.ward_a.pk})
    assert ward.status_code == 200
    seized = next(
        f
        for s in ward.context["board"].sections
        for f in s.figures
        if f.code.startswith("seizures.")
    )
    assert seized.value == "2.5"
    assert "2,5" in ward.content.decode()  # a decimal quantity, in the Vietnamese way
    groups = {r.area.pk: r for r in ward.context["board"].subunits}
    assert set(groups) == {world.group_a1.pk, world.group_a2.pk}
    assert groups[world.group_a1.pk].managed == 1
    # The ward's figures drill down to its own records (area filter), counting the same.
    figure = ward.context["board"].figure("persons.managed")
    assert f"area={world.ward_a.pk}" in figure.url
    assert _listed(client, figure.url) == figure.value == 2
    group = client.get(url, {"area": world.group_a1.pk})
    assert group.status_code == 200
    assert group.context["board"].subunits == []
    assert group.context["board"].figure("persons.managed").value == 1


def test_another_ward_and_bad_input_are_404(world: World, officer_a: User) -> None:
    from tests.personas import client_for

    client = client_for(officer_a)
    url = reverse("reports:dashboard")
    assert client.get(url, {"area": world.ward_b.pk}).status_code == 404
    assert client.get(url, {"area": "abc"}).status_code == 404
    # An unknown period kind falls back to the month.
    assert client.get(url, {"kind": "decade"}).context["kind"] == "month"


def test_a_province_seen_nationally_has_no_links_the_lists_cannot_narrow(
    world: World, records: None
) -> None:
    from khongmatuy.common.roles import Role
    from tests.personas import make_user

    admin = make_user("quantri_tw", Role.ADMIN, [world.country], "Vũ Văn Quốc")
    country = dashboard.build(user=admin, area=world.country, kind="month", today=TODAY)
    assert country.figure("persons.managed").url  # the whole scope: the lists unfiltered
    assert {r.area.pk for r in country.subunits} >= {world.haiphong.pk}
    province = dashboard.build(user=admin, area=world.haiphong, kind="month", today=TODAY)
    assert province.figure("persons.managed").value == 3
    assert not any(f.url for s in province.sections for f in s.figures)


def test_chart_data_matches_the_tables(world: World, officer_a: User, records: None) -> None:
    board = dashboard.build(user=officer_a, area=world.ward_a, kind="month", today=TODAY)
    data = dashboard.chart_data(board)
    assert len(data["labels"]) == len(board.months) == dashboard.TREND_MONTHS
    assert [s["values"] for s in data["series"]] == [s.values for s in board.series]


def test_the_ward_roadmap_targets_are_shown_against_what_is_achieved(
    world: World, officer_a: User
) -> None:
    from khongmatuy.criteria.selectors.recognition import rule_set_code_for
    from khongmatuy.criteria.tests.factories import (
        RoadmapFactory,
        RoadmapTargetFactory,
        recognise,
    )

    roadmap = RoadmapFactory(
        actor=officer_a, area=world.ward_a, rule_set_code=rule_set_code_for(world.group_a1)
    )
    RoadmapTargetFactory(actor=officer_a, roadmap=roadmap, due_on=date(2026, 12, 31), count=2)
    recognise(world.group_a1, actor=officer_a, on=date(2026, 6, 1))
    board = dashboard.build(user=officer_a, area=world.ward_a, kind="month", today=TODAY)
    assert board.figure("recognition.registered").value == 1
    assert board.figure("recognition.achieved").value == 1
    # As of the day it was registered (three days before the decision): not yet achieved.
    from khongmatuy.reports import figures
    from khongmatuy.reports.rules import periods

    before = replace(periods.period("month", 2026, 5), end=date(2026, 5, 29))
    counted = figures.counts(world.ward_a, before)
    assert (counted["recognition.registered"], counted["recognition.achieved"]) == (1, 0)
    [progress] = board.roadmaps
    [target] = progress.targets
    assert (target.expected, target.actual, target.is_due) == (2, 1, False)
    data = dashboard.chart_data(board)
    assert data["roadmaps"] == [
        {"label": "Lộ trình tổ dân phố không ma túy 2026", "expected": 2, "actual": 1}
    ]
    html = client_for(officer_a).get(reverse("reports:dashboard")).content.decode()
    assert 'id="roadmap-chart"' in html
    assert reverse("criteria:roadmap_detail", args=[roadmap.pk]) in html


@pytest.mark.parametrize("who", ["officer_a", "city_user"])
def test_the_programme_targets_link_opens_the_areas_indicators(
    request: pytest.FixtureRequest, world: World, who: str
) -> None:
    user: User = request.getfixturevalue(who)
    client = client_for(user)
    # A residential group's dashboard links to its commune's indicators.
    area = world.group_a1 if who == "officer_a" else world.haiphong
    response = client.get(reverse("reports:dashboard"), {"area": area.pk})
    html = response.content.decode()
    assert "chưa có dữ liệu." not in html  # plans and money are figures, not missing
    expected = world.ward_a if who == "officer_a" else world.haiphong
    url = f"{reverse('programme:indicators')}?area={expected.pk}"
    assert response.context["board"].programme_url == url
    assert f'href="{url.replace("&", "&amp;")}"' in html
    indicators = client.get(url)
    assert indicators.status_code == 200
    assert indicators.context["area"] == expected


def test_the_trend_counts_each_month_as_the_period_figures_do(
    world: World, officer_a: User
) -> None:
    """Each month of the trend is the month's own figure (``counting.counts``): a new user in
    the month of the first user or addict category only, and once when two start the same day;
    a tip in the month of its date in Vietnam."""
    from khongmatuy.people.services.persons import CategorySpec
    from khongmatuy.reports import counting
    from khongmatuy.tips.tests.factories import TipFactory

    w, months = world, dashboard.month_periods(TODAY)
    first, second = Category.ILLEGAL_USER, Category.ADDICT
    for categories in (
        [CategorySpec(first, months[3].start), CategorySpec(second, months[6].start)],
        [CategorySpec(first, months[6].end), CategorySpec(second, months[6].end)],
        [CategorySpec(first, months[0].start - timedelta(days=1))],
        [CategorySpec(second, months[11].end)],
    ):
        PersonFactory(area=w.group_a1, categories=categories)
    PlaceFactory(area=w.group_a1, discovered_on=months[5].end)
    PlaceFactory(area=w.group_a2, name="Bãi đất trống", discovered_on=months[6].start)
    # 00:30 in Vietnam on the first day of month 9 is still the day before in UTC.
    TipFactory(area=w.ward_a, received_at=datetime.combine(months[9].start, time(0, 30), VN))

    series = {s.code: s.values for s in dashboard._trend(w.ward_a, months)}

    assert series["persons.new_users"] == [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1]
    assert series["places.found"] == [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert series["tips.received"] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    for code, values in series.items():
        assert values == [counting.counts(w.ward_a, m)[code] for m in months], code


def test_sessions_count_what_is_filed_under_the_area_or_reaches_its_groups(
    world: World, officer_a: User, officer_b: User, city_user: User
) -> None:
    """A school session reaches no residential group: it still counts for its ward (where it
    is filed), its city and the country. A session of two groups, filed under their ward,
    counts for each group it reached, and once for the ward. Each figure equals the activity
    list it links to and the bench's hand-written floor."""
    from bench.bench_dashboard import sql_counts
    from khongmatuy.areas import services as area_services
    from khongmatuy.areas.models import Organisation
    from khongmatuy.common.roles import Role
    from khongmatuy.prevention.choices import ActivityForm, Audience
    from tests.personas import make_user

    today = timezone.localdate()
    school = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Lê Lợi",
    )
    activity(
        actor=officer_a,
        held_on=today,
        today=today,
        organisations=[school],
        form=ActivityForm.SCHOOL,
        audience=Audience.PUPILS,
    )
    activity(actor=officer_b, held_on=today, today=today, groups=[world.group_b1])
    activity(actor=officer_a, held_on=today, today=today, groups=[world.group_a1, world.group_a2])
    national = make_user("ca_toanquoc", Role.CITY_POLICE, [world.country], "Vũ Văn Quốc")
    expected = [
        (officer_a, world.ward_a, 2),
        (officer_a, world.group_a1, 1),
        (officer_b, world.ward_b, 1),
        (city_user, world.haiphong, 3),
        (national, world.country, 3),
    ]
    for user, area, sessions in expected:
        board = dashboard.build(user=user, area=area, kind="month", today=today)
        figure = board.figure("prevention.sessions")
        assert figure.value == sessions, area.name
        assert sql_counts(area, [board.period])[0]["prevention.sessions"] == sessions, area.name
        if figure.url:
            assert _listed(client_for(user), figure.url) == sessions, area.name
