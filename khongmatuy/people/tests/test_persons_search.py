"""Person search and lists: diacritics-insensitive partial search on name, alias, phone,
address and (for police roles) citizen ID; Vietnamese order; filters; scope; query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.selectors import persons as selectors
from khongmatuy.people.selectors.persons import PersonFilters, Status
from khongmatuy.people.services import persons as services

from .factories import CID_AN, TODAY, register


def names(user, query="", **filters) -> list[str]:  # type: ignore[no-untyped-def]
    page = selectors.person_search(user=user, query=query, filters=PersonFilters(**filters))
    return [p.full_name for p in page.object_list]


@pytest.fixture
def class_list(world, officer_a):  # type: ignore[no-untyped-def]
    """Names whose Vietnamese order differs from a plain sort of the full name."""
    for name in ("Lê Văn Bình", "Trần Thị Ánh", "Phạm Đức", "Nguyễn Văn An", "Nguyễn Văn A"):
        register(officer_a, world.group_a1, name)


def test_results_are_in_vietnamese_order(officer_a, class_list):
    # Given name first (A < An < Ánh < Bình < Đức), then family and middle names.
    assert names(officer_a) == [
        "Nguyễn Văn A",
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Lê Văn Bình",
        "Phạm Đức",
    ]


def test_search_ignores_diacritics_and_case(officer_a, class_list):
    assert names(officer_a, "nguyen van a") == ["Nguyễn Văn A", "Nguyễn Văn An"]
    assert names(officer_a, "NGUYỄN VĂN AN") == ["Nguyễn Văn An"]
    assert names(officer_a, "anh") == ["Trần Thị Ánh"]
    assert names(officer_a, "duc") == ["Phạm Đức"]


def test_search_by_alias_phone_and_address(officer_a, an, binh):
    assert names(officer_a, "ty coi") == ["Nguyễn Văn An"]
    assert names(officer_a, "345 678") == ["Nguyễn Văn An"]
    assert names(officer_a, "0912.345") == ["Nguyễn Văn An"]
    assert names(officer_a, "hoa sua") == ["Nguyễn Văn An"]


def test_police_find_a_person_by_citizen_id_whole_or_prefix(officer_a, an, binh):
    assert names(officer_a, CID_AN) == ["Nguyễn Văn An"]
    assert names(officer_a, "031 090 01") == ["Nguyễn Văn An"]
    assert names(officer_a, "0313") == ["Trần Thị Bình"]


def test_group_leaders_cannot_search_by_citizen_id(leader_a, an):
    # They see An (group A1) but must not learn whose citizen ID a number is.
    assert names(leader_a) == ["Nguyễn Văn An"]
    assert names(leader_a, CID_AN) == []
    assert names(leader_a, "0912 345") == ["Nguyễn Văn An"]


def test_search_stays_in_scope(officer_a, officer_b, an, person_b):
    assert names(officer_b, "nguyen") == []
    assert names(officer_b, CID_AN) == []
    assert names(officer_a, "cuong") == []
    assert names(officer_b) == ["Lê Văn Cường"]


def test_group_leader_sees_only_the_group(leader_a, an, binh):
    assert names(leader_a) == ["Nguyễn Văn An"]


def test_supervisor_sees_only_assigned_persons(supervisor_a, supervised_an, binh, world, officer_a):
    register(officer_a, world.group_a1, "Võ Văn Khác")
    assert names(supervisor_a) == ["Nguyễn Văn An"]


def test_filters(world, officer_a, an, binh):
    services.person_flag_psychosis(actor=officer_a, person=binh, psychosis=True)
    assert names(officer_a, category=Category.ADDICT) == ["Trần Thị Bình"]
    assert names(officer_a, category=Category.DEALER) == []
    assert names(officer_a, area=world.group_a1) == ["Nguyễn Văn An"]
    assert names(officer_a, area=world.ward_a) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert names(officer_a, psychosis=True) == ["Trần Thị Bình"]
    assert names(officer_a, psychosis=False) == ["Nguyễn Văn An"]
    services.person_remove_from_list(
        actor=officer_a,
        person=an,
        ground=services.RemovalGround.NO_USE,
        removed_on=date(2026, 11, 1),
        today=TODAY,
    )
    assert names(officer_a) == ["Trần Thị Bình"]
    assert names(officer_a, status=Status.REMOVED) == ["Nguyễn Văn An"]
    assert names(officer_a, status=Status.ALL) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_an_ended_category_does_not_match_the_filter(officer_a, an):
    services.category_end(
        actor=officer_a, category=an.personcategorys.get(), ended_on=date(2026, 6, 1), today=TODAY
    )
    assert names(officer_a, category=Category.ILLEGAL_USER) == []


def test_open_categories_are_prefetched(officer_a, an, binh):
    page = selectors.person_search(user=officer_a)
    with CaptureQueriesContext(connection) as queries:
        labels = [[c.category for c in p.open_categories] for p in page.object_list]
    assert labels == [[Category.ILLEGAL_USER], [Category.ADDICT]]
    assert len(queries) == 0


def test_search_is_a_count_a_page_and_one_prefetch_whatever_the_rows(world, officer_a):
    def queries_for(n: int) -> int:
        for i in range(n):
            register(officer_a, world.group_a1, f"Đặng Văn Số {i}", sex=Sex.MALE)
        officer_a.__dict__.pop("_kmt_scope", None)
        with CaptureQueriesContext(connection) as captured:
            selectors.person_search(user=officer_a, query="dang van", per_page=50)
        return len(captured)

    assert queries_for(3) == queries_for(30) == 4  # scope, count, page, open categories


def test_pages(world, officer_a):
    for i in range(7):
        register(officer_a, world.group_a1, f"Bùi Văn {chr(ord('A') + i)}")
    page = selectors.person_search(user=officer_a, page=2, per_page=5)
    assert page.paginator.count == 7
    assert [p.full_name for p in page.object_list] == ["Bùi Văn F", "Bùi Văn G"]
    assert selectors.person_search(user=officer_a, page="x", per_page=5).number == 1


def test_autocomplete_returns_no_sensitive_field(officer_a, an, person_b):
    assert selectors.person_autocomplete(user=officer_a, query="nguyen v") == [
        {
            "id": an.pk,
            "name": "Nguyễn Văn An",
            "birth_year": 1990,
            "area": "Tổ dân phố số 1",
            "psychosis": False,
        }
    ]
    assert selectors.person_autocomplete(user=officer_a, query=CID_AN) == []
    assert selectors.person_autocomplete(user=officer_a, query="n") == []
    assert selectors.person_autocomplete(user=officer_a, query="cuong") == []


def test_a_broad_search_says_more_than_the_cap(officer_a, class_list, monkeypatch):
    from tests.personas import client_for

    monkeypatch.setattr("khongmatuy.people.selectors.persons.search.SEARCH_COUNT_CAP", 3)
    page = selectors.person_search(user=officer_a, per_page=2)
    assert page.paginator.capped
    assert page.paginator.num_pages == 2
    body = client_for(officer_a).get("/people/").content.decode()
    assert "Hơn 3 người: hãy thu hẹp tìm kiếm" in body
    assert "5 người" not in body
    narrow = client_for(officer_a).get("/people/", {"q": "nguyen van"}).content.decode()
    assert "2 người" in narrow
    assert "Hơn" not in narrow
