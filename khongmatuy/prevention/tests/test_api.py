"""Prevention API: the same services as the pages (audited), scoped reads, household lists only
to roles with HOUSEHOLDS and every read of them logged, the fields named in refusals."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Organisation
from khongmatuy.audit.models import AuditEvent
from khongmatuy.prevention import services
from khongmatuy.prevention.models import (
    Activity,
    DrugFreeModel,
    DrugFreeModelEvent,
    Household,
    HouseholdCommitment,
    HouseholdCount,
    OrganisationCommitment,
)

from .factories import activity

API = "/api/v1"


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-30 09:00:00+07:00", tick=False)


@pytest.fixture
def school_a(world):  # type: ignore[no-untyped-def]
    return area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Chu Văn An",
    )


def test_activity_recorded_through_the_service_and_scoped(world, officer_a, officer_b, school_a):
    client = token_client(officer_a)
    response = client.post(
        f"{API}/prevention-activities/",
        {
            "held_on": "2026-11-28",
            "form": "meeting",
            "topic": "Tác hại của ma túy tổng hợp",
            "audience": "residents",
            "groups": [world.group_a1.pk, world.group_a2.pk],
            "organisations": [school_a.pk],
            "audience_count": 80,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["area"] == world.ward_a.pk  # several places reached: filed under the commune
    assert sorted(body["groups"]) == sorted([world.group_a1.pk, world.group_a2.pk])
    assert body["organisations"] == [school_a.pk]
    assert AuditEvent.objects.filter(
        model="prevention.Activity", object_id=str(body["id"]), action="create"
    ).exists()

    listed = client.get(f"{API}/prevention-activities/", {"form": "meeting"}).json()
    assert [a["id"] for a in listed["results"]] == [body["id"]]
    outsider = token_client(officer_b)
    assert outsider.get(f"{API}/prevention-activities/").json()["count"] == 0
    assert outsider.get(f"{API}/prevention-activities/{body['id']}/").status_code == 404

    coverage = client.get(f"{API}/prevention/coverage/", {"area": world.ward_a.pk}).json()
    assert coverage["groups"] == {"reached": 2, "total": 2, "percent": 100}
    assert coverage["schools"] == {"reached": 1, "total": 1, "percent": 100}
    assert outsider.get(f"{API}/prevention/coverage/", {"area": world.ward_a.pk}).status_code == 400


def test_activity_refusals_name_the_field_and_save_nothing(world, officer_a):
    client = token_client(officer_a)
    base = {"held_on": "2026-11-28", "form": "meeting", "topic": "Chủ đề", "audience": "residents"}
    other_ward = client.post(
        f"{API}/prevention-activities/", {**base, "groups": [world.group_b1.pk]}, format="json"
    )
    assert other_ward.status_code == 400
    assert "groups" in other_ward.json()
    future = client.post(
        f"{API}/prevention-activities/",
        {**base, "held_on": "2026-12-01", "groups": [world.group_a1.pk]},
        format="json",
    )
    assert future.status_code == 400
    assert "held_on" in future.json()
    no_default = client.post(
        f"{API}/prevention-activities/",
        {"held_on": "2026-11-28", "topic": "Chủ đề", "groups": [world.group_a1.pk]},
        format="json",
    )
    assert set(no_default.json()) == {"form", "audience"}
    assert not Activity.objects.exists()


def test_linked_persons_only_to_roles_that_see_persons_and_logged(world, officer_a, school_a):
    from khongmatuy.people.tests.factories import register

    person = register(officer_a, world.group_a1, "Phạm Văn Cá Biệt")
    session = activity(
        actor=officer_a,
        held_on=date(2026, 11, 20),
        form="targeted",
        audience="high_risk",
        groups=[world.group_a1],
        persons=[person],
    )
    seen = token_client(officer_a).get(f"{API}/prevention-activities/{session.pk}/").json()
    assert seen["persons"] == [person.pk]
    assert AuditEvent.objects.filter(
        action="view", model="people.Person", object_id=str(person.pk), actor=officer_a
    ).exists()


def test_households_personal_data_for_households_roles_only_and_logged(
    world, officer_a, leader_a, city_user
):
    leader = token_client(leader_a)
    created = leader.post(
        f"{API}/households/",
        {"area": world.group_a1.pk, "head_name": "Nguyễn Văn Hộ", "members": 4},
        format="json",
    )
    assert created.status_code == 201, created.json()
    household_id = created.json()["id"]
    assert AuditEvent.objects.filter(
        model="prevention.Household", object_id=str(household_id), action="create"
    ).exists()
    signed = leader.post(
        f"{API}/households/{household_id}/commitments/",
        {"signed_on": "2026-11-29", "signed_by": "Nguyễn Văn Hộ"},
        format="json",
    )
    assert signed.status_code == 201, signed.json()
    assert HouseholdCommitment.objects.get().household_id == household_id
    again = leader.post(
        f"{API}/households/{household_id}/commitments/",
        {"signed_on": "2026-11-29", "signed_by": "Nguyễn Văn Hộ"},
        format="json",
    )
    assert again.status_code == 400
    assert "signed_on" in again.json()

    views_before = AuditEvent.objects.filter(action="view", model="prevention.Household").count()
    listed = leader.get(f"{API}/households/").json()
    assert [h["head_name"] for h in listed["results"]] == ["Nguyễn Văn Hộ"]
    assert (
        AuditEvent.objects.filter(action="view", model="prevention.Household").count()
        == views_before + 1
    )
    # City police see coverage as figures, never the names.
    city = token_client(city_user)
    assert city.get(f"{API}/households/").status_code == 403
    assert city.get(f"{API}/households/{household_id}/").status_code == 403
    figures = city.get(f"{API}/households/coverage/").json()
    assert figures["total"]["reached"] == 1
    assert "Nguyễn Văn Hộ" not in str(figures)
    # Ward B's group is refused as absent, naming the field.
    refused = token_client(officer_a).post(
        f"{API}/households/", {"area": world.group_b1.pk, "head_name": "X"}, format="json"
    )
    assert refused.status_code == 400
    assert "area" in refused.json()


def test_paper_counts_refused_for_a_group_with_a_list(world, officer_a):
    client = token_client(officer_a)
    services.household_add(
        actor=officer_a,
        group=world.group_a1,
        spec=services.HouseholdSpec("Trần Văn Giấy"),
        today=date(2026, 11, 30),
    )
    body = {"year": 2026, "households": 40, "signed": 10, "as_of": "2026-11-01"}
    refused = client.post(
        f"{API}/household-counts/", {**body, "area": world.group_a1.pk}, format="json"
    )
    assert refused.status_code == 400
    assert "year" in refused.json()
    done = client.post(
        f"{API}/household-counts/", {**body, "area": world.group_a2.pk}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert HouseholdCount.objects.get().signed == 10
    too_many = client.post(
        f"{API}/household-counts/",
        {**body, "area": world.group_a2.pk, "signed": 41},
        format="json",
    )
    assert too_many.status_code == 400
    assert HouseholdCount.objects.get().signed == 10


def test_organisation_commitment_once_a_year(world, officer_a, officer_b, school_a):
    client = token_client(officer_a)
    body = {
        "organisation": school_a.pk,
        "year": 2026,
        "signed_on": "2026-01-15",
        "head_name": "Hiệu trưởng",
        "members_named": "Nguyễn A\nTrần B\n",
    }
    created = client.post(f"{API}/organisation-commitments/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["members_count"] == 2
    again = client.post(f"{API}/organisation-commitments/", body, format="json")
    assert again.status_code == 400
    assert "year" in again.json()
    assert OrganisationCommitment.objects.count() == 1
    outsider = token_client(officer_b)
    foreign = outsider.post(f"{API}/organisation-commitments/", body, format="json")
    assert foreign.status_code == 400
    assert "organisation" in foreign.json()
    assert outsider.get(f"{API}/organisation-commitments/").json()["count"] == 0


def test_drug_free_model_lifecycle_and_review(world, officer_a, leadership_a):
    client = token_client(officer_a)
    created = client.post(
        f"{API}/drug-free-models/",
        {"area": world.group_a1.pk, "kind": "family", "name": "Gia đình không ma túy số 1"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    model_id = created.json()["id"]
    assert created.json()["status"] == "building"
    url = f"{API}/drug-free-models/{model_id}"
    skipped = client.post(f"{url}/transition/", {"to_status": "suspended", "on": "2026-11-29"})
    assert skipped.status_code == 400
    assert "to_status" in skipped.json()
    step = client.post(f"{url}/transition/", {"to_status": "active", "on": "2026-11-30"})
    assert step.status_code == 200, step.json()
    assert DrugFreeModel.objects.get().status == "active"
    assert DrugFreeModelEvent.objects.filter(model_id=model_id).count() == 2
    review = client.post(
        f"{url}/reviews/", {"year": 2026, "reviewed_on": "2026-11-30", "rating": "good"}
    )
    assert review.status_code == 201, review.json()
    assert review.json()["rating"] == "good"
    # Leadership reads but does not record.
    reader = token_client(leadership_a)
    assert reader.get(f"{url}/").status_code == 200
    assert reader.post(f"{url}/transition/", {"to_status": "recognised"}).status_code == 403
    assert AuditEvent.objects.filter(model="prevention.DrugFreeModel", action="update").exists()


def test_household_lists_never_show_another_wards(world, officer_a, officer_b):
    services.household_add(
        actor=officer_b,
        group=world.group_b1,
        spec=services.HouseholdSpec("Lê Thị Thành Đông"),
        today=date(2026, 11, 30),
    )
    assert token_client(officer_a).get(f"{API}/households/").json()["count"] == 0
    other = Household.objects.get()
    assert token_client(officer_a).get(f"{API}/households/{other.pk}/").status_code == 404


def test_activity_corrected_and_household_edited_then_removed(world, officer_a, leader_a):
    client = token_client(officer_a)
    session = activity(actor=officer_a, held_on=date(2026, 11, 20), groups=[world.group_a1])
    body = {
        "held_on": "2026-11-21",
        "form": "loudspeaker",
        "topic": "Phát thanh tác hại ma túy",
        "audience": "residents",
        "groups": [world.group_a1.pk, world.group_a2.pk],
    }
    corrected = client.put(f"{API}/prevention-activities/{session.pk}/", body, format="json")
    assert corrected.status_code == 200, corrected.json()
    assert sorted(corrected.json()["groups"]) == sorted([world.group_a1.pk, world.group_a2.pk])
    assert Activity.objects.get().form == "loudspeaker"
    missing = client.put(
        f"{API}/prevention-activities/{session.pk}/", {"topic": "X"}, format="json"
    )
    assert missing.status_code == 400
    assert Activity.objects.get().topic == "Phát thanh tác hại ma túy"

    leader = token_client(leader_a)
    household = services.household_add(
        actor=officer_a,
        group=world.group_a1,
        spec=services.HouseholdSpec("Trần Văn Cũ"),
        today=date(2026, 11, 30),
    )
    url = f"{API}/households/{household.pk}"
    edited = leader.put(f"{url}/", {"head_name": "Trần Văn Mới", "members": 3}, format="json")
    assert edited.status_code == 200, edited.json()
    assert Household.objects.get().head_name == "Trần Văn Mới"
    no_reason = leader.post(f"{url}/remove/", {}, format="json")
    assert no_reason.status_code == 400
    assert "note" in no_reason.json()
    removed = leader.post(f"{url}/remove/", {"note": "Chuyển đi nơi khác"}, format="json")
    assert removed.status_code == 200, removed.json()
    assert removed.json()["is_active"] is False
    assert (
        AuditEvent.objects.filter(
            model="prevention.Household", object_id=str(household.pk), action="update"
        ).count()
        == 2
    )
