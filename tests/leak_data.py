"""Ward A's data of every kind, created through the services, for the area-leak test."""

from __future__ import annotations

from typing import Any

from django.test import Client

from khongmatuy.accounts import services as account_services
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Organisation
from khongmatuy.cases.models import Substance
from khongmatuy.common.roles import Role
from tests.images import image_bytes
from tests.leak_routes import GROUP_RULES, Data
from tests.personas import World, client_for, make_user


def build_data(world: World) -> Data:
    """Ward A's data of every kind, created through the services."""
    area_services.area_create(
        actor=None, parent=world.ward_a, name="Tổ Hoa Phượng Đỏ", kind="residential_group"
    )
    organisation = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.SCHOOL,
        name="Trường THCS Mẫu Leak",
    )
    people = _people_data(world)
    return Data(
        world=world,
        organisation=organisation,
        **people,
        **_places_data(world, people["person"]),
        roadmap=_criteria_data(world),
        key_route=_key_route(world),
    )


def _key_route(world: World) -> Any:
    """A Hải Phòng key route through ward A only."""
    from datetime import date

    from khongmatuy.criteria.services import routes

    return routes.key_route_create(
        actor=None,
        name="Tuyến Mẫu Rò",
        kind="intra_provincial",
        province=world.haiphong,
        axis="Quốc lộ 5",
        communes=[world.ward_a],
        valid_from=date(2026, 1, 1),
    )


def _criteria_data(world: World) -> Any:
    """Ward A's roadmap and a registered recognition of one of its groups."""
    from datetime import date

    from khongmatuy.criteria.services import recognition as services_recognition
    from khongmatuy.criteria.services import roadmaps as services_roadmaps

    officer = make_user("leak_criteria_officer", Role.COMMUNE_POLICE, [world.ward_a])
    services_recognition.recognition_transition(
        actor=officer,
        area=world.group_a2,
        rule_set_code=GROUP_RULES,
        to_status="registered",
        on=date(2026, 11, 1),
        today=date(2026, 11, 23),
    )
    from khongmatuy.criteria.services import evaluation as services_evaluation

    services_evaluation.evaluate_area(
        actor=officer, area=world.group_a2, rule_set_code=GROUP_RULES, on=date(2026, 11, 1)
    )
    return services_roadmaps.roadmap_create(
        actor=officer,
        area=world.ward_a,
        name="Lộ trình Mẫu Rò",
        rule_set_code=GROUP_RULES,
        target_level=3,
    )


def _places_data(world: World, person: Any) -> dict[str, Any]:
    """Ward A's places, a case with a person and a seizure, and a public tip with a photo."""
    from datetime import date
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from khongmatuy.cases import services as cases
    from khongmatuy.places import services as places
    from khongmatuy.tips import services as tips
    from khongmatuy.tips.models import TipAttachment

    today = date(2026, 11, 23)
    officer = make_user("leak_places_officer", Role.COMMUNE_POLICE, [world.ward_a])
    place = places.place_create(
        actor=officer,
        area=world.group_a1,
        kind="harbouring",
        name="Nhà trọ Mẫu Rò",
        address="Ngõ 9",
        description="",
        discovered_on=date(2026, 10, 1),
        latitude=Decimal("20.860000"),
        longitude=Decimal("106.680000"),
        today=today,
    )
    business = places.business_create(
        actor=officer,
        area=world.group_a1,
        kind="karaoke",
        name="Karaoke Mẫu Rò",
        address="Số 1",
        owner_name="",
        owner_phone="",
        licence_number="",
        licence_date=None,
        risk="high",
        is_active=True,
        latitude=None,
        longitude=None,
        today=today,
    )
    places.inspection_record(
        actor=officer,
        business=business,
        inspected_on=date(2026, 11, 2),
        team="Tổ kiểm tra Mẫu Rò",
        today=today,
    )
    business.refresh_from_db()  # the inspection stamped it (and raised its version)
    cultivation = places.cultivation_create(
        actor=officer,
        area=world.group_a1,
        site="Vườn Mẫu Rò",
        plant="cannabis",
        plant_count=12,
        area_m2=Decimal("3.5"),
        discovered_on=date(2026, 9, 1),
        note="",
        address="",
        latitude=None,
        longitude=None,
        today=today,
    )
    camera = places.camera_create(
        actor=officer,
        area=world.group_a1,
        location="Cổng chợ Mẫu Rò",
        owner="public",
        status="active",
        installed_on=date(2026, 1, 1),
        address="",
        latitude=None,
        longitude=None,
        today=today,
    )
    case = cases.case_create(
        actor=officer,
        area=world.group_a1,
        kind="crime",
        number="01/Mẫu Rò",
        occurred_on=date(2026, 11, 1),
        offence="251",
        summary="Vụ Mẫu Rò",
        today=today,
    )
    case_person = cases.case_add_person(
        actor=officer,
        case=case,
        person=person,
        new_person=None,
        role="arrested",
        arrested_on=date(2026, 11, 1),
        note="",
        today=today,
    )
    seizure = cases.seizure_add(
        actor=officer,
        case=case,
        substance=Substance.objects.get(name="Methamphetamine"),
        form="tinh thể",
        quantity=Decimal("1.5"),
        unit="g",
    )
    png = image_bytes("PNG")
    tip = tips.tip_submit_public(
        area=world.ward_a,
        category="dealing",
        description="Bán ma túy ở quán Mẫu Rò",
        location_text="Ngõ 9 Mẫu Rò",
        contact_name="Người Báo Mẫu Rò",
        contact_phone="0900000009",
        photos=[SimpleUploadedFile("anh.png", png, content_type="image/png")],
        client_ip="127.0.0.9",
    )
    return {
        "place": place,
        "business": business,
        "cultivation": cultivation,
        "camera": camera,
        "case": case,
        "case_person": case_person,
        "seizure": seizure,
        "tip": tip,
        "attachment": TipAttachment.objects.get(tip=tip),
    }


