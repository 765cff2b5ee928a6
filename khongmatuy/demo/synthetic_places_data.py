"""The tables the synthetic places stage draws from: names, lifecycles, offences, tip states.

Only invented names; weights are in percent.
"""

from __future__ import annotations

from khongmatuy.cases.models import Seizure
from khongmatuy.places.models import Business, Place
from khongmatuy.tips.models import Tip

PS = Place.Status
# A place's lifecycle as (status, days after the previous step); weights in percent.
PLACE_PATHS: tuple[tuple[tuple[tuple[str, int], ...], int], ...] = (
    ((), 30),  # still detected
    (((PS.UNDER_ACTION, 20),), 20),
    (((PS.ELIMINATED, 60),), 15),
    (((PS.UNDER_ACTION, 15), (PS.ELIMINATED, 40), (PS.WATCHED, 10)), 25),
    (((PS.ELIMINATED, 30), (PS.WATCHED, 10), (PS.RECURRED, 150)), 10),
)
PLACE_NAMES = (
    "Bãi đất trống sau chợ", "Khu nhà hoang ven kênh", "Gầm cầu", "Phòng trọ cuối ngõ",
    "Quán nước đầu ngõ", "Bãi xe cũ", "Khu lán trại công trình", "Nhà kho bỏ hoang",
)  # fmt: skip
BUSINESS_NAMES = (
    "Ánh Dương", "Hoa Phượng", "Sóng Biển", "Bình Minh", "Thiên Đường", "Phố Cũ", "Hải Âu",
    "Sao Mai", "Hồng Hà", "Ngọc Lan", "Thư Giãn", "Gia Đình", "Phương Đông", "Hoàng Gia",
)  # fmt: skip
BUSINESS_KINDS = (
    (Business.Kind.KARAOKE, 25), (Business.Kind.GUEST_HOUSE, 20), (Business.Kind.RENTED_ROOMS, 30),
    (Business.Kind.BAR, 8), (Business.Kind.HOTEL, 7), (Business.Kind.MASSAGE, 10),
)  # fmt: skip
KIND_LABELS: dict[str, str] = {
    Business.Kind.KARAOKE: "Karaoke", Business.Kind.GUEST_HOUSE: "Nhà nghỉ",
    Business.Kind.RENTED_ROOMS: "Nhà trọ", Business.Kind.BAR: "Quán bar",
    Business.Kind.HOTEL: "Khách sạn", Business.Kind.MASSAGE: "Massage",
}  # fmt: skip
CRIME_OFFENCES = (("251", 40), ("249", 35), ("255", 10), ("256", 10), ("250", 5))
ADMIN_OFFENCES = (("nd144-23-use", 80), ("nd144-23-possess", 15), ("nd144-23-harbour", 5))
SUBSTANCES = (
    ("Methamphetamine", "tinh thể", Seizure.Unit.GRAM),
    ("Heroin", "bột", Seizure.Unit.GRAM),
    ("MDMA", "viên nén", Seizure.Unit.PILL),
    ("Ketamine", "bột", Seizure.Unit.GRAM),
    ("Cần sa", "khô", Seizure.Unit.GRAM),
)
TS = Tip.Status
# (status, outcome, weight)
TIP_STATES = (
    (TS.RECEIVED, "", 20), (TS.ASSIGNED, "", 15), (TS.VERIFYING, "", 15),
    (TS.CLOSED, Tip.Outcome.VERIFIED, 25), (TS.CLOSED, Tip.Outcome.PARTLY, 5),
    (TS.CLOSED, Tip.Outcome.DISMISSED, 15), (TS.CLOSED, Tip.Outcome.TRANSFERRED, 5),
)  # fmt: skip
TIP_CHANNELS = (
    (Tip.Channel.PUBLIC_FORM, 30), (Tip.Channel.HOTLINE, 30), (Tip.Channel.TIP_BOX, 10),
    (Tip.Channel.IN_PERSON, 15), (Tip.Channel.OFFICER, 15),
)  # fmt: skip
TIP_CATEGORIES = (
    (Tip.Category.USE, 40), (Tip.Category.DEALING, 30), (Tip.Category.HARBOURING, 15),
    (Tip.Category.CULTIVATION, 5), (Tip.Category.OTHER, 10),
)  # fmt: skip
TIP_TEXTS = (
    "Có nhóm thanh niên tụ tập buổi tối, nghi sử dụng ma túy.",
    "Nghi có người bán ma túy qua xe ôm ở đầu ngõ.",
    "Nhà trọ thường có người lạ ra vào lúc đêm khuya.",
    "Phát hiện bơm kim tiêm vứt ở bãi đất trống.",
)
