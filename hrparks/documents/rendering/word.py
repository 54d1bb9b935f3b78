"""Word files from the same print templates as the PDFs.

A print template (templates/documents/print/) is plain HTML in a small vocabulary: h1 (title), h2–h4
(headings), p (body text, or a class of word_reference.STYLES), table (th/td, colspan, <col> widths in %),
<div class="page-break">, and inline strong, <span class="blank"> (a line to write on) and br. Each element
becomes a paragraph or table in the styles of word/reference.docx, so the Word file carries the customary
font names (w:eastAsia) and the GB/T 9704 page that offices expect.
"""

import re
from functools import cache
from io import BytesIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.table import _Cell
from lxml import html as lxml_html

from .word_reference import REFERENCE_DOCX, STYLES, configure_section

# HTML collapses ASCII white space only: ideographic spaces (U+3000) are kept, as the blanks of a form.
_HTML_SPACE = " \t\n\r\f"
_SPACES = re.compile(f"[{_HTML_SPACE}]+")
_WIDTH = re.compile(r"width:\s*([\d.]+)%")
_HEADING_TAGS = {"h1": "title", "h2": "h2", "h3": "h3", "h4": "h4"}
TABLE_STYLE = "TableGrid"
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}
# The print stylesheet's "break-before: avoid" (gbt9704.css): the closing line, the issuer and the date stay on
# the page of the text before them. Word says it the other way round, "keep with next" on that text.
_KEEP_WITH_PREVIOUS = {"closing", "signature", "sign-line", "date"}


@cache
def _reference_bytes() -> bytes:
    return REFERENCE_DOCX.read_bytes()


def _classes(element) -> list[str]:
    return (element.get("class") or "").split()


class _WordWriter:
    """Appends paragraphs and tables to a document. Styles and table cells are set on the XML directly:
    python-docx's style-name lookup and table.cell() walk the whole document each time, which made a form
    of a few tables take seconds."""

    def __init__(self, document):
        self.document = document
        self.break_before_next = False
        self.last_paragraph = None

    # --- blocks ---------------------------------------------------------------------------------------

    def blocks(self, element) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue  # comments
            tag = child.tag.lower()
            classes = _classes(child)
            if tag in _HEADING_TAGS or tag == "p":
                self.paragraph(child, _HEADING_TAGS.get(tag) or next((c for c in classes if c in STYLES), None))
            elif tag == "table":
                self.table(child)
            elif "page-break" in classes:
                self.break_before_next = True
            else:
                self.blocks(child)

    def paragraph(self, element, style_key: str | None) -> None:
        paragraph = self.document.add_paragraph()
        if style_key:
            paragraph._p.style = STYLES[style_key]
        self._align(paragraph, element)
        if self.break_before_next:
            paragraph.paragraph_format.page_break_before = True
            self.break_before_next = False
        if self.last_paragraph is not None and _KEEP_WITH_PREVIOUS & set(_classes(element)):
            self.last_paragraph.paragraph_format.keep_with_next = True
        self.last_paragraph = paragraph
        self.inline(paragraph, element, bold=False, underline=False, first=True)

    @staticmethod
    def _align(paragraph, element) -> None:
        align = next((_ALIGN[c] for c in _classes(element) if c in _ALIGN), None)
        if align is not None:
            paragraph.alignment = align

    def table(self, element) -> None:
        rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in element.iter("tr")]
        heading_rows = sum(1 for row in element.iter("tr") if row.getparent().tag == "thead")
        if not rows:
            return
        columns = max(sum(int(cell.get("colspan", 1)) for cell in row) for row in rows)
        widths = [float(m.group(1)) for col in element.iter("col") if (m := _WIDTH.search(col.get("style", "")))]
        if len(widths) != columns:
            widths = [100 / columns] * columns
        if self.break_before_next:
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            self.break_before_next = False
        full_width = Mm(self._type_width_mm())
        table = self.document.add_table(rows=0, cols=columns)
        table._tbl.tblStyle_val = TABLE_STYLE
        table.autofit = False
        for column, grid_column in zip(widths, table._tbl.tblGrid.gridCol_lst, strict=True):
            grid_column.w = int(full_width * column / 100)
        for index, row in enumerate(rows):
            tr = table._tbl.add_tr()
            if index < heading_rows:  # repeated at the top of every page, like the PDF's <thead>
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            position = 0
            for cell_element in row:
                span = int(cell_element.get("colspan", 1))
                tc = tr.add_tc()
                tc.width = int(full_width * sum(widths[position : position + span]) / 100)
                if span > 1:
                    tc.grid_span = span
                cell = _Cell(tc, table)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                paragraph._p.style = STYLES["cell-head" if cell_element.tag == "th" else "cell"]
                self._align(paragraph, cell_element)
                self.inline(paragraph, cell_element, bold=False, underline=False, first=True)
                position += span
        self.document.add_paragraph()._p.style = STYLES["spacer"]
        self.last_paragraph = None

    def _type_width_mm(self) -> float:
        section = self.document.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / Mm(1)

    # --- inline ---------------------------------------------------------------------------------------

    def inline(self, paragraph, element, *, bold: bool, underline: bool, first: bool) -> None:
        self.text(paragraph, element.text, bold, underline, strip_left=first)
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag.lower()
                if tag == "br":
                    paragraph.add_run().add_break()
                else:
                    self.inline(
                        paragraph,
                        child,
                        bold=bold or tag in ("strong", "b"),
                        underline=underline or "blank" in _classes(child),
                        first=False,
                    )
            self.text(paragraph, child.tail, bold, underline, strip_left=False)

    @staticmethod
    def text(paragraph, text: str | None, bold: bool, underline: bool, *, strip_left: bool) -> None:
        if not text:
            return
        text = _SPACES.sub(" ", text)
        if strip_left or not paragraph.runs:
            text = text.lstrip(_HTML_SPACE)
        if not text:
            return
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if underline:
            run.underline = True


def _strip_trailing_spaces(document) -> None:
    """HTML collapses white space at the end of a block; so does Word output."""
    for paragraph in document.paragraphs:
        if paragraph.runs and paragraph.runs[-1].text.endswith(" "):
            paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(_HTML_SPACE)


def html_to_docx(html: str) -> bytes:
    tree = lxml_html.document_fromstring(html)
    document = Document(BytesIO(_reference_bytes()))
    document.element.body.clear_content()  # keeps the section properties (page, margins, footers)
    title = tree.findtext(".//title")
    if title:
        document.core_properties.title = title.strip(_HTML_SPACE)
    if "landscape" in _classes(tree.body):
        configure_section(document.sections[0], landscape=True)
    _WordWriter(document).blocks(tree.body)
    _strip_trailing_spaces(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
