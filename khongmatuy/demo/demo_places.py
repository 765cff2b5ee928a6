"""Demo places, businesses, cultivation, cameras, tip boxes, cases and tips for the seed wards.

Gia Viên, Thành Đông and Kiến Minh (Hải Phòng) and Cao Xanh (Hạ Long, Quảng Ninh): hotspots and
harbouring places at every stage of their lifecycle (some without coordinates, so the map lists
them beside it), conditional businesses with inspections (some overdue, one never inspected),
cultivation in Kiến Minh, cameras, tip-box and hotline-board checks for most residential groups
(some groups lack one, some were never checked: the indicator stays below 100%), drug cases with
persons of the demo registry arrested and drugs seized, and tips in every status (some overdue).

Everything goes through the apps' services, by the ward's officer, so it is audited like real
work. Names, addresses and phone numbers are invented; coordinates are plausible points near
each ward's centre. Dates are relative to ``today`` so the overdue lists always show something.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.cases import services as case_services
from khongmatuy.cases.models import Case, CasePerson, Seizure, Substance
from khongmatuy.people.models import Person
from khongmatuy.places import services as place_services
from khongmatuy.places.models import Business, Camera, Cultivation, Place, PlacePerson
from khongmatuy.tips import services as tip_services
from khongmatuy.tips.models import Tip

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# The public tip's tracking code: type it on the public status page to see what a citizen sees.
DEMO_PUBLIC_TIP_CODE = "GV7K3M9PQ2"


@dataclass(frozen=True)
class DemoWard:
    code: str
    officer: str  # username of the ward's police officer (demo_data.ACCOUNTS)
    centre: tuple[str, str]  # latitude, longitude near the ward's centre
    street: str
    full: bool  # every story (Gia Viên) or a subset


WARDS = (
    DemoWard("11359", "cand_giavien", ("20.8600", "106.6830"), "Lê Lợi", True),
    DemoWard("10510", "cand_thanhdong", ("20.9400", "106.3330"), "Nguyễn Lương Bằng", False),
    DemoWard("11725", "cand_kienminh", ("20.7350", "106.6450"), "đường 402", False),
    DemoWard("6658", "cand_caoxanh", ("20.9650", "107.0850"), "Cao Xanh", False),
)

# Offsets (in millionths of a degree) from the ward's centre, one per located record.
OFFSETS = (
    (1200, -900), (-800, 1500), (2100, 600), (-1700, -1300), (400, 2300), (-2500, 300),
    (1600, 1900), (-300, -2400), (2700, -1800), (-1200, 2800), (800, -300), (-2000, 1100),
)  # fmt: skip

S = Place.Status
# (kind, name, address, discovered days ago, later steps as (status, days ago), has coordinates);
# a name that carries an address repeats the address field.
PLACE_STORIES = (
    (Place.Kind.HOTSPOT, "Bãi đất trống sau chợ {street}", "Ngõ 10 {street}", 20, (), True),
    (
        Place.Kind.HOTSPOT,
        "Khu nhà hoang ven kênh",
        "Ngõ 17 {street}",
        120,
        ((S.UNDER_ACTION, 90),),
        True,
    ),
    (
        Place.Kind.HARBOURING,
        "Phòng trọ số 4, ngõ 18 {street}",
        "Số 4, ngõ 18 {street}",
        300,
        ((S.ELIMINATED, 210), (S.WATCHED, 200)),
        True,
    ),
    (
        Place.Kind.HARBOURING,
        "Quán karaoke mini không phép",
        "Ngõ 31 {street}",
        420,
        ((S.ELIMINATED, 360), (S.WATCHED, 350), (S.RECURRED, 25)),
        True,
    ),
    (Place.Kind.HOTSPOT, "Gầm cầu {street}", "Ngõ 38 {street}", 60, ((S.ELIMINATED, 15),), False),
)

# (kind, name, owner, risk, inspections as (days ago, violation, sanction, fine, suspended days))
BUSINESS_STORIES = (
    (Business.Kind.KARAOKE, "Karaoke Ánh Dương", "Trần Văn Lộc", Business.Risk.HIGH,
     ((30, False, "", None, None),)),
    (Business.Kind.GUEST_HOUSE, "Nhà nghỉ Hoa Phượng", "Lê Thị Mận", Business.Risk.MEDIUM,
     ((400, False, "", None, None), (250, True, "Phạt tiền, nhắc nhở", 2_500_000, None))),
    (Business.Kind.BAR, "Quán bar Sóng Biển", "Phạm Quốc Huy", Business.Risk.HIGH, ()),
    (Business.Kind.RENTED_ROOMS, "Nhà trọ bà Tư", "Nguyễn Thị Tư", Business.Risk.LOW,
     ((60, True, "Phạt tiền do không khai báo tạm trú", 3_000_000, None),)),
    (Business.Kind.MASSAGE, "Cơ sở massage Thư Giãn", "Đỗ Văn Khải", Business.Risk.MEDIUM,
     ((100, True, "Đình chỉ hoạt động có thời hạn", 15_000_000, 140),)),
)  # fmt: skip

# (site, plant, plants, m², discovered days ago, destroyed days ago, has coordinates)
CULTIVATION_STORIES = (
    ("Vườn sau nhà, Thôn 3", Cultivation.Plant.CANNABIS, 35, "12.0", 100, 98, True),
    ("Nương ven đê, Thôn 7", Cultivation.Plant.POPPY, 120, "40.5", 8, None, True),
    ("Chậu cây trên sân thượng, Thôn 12", Cultivation.Plant.CANNABIS, 6, "1.5", 40, 40, False),
)

# (location, owner, status, installed days ago, has coordinates)
CAMERA_STORIES = (
    ("Ngã tư {street}", Camera.Owner.PUBLIC, Camera.Status.ACTIVE, 400, True),
    ("Cổng chợ {street}", Camera.Owner.PUBLIC, Camera.Status.BROKEN, 700, True),
    ("Nhà văn hóa khu dân cư", Camera.Owner.HOUSEHOLD, Camera.Status.ACTIVE, 200, True),
    ("Đầu ngõ 18 {street}", Camera.Owner.HOUSEHOLD, Camera.Status.REMOVED, 900, False),
)


@dataclass
class PlacesDemoResult:
    places: int = 0
    businesses: int = 0
    inspections: int = 0
    cultivation: int = 0
    cameras: int = 0
    facility_checks: int = 0
    cases: int = 0
    arrests: int = 0
    seizures: int = 0
    tips: int = 0


class _Points:
    """Successive plausible coordinates around a ward's centre."""

    def __init__(self, ward: DemoWard) -> None:
        self.lat, self.lng = Decimal(ward.centre[0]), Decimal(ward.centre[1])
        self.index = 0

    def next(self, located: bool = True) -> tuple[Decimal | None, Decimal | None]:
        if not located:
            return None, None
        dlat, dlng = OFFSETS[self.index % len(OFFSETS)]
        self.index += 1
        step = Decimal("0.000001")
        return self.lat + dlat * step, self.lng + dlng * step


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL)


