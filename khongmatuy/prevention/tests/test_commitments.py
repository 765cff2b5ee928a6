"""Organisation commitments and the broken rule (seed 000 III.2, 001 III.1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Organisation
from khongmatuy.people.choices import Category
from khongmatuy.people.services.persons.categories import category_add
from khongmatuy.people.tests.factories import PersonFactory
from khongmatuy.prevention import services
from khongmatuy.prevention.selectors.commitments import commitment_list

TODAY = date(2026, 11, 20)


@pytest.fixture
def factory(world):  # type: ignore[no-untyped-def]
    return area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.ENTERPRISE,
        name="Công ty May Hoa Sen",
    )


def _commit(actor, organisation, year=2026):  # type: ignore[no-untyped-def]
    return services.organisation_commitment_record(
        actor=actor,
        organisation=organisation,
        year=year,
        signed_on=date(year, 1, 15),
        head_name="Giám đốc Đỗ Văn Mẫu",
        members_named="Nguyễn Văn A\n\nTrần Thị B\n",
        today=TODAY,
    )


def _broken(user, year=2026):  # type: ignore[no-untyped-def]
    return [(c.organisation.name, c.broken_count) for c in commitment_list(user=user, year=year)]


def test_named_members_are_counted(world, officer_a, factory):
    commitment = _commit(officer_a, factory)
    assert (commitment.members_count, commitment.members_named) == (2, "Nguyễn Văn A\nTrần Thị B")
    with pytest.raises(ValidationError) as twice:
        _commit(officer_a, factory)
    assert "year" in twice.value.message_dict


def test_a_linked_person_becoming_a_new_user_breaks_that_year_only(world, officer_a, factory):
    _commit(officer_a, factory)
    _commit(officer_a, factory, year=2025)
    worker = PersonFactory(
        area=world.group_b1,  # lives in another ward: the organisation's commune still sees it
        category=Category.ILLEGAL_USER,
        category_started_on=date(2026, 5, 3),
    )
    services.affiliation_set(
        actor=_city(world), person=worker, organisation=factory, relation="workplace"
    )

    assert _broken(officer_a) == [("Công ty May Hoa Sen", 1)]
    assert _broken(officer_a, 2025) == [("Công ty May Hoa Sen", None)]


def test_a_user_since_last_year_breaks_only_when_becoming_an_addict(world, officer_a, factory):
    _commit(officer_a, factory)
    worker = PersonFactory(
        area=world.group_a1, category=Category.ILLEGAL_USER, category_started_on=date(2025, 6, 1)
    )
    services.affiliation_set(
        actor=officer_a, person=worker, organisation=factory, relation="workplace"
    )
    assert _broken(officer_a) == [("Công ty May Hoa Sen", None)]

    category_add(
        actor=officer_a,
        person=worker,
        category=Category.ADDICT,
        started_on=date(2026, 2, 1),
        source="QĐ 5/QĐ-UBND",
        today=TODAY,
    )
    assert _broken(officer_a) == [("Công ty May Hoa Sen", 1)]


def test_an_unlinked_person_breaks_nothing_and_outsiders_see_nothing(
    world, officer_a, officer_b, factory
):
    _commit(officer_a, factory)
    PersonFactory(area=world.group_a1, category_started_on=date(2026, 5, 3))

    assert _broken(officer_a) == [("Công ty May Hoa Sen", None)]
    assert _broken(officer_b) == []


def test_the_list_page_shows_the_broken_commitment(world, officer_a, officer_a_client, factory):
    _commit(officer_a, factory)
    worker = PersonFactory(area=world.group_a1, category_started_on=date(2026, 5, 3))
    response = officer_a_client.post(
        reverse("prevention:person_affiliation", args=[worker.pk]),
        {"organisation": factory.pk, "relation": "workplace"},
    )
    assert response.status_code == 302

    page = officer_a_client.get(reverse("prevention:commitments"), {"year": 2026}).content.decode()
    assert "Vi phạm: 1 người" in page


def _city(world):  # type: ignore[no-untyped-def]
    from khongmatuy.common.roles import Role
    from tests.personas import make_user

    return make_user("ca_thanhpho_cam_ket", Role.CITY_POLICE, [world.haiphong])


def test_the_organisation_sees_its_own_commitment_broken_and_nothing_else(
    world, officer_a, factory
):
    from khongmatuy.common.roles import Role
    from tests.personas import client_for, make_user

    school = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Mẫu",
    )
    _commit(officer_a, factory)
    _commit(officer_a, school)
    worker = PersonFactory(area=world.group_b1, category_started_on=date(2026, 5, 3))
    services.affiliation_set(
        actor=_city(world), person=worker, organisation=factory, relation="workplace"
    )
    own = reverse("prevention:own_commitments")
    factory_office = client_for(
        make_user("dn_hoasen", Role.AGENCY_OFFICER, [world.ward_a], organisation=factory)
    )
    school_office = client_for(
        make_user("th_mau", Role.AGENCY_OFFICER, [world.ward_a], organisation=school)
    )

    page = factory_office.get(own, {"year": 2026}).content.decode()
    assert "Công ty May Hoa Sen" in page
    assert "Vi phạm: 1 người" in page
    assert "Trường THCS Mẫu" not in page
    assert worker.full_name not in page  # the count, never who
    school_page = school_office.get(own, {"year": 2026}).content.decode()
    assert "Trường THCS Mẫu" in school_page
    assert "Giữ vững" in school_page
    assert "Công ty May Hoa Sen" not in school_page
    assert "Đơn vị chưa đăng ký" in school_office.get(own, {"year": 2025}).content.decode()
    assert factory_office.get(reverse("prevention:commitments")).status_code == 403
    assert client_for(officer_a).get(own).status_code == 403
    menu = factory_office.get(reverse("plans:tasks")).content.decode()
    assert f'href="{own}"' in menu
