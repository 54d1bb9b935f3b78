"""The official documents of the procedure in the GB/T 9704 layout: from sample contexts (rendered once for
the module) and from the workflow's own records."""

import datetime
import itertools
import re
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document

from hrparks.applications.models import PublicNotice
from hrparks.documents import contexts, layout
from hrparks.documents.kinds import OFFICIALS, Format, Kind
from hrparks.documents.rendering.word_reference import STYLES
from hrparks.documents.services import render_official
from hrparks.evaluations.models import (
    EvaluationNotice,
    Grade,
    ParkAssessment,
    ParkStatusChange,
    Rectification,
    RoundKind,
)
from hrparks.evaluations.tests.factories import make_round
from hrparks.parks.models import Jurisdiction

from .conftest import documented_park, submitted_application
from .reader import docx_text, missing_glyphs, pdf_fonts, pdf_page_sizes_mm, pdf_pages, pdf_text, pdf_words
from .samples import OFFICIAL_SAMPLES

TITLES = {
    Kind.PUBLIC_NOTICE: "关于2026年吉林省省级人力资源服务产业园拟认定名单的公示",
    Kind.APPROVAL: "关于同意设立长春市省级人力资源服务产业园的批复",
    Kind.REFUSAL: "关于示例专业人力资源服务产业园申报认定省级产业园有关意见的函",
    Kind.EVALUATION_NOTICE: "关于2026年度省级人力资源服务产业园综合考评结果的通报",
    Kind.RECTIFICATION_ORDER: "关于四平市省级人力资源服务产业园限期整改的通知",
    Kind.REVOCATION: "关于取消四平市省级人力资源服务产业园授牌的决定",
}
CHAR_MM = layout.TYPE_AREA_WIDTH_MM / layout.CHARS_PER_LINE
RIGHT_EDGE_MM = layout.MARGIN_LEFT_MM + layout.TYPE_AREA_WIDTH_MM


@pytest.fixture(scope="module")
def rendered():
    return {
        (official.kind, file_format): render_official(official.kind, file_format, OFFICIAL_SAMPLES[official.kind])
        for official in OFFICIALS
        for file_format in official.formats
    }


def flat(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("kind", [official.kind for official in OFFICIALS])
def test_each_official_pdf_reads_as_issued(rendered, kind):
    sample = OFFICIAL_SAMPLES[kind]
    content = rendered[kind, Format.PDF]
    text = flat(pdf_text(content))
    assert TITLES[kind] in text
    assert sample["issuer"] in text
    assert (sample["document_number"] or "") in text
    assert f"{sample['date'].year}年{sample['date'].month}月{sample['date'].day}日" in text
    assert set(pdf_page_sizes_mm(content)) == {(210, 297)}
    assert all(font.embedded and font.subset for font in pdf_fonts(content))
    assert missing_glyphs(content) == 0


@pytest.mark.parametrize("kind", [official.kind for official in OFFICIALS])
def test_the_date_is_right_aligned_four_characters_in_under_the_issuer(rendered, kind):
    sample = OFFICIAL_SAMPLES[kind]
    date = f"{sample['date'].year}年{sample['date'].month}月{sample['date'].day}日"
    words = pdf_words(rendered[kind, Format.PDF])
    date_word = [w for w in words if w.text == date][-1]
    issuer_word = [w for w in words if w.text == sample["issuer"]][-1]
    assert date_word.x_max == pytest.approx(RIGHT_EDGE_MM - 4 * CHAR_MM, abs=1.5)
    assert issuer_word.x_max == pytest.approx(date_word.x_max, abs=1.5)
    assert (issuer_word.page, issuer_word.y_max) < (date_word.page, date_word.y_min)


@pytest.mark.parametrize("kind", [official.kind for official in OFFICIALS])
def test_each_official_word_file_keeps_its_fields_in_their_styles(rendered, kind):
    sample = OFFICIAL_SAMPLES[kind]
    document = Document(BytesIO(rendered[kind, Format.DOCX]))
    by_style = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.style_id, []).append(paragraph.text)
    assert by_style[STYLES["masthead"]] == [sample["issuer"]]
    assert by_style[STYLES["doc-number"]] == [sample["document_number"] or "\u3000"]
    assert by_style[STYLES["title"]] == [TITLES[kind]]
    assert by_style[STYLES["signature"]] == [sample["issuer"]]
    assert by_style[STYLES["date"]] == [f"{sample['date'].year}年{sample['date'].month}月{sample['date'].day}日"]


