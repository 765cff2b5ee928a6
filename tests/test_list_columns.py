"""The person list, the deadline lists and the tip queue read only the columns their rows show
(``.only()`` in their selectors): each page renders byte for byte what it renders with every
column loaded, and reads no deferred column on the way (one query per row if it did)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from unittest import mock

import pytest
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.people.choices import Category, EpisodeKind
from khongmatuy.people.services import episodes
from khongmatuy.people.services.persons import CategorySpec, person_register
from khongmatuy.people.tests.factories import CID_AN, CID_BINH
from khongmatuy.tips import services as tips
from khongmatuy.tips.models import Tip
from khongmatuy.tips.tests.factories import VN, TipFactory
from tests.personas import World

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
_CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*')


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 11, 23, 9, 0, tzinfo=VN))


@pytest.fixture
def rows(world: World, officer_a: User) -> None:
    """Rows that show every optional part: an alias, a citizen ID, the psychosis flag, open and
    ended categories, a measure overdue and one ending soon, tips open, assigned, overdue and
    closed."""
    people = (
        ("Nguyễn Văn An", CID_AN, date(1990, 5, 17), False, "Tý Còi", date(2025, 6, 1)),
        ("Trần Thị Bình", CID_BINH, date(2001, 3, 2), True, "", date(2025, 11, 26)),
    )
    for name, cid, born, psychosis, aliases, started in people:
        person = person_register(
            actor=officer_a,
            area=world.group_a1 if psychosis else world.group_a2,
            full_name=name,
            sex="female" if psychosis else "male",
            date_of_birth=born,
            aliases=aliases,
            citizen_id=cid,
            psychosis=psychosis,
            categories=[
                CategorySpec(Category.ILLEGAL_USER, date(2025, 1, 2)),
                CategorySpec(Category.HIGH_RISK, date(2024, 1, 2), date(2024, 6, 1)),
            ],
            today=TODAY,
        )
        episodes.episode_open(
            person=person,
            kind=EpisodeKind.USER_MANAGEMENT,
            started_on=started,
            decision_number="99/QĐ" if psychosis else "",
            actor=officer_a,
            today=TODAY,
        )
    assigned = TipFactory(actor=officer_a, area=world.group_a1)
    tips.tip_assign(actor=officer_a, tip=assigned, officer=officer_a)
    closed = TipFactory(actor=officer_a, area=world.ward_a, category=Tip.Category.USE)
    tips.tip_assign(actor=officer_a, tip=closed, officer=officer_a)
    tips.tip_start(actor=officer_a, tip=closed)
    tips.tip_close(
        actor=officer_a, tip=closed, outcome=Tip.Outcome.DISMISSED, note="Không có căn cứ."
    )
    TipFactory(
        actor=officer_a, area=world.group_a2, received_at=datetime(2026, 10, 1, 9, 0, tzinfo=VN)
    )


def _refuse(self: Model, *args: Any, **kwargs: Any) -> None:
    raise AssertionError(f"a deferred column of {type(self).__name__} was read: {kwargs}")


def _page(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return _CSRF.sub(rb"\1", response.content)


PAGES = (
    ("people:list", {}),
    ("people:list", {"status": "all", "q": "van"}),
    ("people:deadlines", {}),
    ("people:deadlines", {"tab": "overdue"}),
    ("people:deadlines", {"tab": "kind", "kind": EpisodeKind.USER_MANAGEMENT}),
    ("tips:queue", {}),
    ("tips:queue", {"status": Tip.Status.CLOSED}),
    ("tips:overdue", {}),
)


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_the_page_renders_as_with_every_column(
    name: str, query: dict[str, str], rows: None, officer_a_client: Client
) -> None:
    url = reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    with mock.patch.object(QuerySet, "only", lambda qs, *fields: qs):
        every_column = _page(officer_a_client, url)
    assert _page(officer_a_client, url) == every_column


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_the_page_reads_no_deferred_column(
    name: str, query: dict[str, str], rows: None, officer_a_client: Client
) -> None:
    url = reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    with mock.patch.object(Model, "refresh_from_db", _refuse):
        body = _page(officer_a_client, url).decode()
    shown = {
        "people:list": "Nguyễn Văn An" if "q" in query else "Tý Còi",
        "people:deadlines": "Nguyễn Văn An" if query else "Trần Thị Bình",
        "tips:queue": "Trần Văn Bình",
        "tips:overdue": "Quá hạn</span>",
    }[name]
    assert shown in body
