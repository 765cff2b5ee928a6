"""Structure of the citizen ID number (số định danh cá nhân, printed on the CCCD card).

The number has 12 digits (Law on Identification 26/2023/QH15, Art. 12; structure set by Circular
07/2016/TT-BCA, Art. 7, kept by Circular 59/2021/TT-BCA):

* digits 1-3: the code of the province or city where the birth was registered (Appendix I of
  Circular 07/2016/TT-BCA: the 63 province codes from 001 to 096). The 2025 merger of provinces
  did not renumber anybody, so the pre-2025 codes stay the valid ones;
* digit 4: century of birth and sex: 0/1 male/female born 1900-1999, 2/3 born 2000-2099,
  4/5 born 2100-2199, 6/7 born 2200-2299, 8/9 born 2300-2399;
* digits 5-6: the last two digits of the year of birth;
* digits 7-12: a random serial.

Only the structure can be checked offline; whether the number really belongs to the person is for
the national population database. Every failure gives its own Vietnamese message.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

CITIZEN_ID_LENGTH = 12

# Appendix I of Circular 07/2016/TT-BCA (code of the province where the birth was registered).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Separators people type inside the number ("031 0 90 012345", "031.090.012.345").
_SEPARATORS = re.compile(r"[\s.\-]+")

MALE, FEMALE = "male", "female"  # the values of ``choices.Sex``


def clean_citizen_id(value: str | None) -> str:
    """The number without the spaces, dots and dashes people type inside it ("" when blank)."""
    return _SEPARATORS.sub("", value or "")


def century_start(digit: int) -> int:
    """First year of the century that the 4th digit encodes (0/1 → 1900, 2/3 → 2000 …)."""
    return 1900 + (digit // 2) * 100


def citizen_id_problems(
    value: str,
    *,
    sex: str | None = None,
    date_of_birth: date | None = None,
    today: date | None = None,
) -> list[str]:
    """Every structural problem of ``value`` (already cleaned), as Vietnamese messages.

    ``sex`` and ``date_of_birth``, when given, must agree with the 4th to 6th digits; with
    ``today``, the encoded year of birth may not lie in the future. An empty list means the
    structure is valid.
    """
    if not value:
        return [_("Số CCCD không được để trống.")]
    if not value.isascii() or not value.isdigit():
        return [_("Số CCCD chỉ được gồm các chữ số 0 đến 9 (không có chữ cái, ký hiệu).")]
    if len(value) != CITIZEN_ID_LENGTH:
        return [
            _("Số CCCD phải gồm đúng %(n)s chữ số (số đã nhập có %(len)s chữ số).")
            % {"n": CITIZEN_ID_LENGTH, "len": len(value)}
        ]
    problems: list[str] = []
    province = value[:3]
    if province not in PROVINCE_CODES:
        problems.append(
            _("Ba số đầu “%(code)s” không phải mã tỉnh, thành phố nơi đăng ký khai sinh.")
            % {"code": province}
        )
    digit = int(value[3])
    encoded_year = century_start(digit) + int(value[4:6])
    encoded_sex = MALE if digit % 2 == 0 else FEMALE
    if sex in (MALE, FEMALE) and sex != encoded_sex:
        problems.append(
            _("Chữ số thứ 4 (“%(digit)s”) là mã của %(encoded)s, không khớp giới tính %(sex)s.")
            % {
                "digit": digit,
                "encoded": _("nam") if encoded_sex == MALE else _("nữ"),
                "sex": _("nam") if sex == MALE else _("nữ"),
            }
        )
    if today is not None and encoded_year > today.year:
        problems.append(
            _("Chữ số thứ 4 đến 6 (“%(digits)s”) cho năm sinh %(year)s, sau năm hiện tại.")
            % {"digits": value[3:6], "year": encoded_year}
        )
    elif date_of_birth is not None:
        born = date_of_birth.year
        if century_start(digit) != (born // 100) * 100:
            problems.append(
                _(
                    "Chữ số thứ 4 (“%(digit)s”) chỉ người sinh từ năm %(start)s đến %(end)s, "
                    "không khớp năm sinh %(year)s."
                )
                % {
                    "digit": digit,
                    "start": century_start(digit),
                    "end": century_start(digit) + 99,
                    "year": born,
                }
            )
        elif encoded_year != born:
            problems.append(
                _("Chữ số thứ 5 và 6 (“%(yy)s”) phải là hai số cuối của năm sinh %(year)s.")
                % {"yy": value[4:6], "year": born}
            )
    return problems
