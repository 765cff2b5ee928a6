"""Hostile .xlsx files built in the test: valid workbooks whose XML expands enormously."""

from __future__ import annotations

import io
import zipfile


def inflate_cell(workbook: bytes, *, marker: str, size: int) -> bytes:
    """``workbook`` with the cell text ``marker`` replaced by ``size`` letters "A".

    The result is still a valid workbook, but the XML holding the text (the sheet, or
    sharedStrings.xml) expands to ``size`` bytes (deflate packs a run of one letter about a
    thousand to one).
    """
    found = False
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename.endswith(".xml") and marker.encode() in data:
                data = data.replace(marker.encode(), b"A" * size)
                found = True
            target.writestr(member.filename, data)
    assert found, marker
    return out.getvalue()