@contextmanager
def _fixed_tip_code(code: str) -> Iterator[None]:
    """The demo's public tip gets a code people can type (the service draws a random one)."""
    original = tip_services.core.new_code
    tip_services.core.new_code = lambda: code
    try:
        yield
    finally:
        tip_services.core.new_code = original


def _places(
    ward: DemoWard, officer: User, commune: Area, groups: list[Area], persons: list[Person],
    points: _Points, today: date, result: PlacesDemoResult,
) -> list[Place]:  # fmt: skip
    created = []
    for n, (kind, name, address, found, steps, located) in enumerate(PLACE_STORIES):
        lat, lng = points.next(located)
        place = place_services.place_create(
            actor=officer,
            area=groups[(n * 3) % len(groups)] if groups else commune,
            kind=kind,
            name=name.format(street=ward.street),
            address=address.format(street=ward.street),
            description="Dữ liệu demo: người dân phản ánh có tụ tập, nghi sử dụng ma túy.",
            discovered_on=today - timedelta(days=found),
            today=today,
            latitude=lat,
            longitude=lng,
        )
        for status, days_ago in steps:
            place = place_services.place_transition(
                actor=officer,
                place=place,
                to_status=status,
                on=today - timedelta(days=days_ago),
                note="Dữ liệu demo",
                today=today,
            )
        created.append(place)
        result.places += 1
    harbouring = [p for p in created if p.kind == Place.Kind.HARBOURING]
    for place, person, role in zip(
        harbouring, persons, (PlacePerson.Role.OWNER, PlacePerson.Role.USER), strict=False
    ):
        place_services.place_link_person(actor=officer, place=place, person=person, role=role)
    return created


