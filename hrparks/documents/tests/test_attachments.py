"""The seven attachments of one application, rendered once for the module and read back as a reader
would: the PDF's text, fonts, glyphs, page and type area; the Word file's fields, styles and page."""

from io import BytesIO

import pytest
from django.utils import translation
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from hrparks.documents import layout
from hrparks.documents.contexts import AttachmentContext, Subject, article_key
from hrparks.documents.kinds import ATTACHMENTS, Format
from hrparks.documents.rendering.word_reference import STYLES
from hrparks.documents.services import render_attachment
from hrparks.policy.engine import Status

from .conftest import documented_park, submitted_application
from .reader import docx_text, missing_glyphs, pdf_fonts, pdf_page_sizes_mm, pdf_text, pdf_words

pytestmark = pytest.mark.django_db

PDF_FAMILIES = {family.replace(" ", "-") for family in layout.PDF_FONT_FAMILIES}
PAGE_NUMBER = {"—", *map(str, range(1, 20))}


@pytest.fixture(scope="module")
def rendered(module_db):
    park = documented_park()
    application = submitted_application(park)
    source = AttachmentContext(Subject(park, application))
    files = {}
    for attachment in ATTACHMENTS:
        context = source.for_kind(attachment.kind)
        for file_format in attachment.formats:
            files[attachment.kind, file_format] = render_attachment(attachment.kind, file_format, context)
    return files


def pdf_of(rendered, kind):
    return rendered[kind, Format.PDF]


@pytest.mark.parametrize("kind", [a.kind for a in ATTACHMENTS])
def test_each_pdf_embeds_subset_chinese_fonts_and_draws_every_glyph(rendered, kind):
    content = pdf_of(rendered, kind)
    fonts = pdf_fonts(content)
    assert fonts, "a document without fonts has no text"
    assert all(font.embedded and font.subset and font.unicode for font in fonts), fonts
    assert {font.name.split("+", 1)[1] for font in fonts} <= PDF_FAMILIES
    assert missing_glyphs(content) == 0
    assert "吉林" in pdf_text(content) or "园区" in pdf_text(content)


@pytest.mark.parametrize("kind", [a.kind for a in ATTACHMENTS])
def test_each_pdf_is_a4_and_keeps_its_text_in_the_type_area(rendered, kind):
    content = pdf_of(rendered, kind)
    landscape = kind == "roster"
    assert set(pdf_page_sizes_mm(content)) == ({(297, 210)} if landscape else {(210, 297)})
    width, height = layout.TYPE_AREA_WIDTH_MM, layout.TYPE_AREA_HEIGHT_MM
    left, top = layout.MARGIN_LEFT_MM, layout.MARGIN_TOP_MM
    if landscape:  # the portrait page turned a quarter clockwise: its bottom margin is now on the left
        width, height, left, top = height, width, layout.MARGIN_BOTTOM_MM, layout.MARGIN_LEFT_MM
    slack = 1.5  # table borders and cell padding reach a little past the text
    numbered_pages = set()
    for word in pdf_words(content):
        if word.y_min > top + height:
            assert word.text in PAGE_NUMBER, f"only the page number goes below the type area: {word}"
            numbered_pages.add(word.page)
            continue
        assert left - slack <= word.x_min and word.x_max <= left + width + slack, word
        assert top - slack <= word.y_min and word.y_max <= top + height + slack, word
    assert numbered_pages == set(range(1, len(pdf_page_sizes_mm(content)) + 1))


def test_the_application_form_shows_every_field_of_the_park_with_the_articles(rendered):
    expected = [
        "示例人力资源服务产业园",
        "吉林省长春市",
        "综合性园区",
        "示例园区运营有限公司",
        "12名",
        "0431-00000000",
        "park@example.com",
        "主园区大楼",
        "北区分园",
        "11000.5",  # total floor area of both sites
        "示例园区简介（虚构）。",
        "就业创业",
        "餐饮",
        "16家",  # resident enterprises
        "62.5%",  # 10 of 16 resident enterprises headquartered locally
        "第五条（二）",
        "第五条（三）",
        "第六条（一）",
        "吉人社规〔2022〕8号",
    ]
    text = pdf_text(pdf_of(rendered, "form")).replace("\n", "")
    word_text = docx_text(rendered["form", Format.DOCX])
    for value in expected:
        assert value in text, value
        assert value in word_text, value


def test_the_form_marks_in_principle_rules_and_reports_the_verdict(rendered):
    document = Document(BytesIO(rendered["form", Format.DOCX]))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    criteria = {row[1]: row for row in rows if row[0].startswith("第")}
    with translation.override("zh-hans"):
        passed, review = str(Status.PASS.label), str(Status.REVIEW.label)
    branch_rule = next(row for text, row in criteria.items() if text.startswith("分园区"))
    assert branch_rule[0] == "第五条（二）" and branch_rule[1].endswith("（原则上）") and branch_rule[2] == passed
    social_benefit = next(row for row in criteria.values() if row[0] == "第五条（七）")
    assert social_benefit[2] == review
    verdict = next(row for row in rows if row[0] == "自查结论")
    assert verdict[1] == "待专家或主管部门审核"  # nothing fails, the experts still judge 第五条（一）（七）


