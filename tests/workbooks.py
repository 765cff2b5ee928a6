"""Hostile .xlsx files built in the test: valid workbooks whose XML expands enormously."""

from __future__ import annotations

import io
import zipfile

import msoffcrypto
from openpyxl import Workbook, load_workbook


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


# The first bytes of an OLE compound file: what an encrypted .xlsx is (a plain one is a zip, "PK").
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def decrypted(content: bytes, password: str) -> Workbook:
    """Open an export encrypted with ``password`` as Excel does: decrypt, then read with openpyxl
    (full mode, so each cell's type can be checked). A wrong password raises."""
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password=password)
    plain = io.BytesIO()
    office.decrypt(plain)
    return load_workbook(plain)
