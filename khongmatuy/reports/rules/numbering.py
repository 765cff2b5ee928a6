"""Document numbers of issued reports (Decree 30/2020/NĐ-CP on clerical work, Appendix I).

"Số: 15/BC-CAP": the number, a slash, the type abbreviation (BC for báo cáo), a hyphen, the
issuing body's abbreviation. Numbers below 10 take a leading zero. Numbering runs per issuing
body and calendar year (the standard rule of the decree's Appendix I; not re-verified).
"""

from __future__ import annotations

import re

REPORT_TYPE = "BC"  # Appendix III of Decree 30/2020/NĐ-CP: "Báo cáo: BC"
BODY_CODE = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")


def number_text(number: int, *, body_code: str) -> str:
    """The number and symbol, as printed after "Số: " ("05/BC-CAP")."""
    if number < 1:
        raise ValueError("a document number starts at 1")
    return f"{number:02d}/{REPORT_TYPE}-{body_code}"


def valid_body_code(code: str) -> bool:
    """An issuing body's abbreviation: capitals and digits, parts joined by hyphens ("CAP",
    "UBND", "CAX-GV")."""
    return bool(BODY_CODE.match(code))
