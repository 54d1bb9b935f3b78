"""Builds word/reference.docx: the page set-up and paragraph styles of GB/T 9704-2012 that every generated
Word file starts from (`manage.py build_word_reference`). An official may restyle the committed file in
Word (fonts, spacing, colours); the generator only needs the style names in STYLES to exist.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import layout

REFERENCE_DOCX = Path(__file__).resolve().parent.parent / "word" / "reference.docx"
RED = RGBColor(0xFF, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)


def set_east_asian_font(run_properties_owner, typeface: layout.Typeface | None = None, latin: str | None = None):
    """Word picks the face of Chinese text from w:rFonts/@w:eastAsia; python-docx only sets the Latin ones."""
    fonts = run_properties_owner.element.get_or_add_rPr().get_or_add_rFonts()
    if latin:
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), latin)
    if typeface:
        fonts.set(qn("w:eastAsia"), typeface.word)


# w:pPr children that must follow w:pBdr (the schema fixes their order; Word rejects files that break it).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _border(ppr, side: str, color: str, size_eighths: int, space: int = 1) -> None:
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_PBDR)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _indent_chars(style, *, first_line: int | None = None, left: int | None = None, right: int | None = None):
    """Indents counted in characters (w:firstLineChars etc., hundredths of a character), as offices set them."""
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    for attribute, value in (("w:firstLineChars", first_line), ("w:leftChars", left), ("w:rightChars", right)):
        if value is not None:
            ind.set(qn(attribute), str(value * 100))


def _paragraph_style(doc, style_id: str, name: str, *, typeface, size, align=None, bold=False, color=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    set_east_asian_font(style, typeface)
    if align is not None:
        style.paragraph_format.alignment = align
    return style


# Class names of the print templates (templates/documents/print/) → Word paragraph style ids.
STYLES = {
    "title": "GwTitle",
    "masthead": "GwMasthead",
    "doc-number": "GwDocNumber",
    "addressee": "GwAddressee",
    "h2": "GwHeading1",
    "h3": "GwHeading2",
    "h4": "GwHeading3",
    "signature": "GwSignature",
    "date": "GwDate",
    "sign-line": "GwDate",
    "plain": "GwPlain",
    "fill-in": "GwFillIn",
    "cover-title": "GwCoverTitle",
    "cover-field": "GwCoverField",
    "cover-gap": "GwCoverGap",
    "cell": "GwTableText",
    "cell-head": "GwTableHeader",
    "imprint": "GwImprint",
    "spacer": "GwSpacer",
    "page-number": "GwPageNumber",
}


def _page_number_footer(footer, style, align, indent_side: str) -> None:
    """— 1 —: GB/T 9704 page numbers, odd pages at the right, even pages at the left, one character in."""
    paragraph = footer.paragraphs[0]
    paragraph.style = style
    paragraph.alignment = align
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn(f"w:{indent_side}Chars"), "100")
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" —")


def configure_section(section, *, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 type area; a landscape section turns the same type area on its side."""
    width, height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    margins = (layout.MARGIN_TOP_MM, layout.MARGIN_BOTTOM_MM, layout.MARGIN_LEFT_MM, layout.MARGIN_RIGHT_MM)
    top, bottom, left, right = margins
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
        top, bottom, left, right = left, right, bottom, top
    else:
        section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.footer_distance = Mm(max(bottom - 7 - 7, 5))
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # 22 lines of 28 characters: the line pitch in twips, the character pitch as 4096ths of a point
    # added to the 16 pt default character width.
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(layout.LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(round((layout.CHAR_PITCH_PT - layout.SIZE_3HAO) * 4096)))


