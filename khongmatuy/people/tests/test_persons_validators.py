"""Citizen ID (CCCD) structure: length, digits, province code, century/sex digit, birth year."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.people.validators import (
    PROVINCE_CODES,
    century_start,
    citizen_id_problems,
    clean_citizen_id,
)

TODAY = date(2026, 11, 23)
# "031090012345" typed with full-width digits (an IME left in full-width mode)
FULLWIDTH = "".join(chr(0xFF10 + int(d)) for d in "031090012345")


def test_the_province_list_is_the_63_codes_of_circular_07_2016():
    assert len(PROVINCE_CODES) == 63
    assert min(PROVINCE_CODES) == "001"
    assert max(PROVINCE_CODES) == "096"
    assert PROVINCE_CODES["031"] == "Hải Phòng"
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert "003" not in PROVINCE_CODES
    assert "097" not in PROVINCE_CODES


@pytest.mark.parametrize(
    ("digit", "start"), [(0, 1900), (1, 1900), (2, 2000), (3, 2000), (4, 2100), (9, 2300)]
)
def test_century_digit(digit, start):
    assert century_start(digit) == start


@pytest.mark.parametrize(
    ("value", "sex", "born"),
    [
        ("031090012345", "male", date(1990, 5, 17)),
        ("031190012345", "female", date(1990, 5, 17)),
        ("001201000001", "male", date(2001, 1, 1)),
        ("096305999999", "female", date(2005, 12, 31)),
        ("022085000111", None, None),
    ],
)
def test_valid_numbers(value, sex, born):
    assert citizen_id_problems(value, sex=sex, date_of_birth=born, today=TODAY) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03109001234", "Số CCCD phải gồm đúng 12 chữ số (số đã nhập có 11 chữ số)."),
        ("0310900123456", "Số CCCD phải gồm đúng 12 chữ số (số đã nhập có 13 chữ số)."),
        ("03109001234A", "Số CCCD chỉ được gồm các chữ số 0 đến 9 (không có chữ cái, ký hiệu)."),
        (
            FULLWIDTH,
            "Số CCCD chỉ được gồm các chữ số 0 đến 9 (không có chữ cái, ký hiệu).",
        ),
        ("", "Số CCCD không được để trống."),
    ],
)
def test_length_and_characters(value, expected):
    assert citizen_id_problems(value) == [expected]


@pytest.mark.parametrize("code", ["000", "003", "013", "097", "999"])
def test_unknown_province_code(code):
    assert citizen_id_problems(f"{code}090012345") == [
        f"Ba số đầu “{code}” không phải mã tỉnh, thành phố nơi đăng ký khai sinh."
    ]


def test_century_digit_against_sex():
    assert citizen_id_problems("031090012345", sex="female") == [
        "Chữ số thứ 4 (“0”) là mã của nam, không khớp giới tính nữ."
    ]
    assert citizen_id_problems("031390012345", sex="male", date_of_birth=date(2090, 1, 1)) == [
        "Chữ số thứ 4 (“3”) là mã của nữ, không khớp giới tính nam."
    ]


def test_century_digit_against_birth_year():
    # "2" means born 2000-2099; a person born in 1990 must have 0 or 1.
    assert citizen_id_problems("031290012345", sex="male", date_of_birth=date(1990, 5, 17)) == [
        "Chữ số thứ 4 (“2”) chỉ người sinh từ năm 2000 đến 2099, không khớp năm sinh 1990."
    ]


def test_year_digits_against_birth_year():
    assert citizen_id_problems("031091012345", sex="male", date_of_birth=date(1990, 5, 17)) == [
        "Chữ số thứ 5 và 6 (“91”) phải là hai số cuối của năm sinh 1990."
    ]


def test_encoded_year_in_the_future():
    assert citizen_id_problems("031230012345", today=TODAY) == [
        "Chữ số thứ 4 đến 6 (“230”) cho năm sinh 2030, sau năm hiện tại."
    ]


def test_several_problems_are_all_reported():
    assert citizen_id_problems("999191012345", sex="male", date_of_birth=date(1990, 1, 1)) == [
        "Ba số đầu “999” không phải mã tỉnh, thành phố nơi đăng ký khai sinh.",
        "Chữ số thứ 4 (“1”) là mã của nữ, không khớp giới tính nam.",
        "Chữ số thứ 5 và 6 (“91”) phải là hai số cuối của năm sinh 1990.",
    ]


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("031 090 012 345", "031090012345"),
        ("031.090.012.345", "031090012345"),
        ("031-090-012345", "031090012345"),
        (None, ""),
    ],
)
def test_separators_are_removed(typed, clean):
    assert clean_citizen_id(typed) == clean
