"""The page and type of official documents, GB/T 9704-2012 《党政机关公文格式》.

A4 paper; a type area of 156 mm × 225 mm placed 37 mm from the top and 28 mm from the left; 22 lines of
28 characters in 3号 (16 pt) type. The numbers are kept here for the Word styles (word_reference.py) and
the tests; the PDF side says the same in templates/documents/print/gbt9704.css.
"""

from dataclasses import dataclass

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TYPE_AREA_WIDTH_MM = 156
TYPE_AREA_HEIGHT_MM = 225
MARGIN_TOP_MM = 37
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TYPE_AREA_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TYPE_AREA_HEIGHT_MM  # 35

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
POINTS_PER_MM = 72 / 25.4
LINE_PITCH_PT = TYPE_AREA_HEIGHT_MM * POINTS_PER_MM / LINES_PER_PAGE  # 28.99 pt
CHAR_PITCH_PT = TYPE_AREA_WIDTH_MM * POINTS_PER_MM / CHARS_PER_LINE  # 15.79 pt

# Chinese type sizes (字号) in points.
SIZE_2HAO = 22  # title
SIZE_3HAO = 16  # body, headings
SIZE_4HAO = 14  # page numbers, tables


@dataclass(frozen=True)
class Typeface:
    """A style's face as Word names it on an office's machine (East Asian text) and the free Debian font
    that stands in for it in generated PDFs (embedded and subset)."""

    word: str
    pdf: str


# Debian has no simplified 仿宋 (cwTeX's FangSong covers traditional characters only), so the PDF body is set
# in AR PL KaitiM GB, the nearest calligraphic face; WenQuanYi Micro Hei covers what GB 2312 faces lack.
TITLE = Typeface(word="方正小标宋简体", pdf="AR PL SungtiL GB")
BODY = Typeface(word="仿宋_GB2312", pdf="AR PL KaitiM GB")
HEI = Typeface(word="黑体", pdf="WenQuanYi Micro Hei")
KAI = Typeface(word="楷体_GB2312", pdf="AR PL KaitiM GB")
SONG = Typeface(word="宋体", pdf="AR PL SungtiL GB")
LATIN_FONT = "Times New Roman"
# Every font a PDF may embed: the three faces, Micro Hei doubling as the fallback for what GB 2312 lacks.
PDF_FONT_FAMILIES = (TITLE.pdf, BODY.pdf, HEI.pdf)