def _businesses(
    ward: DemoWard, officer: User, groups: list[Area], commune: Area, points: _Points,
    today: date, result: PlacesDemoResult,
) -> None:  # fmt: skip
    for n, (kind, name, owner, risk, inspections) in enumerate(BUSINESS_STORIES):
        lat, lng = points.next(located=n != 3)
        business = place_services.business_create(
            actor=officer,
            area=groups[(n * 5 + 1) % len(groups)] if groups else commune,
            kind=kind,
            name=name,
            address=f"Số {20 + n * 13} {ward.street}",
            owner_name=owner,
            owner_phone=f"09{ward.code[-2:]}{n}45{n}78",
            licence_number=f"{100 + n}/GCN-ANTT",
            licence_date=today - timedelta(days=900 + n * 30),
            risk=risk,
            today=today,
            latitude=lat,
            longitude=lng,
        )
        result.businesses += 1
        for days_ago, violation, sanction, fine, suspended in inspections:
            inspected_on = today - timedelta(days=days_ago)
            place_services.inspection_record(
                actor=officer,
                business=business,
                inspected_on=inspected_on,
                team=f"Tổ công tác Công an {ward.street}",
                findings="Kiểm tra điều kiện về an ninh, trật tự; việc khai báo lưu trú.",
                violation=violation,
                sanction=sanction,
                fine_vnd=fine,
                suspended_until=inspected_on + timedelta(days=suspended) if suspended else None,
                today=today,
            )
            result.inspections += 1


def _cultivation(
    officer: User, groups: list[Area], points: _Points, today: date, result: PlacesDemoResult
) -> None:
    for n, (site, plant, count, m2, found, destroyed, located) in enumerate(CULTIVATION_STORIES):
        lat, lng = points.next(located)
        cultivation = place_services.cultivation_create(
            actor=officer,
            area=groups[(n * 4 + 2) % len(groups)],
            site=site,
            plant=plant,
            plant_count=count,
            area_m2=Decimal(m2),
            discovered_on=today - timedelta(days=found),
            today=today,
            latitude=lat,
            longitude=lng,
        )
        if destroyed is not None:
            place_services.cultivation_destroy(
                actor=officer,
                cultivation=cultivation,
                destroyed_on=today - timedelta(days=destroyed),
                today=today,
            )
        result.cultivation += 1


def _cameras(
    ward: DemoWard, officer: User, groups: list[Area], commune: Area, points: _Points,
    today: date, result: PlacesDemoResult,
) -> None:  # fmt: skip
    for n, (location, owner, status, installed, located) in enumerate(CAMERA_STORIES):
        lat, lng = points.next(located)
        place_services.camera_create(
            actor=officer,
            area=groups[(n * 7) % len(groups)] if groups else commune,
            location=location.format(street=ward.street),
            owner=owner,
            status=status,
            installed_on=today - timedelta(days=installed),
            today=today,
            latitude=lat,
            longitude=lng,
        )
        result.cameras += 1


def _facility_checks(
    officer: User, groups: list[Area], today: date, result: PlacesDemoResult
) -> None:
    """Most groups checked, most with both; every ninth group never checked."""
    for i, group in enumerate(groups):
        if i % 9 == 8:
            continue
        place_services.facility_check_record(
            actor=officer,
            area=group,
            checked_on=today - timedelta(days=10 + i % 50),
            has_tip_box=i % 11 != 5,
            has_hotline_board=i % 7 != 3,
            note="" if i % 7 != 3 else "Bảng bị hỏng, đề nghị thay mới",
            today=today,
        )
        result.facility_checks += 1


