"""Vietnamese text helpers: folding for search, the Vietnamese sort orders."""

from __future__ import annotations

import unicodedata

import pytest

from khongmatuy.common.collation import area_sort_string
from khongmatuy.common.text import (
    _visible,
    fold,
    natural_key,
    normalize,
    person_name_key,
    word_key,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn A", "nguyen van a"),
        ("Đ", "d"),
        ("đường Đông Phương", "duong dong phuong"),
        ("  Gia   Viên\t", "gia vien"),
        ("THÀNH ĐÔNG", "thanh dong"),
        ("Tổ dân phố số 10", "to dan pho so 10"),
        ("Ưng Hoàng Phúc", "ung hoang phuc"),
        ("\u00d0ông", "dong"),  # Icelandic eth typed for Đ (legacy TCVN3 conversions)
        ("Gia\u00a0Viên\u200b", "gia vien"),  # no-break space, zero-width space
        ("Gia\x00 Viên", "gia vien"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_treats_nfc_and_nfd_alike():
    nfc = unicodedata.normalize("NFC", "Nguyễn Thị Thủy")
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    assert nfc != nfd
    assert fold(nfc) == fold(nfd) == "nguyen thi thuy"


def test_old_and_new_tone_placement_fold_equal():
    assert fold("Thuỷ") == fold("Thủy") == "thuy"
    assert fold("Hoà") == fold("Hòa") == "hoa"


@pytest.mark.parametrize(
    ("old", "new", "folded"),
    [
        ("Thuỷ Nguyên", "Thủy Nguyên", "thuy nguyen"),
        ("hoà", "hòa", "hoa"),
        ("uý", "úy", "uy"),
        ("oà", "òa", "oa"),
        ("oé", "óe", "oe"),
        ("HOÀ", "HÒA", "hoa"),
        ("khoẻ", "khỏe", "khoe"),
    ],
)
def test_each_tone_placement_pair_folds_equal_in_both_forms(old, new, folded):
    for form in ("NFC", "NFD"):
        assert fold(unicodedata.normalize(form, old)) == folded
        assert fold(unicodedata.normalize(form, new)) == folded


@pytest.mark.parametrize(
    ("old", "new"), [("Thuỷ Nguyên", "Thủy Nguyên"), ("Hoà", "Hòa"), ("Uý", "Úy"), ("Khoé", "Khóe")]
)
def test_each_tone_placement_pair_sorts_equal(old, new):
    assert area_sort_string(old) == area_sort_string(new)


def test_place_names_sort_in_vietnamese_order():
    names = ["Cần Thơ", "Cao Bằng", "Cà Mau", "Đường An", "Dương Kinh", "Tổ 10", "Tổ 02", "Tổ"]
    assert sorted(names, key=area_sort_string) == [
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Dương Kinh",
        "Đường An",
        "Tổ",
        "Tổ 02",
        "Tổ 10",
    ]
    assert sorted(names, key=area_sort_string) == sorted(names, key=natural_key)
    assert area_sort_string("Tổ 2") == area_sort_string("Tổ 02")
    assert area_sort_string("") == ""


def test_normalize_returns_nfc_with_single_spaces():
    nfd = unicodedata.normalize("NFD", "  Thành   Đông ")
    assert normalize(nfd) == "Thành Đông"
    assert unicodedata.is_normalized("NFC", normalize(nfd))
    assert normalize("Tổ\u00a01\u200b") == "Tổ 1"
    assert normalize("\u00d0ông Hải") == "Đông Hải"


def test_word_key_orders_letters_before_tones():
    words = ["ánh", "an", "à", "ăn", "a", "ân", "anh", "b"]
    assert sorted(words, key=word_key) == ["a", "à", "an", "anh", "ánh", "ăn", "ân", "b"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a", "ă"),
        ("ă", "â"),
        ("â", "b"),
        ("d", "đ"),
        ("đ", "e"),
        ("e", "ê"),
        ("o", "ô"),
        ("ô", "ơ"),
        ("u", "ư"),
        ("ư", "v"),
        ("Dũng", "Đức"),
        ("Dương", "Đông"),
        ("ma", "mà"),  # ngang < huyền < hỏi < ngã < sắc < nặng
        ("mà", "mả"),
        ("mả", "mã"),
        ("mã", "má"),
        ("má", "mạ"),
        ("Lan", "Lân"),
        ("Tổ", "Tổng"),
    ],
)
def test_word_key_follows_the_vietnamese_alphabet(first, second):
    assert word_key(first) < word_key(second)


def test_word_key_ignores_case_and_normal_form():
    assert word_key("ĐỨC") == word_key("đức") == word_key(unicodedata.normalize("NFD", "Đức"))


def test_person_name_key_sorts_by_given_name_in_vietnamese_order():
    names = ["Phạm Đức", "Lê Văn Bình", "Trần Thị Ánh", "Nguyễn Văn An"]
    assert sorted(names, key=person_name_key) == [
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Lê Văn Bình",
        "Phạm Đức",
    ]


def test_person_name_key_then_family_then_middle_name():
    names = ["Trần Văn An", "Lê Văn An", "Lê Thị An", "Nguyễn Dũng", "Đỗ Đức"]
    assert sorted(names, key=person_name_key) == [
        "Lê Thị An",
        "Lê Văn An",
        "Trần Văn An",
        "Nguyễn Dũng",
        "Đỗ Đức",
    ]


def test_person_name_key_of_odd_input():
    assert person_name_key("") == ()
    assert person_name_key("   ") == ()
    assert person_name_key("  An  ") == person_name_key("An")
    assert person_name_key("An") < person_name_key("Nguyễn Văn An")


def test_natural_key_orders_numbers_by_value():
    names = ["Tổ 10", "Tổ 2", "Tổ 1", "Tổ 100", "Tổ 9"]
    assert sorted(names, key=natural_key) == ["Tổ 1", "Tổ 2", "Tổ 9", "Tổ 10", "Tổ 100"]


def test_natural_key_mixes_numbers_and_vietnamese_letters():
    names = ["Thôn Đông", "Thôn Dương", "Tổ 2A", "Tổ 2", "Tổ 12", "Ấp 3", "Ấp 1"]
    assert sorted(names, key=natural_key) == [
        "Ấp 1",
        "Ấp 3",
        "Thôn Dương",
        "Thôn Đông",
        "Tổ 2",
        "Tổ 2A",
        "Tổ 12",
    ]


def test_natural_key_handles_leading_zeros_and_any_length():
    assert natural_key("Tổ 02") == natural_key("Tổ 2")
    huge = "Tổ " + "9" * 5000
    assert natural_key("Tổ 10") < natural_key(huge)
    assert natural_key("²") == natural_key("²")  # a superscript is not a number, no crash
    assert natural_key("") == ()


def test_printable_text_skips_the_character_filter_with_the_same_result() -> None:
    """Every character of the Basic Multilingual Plane, alone and in a name: the shortcut for
    printable text gives what the per-character filter gives."""
    for code in range(0x10000):
        ch = chr(code)
        if unicodedata.category(ch) == "Cs":  # surrogates: not text
            continue
        for text in (ch, f"Gia{ch}Viên"):
            slow = "".join(
                c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
            )
            assert _visible(text) == slow, hex(code)