# Bodies whose last lines end at the foot of a page: before the closing was kept with the body, each of these
# printed a page holding only the closing line, the issuer and the date (or only the date: the revocation and
# the evaluation notice).
FILLER = "园区应当整改完善各项工作并按期报送整改情况"
PAGE_FILLING = {
    Kind.PUBLIC_NOTICE: {"contact": ""},
    Kind.APPROVAL: {"management_body_name": FILLER[:14]},
    Kind.REFUSAL: {"opinion": [FILLER + FILLER[:7]]},
    Kind.EVALUATION_NOTICE: {"results": OFFICIAL_SAMPLES[Kind.EVALUATION_NOTICE]["results"] * 3},  # nine parks
    Kind.RECTIFICATION_ORDER: {"requirements": [FILLER + FILLER[:7]]},
    Kind.REVOCATION: {"reasons": [FILLER + FILLER[:7]]},
}
CLOSING_LINES = ("此复。", "特此函告。", "特此通知。")
PAGE_NUMBER = re.compile(r"—\d+—")


@pytest.mark.parametrize("kind", [official.kind for official in OFFICIALS])
def test_the_closing_issuer_and_date_never_stand_on_a_page_of_their_own(kind):
    sample = {**OFFICIAL_SAMPLES[kind], **PAGE_FILLING[kind]}
    date = f"{sample['date'].year}年{sample['date'].month}月{sample['date'].day}日"
    pages = [re.sub(r"\s", "", page) for page in pdf_pages(render_official(kind, Format.PDF, sample))]
    assert len(pages) > 1  # the body reaches the foot of the first page
    assert pages[-1].endswith(f"{sample['issuer']}{date}—{len(pages)}—")
    for page in pages:
        rest = PAGE_NUMBER.sub("", page)
        for closing in (sample["issuer"], date, *CLOSING_LINES):
            rest = rest.replace(closing, "")
        assert rest, f"a page holds only the closing: {page}"


@pytest.mark.parametrize("kind", [official.kind for official in OFFICIALS])
def test_the_word_file_keeps_the_last_body_text_with_the_closing(rendered, kind):
    paragraphs = Document(BytesIO(rendered[kind, Format.DOCX])).paragraphs
    signature = next(i for i, p in enumerate(paragraphs) if p.style.style_id == STYLES["signature"])
    body_end = signature - 1 - (paragraphs[signature - 1].text in CLOSING_LINES)
    assert paragraphs[body_end].text not in CLOSING_LINES
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[body_end : signature + 1])
    assert not paragraphs[body_end - 1].paragraph_format.keep_with_next  # only the last of the body


def test_the_public_notice_lists_the_parks_and_the_notice_period(rendered):
    text = docx_text(rendered[Kind.PUBLIC_NOTICE, Format.DOCX])
    assert "1 | 示例人力资源服务产业园 | 长春市 | 综合性园区 | 示例园区运营有限公司" in text
    assert "2 | 示例专业人力资源服务产业园 | 延边朝鲜族自治州 | 专业性园区" in text
    assert "公示期为2026年11月27日至2026年12月3日（5个工作日）" in text


def test_the_approval_names_the_park_after_its_city_and_grants_the_subsidy(rendered):
    text = flat(pdf_text(rendered[Kind.APPROVAL, Format.PDF]))
    assert "长春市人民政府：你市《关于申报吉林省省级人力资源服务产业园的函》（长府函〔2026〕12号）收悉" in text
    assert "设立为“长春市省级人力资源服务产业园”" in text
    assert "一次性补助资金100万元，专项用于园区基础设施、公共服务设施、人力资源服务平台等项目建设" in text


