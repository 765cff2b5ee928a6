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
        **_prevention_data(world, organisation, people["person"]),
        roadmap=_criteria_data(world),
        key_route=_key_route(world),
        **_reports_data(world),
        **_plans_data(world, organisation),
        **_programme_data(world),
    )


def _plans_data(world: World, organisation: Organisation) -> dict[str, Any]:
    """Ward A's plan with a task led by the school, its progress report with evidence (a PNG),
    a meeting and a proposed reward."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from khongmatuy.plans import services
    from khongmatuy.plans.models import TaskReport

    today = date(2026, 11, 23)
    officer = make_user("leak_plans_officer", Role.COMMUNE_POLICE, [world.ward_a])
    plan = services.document_create(
        actor=officer,
        area=world.ward_a,
        kind="plan",
        number="15/KH-UBND",
        issued_on=date(2026, 3, 1),
        issuing_body="UBND phường Gia Viên",
        signer_name="Đỗ Văn Ký",
        summary="Kế hoạch Mẫu Rò của Gia Viên",
        today=today,
        file=SimpleUploadedFile("kh.png", image_bytes("PNG"), content_type="image/png"),
    )
    task = services.task_create(
        actor=officer,
        document=plan,
        content="Nhiệm vụ Mẫu Rò tại Tổ Hoa Phượng Đỏ",
        lead=organisation,
        officer_name="Cán bộ Mẫu Rò",
        recurrence="once",
        first_due_on=date(2026, 11, 2),
        expected_output="Báo cáo Mẫu Rò",
        accepting_authority="Chủ tịch UBND phường Gia Viên",
    )
    services.task_report(
        actor=officer,
        task=task,
        percent=100,
        text_done="Đã xong Mẫu Rò",
        done=True,
        today=today,
        evidence=SimpleUploadedFile("mc.png", image_bytes("PNG"), content_type="image/png"),
    )
    meeting = services.meeting_create(
        actor=officer,
        area=world.ward_a,
        kind="briefing",
        held_on=date(2026, 11, 5),
        title="Giao ban Mẫu Rò Gia Viên",
        chair="Chủ tịch UBND phường Gia Viên",
        attendees="Các ban, ngành Mẫu Rò",
        conclusions="Kết luận Mẫu Rò",
        today=today,
    )
    reward = services.reward_create(
        actor=officer,
        area=world.ward_a,
        kind="reward",
        stage="proposed",
        subject="collective",
        recipient="Tổ Hoa Phượng Đỏ",
        form="Giấy khen",
        reason="Thành tích Mẫu Rò",
        proposed_on=date(2026, 11, 20),
        today=today,
        document=plan,
    )
    return {
        "plan": plan,
        "task": task,
        "task_report": TaskReport.objects.get(task=task),
        "meeting": meeting,
        "reward": reward,
    }


def _programme_data(world: World) -> dict[str, Any]:
    """Ward A runs Project 4, led by its police team, with its 2026 money and an entered
    indicator value."""
    from datetime import date
    from decimal import Decimal

    from khongmatuy.programme import services as programme
    from khongmatuy.programme.models import Indicator, Project

    officer = make_user("leak_programme_a", Role.COMMUNE_POLICE, [world.ward_a])
    today = date(2026, 11, 30)
    lead = area_services.organisation_save(
        actor=None,
        organisation=None,
        area=world.ward_a,
        kind=Organisation.OrgKind.AGENCY,
        name="Tổ công tác Mẫu Rò",
    )
    cp = programme.commune_project_create(
        actor=officer, area=world.ward_a, project=Project.objects.get(code="DA4"), lead=lead
    )
    money = {"actor": officer, "commune_project": cp, "year": 2026, "today": today}
    allocation = programme.allocation_record(
        **money,
        source="central",
        amount=Decimal(900_000_000),
        decision="12/QĐ-UBND Gia Viên",
        decided_on=date(2026, 1, 12),
        schedule=((date(2026, 6, 30), Decimal(50)), (date(2026, 12, 31), Decimal(100))),
    )
    adjustment = programme.adjustment_record(
        **money,
        source="local",
        amount=Decimal(100_000_000),
        decision="40/QĐ-UBND Gia Viên",
        decided_on=date(2026, 7, 1),
        reason="Bổ sung cho Mẫu Rò",
    )
    commitment = programme.commitment_record(
        **money,
        signed_on=date(2026, 3, 2),
        amount=Decimal(300_000_000),
        document="HĐ 05/2026 Gia Viên",
        content="Tập huấn Mẫu Rò",
    )
    disbursement = programme.disbursement_record(
        **money,
        paid_on=date(2026, 4, 2),
        amount=Decimal(200_000_000),
        document="PC Gia Viên 01",
        content="Tạm ứng Mẫu Rò",
    )
    programme.output_record(
        **money, description="Lớp tập huấn Mẫu Rò", achieved_on=date(2026, 5, 5)
    )
    value = programme.indicator_value_set(
        actor=officer,
        indicator=Indicator.objects.get(code="legal_aid"),
        area=world.ward_a,
        year=2026,
        part=3,
        whole=4,
        source="Báo cáo trợ giúp pháp lý Gia Viên",
    )
    return {
        "commune_project": cp,
        "allocation": allocation,
        "adjustment": adjustment,
        "programme_commitment": commitment,
        "disbursement": disbursement,
        "indicator_value": value,
    }


def _reports_data(world: World) -> dict[str, Any]:
    """Ward A's quarterly report: a draft (through the service) and an issued one whose files
    name ward A (written directly: rendering real files for every route would be slow)."""
    from datetime import date

    from khongmatuy.reports import services
    from khongmatuy.reports.models import Report
    from khongmatuy.reports.rules import periods

    letterhead = {
        "issuing_body": "Công an phường Gia Viên",
        "body_code": "CAP",
        "place_name": "Gia Viên",
        "summary": "Báo cáo quý III năm 2026 của Gia Viên",
        "signer_position": "Trưởng Công an phường",
        "signer_name": "Đỗ Văn Ký",
    }
    draft = services.report_create(
        actor=None, area=world.ward_a, period=periods.parse("2026-Q3"), **letterhead
    )
    issued = Report.objects.create(
        area=world.ward_a,
        period_kind="quarter",
        year=2026,
        number_in_year=2,
        status=Report.Status.ISSUED,
        number=1,
        number_year=2026,
        issued_on=date(2026, 7, 1),
        docx="Gia Viên".encode(),
        xlsx="Gia Viên".encode(),
        pdf="Gia Viên".encode(),
        **letterhead,
    )
    return {"report": draft, "issued_report": issued}


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


def _prevention_data(world: World, organisation: Organisation, person: Any) -> dict[str, Any]:
    """A targeted session in ward A reaching group 1 and the school, with a photo."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from khongmatuy.prevention import services as prevention
    from khongmatuy.prevention.models import ActivityPhoto

    officer = make_user("leak_prevention_a", Role.COMMUNE_POLICE, [world.ward_a])
    activity = prevention.activity_record(
        actor=officer,
        held_on=date(2026, 11, 5),
        form="targeted",
        topic="Tuyên truyền cá biệt Mẫu Rò",
        audience="high_risk",
        groups=[world.group_a1],
        organisations=[organisation],
        persons=[person],
        photos=[SimpleUploadedFile("buoi.png", image_bytes("PNG"), content_type="image/png")],
        today=date(2026, 11, 30),
    )
    household = prevention.household_add(
        actor=officer,
        group=world.group_a1,
        spec=prevention.HouseholdSpec("Hộ ông Gia Viên Leak"),
        today=date(2026, 11, 30),
    )
    commitment = prevention.commitment_record(
        actor=officer,
        household=household,
        signed_on=date(2026, 3, 1),
        signed_by="Ông Gia Viên Leak",
        scan=SimpleUploadedFile("cam-ket.png", image_bytes("PNG"), content_type="image/png"),
        today=date(2026, 11, 30),
    )
    prevention.organisation_commitment_record(
        actor=officer,
        organisation=organisation,
        year=2026,
        signed_on=date(2026, 1, 15),
        head_name="Hiệu trưởng Trường THCS Mẫu Leak",
        members_count=40,
        today=date(2026, 11, 30),
    )
    prevention.affiliation_set(
        actor=officer, person=person, organisation=organisation, relation="school"
    )
    model = prevention.model_create(
        actor=officer,
        area=world.ward_a,
        kind="parish",
        name="Giáo xứ Gia Viên không ma túy",
        decision_number="7/QĐ-UBND",
        decision_date=date(2026, 2, 1),
        decision_issuer="UBND phường Gia Viên",
        decision_file=SimpleUploadedFile("qd.png", image_bytes("PNG"), content_type="image/png"),
        today=date(2026, 11, 30),
    )
    # Group 2 keeps its household commitments on paper.
    household_count = prevention.household_counts_set(
        actor=officer,
        group=world.group_a2,
        year=2026,
        households=30,
        signed=12,
        as_of=date(2026, 11, 1),
    )
    return {
        "household_count": household_count,
        "drug_free_model": model,
        "activity": activity,
        "activity_photo": ActivityPhoto.objects.get(activity=activity),
        "household": household,
        "commitment": commitment,
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
    _jobs_data(data, users["officer_a"])
    data.notification = _notification(users["officer_a"], data)
    # The token the revoke route is walked with (``leak_routes.own_token``).
    account_services.api_token_create(
        actor=None, user=users["officer_a"], name="leak", days=5, read_only=True
    )
    return {key: client_for(user) for key, user in users.items()}


def _jobs_data(data: Data, owner: Any) -> None:
    """Ward A's officer's background jobs: a finished one whose file names ward A (job files
    hold figures, never a person), and a long export of the persons list to be handed out."""
    from khongmatuy.common.models import Job

    data.job = Job.objects.create(
        user=owner,
        kind="areas.groups-import",
        label="Nhập tổ dân phố của Gia Viên",
        status=Job.Status.DONE,
        messages=["Đã nhập 1 tổ dân phố, thôn: Tổ Hoa Phượng Đỏ."],
        file_name="gia-vien.txt",
        file_type="text/plain; charset=utf-8",
        file_content="Gia Viên: Tổ Hoa Phượng Đỏ".encode(),
    )
    data.export_job = Job.objects.create(
        user=owner,
        kind="people.export",
        label="Xuất danh sách người trong diện quản lý",
        status=Job.Status.DONE,
        total=1,
        params={"query": "q=mau+ro", "sensitive": True, "download_url": "/"},
        file_name="nguoi.xlsx",
        file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_content=_person_workbook(),
    )
    data.activity_export_job = Job.objects.create(
        user=owner,
        kind="prevention.export",
        label="Xuất danh sách hoạt động tuyên truyền",
        status=Job.Status.DONE,
        total=1,
        params={"query": "", "download_url": "/"},
        file_name="tuyen-truyen.xlsx",
        file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_content=_person_workbook(),
    )
    data.case_export_job = Job.objects.create(
        user=owner,
        kind="cases.export",
        label="Xuất danh sách vụ việc",
        status=Job.Status.DONE,
        total=1,
        params={"query": "", "sensitive": True, "download_url": "/"},
        file_name="vu-viec.xlsx",
        file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_content=_person_workbook(),
    )


def _person_workbook() -> bytes:
    from khongmatuy.common.exporter import Column, Sheet, workbook_bytes

    return workbook_bytes(Sheet("x", [Column("Họ tên", lambda r: r)], ["Đinh Thị Mẫu Rò"]))


def _notification(officer: Any, data: Data) -> Any:
    """A reminder of ward A's person's measure delivered to ward A's officer."""
    from django.utils import timezone

    from khongmatuy.alerts.models import Notification

    return Notification.objects.create(
        recipient=officer,
        kind="measure_ending",
        occurrence=f"measure_ending:{data.episode.pk}:7:-",
        target_id=data.episode.pk,
        area=data.person.area,
        person=data.person,
        stage="7",
        created_at=timezone.now(),
    )