def build(path: Path = REFERENCE_DOCX) -> Path:
    doc = Document()
    doc.core_properties.title = "GB/T 9704-2012"
    doc.core_properties.author = "hrparks"
    doc.core_properties.language = "zh-CN"

    normal = doc.styles["Normal"]
    normal.font.size = Pt(layout.SIZE_3HAO)
    normal.font.name = layout.LATIN_FONT
    set_east_asian_font(normal, layout.BODY, latin=layout.LATIN_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    body = normal.paragraph_format
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = Pt(round(layout.LINE_PITCH_PT, 2))
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.widow_control = False
    _indent_chars(normal, first_line=2)

    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    title = _paragraph_style(
        doc, STYLES["title"], "公文标题", typeface=layout.TITLE, size=layout.SIZE_2HAO, align=center
    )
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(layout.LINE_PITCH_PT)
    title.paragraph_format.keep_with_next = True
    _indent_chars(title, first_line=0)

    masthead = _paragraph_style(doc, STYLES["masthead"], "发文机关标志", typeface=layout.TITLE, size=30, align=center)
    masthead.font.color.rgb = RED
    masthead.paragraph_format.line_spacing = Pt(48)
    _indent_chars(masthead, first_line=0)

    number = _paragraph_style(
        doc, STYLES["doc-number"], "发文字号", typeface=layout.BODY, size=layout.SIZE_3HAO, align=center
    )
    number.paragraph_format.space_after = Pt(layout.LINE_PITCH_PT)
    _indent_chars(number, first_line=0)
    _border(number.element.get_or_add_pPr(), "bottom", "FF0000", 12, space=12)

    addressee = _paragraph_style(doc, STYLES["addressee"], "主送机关", typeface=layout.BODY, size=layout.SIZE_3HAO)
    _indent_chars(addressee, first_line=0)
    plain = _paragraph_style(doc, STYLES["plain"], "正文无缩进", typeface=layout.BODY, size=layout.SIZE_3HAO)
    _indent_chars(plain, first_line=0)

    for key, name, typeface, bold in (
        ("h2", "一级标题", layout.HEI, False),
        ("h3", "二级标题", layout.KAI, False),
        ("h4", "三级标题", layout.BODY, True),
    ):
        heading = _paragraph_style(doc, STYLES[key], name, typeface=typeface, size=layout.SIZE_3HAO, bold=bold)
        heading.paragraph_format.keep_with_next = True
        heading.element.get_or_add_pPr().get_or_add_outlineLvl().val = int(key[1]) - 2

    for key, name in (("signature", "署名"), ("date", "成文日期")):
        style = _paragraph_style(doc, STYLES[key], name, typeface=layout.BODY, size=layout.SIZE_3HAO, align=right)
        _indent_chars(style, first_line=0, right=4)
    doc.styles["署名"].paragraph_format.space_before = Pt(layout.LINE_PITCH_PT * 2)

    fill_in = _paragraph_style(doc, STYLES["fill-in"], "待填写", typeface=layout.KAI, size=layout.SIZE_3HAO, color=GREY)
    _indent_chars(fill_in, first_line=2)

    cover_title = _paragraph_style(doc, STYLES["cover-title"], "封面标题", typeface=layout.TITLE, size=26, align=center)
    cover_title.paragraph_format.line_spacing = Pt(48)
    _indent_chars(cover_title, first_line=0)
    cover_field = _paragraph_style(doc, STYLES["cover-field"], "封面栏目", typeface=layout.BODY, size=layout.SIZE_3HAO)
    cover_field.paragraph_format.line_spacing = Pt(40)
    _indent_chars(cover_field, first_line=0, left=3)

    cover_gap = _paragraph_style(doc, STYLES["cover-gap"], "封面间距", typeface=layout.BODY, size=layout.SIZE_3HAO)
    cover_gap.paragraph_format.line_spacing = Pt(60)
    _indent_chars(cover_gap, first_line=0)

    for key, name, typeface, align in (
        ("cell", "表格文字", layout.BODY, None),
        ("cell-head", "表头文字", layout.HEI, center),
    ):
        style = _paragraph_style(doc, STYLES[key], name, typeface=typeface, size=layout.SIZE_4HAO, align=align)
        style.paragraph_format.line_spacing = Pt(20)
        _indent_chars(style, first_line=0)

    imprint = _paragraph_style(doc, STYLES["imprint"], "版记", typeface=layout.BODY, size=layout.SIZE_4HAO)
    _indent_chars(imprint, first_line=0, left=1, right=1)
    _border(imprint.element.get_or_add_pPr(), "top", "000000", 4)
    _border(imprint.element.get_or_add_pPr(), "bottom", "000000", 4)

    # Between two tables Word needs a paragraph, or it joins them; this one is 6 pt high.
    spacer = _paragraph_style(doc, STYLES["spacer"], "表间距", typeface=layout.BODY, size=4)
    spacer.paragraph_format.line_spacing = Pt(6)
    _indent_chars(spacer, first_line=0)

    page_number = _paragraph_style(doc, STYLES["page-number"], "页码", typeface=layout.SONG, size=layout.SIZE_4HAO)
    page_number.paragraph_format.line_spacing = Pt(layout.SIZE_4HAO * 1.2)
    _indent_chars(page_number, first_line=0)

    section = doc.sections[0]
    configure_section(section)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, page_number, right, "right")
    _page_number_footer(section.even_page_footer, page_number, WD_ALIGN_PARAGRAPH.LEFT, "left")

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
