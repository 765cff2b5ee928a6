"""Offences: Criminal Code (Law 100/2015/QH13, amended) Chapter XX, Arts. 247–259 and 256a, and
administrative violations on drugs (Decree 144/2021/NĐ-CP, Art. 23)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CRIMES: dict[str, object] = {
    "247": _(
        "Điều 247: Trồng cây thuốc phiện, cây côca, cây cần sa hoặc các loại cây khác có chứa chất ma túy"
    ),
    "248": _("Điều 248: Sản xuất trái phép chất ma túy"),
    "249": _("Điều 249: Tàng trữ trái phép chất ma túy"),
    "250": _("Điều 250: Vận chuyển trái phép chất ma túy"),
    "251": _("Điều 251: Mua bán trái phép chất ma túy"),
    "252": _("Điều 252: Chiếm đoạt chất ma túy"),
    "253": _("Điều 253: Tàng trữ, vận chuyển, mua bán hoặc chiếm đoạt tiền chất"),
    "254": _(
        "Điều 254: Sản xuất, tàng trữ, vận chuyển, mua bán phương tiện, dụng cụ dùng vào việc sản xuất hoặc sử dụng trái phép chất ma túy"
    ),
    "255": _("Điều 255: Tổ chức sử dụng trái phép chất ma túy"),
    "256": _("Điều 256: Chứa chấp việc sử dụng trái phép chất ma túy"),
    "256a": _("Điều 256a: Sử dụng trái phép chất ma túy (từ 01/7/2025)"),
    "257": _("Điều 257: Cưỡng bức người khác sử dụng trái phép chất ma túy"),
    "258": _("Điều 258: Lôi kéo người khác sử dụng trái phép chất ma túy"),
    "259": _(
        "Điều 259: Vi phạm quy định về quản lý chất ma túy, tiền chất, thuốc gây nghiện, thuốc hướng thần"
    ),
}
ADMINISTRATIVE: dict[str, object] = {
    "nd144-23-use": _("Sử dụng trái phép chất ma túy (Nghị định 144/2021/NĐ-CP, Điều 23)"),
    "nd144-23-possess": _(
        "Tàng trữ, vận chuyển trái phép chất ma túy không đến mức truy cứu (NĐ 144/2021, Điều 23)"
    ),
    "nd144-23-harbour": _(
        "Cho mượn địa điểm, phương tiện để sử dụng trái phép chất ma túy (NĐ 144/2021, Điều 23)"
    ),
    "nd144-23-other": _("Hành vi vi phạm hành chính khác về phòng, chống ma túy"),
}


def label(code: str) -> str:
    return str(CRIMES.get(code) or ADMINISTRATIVE.get(code) or code)


def choices_for(kind: str) -> list[tuple[str, str]]:
    source = CRIMES if kind == "crime" else ADMINISTRATIVE
    return [(code, str(text)) for code, text in source.items()]


# Criminal Code Art. 251 (mua bán trái phép chất ma túy): the one offence whose very name makes
# the person a dealer. Possession (Art. 249), transport (Art. 250), production (Art. 248) and the
# others do not: selling is a separate offence that has to be established.
DEALING_OFFENCES = frozenset({"251"})


def kind_of(code: str) -> str | None:
    """The case kind an offence belongs to ("crime" or "administrative"), None if unknown."""
    if code in CRIMES:
        return "crime"
    if code in ADMINISTRATIVE:
        return "administrative"
    return None


def belongs_to(code: str, kind: str) -> bool:
    """Crimes are Criminal Code Arts. 247–259 and 256a; administrative violations are those of
    Decree 144/2021/NĐ-CP, Art. 23. An offence of one kind is refused for a case of the other."""
    return kind_of(code) == kind


def all_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Offences grouped by kind, for a <select> with optgroups."""
    return [
        (str(_("Tội phạm (Bộ luật Hình sự, Chương XX)")), choices_for("crime")),
        (str(_("Vi phạm hành chính (NĐ 144/2021/NĐ-CP)")), choices_for("administrative")),
    ]


def default_category(offence: str) -> str | None:
    """The registry category (people.choices.Category) offered first for a person entered
    through a case of ``offence``: "dealer" for dealing (Criminal Code Art. 251), else None.

    A category has legal consequences (a dealer breaks a residential group's drug-free criteria),
    so for any other offence the officer chooses it; a person held for possession (Art. 249) or
    linked as a suspect is never made a dealer or a suspected dealer by default.
    """
    return "dealer" if offence in DEALING_OFFENCES else None
