"""The .docx of a report in the layout of Decree 30/2020/NĐ-CP (Appendix I; legal basis §9).

The page set-up and the styles come from a template file in the repository
(``reports/templates/reports/bao-cao.docx``): A4, margins 20/20/30/15 mm, Times New Roman,
body 14 pt justified with a 1 cm first-line indent and 6 pt after, page numbers at the top centre
from page 2. An office may restyle that file in Word; ``build_template`` writes the shipped one.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from django.utils.translation import gettext as _
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from .content import Document, cell, change

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "bao-cao.docx"
FONT = "Times New Roman"


def _font(run_or_style: object, *, size: float, bold: bool = False, italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    element = run_or_style.element  # type: ignore[attr-defined]
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _page_number_field(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build_template(path: Path = TEMPLATE) -> None:
    """Write the shipped template: page set-up, styles, the page number header from page 2."""
    doc = docx.Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header)
    normal = doc.styles["Normal"]
    _font(normal, size=14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def _para(
    container: DocxDocument | _Cell,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: int | None = WD_ALIGN_PARAGRAPH.CENTER,
    indent: bool = False,
    after: float = 0,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if not indent:
        paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(after)
    _font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _rule(container: _Cell, *, width_cm: float, cell_cm: float) -> None:
    """A solid line of ``width_cm`` centred in the cell, under the text above it."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(0)
    side = max(0.0, (cell_cm - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.space_after = Pt(0)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    _font(paragraph.add_run(""), size=4)


def _two_columns(doc: DocxDocument, left_cm: float, right_cm: float) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell_, width in zip(table.columns, (left, right), (left_cm, right_cm), strict=True):
        column.width = Cm(width)  # the grid LibreOffice reads
        cell_.width = Cm(width)  # the cell width Word reads
    # python-docx leaves an empty first paragraph in each cell: use it, not a new one.
    return left, right


def _first(
    cell_: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, **kwargs: Any
) -> Paragraph:
    paragraph: Paragraph = cell_.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), **kwargs)
    return paragraph


def _letterhead(doc: DocxDocument, document: Document) -> None:
    left, right = _two_columns(doc, 6.5, 10.0)
    if document.parent_body:
        _first(left, document.parent_body, size=13)
        _para(left, document.issuing_body, size=13, bold=True)
    else:
        _first(left, document.issuing_body, size=13, bold=True)
    _rule(left, width_cm=2.5, cell_cm=6.5)
    _para(left, document.number_text, size=13)
    _first(right, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=12, bold=True)
    _para(right, _("Độc lập - Tự do - Hạnh phúc"), size=13, bold=True)
    _rule(right, width_cm=6.0, cell_cm=10.0)
    _para(right, document.date_line, size=14, italic=True, after=6)


def _figures_table(doc: DocxDocument, document: Document) -> None:
    headers = [_("Nội dung"), _("Kỳ này"), _("Cùng kỳ năm trước"), _("Tăng (+), giảm (-)")]
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    widths = (8.5, 2.5, 3.0, 2.5)
    for index, header in enumerate(headers):
        table.columns[index].width = Cm(widths[index])
        table.rows[0].cells[index].width = Cm(widths[index])
        _first(table.rows[0].cells[index], header, size=12, bold=True)
    for section, rows in document.figure_sections:
        row = table.add_row().cells
        merged = row[0].merge(row[3])
        _first(merged, section, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for figure in rows:
            cells = table.add_row().cells
            label = f"{figure.label} ({figure.unit})" if figure.unit else figure.label
            _first(cells[0], label, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
            _first(cells[1], cell(figure.value, figure.kind), size=12)
            last = cell(figure.last_year, figure.kind) if figure.value is not None else ""
            _first(cells[2], last, size=12)
            _first(cells[3], change(figure), size=12)


def _text_table(doc: DocxDocument, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A table of text cells under ``headers`` (the dossier's criteria, the programme's
    projects and indicators)."""
    columns = len(headers)
    table = doc.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    widths = (5.5, 2.6, 2.4, 2.0, 4.0) if columns <= 5 else (16.5 / columns,) * columns
    for index, header in enumerate(headers):
        table.columns[index].width = Cm(widths[index])
        table.rows[0].cells[index].width = Cm(widths[index])
        _first(table.rows[0].cells[index], header, size=12, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for index, text in enumerate(values):
            left = index in (0, columns - 1)
            align = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
            _first(cells[index], text, size=11, align=align)


def _signature(doc: DocxDocument, document: Document) -> None:
    left, right = _two_columns(doc, 7.0, 9.5)
    _first(left, _("Nơi nhận:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in document.recipients:
        _para(left, f"- {recipient};", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    filing = _("- Lưu: %(f)s.") % {"f": document.filing}
    _para(left, filing, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if document.authority_line:
        _first(right, document.authority_line, size=14, bold=True)
        _para(right, document.position, size=14, bold=True)
    else:
        _first(right, document.position, size=14, bold=True)
    for _blank in range(4):  # room for the signature and the seal
        _para(right, "", size=14)
    _para(right, document.signer_name, size=14, bold=True)


def render_docx(document: Document, *, template: Path = TEMPLATE) -> bytes:
    """The .docx of ``document`` on ``template`` (an office's restyled file, or the shipped one)."""
    doc = docx.Document(str(template))
    body = doc.element.body
    for paragraph in list(doc.paragraphs):  # the template's own body text, if any
        body.remove(paragraph._p)
    _letterhead(doc, document)
    _para(doc, document.type_name, size=14, bold=True)
    _para(doc, document.summary, size=14, bold=True)
    _para(doc, document.period_line, size=13, italic=True)
    if document.replaces_line:
        _para(doc, f"({document.replaces_line})", size=13, italic=True)
    _para(doc, "", size=6)
    for index, (heading, text) in enumerate(document.sections):
        _para(doc, heading, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
        for line in [t for t in text.splitlines() if t.strip()] or [""]:
            if line:
                _para(doc, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
        if index == 0:
            _para(
                doc,
                document.table_title or _("Số liệu chủ yếu (tính đến hết ngày chốt số liệu):"),
                bold=True,
                italic=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
                after=6,
            )
            if document.table_headers:
                _text_table(doc, document.table_headers, document.table_rows)
            else:
                _figures_table(doc, document)
            _para(doc, "", size=6)
            for title, headers, rows in document.tables:
                _para(doc, title, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
                _text_table(doc, headers, rows)
                _para(doc, "", size=6)
    _para(doc, "", size=6)
    _signature(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