def _cases(
    ward: DemoWard, officer: User, commune: Area, groups: list[Area], persons: list[Person],
    today: date, result: PlacesDemoResult,
) -> None:  # fmt: skip
    occurred = today - timedelta(days=70)
    crime = case_services.case_create(
        actor=officer,
        area=groups[0] if groups else commune,
        kind=Case.Kind.CRIME,
        number=f"{ward.code[-2:]}/{occurred.year}/VA",
        occurred_on=occurred,
        offence="251",
        summary=(
            "Bắt quả tang hai đối tượng mua bán trái phép chất ma túy tại khu nhà hoang ven kênh; "
            "thu giữ ma túy đá và heroin."
        ),
        today=today,
    )
    for person in persons[:2]:
        case_services.case_add_person(
            actor=officer,
            case=crime,
            person=person,
            role=CasePerson.Role.ARRESTED,
            arrested_on=occurred,
            today=today,
        )
        result.arrests += 1
    for substance, form, quantity, unit in (
        ("Methamphetamine", "tinh thể", "12.35", Seizure.Unit.GRAM),
        ("Heroin", "bột, đóng gói nhỏ", "0.82", Seizure.Unit.GRAM),
    ):
        case_services.seizure_add(
            actor=officer,
            case=crime,
            substance=Substance.objects.get(name=substance),
            form=form,
            quantity=Decimal(quantity),
            unit=unit,
        )
        result.seizures += 1
    case_services.case_set_status(actor=officer, case=crime, status=Case.Status.PROSECUTED)
    result.cases += 1
    if len(persons) < 3:
        return
    violation = case_services.case_create(
        actor=officer,
        area=persons[2].area,
        kind=Case.Kind.ADMINISTRATIVE,
        number=f"{ward.code[-2:]}/QĐ-XPVPHC",
        occurred_on=today - timedelta(days=20),
        offence="nd144-23-use",
        summary="Phát hiện sử dụng trái phép chất ma túy tại nơi ở, test nhanh dương tính.",
        today=today,
    )
    case_services.case_add_person(
        actor=officer,
        case=violation,
        person=persons[2],
        role=CasePerson.Role.VIOLATOR,
        arrested_on=None,
        today=today,
    )
    case_services.case_set_status(actor=officer, case=violation, status=Case.Status.SANCTIONED)
    result.cases += 1


