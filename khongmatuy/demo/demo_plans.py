"""Demo plans and tasks: the Thủy Nguyên plan for the national target programme with its
assignments as tasks, the Gia Viên plan for drug-free residential groups with tasks to each office
and the groups (some overdue, one returned), and a monthly briefing whose conclusions became tasks.

The documents' numbers and every person are synthetic; the assignments are those the seeds state:
Kế hoạch UBND phường Thủy Nguyên III.1-5 (the ward police leads Projects 1, 2, 4, 5, 9 and
Sub-project 2 of Project 7; the economic office balances the budget; the culture-social office
runs the loudspeaker column; the Fatherland Front supervises) and Kế hoạch UBND phường Gia Viên
IV.1-5. The programme's projects, budget and money are not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from khongmatuy.accounts.models import User
from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.common.dates import add_months
from khongmatuy.criteria.models import Roadmap
from khongmatuy.plans import services
from khongmatuy.plans.models import PlanDocument, Task

if TYPE_CHECKING:
    from collections.abc import Sequence

# The offices of every demo commune (Organisation rows), by key.
OFFICES: tuple[tuple[str, str, str], ...] = (
    ("police", Organisation.OrgKind.AGENCY, "Công an {commune}"),
    ("culture", Organisation.OrgKind.AGENCY, "Phòng Văn hóa - Xã hội {commune}"),
    ("economy", Organisation.OrgKind.AGENCY, "Phòng Kinh tế, Hạ tầng và Đô thị {commune}"),
    ("service", Organisation.OrgKind.AGENCY, "Trung tâm Phục vụ hành chính công {commune}"),
    (
        "security",
        Organisation.OrgKind.AGENCY,
        "Lực lượng bảo vệ an ninh, trật tự ở cơ sở {commune}",
    ),
    ("front", Organisation.OrgKind.MASS_ORGANISATION, "Ủy ban MTTQ Việt Nam {commune}"),
)


def office_name(key: str, commune: Area) -> str:
    """The office's name, "Công an phường Thuỷ Nguyên": the commune as the official list writes
    it, its kind in lower case inside the name."""
    template = next(t for k, _kind, t in OFFICES if k == key)
    name = commune.display_name
    return template.format(commune=name[:1].lower() + name[1:])


def create_offices(*, actor: User, communes: Sequence[Area]) -> None:
    """The offices the plans assign tasks to, in each demo commune (before the accounts: the
    agency account is bound to one of them)."""
    for commune in communes:
        for key, kind, _template in OFFICES:
            area_services.organisation_save(
                actor=actor,
                organisation=None,
                area=commune,
                kind=kind,
                name=office_name(key, commune),
            )


def _offices(commune: Area) -> dict[str, Organisation]:
    by_name = {o.name: o for o in Organisation.objects.filter(area=commune)}
    return {key: by_name[office_name(key, commune)] for key, _kind, _t in OFFICES}


@dataclass
class PlansDemoResult:
    documents: int = 0
    tasks: int = 0
    overdue: int = 0


def _task(
    officer: User,
    *,
    document: PlanDocument | None = None,
    meeting: object = None,
    section: str,
    content: str,
    lead: Organisation,
    officer_name: str,
    recurrence: str,
    first_due_on: date,
    output: str,
    authority: str,
    coordinators: Sequence[Organisation] = (),
) -> Task:
    return services.task_create(
        actor=officer,
        document=document,
        meeting=meeting,  # type: ignore[arg-type]
        section=section,
        content=content,
        lead=lead,
        coordinators=coordinators,
        officer_name=officer_name,
        recurrence=recurrence,
        first_due_on=first_due_on,
        expected_output=output,
        accepting_authority=authority,
    )


def _month_end(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def _thuy_nguyen(*, actor: User, today: date) -> list[Task]:
    thuy_nguyen = Area.objects.get(level=Level.COMMUNE, code="11560")
    haiphong = Area.objects.get(level=Level.PROVINCE, code="31")
    officer = User.objects.get(username="cand_thuynguyen")
    agency = User.objects.get(username="vhxh_thuynguyen")
    year = today.year
    city = services.document_create(
        actor=actor,
        area=haiphong,
        kind="plan",
        number="313/KH-UBND",
        issued_on=date(2025, 11, 26),
        issuing_body="Ủy ban nhân dân thành phố Hải Phòng",
        signer_name="Lê Minh Quân",
        signer_position="Phó Chủ tịch UBND thành phố",
        summary=(
            "Triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030 trên địa "
            "bàn thành phố Hải Phòng"
        ),
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
        implements_text="Nghị quyết số 50/NQ-CP ngày 13/3/2025 của Chính phủ",
        today=today,
    )
    plan = services.document_create(
        actor=officer,
        area=thuy_nguyen,
        kind="plan",
        number="08/KH-UBND",
        issued_on=min(today, date(year, 1, 15)),
        issuing_body="Ủy ban nhân dân phường Thủy Nguyên",
        signer_name="Phạm Văn Thắng",
        signer_position="Chủ tịch UBND phường",
        summary=(
            "Triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030 trên địa "
            "bàn phường Thủy Nguyên"
        ),
        period_start=date(year, 1, 1),
        period_end=date(2030, 12, 31),
        implements=city,
        targets=(
            "100% nhà trường và trên 70% người lao động tại các công ty được tuyên truyền; trợ "
            "giúp pháp lý cho 100% người thuộc diện khi có yêu cầu; 100% người nghiện, người sử "
            "dụng trái phép chất ma túy được tư vấn, hỗ trợ y tế, tâm lý (mục II.4-6)."
        ),
        today=today,
    )
    office = _offices(thuy_nguyen)
    chief = "Trưởng Công an phường"
    authority = "Chủ tịch UBND phường Thủy Nguyên"
    tasks = [
        _task(
            officer,
            document=plan,
            section="III.1.a",
            content=(
                "Chủ trì, phối hợp với các ban, ngành tham mưu UBND phường thực hiện chức năng "
                "chủ quản Chương trình MTQG; xây dựng kế hoạch và tổ chức triển khai."
            ),
            lead=office["police"],
            officer_name=chief,
            recurrence="yearly",
            first_due_on=date(year, 12, 31),
            output="Kế hoạch năm và báo cáo kết quả năm",
            authority=authority,
        )
    ]
    projects = (
        "Dự án 1: Phòng ngừa, đấu tranh tội phạm về ma túy có tổ chức, xuyên quốc gia",
        "Dự án 2: Ứng dụng khoa học và công nghệ trong phòng, chống ma túy",
        "Dự án 4: Nâng cao hiệu quả công tác phòng, chống ma túy ở cơ sở",
        "Dự án 5: Nâng cao hiệu quả cai nghiện ma túy và quản lý sau cai",
        "Dự án 9: Quản lý, giám sát, đánh giá chương trình",
        "Tiểu dự án 2 thuộc Dự án 7: Nâng cao hiệu quả truyền thông, giáo dục phòng, chống ma "
        "túy ở cơ sở",
    )
    for project in projects:
        tasks.append(
            _task(
                officer,
                document=plan,
                section="III.1.b",
                content=f"Tổ chức triển khai các nội dung, nhiệm vụ của {project}.",
                lead=office["police"],
                coordinators=[office["front"]],
                officer_name="Phó Trưởng Công an phường",
                recurrence="yearly",
                first_due_on=date(year, 12, 15),
                output="Báo cáo kết quả thực hiện dự án, tiểu dự án",
                authority=authority,
            )
        )
    tasks += [
        _task(
            officer,
            document=plan,
            section="III.1.e",
            content="Báo cáo giám sát, đánh giá Chương trình MTQG theo quy định.",
            lead=office["police"],
            officer_name=chief,
            recurrence="quarterly",
            first_due_on=date(year, 3, 31),
            output="Báo cáo giám sát, đánh giá quý",
            authority=authority,
        ),
        _task(
            officer,
            document=plan,
            section="III.2",
            content=(
                "Tham mưu UBND phường cân đối ngân sách, trình HĐND phường bố trí kinh phí thực "
                "hiện Chương trình MTQG; huy động các nguồn lực hợp pháp khác."
            ),
            lead=office["economy"],
            coordinators=[office["police"]],
            officer_name="Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
            recurrence="once",
            first_due_on=today - timedelta(days=20),
            output="Tờ trình HĐND phường về bố trí kinh phí",
            authority=authority,
        ),
        _task(
            officer,
            document=plan,
            section="III.4",
            content=(
                "Phối hợp Công an phường và các đơn vị chủ trì giám sát, đánh giá các Dự án, Tiểu "
                "dự án thuộc Chương trình MTQG."
            ),
            lead=office["front"],
            coordinators=[office["police"]],
            officer_name="Chủ tịch Ủy ban MTTQ phường",
            recurrence="yearly",
            first_due_on=date(year, 12, 20),
            output="Báo cáo kết quả giám sát",
            authority=authority,
        ),
    ]
    culture = _task(
        officer,
        document=plan,
        section="III.5",
        content=(
            "Xây dựng và duy trì chuyên mục tuyên truyền phòng, chống ma túy trên hệ thống loa "
            "truyền thanh; tuyên truyền trên Cổng thông tin điện tử phường."
        ),
        lead=office["culture"],
        coordinators=[office["service"]],
        officer_name="Trưởng phòng Văn hóa - Xã hội",
        recurrence="monthly",
        first_due_on=_month_end(today),
        output="Chuyên mục phát trên loa truyền thanh và tin, bài trên Cổng thông tin",
        authority=authority,
    )
    services.task_report(
        actor=agency,
        task=culture,
        percent=50,
        text_done="Đã phát 4 buổi trên loa truyền thanh; đăng 2 tin trên Cổng thông tin.",
        done=False,
        today=today,
    )
    tasks.append(culture)
    return tasks


def _gia_vien(*, today: date) -> list[Task]:
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    officer = User.objects.get(username="cand_giavien")
    leader = User.objects.get(username="lanhdao_giavien")
    year = today.year
    plan = services.document_create(
        actor=officer,
        area=gia_vien,
        kind="plan",
        number="125/KH-UBND",
        issued_on=min(today, date(year, 2, 10)),
        issuing_body="Ủy ban nhân dân phường Gia Viên",
        signer_name="Nguyễn Thị Hoa",
        signer_position="Chủ tịch UBND phường",
        summary="Xây dựng mô hình “Tổ dân phố không ma túy” trên địa bàn phường Gia Viên",
        period_start=date(year, 1, 1),
        period_end=date(2035, 12, 31),
        implements_text="Đề án số 05/ĐA-UBND ngày 11/6/2025 của UBND thành phố Hải Phòng",
        targets="Giai đoạn 1 (đến hết năm 2027): các tổ dân phố được lựa chọn đạt tiêu chí.",
        # the ward's roadmap (demo_criteria, loaded before): the plan's targets by year
        roadmap=Roadmap.objects.filter(area=gia_vien).order_by("pk").first(),
        today=today,
    )
    office = _offices(gia_vien)
    authority = "Chủ tịch UBND phường Gia Viên"
    groups = list(
        Organisation.objects.filter(
            area__commune=gia_vien, kind=Organisation.OrgKind.YOUTH_UNION
        ).order_by("pk")
    )
    spec: tuple[tuple[Any, ...], ...] = (
        (
            "IV.1",
            "police",
            [],
            "Tổ chức tổng rà soát, phát hiện, thống kê, quản lý người nghiện, "
            "người sử dụng trái phép chất ma túy; cập nhật phần mềm.",
            "monthly",
            -40,
            "Danh sách rà soát, số liệu cập nhật",
        ),
        (
            "IV.1",
            "police",
            [],
            "Kiểm tra các cơ sở kinh doanh có điều kiện về an ninh, trật tự "
            "dễ bị lợi dụng hoạt động ma túy.",
            "quarterly",
            10,
            "Biên bản kiểm tra",
        ),
        (
            "IV.2",
            "culture",
            ["service"],
            "Phối hợp Công an phường tuyên truyền về rà soát, quản lý người nghiện và triệt xóa "
            "điểm, tụ điểm; phối hợp cơ quan truyền thông đưa tin, bài.",
            "once",
            -12,
            "Tin, bài, phóng sự",
        ),
        (
            "IV.3",
            "front",
            ["security", *(["youth"] if groups else [])],
            "Các tổ dân phố phối "
            "hợp vận động Nhân dân lắp đặt camera giám sát an ninh tại tuyến đường trọng yếu.",
            "once",
            25,
            "Danh sách camera được lắp đặt",
        ),
        (
            "IV.4",
            "security",
            ["police"],
            "Lực lượng an ninh cơ sở khảo sát, đánh giá tình hình "
            "an ninh trật tự tại tổ dân phố: “Đi từng ngõ, gõ từng nhà, rà từng đối tượng”.",
            "once",
            -3,
            "Báo cáo khảo sát từng tổ dân phố",
        ),
        (
            "IV.5",
            "front",
            ["culture"],
            "Ủy ban MTTQ và các đoàn thể tổ chức tuyên truyền, vận "
            "động hộ gia đình ký cam kết không vi phạm pháp luật về ma túy.",
            "once",
            45,
            "Số hộ ký cam kết",
        ),
    )
    tasks = []
    for section, lead, coordinators, content, recurrence, days, output in spec:
        members = [groups[0] if key == "youth" else office[key] for key in coordinators]
        first_due = today + timedelta(days=days)
        if recurrence != "once":
            first_due = _month_end(first_due)
        tasks.append(
            _task(
                officer,
                document=plan,
                section=section,
                content=content,
                lead=office[lead],
                coordinators=members,
                officer_name="Cán bộ phụ trách",
                recurrence=recurrence,
                first_due_on=first_due,
                output=output,
                authority=authority,
            )
        )
    returned = tasks[2]
    services.task_report(
        actor=officer,
        task=returned,
        percent=100,
        text_done="Đã đăng 3 tin trên Cổng thông tin.",
        done=True,
        today=today,
    )
    services.task_return(
        actor=leader,
        task=returned,
        reason="Chưa có phóng sự trên đài truyền thanh; bổ sung.",
        today=today,
    )
    accepted = tasks[1]
    services.task_report(
        actor=officer,
        task=accepted,
        percent=100,
        text_done="Đã kiểm tra 6 cơ sở karaoke, nhà nghỉ.",
        done=True,
        today=today,
    )
    services.task_accept(actor=leader, task=accepted, today=today, note="Đạt yêu cầu.")
    meeting = services.meeting_create(
        actor=officer,
        area=gia_vien,
        kind="briefing",
        held_on=today - timedelta(days=min(today.day - 1, 5) + 1),
        title=f"Giao ban công tác phòng, chống ma túy tháng {today.month}/{year}",
        chair="Chủ tịch UBND phường Gia Viên",
        attendees="Công an phường, các phòng chuyên môn, Ủy ban MTTQ, các tổ trưởng tổ dân phố",
        conclusions=(
            "1. Công an phường hoàn thành rà soát người sử dụng trái phép chất ma túy trước ngày "
            "cuối tháng.\n2. Phòng Văn hóa - Xã hội bổ sung phóng sự trên đài truyền thanh."
        ),
        today=today,
    )
    for content, lead, days in (
        (
            "Hoàn thành rà soát người sử dụng trái phép chất ma túy (kết luận giao ban).",
            "police",
            7,
        ),
        ("Bổ sung phóng sự tuyên truyền trên đài truyền thanh (kết luận giao ban).", "culture", 14),
    ):
        tasks.append(
            services.conclusion_to_task(
                actor=officer,
                meeting=meeting,
                content=content,
                lead=office[lead],
                officer_name="Cán bộ phụ trách",
                recurrence="once",
                first_due_on=today + timedelta(days=days),
                expected_output="Báo cáo kết quả",
                accepting_authority=authority,
            )
        )
    services.reward_create(
        actor=officer,
        area=gia_vien,
        kind="reward",
        stage="proposed",
        subject="collective",
        recipient="Tổ dân phố số 7",
        form="Giấy khen của Chủ tịch UBND phường",
        reason="Hoàn thành xuất sắc việc vận động hộ gia đình ký cam kết.",
        proposed_on=today,
        today=today,
        document=plan,
    )
    return tasks


def load_demo_plans(*, actor: User, today: date) -> PlansDemoResult:
    """Create the demo plans (once, inside ``load_demo``, after prevention)."""
    tasks = _thuy_nguyen(actor=actor, today=today) + _gia_vien(today=today)
    from khongmatuy.plans.rules import deadlines

    return PlansDemoResult(
        documents=PlanDocument.objects.count(),
        tasks=len(tasks),
        overdue=sum(
            1
            for t in Task.objects.filter(pk__in=[t.pk for t in tasks])
            if t.status != "accepted" and deadlines.is_overdue(t.due_on, today)
        ),
    )
