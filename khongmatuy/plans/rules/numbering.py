"""Numbers and symbols of plan documents, as the official texts print them.

State documents (Decree 30/2020/NĐ-CP on clerical work, Art. 8 and Appendix I-III): the number, a
slash, the type's abbreviation, a hyphen, the issuing body's abbreviation: "313/KH-UBND",
"50/NQ-CP", "483/KH-CAHP-PC04"; an official letter has no type: "2318/UBND-NC".
Party documents (Hướng dẫn 36-HD/VPTW of the Party Central Office on the format of Party
documents): the number, a hyphen, the type, a slash, the body: "03-NQ/ĐU", "26-CT/TU".

A leading "Số:" is dropped; spaces around the separators are removed; letters are kept as typed
(capitals are required, as the decree prints them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The abbreviations of the kinds a plan document may be (Decree 30/2020/NĐ-CP, Appendix III;
# the same letters in Hướng dẫn 36-HD/VPTW for Party documents).
KIND_CODES: dict[str, tuple[str, ...]] = {
    "plan": ("KH",),
    "resolution": ("NQ",),
    "decision": ("QĐ",),
    "directive": ("CT",),
    "conclusion": ("KL",),
    "notice": ("TB",),
    "project": ("ĐA",),
    "programme": ("CTr",),
    "letter": (),  # công văn: no type in the symbol
}

_PART = r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*"
STATE = re.compile(rf"^(?P<number>\d{{1,5}})/(?P<type>[A-ZĐ][A-Za-zĐ]{{0,3}})-(?P<body>{_PART})$")
LETTER = re.compile(rf"^(?P<number>\d{{1,5}})/(?P<body>{_PART})$")
PARTY = re.compile(rf"^(?P<number>\d{{1,5}})-(?P<type>[A-ZĐ][A-Za-zĐ]{{0,3}})/(?P<body>{_PART})$")
_PREFIX = re.compile(r"^\s*số\s*:?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s*([/-])\s*")


@dataclass(frozen=True)
class DocumentNumber:
    number: int
    type_code: str  # "" for an official letter
    body: str
    party: bool

    @property
    def text(self) -> str:
        if self.party:
            return f"{self.number:02d}-{self.type_code}/{self.body}"
        if not self.type_code:
            return f"{self.number:02d}/{self.body}"
        return f"{self.number:02d}/{self.type_code}-{self.body}"


def clean(raw: str) -> str:
    """The number as typed, without "Số:" and the spaces around its separators."""
    return _SPACES.sub(r"\1", _PREFIX.sub("", raw.strip())).strip()


def parse(raw: str) -> DocumentNumber | None:
    """The parts of a number and symbol, or None when it is written in neither layout."""
    text = clean(raw)
    for pattern, party in ((STATE, False), (PARTY, True)):
        match = pattern.match(text)
        if match:
            return DocumentNumber(int(match["number"]), match["type"], match["body"], party)
    match = LETTER.match(text)
    if match:
        return DocumentNumber(int(match["number"]), "", match["body"], False)
    return None


def fits_kind(parsed: DocumentNumber, kind: str) -> bool:
    """Whether the symbol's type is the kind's abbreviation (a letter carries none)."""
    codes = KIND_CODES.get(kind)
    if codes is None:
        return False
    if not codes:
        return parsed.type_code == "" or parsed.party
    return parsed.type_code in codes