def test_the_refusal_states_the_rectification_and_when_to_apply_again(rendered):
    text = flat(pdf_text(rendered[Kind.REFUSAL, Format.PDF]))
    assert "你州《关于申报吉林省省级人力资源服务产业园的请示》" in text  # the prefecture sent a 请示
    assert "扩大园区建筑面积至2000平方米以上。" in text
    # 第六条（四）: 间隔3个月后可再次申报, counted from the decision, on the date the workflow checks.
    assert "自本认定意见作出之日起，间隔3个月后可再次申报，即2027年2月26日起可再次申报" in text


def test_the_evaluation_notice_lists_grades_commends_and_orders_rectification(rendered):
    text = docx_text(rendered[Kind.EVALUATION_NOTICE, Format.DOCX])
    assert "1 | 长春市省级人力资源服务产业园 | 长春市 | 92.5 | 优秀 | 通报表扬" in text
    assert "3 | 四平市省级人力资源服务产业园 | 四平市 | 55.25 | 不合格 | 限期整改" in text
    assert "于2027年6月30日前完成整改" in text


def test_the_rectification_order_and_revocation_cite_article_14(rendered):
    order = flat(pdf_text(rendered[Kind.RECTIFICATION_ORDER, Format.PDF]))
    assert "第十四条" in order and "1.扶持政策兑现不到位" in order and "于2027年6月30日前完成整改" in order
    revocation = flat(pdf_text(rendered[Kind.REVOCATION, Format.PDF]))
    assert "经吉人社函〔2023〕10号批准设立" in revocation
    assert "决定取消四平市省级人力资源服务产业园授牌，自2027年8月1日起" in revocation


def test_a_full_page_of_body_text_has_22_lines_of_28_characters():
    sample = {**OFFICIAL_SAMPLES[Kind.REFUSAL], "opinion": [], "rectification": ["园区应当整改完善各项工作" * 20] * 6}
    words = pdf_words(render_official(Kind.REFUSAL, Format.PDF, sample))
    page_two = [w for w in words if w.page == 2 and w.y_min < layout.MARGIN_TOP_MM + layout.TYPE_AREA_HEIGHT_MM]
    assert len(page_two) == layout.LINES_PER_PAGE
    assert max(len(w.text) for w in page_two) == layout.CHARS_PER_LINE
    pitches = {round(b.y_min - a.y_min, 2) for a, b in itertools.pairwise(page_two)}
    assert pitches == {round(layout.TYPE_AREA_HEIGHT_MM / layout.LINES_PER_PAGE, 2)}


@pytest.mark.django_db
def test_decisions_and_notices_render_from_the_workflow_records(users):
    park = documented_park()
    designated = submitted_application(park, users["operator"])
    designated.state = "designated"
    designated.request_document_number = "长府函〔2026〕12号"
    designated.approval_document_number = "吉人社函〔2026〕88号"
    designated.approval_date = datetime.date(2026, 11, 26)
    designated.save()
    assert contexts.decision_kind(designated) == Kind.APPROVAL
    approval = docx_text(render_official(Kind.APPROVAL, Format.DOCX, contexts.approval_context(designated)))
    assert "关于同意设立长春市省级人力资源服务产业园的批复" in approval
    assert "吉人社函〔2026〕88号" in approval and "2026年11月26日" in approval
    assert "一次性补助资金100万元" in approval  # the amount of the policy (第六条（四）)

    designated.designated_name = "长春人力资源服务产业园（省级）"
    assert "关于同意设立长春人力资源服务产业园（省级）的批复" in docx_text(
        render_official(Kind.APPROVAL, Format.DOCX, contexts.approval_context(designated))
    )

    notice = PublicNotice.objects.create(
        title="关于省级人力资源服务产业园拟认定名单的公示",
        policy_id="jilin-2022",
        published_on=datetime.date(2026, 11, 20),
        start_date=datetime.date(2026, 11, 23),
        end_date=datetime.date(2026, 11, 27),
        document_number="吉人社公〔2026〕3号",
        published_by=users["provincial"],
    )
    notice.applications.add(designated)
    text = docx_text(render_official(Kind.PUBLIC_NOTICE, Format.DOCX, contexts.public_notice_context(notice)))
    assert "吉人社公〔2026〕3号" in text
    assert "1 | 示例人力资源服务产业园 | 长春市 | 综合性园区 | 示例园区运营有限公司" in text
    assert "公示期为2026年11月23日至2026年11月27日（5个工作日）" in text