def _people_data(world: World) -> dict[str, Any]:
    """A ward A person with a record of every kind, created through the services."""
    from datetime import date

    from khongmatuy.people.choices import Category, EpisodeKind, Sex, SupervisorKind
    from khongmatuy.people.models import DossierItem, FollowUp, PersonCategory
    from khongmatuy.people.services import care, episodes, persons, quality, transfers

    today = date(2026, 11, 23)
    officer = make_user("leak_people_officer", Role.COMMUNE_POLICE, [world.ward_a])
    person = persons.person_register(
        actor=officer,
        area=world.group_a1,
        full_name="Đinh Thị Mẫu Rò",
        sex=Sex.FEMALE,
        date_of_birth=date(2001, 3, 4),
        citizen_id="031301009876",
        phone="0912000111",
        categories=[persons.CategorySpec(Category.ILLEGAL_USER, date(2026, 1, 10), source="QĐ 1")],
        today=today,
    )
    episode = episodes.episode_open(
        person=person,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2026, 1, 12),
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 1, 12),
        authority="Chủ tịch UBND",
        planned_months=None,
        facility="",
        actor=officer,
        today=today,
    )
    dossier = episodes.episode_open(
        person=person,
        kind=EpisodeKind.COMPULSORY_DOSSIER,
        started_on=date(2026, 11, 1),
        decision_number="",
        decision_date=None,
        authority="Công an phường",
        planned_months=None,
        facility="",
        actor=officer,
        today=today,
    )
    supervision = care.supervision_assign(
        actor=officer,
        person=person,
        name="Vũ Văn Giúp",
        kind=SupervisorKind.VETERAN,
        phone="",
        started_on=date(2026, 1, 15),
        today=today,
    )
    contact = care.contact_record(
        actor=officer,
        person=person,
        contacted_on=date(2026, 11, 19),
        form="home_visit",
        content="Thăm hỏi Mẫu Rò",
        today=today,
    )
    test = care.drug_test_record(
        actor=officer,
        person=person,
        tested_on=date(2026, 11, 20),
        reason="random",
        method="quick_kit",
        kit_or_lab="",
        substances="MET",
        result="positive",
        performed_by="Cán bộ Công an phường",
        today=today,
    )
    other_ward = area_services.area_create(
        actor=None, parent=world.haiphong, name="Hồng Bàng", kind="ward", code="10999"
    )
    transfer = transfers.transfer_propose(
        actor=officer,
        person=person,
        to_commune=other_ward,
        to_area=None,
        new_address="Số 5 ngõ 7",
        summary="",
    )
    duplicate = persons.person_register(
        actor=officer,
        area=world.group_a2,
        full_name="Đinh Thị Mẫu Rò",
        sex=Sex.FEMALE,
        date_of_birth=date(2001, 3, 4),
        citizen_id=None,
        categories=[],
        today=today,
    )
    round_ = quality.reconciliation_start(actor=officer, area=world.group_a1, on=today, note="")
    return {
        "duplicate": duplicate,
        "round": round_ if not isinstance(round_, list) else round_[0],
        "person": person,
        "category": PersonCategory.objects.get(person=person),
        "episode": episode,
        "dossier": dossier,
        "dossier_item": DossierItem.objects.filter(episode=dossier).order_by("position").first(),
        "supervision": supervision,
        "contact": contact,
        "follow_up": FollowUp.objects.get(test=test),
        "transfer": transfer,
    }


def make_clients(data: Data) -> dict[str, Client]:
    """Ward A's officer and the two outsiders, logged in."""
    w = data.world
    users = {
        "officer_a": make_user("leak_officer_a", Role.COMMUNE_POLICE, [w.ward_a]),
        "officer_b": make_user("leak_officer_b", Role.COMMUNE_POLICE, [w.ward_b]),
        "qn_city": make_user("leak_qn_city", Role.CITY_POLICE, [w.quangninh]),
    }
    # The token the revoke route is walked with (``leak_routes.own_token``).
    account_services.api_token_create(
        actor=None, user=users["officer_a"], name="leak", days=5, read_only=True
    )
    return {key: client_for(user) for key, user in users.items()}