def test_the_cover_and_letter_carry_the_applicant_and_the_submission_date(rendered):
    cover = docx_text(rendered["cover", Format.DOCX])
    assert "园区名称：示例人力资源服务产业园" in cover
    assert "申报日期：2026年11月26日" in cover
    letter = pdf_text(pdf_of(rendered, "letter"))
    assert "长春市人力资源和社会保障局：" in letter
    assert "关于申报吉林省省级人力资源服务产业园的函" in letter.replace("\n", "")  # a company writes no 请示
    assert "请予审核推荐。" in letter and "请批示" not in letter
    # The materials of 第六条（一）, not the list of attachments.
    materials = "1.申报请示2.产业园区建设可行性论证报告和建设发展规划3.产业园建设管理和运营情况"
    assert materials in letter.replace("\n", "")
    assert "附件" not in letter and "真实性声明" not in letter


def test_the_feasibility_outline_fills_the_figures_and_leaves_headings_to_write(rendered):
    document = Document(BytesIO(rendered["feasibility", Format.DOCX]))
    headings = [p.text for p in document.paragraphs if p.style.style_id == STYLES["h2"]]
    assert headings[:5] == ["一、园区基本情况", "二、建设的必要性", "三、产业定位", "四、功能布局", "五、服务体系"]
    prompts = [p.text for p in document.paragraphs if p.style.style_id == STYLES["fill-in"]]
    assert len(prompts) >= 8 and all(p.startswith("（") for p in prompts)
    assert "总建筑面积11000.5平方米" in "".join(p.text for p in document.paragraphs)


def test_the_support_policy_list_and_declaration(rendered):
    policies = docx_text(rendered["support_policies", Format.DOCX])
    assert (
        "关于支持人力资源服务产业园发展的若干措施（示例） | 长春市人力资源和社会保障局 | 长人社发〔2025〕1号"
        in policies
    )
    declaration = pdf_text(pdf_of(rendered, "declaration"))
    assert "真实性声明" in declaration and "申报单位（盖章）：示例园区运营有限公司" in declaration


def test_the_roster_lists_every_enterprise_in_word_pdf_and_excel(rendered):
    document = Document(BytesIO(rendered["roster", Format.DOCX]))
    rows = document.tables[0].rows
    assert len(rows) == 1 + 17
    assert [cell.text for cell in rows[1].cells][:4] == [
        "1",
        "示例人力资源服务有限公司01",
        rows[1].cells[2].text,
        "已入驻",
    ]
    assert rows[-1].cells[1].text == "示例签约企业" and rows[-1].cells[3].text == "已签入驻协议"
    assert round(document.sections[0].page_width / Mm(1)) == 297

    sheet = load_workbook(BytesIO(rendered["roster", Format.XLSX]))["企业名录"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("序号", "企业名称", "统一社会信用代码")
    assert len(values) == 1 + 17
    assert values[1][1:] == (
        "示例人力资源服务有限公司01",
        values[1][2],
        "已入驻",
        "是",
        "是",
        "是",
        "人力资源服务外包",
        1250000,
    )
    assert "示例签约企业" in pdf_text(pdf_of(rendered, "roster"))


def test_the_roster_names_its_columns_alike_in_word_pdf_and_excel(rendered):
    excel = next(load_workbook(BytesIO(rendered["roster", Format.XLSX]))["企业名录"].iter_rows(values_only=True))
    word = tuple(cell.text for cell in Document(BytesIO(rendered["roster", Format.DOCX])).tables[0].rows[0].cells)
    assert word == excel
    assert "总部落户园区所在地" in excel and "经营性机构" in excel
    pdf = pdf_text(pdf_of(rendered, "roster")).replace("\n", "").replace(" ", "")
    assert all(title.replace(" ", "") in pdf for title in excel)


def test_the_form_lists_the_criteria_in_the_order_of_the_articles(rendered):
    document = Document(BytesIO(rendered["form", Format.DOCX]))
    articles = [row.cells[0].text for table in document.tables for row in table.rows if row.cells[0].text[:1] == "第"]
    assert articles[0] == "第四条" and articles[-1] == "第六条（一）"
    assert articles == sorted(articles, key=article_key)
    assert article_key("第五条（十）") > article_key("第五条（二）")  # numerals, not characters


@pytest.mark.parametrize("kind", ["letter", "feasibility"])
def test_no_attachment_nests_the_kind_of_area_in_brackets_after_the_place(rendered, kind):
    text = docx_text(rendered[kind, Format.DOCX])
    assert "位于吉林省长春市，所处区域为地级市（自治州）" in text
    assert "长春市（" not in text


@pytest.mark.parametrize("kind", [a.kind for a in ATTACHMENTS])
def test_each_word_file_has_the_gbt9704_page_and_chinese_fonts(rendered, kind):
    document = Document(BytesIO(rendered[kind, Format.DOCX]))
    section = document.sections[0]
    portrait = kind != "roster"
    size = (210, 297) if portrait else (297, 210)
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == size
    margins = (section.top_margin, section.left_margin, section.right_margin, section.bottom_margin)
    if portrait:
        assert [round(m / Mm(1)) for m in margins] == [37, 28, 26, 35]
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    assert grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch") == "580"
    east_asian = {style.style_id: _east_asian_font(style) for style in document.styles if style.type == 1}
    assert east_asian["Normal"] == "仿宋_GB2312"
    assert east_asian[STYLES["title"]] == "方正小标宋简体"
    assert east_asian[STYLES["h2"]] == "黑体"
    assert east_asian[STYLES["h3"]] == "楷体_GB2312"
    assert document.styles["Normal"].font.size.pt == 16
    assert document.styles["公文标题"].font.size.pt == 22


def _east_asian_font(style) -> str | None:
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    return (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        if fonts is not None
        else None
    )
