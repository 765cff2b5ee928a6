"""Name order at its edges, the same in Python (``text``) and in the database (``collation``):
zero, numbers against letters, digits inside a word, names of one word. Pure."""

from __future__ import annotations

import pytest

from khongmatuy.common.collation import area_sort_string, name_sort_string, text_sort_string
from khongmatuy.common.text import natural_key, person_name_key, word_key


@pytest.mark.parametrize("key", [natural_key, area_sort_string])
def test_zero_and_numbers_before_letters(key) -> None:  # type: ignore[no-untyped-def]
    names = ["Tổ A", "Tổ 10", "Tổ", "Tổ 1", "Tổ 0", "Tổ B", "Tổ 9"]
    assert sorted(names, key=key) == ["Tổ", "Tổ 0", "Tổ 1", "Tổ 9", "Tổ 10", "Tổ A", "Tổ B"]
    assert key("Tổ 000") == key("Tổ 0")
    assert key("Tổ 0") != key("Tổ")
    assert key("Tổ 1") < key("Tổ A")
    assert key("Tổ 10") < key("Tổ 1A") or key("Tổ 1A") < key("Tổ 10")  # both orders are total


@pytest.mark.parametrize("key", [natural_key, area_sort_string])
def test_digits_inside_a_word_compare_by_value(key) -> None:  # type: ignore[no-untyped-def]
    names = ["Khu K10", "Khu K2", "Khu K1B", "Khu K1A", "Khu K"]
    assert sorted(names, key=key) == ["Khu K", "Khu K1A", "Khu K1B", "Khu K2", "Khu K10"]


def test_digit_order_in_a_word_key() -> None:
    digits = [word_key(str(d)) for d in range(10)]
    assert digits == sorted(digits)
    assert len(set(digits)) == 10
    assert word_key("9") < word_key("a") < word_key("z") < word_key("!")
    assert word_key("A1") < word_key("A2") < word_key("Ă1")


def test_person_names_with_one_word_or_none() -> None:
    assert person_name_key("An") == (word_key("An"),)
    assert person_name_key("") == ()
    assert name_sort_string("") == ""
    assert name_sort_string("An") < name_sort_string("Bình")
    assert name_sort_string("Trần An") < name_sort_string("Lê Bình")  # the given name decides


def test_tones_decide_after_letters_in_the_stored_keys() -> None:
    for key in (name_sort_string, text_sort_string, area_sort_string):
        assert key("a") < key("à") < key("an") < key("ăn") < key("b")
    assert area_sort_string("Hoà") == area_sort_string("Hòa")


def test_a_title_keeps_its_number_order() -> None:
    titles = ["Tuyến 10", "Tuyến 2", "Tuyến A", "Tuyến"]
    assert sorted(titles, key=text_sort_string) == ["Tuyến", "Tuyến 2", "Tuyến 10", "Tuyến A"]
    assert text_sort_string("Tuyến 0") < text_sort_string("Tuyến 1")


@pytest.mark.parametrize("key", [natural_key, area_sort_string])
def test_a_leading_number_sorts_before_any_word(key) -> None:  # type: ignore[no-untyped-def]
    assert sorted(["B", "10", "Ấp 3", "A", "2"], key=key) == ["2", "10", "A", "Ấp 3", "B"]
    assert key("1A") < key("A1")


def test_stored_keys_fit_their_columns() -> None:
    long_name = "Nguyễn " * 80 + "An"
    assert len(name_sort_string(long_name)) == 250
    assert len(text_sort_string(long_name)) == 200
    assert name_sort_string(long_name).startswith(name_sort_string("An"))