@pytest.mark.django_db
def test_a_refusal_renders_from_an_application_that_did_not_pass(users):
    application = submitted_application(documented_park(), users["operator"])
    application.state = "not_passed"
    application.decided_on = datetime.date(2026, 11, 26)
    application.evaluation_opinion = "总部落户本地的企业占比不足。"
    application.rectification = "引进本地总部企业。\n\n完善管理制度。"
    application.reapply_from = datetime.date(2027, 2, 26)
    application.refusal_document_number = "吉人社函〔2026〕89号"
    application.save()
    assert contexts.decision_kind(application) == Kind.REFUSAL
    text = docx_text(render_official(Kind.REFUSAL, Format.DOCX, contexts.refusal_context(application)))
    assert "吉人社函〔2026〕89号" in text and "2026年11月26日" in text
    assert "引进本地总部企业。\n完善管理制度。" in text
    assert "间隔3个月后可再次申报，即2027年2月26日起可再次申报" in text


@pytest.mark.django_db
def test_the_evaluation_outcomes_render_from_the_evaluation_records(users, province):
    park = documented_park(status="designated", designated_name="长春市省级人力资源服务产业园")
    weak = documented_park(
        name="示例第二产业园", status="under_rectification", designation_document_number="吉人社函〔2023〕10号"
    )
    evaluation_round = make_round(province, RoundKind.CENTRALIZED, year=2026)
    ParkAssessment.objects.create(round=evaluation_round, park=park, score=Decimal("92.5"), grade=Grade.EXCELLENT)
    failed = ParkAssessment.objects.create(
        round=evaluation_round, park=weak, score=Decimal(55), grade=Grade.UNQUALIFIED
    )
    notice = EvaluationNotice.objects.create(
        round=evaluation_round,
        document_number="吉人社函〔2026〕120号",
        issued_on=datetime.date(2026, 12, 20),
        issued_by=users["provincial"],
    )
    rectification = Rectification.objects.create(
        park=weak,
        assessment=failed,
        ground="unqualified",
        requirements="健全管理制度。\n配齐专职工作人员。",
        document_number="吉人社函〔2026〕121号",
        ordered_on=datetime.date(2026, 12, 20),
        deadline=datetime.date(2027, 6, 30),
    )

    text = docx_text(render_official(Kind.EVALUATION_NOTICE, Format.DOCX, contexts.evaluation_notice_context(notice)))
    assert "关于2026年度省级人力资源服务产业园综合考评结果的通报" in text
    assert "1 | 长春市省级人力资源服务产业园 | 长春市 | 92.5 | 优秀 | 通报表扬" in text
    assert (
        "2 | 长春市省级人力资源服务产业园 | 长春市 | 55 | 不合格 | 限期整改" in text
    )  # no designated name: the city's
    assert "于2027年6月30日前完成整改" in text

    order = docx_text(
        render_official(Kind.RECTIFICATION_ORDER, Format.DOCX, contexts.rectification_order_context(rectification))
    )
    assert "经2026年度集中考评，长春市省级人力资源服务产业园（示例第二产业园）存在以下问题：" in order
    assert "1.综合考评不合格" in order and "2.配齐专职工作人员。" in order

    change = ParkStatusChange.objects.create(
        park=weak,
        from_status="under_rectification",
        to_status="revoked",
        ground="no_real_work",
        reason="限期整改期满，整改不到位。",
        document_number="吉人社函〔2027〕15号",
    )
    revocation = docx_text(render_official(Kind.REVOCATION, Format.DOCX, contexts.revocation_context(change)))
    assert "经吉人社函〔2023〕10号批准设立" in revocation
    assert "1.未开展实质性工作\n2.限期整改期满，整改不到位。" in revocation
    assert "吉人社函〔2027〕15号" in revocation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jurisdiction", "addressee", "you"),
    [
        ("长春市", "长春市人民政府", "你市"),
        ("延边朝鲜族自治州", "延边朝鲜族自治州人民政府", "你州"),
        ("梅河口市", "梅河口市人民政府", "你市"),
        ("长白山管委会", "长白山管委会", "你委"),
    ],
)
def test_the_decision_answers_the_body_that_applied(users, jurisdiction, addressee, you):
    park = documented_park(name="长春人力资源服务产业园", jurisdiction=Jurisdiction.objects.get(name=jurisdiction))
    application = submitted_application(park, users["operator"])
    application.request_document_number = "府函〔2026〕12号"
    approval = flat(docx_text(render_official(Kind.APPROVAL, Format.DOCX, contexts.approval_context(application))))
    assert f"{addressee}：{you}《关于申报吉林省省级人力资源服务产业园的函》（府函〔2026〕12号）收悉" in approval
    assert "管委会人民政府" not in approval

    refusal = flat(docx_text(render_official(Kind.REFUSAL, Format.DOCX, contexts.refusal_context(application))))
    assert f"{addressee}：{you}《关于申报吉林省省级人力资源服务产业园的函》（府函〔2026〕12号）收悉" in refusal
    application.request_letter_kind = "request"  # the forward step records that the city sent a 请示
    refusal = flat(docx_text(render_official(Kind.REFUSAL, Format.DOCX, contexts.refusal_context(application))))
    assert f"{addressee}：{you}《关于申报吉林省省级人力资源服务产业园的请示》" in refusal
    # The park's own name ends in 人力资源服务产业园: the title does not say it twice.
    assert "关于长春人力资源服务产业园申报认定省级产业园有关意见的函" in refusal
    assert "产业园省级人力资源服务产业园" not in refusal