def _tips(
    ward: DemoWard, officer: User, commune: Area, groups: list[Area], places: list[Place],
    today: date, result: PlacesDemoResult,
) -> None:  # fmt: skip
    """Tips in every status; some overdue (20 days, CPC 2015 Art. 147), one extended."""

    def record(
        days_ago: int,
        channel: str,
        category: str,
        text: str,
        contact_name: str = "",
        contact_phone: str = "",
    ) -> Tip:
        result.tips += 1
        return tip_services.tip_record(
            actor=officer,
            area=groups[(days_ago * 3) % len(groups)] if groups else commune,
            channel=channel,
            category=category,
            description=text,
            location_text=f"Khu vực ngõ {days_ago} {ward.street}",
            received_at=_moment(today - timedelta(days=days_ago)),
            contact_name=contact_name,
            contact_phone=contact_phone,
        )

    record(3, Tip.Channel.HOTLINE, Tip.Category.USE, "Nhóm thanh niên tụ tập hút chích buổi tối.")
    record(35, Tip.Channel.TIP_BOX, Tip.Category.DEALING, "Thư trong hòm thư: có người bán ma túy.")
    assigned = record(
        10,
        Tip.Channel.IN_PERSON,
        Tip.Category.HARBOURING,
        "Nhà trọ cuối ngõ thường có người lạ ra vào lúc đêm khuya.",
        contact_name="Phạm Thị Nhung",
        contact_phone="0987 654 321",
    )
    tip_services.tip_assign(actor=officer, tip=assigned, officer=officer)
    verified = record(
        60, Tip.Channel.HOTLINE, Tip.Category.HARBOURING, "Quán karaoke mini cho thuê phòng hút."
    )
    tip_services.tip_assign(actor=officer, tip=verified, officer=officer)
    tip_services.tip_start(actor=officer, tip=verified)
    tip_services.tip_close(
        actor=officer,
        tip=verified,
        outcome=Tip.Outcome.VERIFIED,
        note="Xác minh đúng, đã lập hồ sơ điểm chứa chấp.",
        place=next((p for p in places if p.kind == Place.Kind.HARBOURING), None),
        today=today - timedelta(days=45),
    )
    if not ward.full:
        return
    verifying = record(
        25, Tip.Channel.OFFICER, Tip.Category.DEALING, "Nghi đối tượng giao ma túy qua xe ôm."
    )
    tip_services.tip_assign(actor=officer, tip=verifying, officer=officer)
    tip_services.tip_start(actor=officer, tip=verifying)
    extended = record(
        40, Tip.Channel.HOTLINE, Tip.Category.DEALING, "Đường dây mua bán từ tỉnh khác về."
    )
    tip_services.tip_assign(actor=officer, tip=extended, officer=officer)
    tip_services.tip_start(actor=officer, tip=extended)
    tip_services.tip_extend(  # within its first 20 days (Art. 147(2))
        actor=officer,
        tip=extended,
        reason="Vụ việc phức tạp, phải xác minh ở nhiều nơi.",
        today=today - timedelta(days=25),
    )
    dismissed = record(
        50, Tip.Channel.HOTLINE, Tip.Category.OTHER, "Nghi hàng xóm trồng cây lạ trong chậu."
    )
    tip_services.tip_assign(actor=officer, tip=dismissed, officer=officer)
    tip_services.tip_start(actor=officer, tip=dismissed)
    tip_services.tip_close(
        actor=officer,
        tip=dismissed,
        outcome=Tip.Outcome.DISMISSED,
        note="Cây cảnh (trầu bà), không phải cây có chứa chất ma túy.",
        today=today - timedelta(days=40),
    )
    # The anonymous citizen's tip from the public page.
    with _fixed_tip_code(DEMO_PUBLIC_TIP_CODE):
        tip_services.tip_submit_public(
            area=commune,
            category=Tip.Category.USE,
            description="Tối nào cũng có mấy người tụ tập ở bãi đất sau chợ, có mùi khét lạ.",
            location_text=f"Bãi đất trống sau chợ {ward.street}",
            occurred_text="Khoảng 21 giờ các tối gần đây",
            client_ip=None,
            now=_moment(today - timedelta(days=2), 20),
        )
    result.tips += 1


def load_demo_places(*, actor: User, today: date) -> PlacesDemoResult:
    """Create the places, cases and tips of the seed wards (once, inside ``load_demo``).

    ``actor`` (the administrator loading the demo) is not the author: each ward's officer is,
    as in real use; ``actor`` only anchors the call like the other demo loaders."""
    del actor
    result = PlacesDemoResult()
    for ward in WARDS:
        officer = User.objects.get(username=ward.officer)
        commune = Area.objects.get(level=Level.COMMUNE, code=ward.code)
        groups = list(
            Area.objects.filter(parent=commune, is_active=True, level=Level.GROUP).order_by(
                "sort_key", "pk"
            )
        )
        persons = list(
            Person.objects.for_user(officer).active().filter(merged_into__isnull=True)
            .order_by("pk")[:3]
        )  # fmt: skip
        points = _Points(ward)
        places = _places(ward, officer, commune, groups, persons, points, today, result)
        _businesses(ward, officer, groups, commune, points, today, result)
        if ward.code == "11725":
            _cultivation(officer, groups, points, today, result)
        _cameras(ward, officer, groups, commune, points, today, result)
        _facility_checks(officer, groups, today, result)
        _cases(ward, officer, commune, groups, persons, today, result)
        _tips(ward, officer, commune, groups, places, today, result)
    return result