@pytest.mark.django_db
def test_the_rectification_order_never_prints_the_number_of_the_notice(users, province):
    park = documented_park(status="designated")
    evaluation_round = make_round(province, RoundKind.CENTRALIZED, year=2026)
    failed = ParkAssessment.objects.create(
        round=evaluation_round, park=park, score=Decimal(55), grade=Grade.UNQUALIFIED
    )
    EvaluationNotice.objects.create(
        round=evaluation_round,
        document_number="吉人社函〔2026〕120号",
        issued_on=datetime.date(2026, 12, 20),
        issued_by=users["provincial"],
    )
    rectification = Rectification.objects.create(
        park=park,
        assessment=failed,
        ground="unqualified",
        requirements="健全管理制度。",
        document_number="吉人社函〔2026〕120号",  # copied from the notice when the order was made with it
        ordered_on=datetime.date(2026, 12, 20),
        deadline=datetime.date(2027, 6, 30),
    )
    order = Document(
        BytesIO(
            render_official(Kind.RECTIFICATION_ORDER, Format.DOCX, contexts.rectification_order_context(rectification))
        )
    )
    number = next(p.text for p in order.paragraphs if p.style.style_id == STYLES["doc-number"])
    assert number == "\u3000"  # left for the office to fill in

    rectification.document_number = "吉人社函〔2026〕125号"
    order = docx_text(
        render_official(Kind.RECTIFICATION_ORDER, Format.DOCX, contexts.rectification_order_context(rectification))
    )
    assert "吉人社函〔2026〕125号" in order and "吉人社函〔2026〕120号" not in order


def test_a_specialized_parks_name_is_not_printed_twice_on_its_orders(users):
    park = documented_park(name="汽车人才服务产业园", jurisdiction=Jurisdiction.objects.get(name="长春市"))
    park.park_type = "specialized"
    park.designated_name = "长春市省级人力资源服务产业园（专业性：汽车人才服务产业园）"
    assert contexts.park_designation_and_name(park) == park.designated_name
    park.designated_name = "长春市省级人力资源服务产业园"
    assert contexts.park_designation_and_name(park) == "长春市省级人力资源服务产业园（汽车人才服务产业园）"
