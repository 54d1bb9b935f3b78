"""Two journeys through the web pages, each person logging in through the log-in form in a real browser:
a park's designation (第六条) from its application to the public park list, and a centralized
evaluation (第十三条、第十四条) that grades a park 不合格 and orders it to rectify.

The database only receives what work outside the journeys would have left: the people, a park with a
complete dossier, a park already designated. Each step asserts what its person sees; the key pages are
saved as journey-*.png in tmp/screenshots/ (`make screenshots`: docs/screenshots/, the README's)."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from hrparks.applications import workflow
from hrparks.applications.tests.factories import PDF_BYTES
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import eligible_park
from hrparks.policy.registry import get_policy

from .conftest import field, screenshot, zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)  # no holiday within the notice period
PARK = "长春人力资源服务产业园"
DESIGNATED_NAME = "长春市省级人力资源服务产业园"


@pytest.fixture
def clock():
    """The journeys' calendar. The live server runs in a thread of this process and sees the same time."""
    with time_machine.travel(MONDAY, tick=True) as traveller:
        yield traveller


def state_badge(page):
    return page.locator("main .badge.text-bg-primary").first


def state_label(state: str, public: bool = False) -> str:
    """A state as the applicant and the public (public label) or an official see it."""
    info = workflow.STATES[state]
    return zh(info.public_label if public else info.label)


def click(page, role: str, msgid: str) -> None:
    """A button or link of the page's content (not the menu bar). Before a button, the user ticks the
    confirmation an irreversible step asks for, having read what it says it will do."""
    if role == "button":
        for box in page.locator("main").get_by_label(zh("I understand and confirm")).all():
            if box.is_visible() and not box.is_checked():
                box.check()
    page.locator("main").get_by_role(role, name=zh(msgid), exact=True).click()


def menu(page, msgid: str) -> None:
    page.locator("#main-nav").get_by_role("link", name=zh(msgid), exact=True).click()


def section(page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=zh(heading)))


def open_application(page):
    """From the work queue (in the menu) to the application of the park."""
    menu(page, "Work queue")
    page.locator("main").get_by_role("link", name=PARK).click()
    expect(page.locator("main h1")).to_have_text(PARK)
    return page


def take_step(page, step: str, fields: dict, then: str, shot: str = "") -> None:
    """On the application's page: press the step's button, fill its form (a dict value is a file), send it."""
    click(page, "link", step)
    expect(page.locator("main h1")).to_have_text(zh(step))
    for msgid, value in fields.items():
        if isinstance(value, dict):
            field(page, msgid).set_input_files(value)
        else:
            field(page, msgid).fill(value)
    if shot:
        screenshot(page, shot)
    click(page, "button", step)
    expect(page.locator(".alert-success")).to_have_text(zh("Done: %(step)s.", step=zh(step)))
    expect(state_badge(page)).to_have_text(state_label(then))


# --- journey 1: designation ---------------------------------------------------------------------------


def test_a_park_is_designated_after_an_objection_is_dismissed(open_browser, people, clock):
    park = eligible_park(name=PARK, jurisdiction=people["operator"].jurisdiction)
    people["operator"].parks.add(park)

    operator_applies(open_browser(people["operator"]))
    take_step(
        open_application(open_browser(people["city_bureau"])),
        "Recommend to the city government",
        {"Recommendation opinion": "材料齐全，符合认定条件，同意推荐。"},
        then="recommended",
        shot="journey-02-city-recommends",
    )
    take_step(
        open_application(open_browser(people["city_government"])),
        "Forward to the provincial department",
        {
            "Document number": "长府函〔2026〕12号",
            "Document date": "2026-03-02",
            "Application letter of the city government (市政府申请函)": {
                "name": "长府函〔2026〕12号.pdf",
                "mimeType": "application/pdf",
                "buffer": PDF_BYTES,
            },
        },
        then="forwarded",
    )
    province_draws_the_panel(open_application(open_browser(people["provincial"])), people)
    expert_reviews(open_application(open_browser(people["expert"])))
    notice_title = province_publishes_the_list(open_application(open_browser(people["provincial"])))
    # Objections are taken from the notice's first day, Tuesday 3 March (第六条（四）).
    clock.move_to(datetime.datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI))
    public = open_browser()
    receipt, check_code = public_objects(public, notice_title)

    province = open_application(open_browser(people["provincial"]))
    province_dismisses(province, receipt)
    public_looks_up(public, receipt, check_code, zh("Verified: the objection was not upheld."))
    # Within the notice period the approval is refused, naming the first day it becomes possible.
    click(province, "link", "Approve the designation")
    field(province, "Document number").fill("吉人社函〔2026〕20号")
    field(province, "Document date").fill("2026-03-02")
    click(province, "button", "Approve the designation")
    expect(province.locator("main .alert-danger")).to_contain_text("2026-03-10")

    clock.move_to(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI))  # the notice ended on Monday 9 March
    province = open_application(open_browser(people["provincial"]))
    click(province, "link", "Approve the designation")
    expect(field(province, "Designated name")).to_have_value(DESIGNATED_NAME)
    field(province, "Document number").fill("吉人社函〔2026〕21号")
    field(province, "Document date").fill("2026-03-10")
    click(province, "button", "Approve the designation")
    expect(state_badge(province)).to_have_text(state_label("designated"))
    expect(province.locator("main")).to_contain_text(f"{DESIGNATED_NAME} · 吉人社函〔2026〕21号 · 2026-03-10")
    screenshot(province, "journey-08-designated")

    public = open_browser()
    public.goto("/public/")
    public.locator("main").get_by_role("link", name=re.compile(zh("Designated parks"))).click()
    listed = public.locator("main .list-group-item", has_text=DESIGNATED_NAME)
    expect(listed).to_contain_text("吉人社函〔2026〕21号")
    expect(listed).to_contain_text("2026-03-10")
    screenshot(public, "journey-09-public-park-list")


def operator_applies(page):
    menu(page, "Work queue")
    click(page, "link", "New application")
    field(page, "Park").select_option(label=PARK)
    click(page, "button", "Start the application")
    expect(page.locator(".alert-success")).to_have_text(
        zh("The application was started. Upload the materials, then submit.")
    )
    expect(state_badge(page)).to_have_text(state_label("draft", public=True))

    # Submitting before the materials are uploaded is refused, citing the article that requires them.
    click(page, "link", "Submit to the city bureau")
    click(page, "button", "Submit to the city bureau")
    expect(page.locator("main .alert-danger")).to_contain_text("第六条（一）")
    click(page, "link", "Cancel")

    policy = get_policy()
    for material in policy.required_materials:
        field(page, "Material").select_option(material.code)
        field(page, "File").set_input_files(
            {"name": f"{material.code}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        click(page, "button", "Upload")
        expect(page.locator(".alert-success")).to_have_text(zh("Uploaded as version %(version)s.", version=1))
    # Only the optional materials are still missing.
    missing = section(page, "Application materials").get_by_text(zh("not uploaded"), exact=True)
    expect(missing).to_have_count(len(policy.materials) - len(policy.required_materials))
    screenshot(page, "journey-01-apply")

    click(page, "link", "Submit to the city bureau")
    field(page, "Comment").fill("请审核。")
    click(page, "button", "Submit to the city bureau")
    expect(state_badge(page)).to_have_text(state_label("submitted", public=True))


def province_draws_the_panel(page, people):
    take_step(
        page, "Open the evaluation and draw the expert panel", {"Number of experts on the panel": "1"}, "evaluating"
    )
    panel = section(page, "Expert panel")
    expect(panel.locator("tbody tr")).to_have_count(1)
    expect(panel.locator("tbody tr")).to_contain_text(people["expert"].get_full_name())
    expect(panel.locator("tbody tr")).to_contain_text(zh("review not yet submitted"))
    # The expert of the park's own city was left out of the draw, and the draw's record says so.
    panel.locator("details summary").click()
    expect(panel.locator("details")).to_contain_text(people["expert_of_changchun"].get_full_name())


def expert_reviews(page):
    click(page, "link", "Score and write my opinion")
    for select in page.locator("main form select").all():  # every criterion and the three questions
        select.select_option("4")
    field(page, "Your opinion").fill("园区功能布局合理，建议通过。")
    screenshot(page, "journey-03-expert-review")
    click(page, "button", "Submit my review")
    expect(page.locator(".alert-success")).to_have_text(zh("Your review was submitted."))
    expect(page.get_by_role("link", name=zh("Revise my review"), exact=True)).to_be_visible()


def province_publishes_the_list(page) -> str:
    expect(section(page, "Expert panel").locator("tbody tr")).to_contain_text("园区功能布局合理，建议通过。")
    # 实地评估 (第六条) comes before the evaluation concludes: its date and 参加人员, name and unit each.
    field(page, "Date of visit").fill("2026-03-02")
    field(page, "参加人员").fill("王敏，吉林省人力资源和社会保障厅\n李强，吉林大学")
    field(page, "Findings").fill("场地、设施与申报材料一致。")
    click(page, "button", "Record the site visit")
    expect(page.locator(".alert-success")).to_have_text(zh("The site visit was recorded."))
    expect(section(page, "Site visits")).to_contain_text("王敏（吉林省人力资源和社会保障厅）")
    take_step(
        page,
        "Pass the evaluation: put on the recommendation list",
        {
            "Evaluation opinion": "专家组一致认为园区符合认定条件。",
            "Guidance on the construction plan": "完善产业定位与功能布局规划",
            "Guidance on the operation and management model": "引入专业化运营公司",
            "Guidance on support policies": "出台房租补贴和引才奖励政策",
            "Guidance on supporting safeguards": "加强配套设施和安全保障",
        },
        then="shortlisted",
    )
    menu(page, "Work queue")
    click(page, "link", "Recommendation list")
    title = "2026年第一批省级人力资源服务产业园拟认定名单公示"
    field(page, "Title of the notice").fill(title)
    field(page, "Document number").fill("吉人社公示〔2026〕1号")
    field(page, "Telephone for objections").fill("0431-88888888")
    field(page, "Address for objections").fill("长春市人民大街1号")
    page.locator("input[name=applications]").check()  # the one application on the list
    click(page, "button", "Publish for public notice")
    # Five working days, counted from the first working day after publication: Tuesday 3 to Monday 9 March.
    expect(page.locator(".alert-success")).to_have_text(
        zh("The notice was published; it runs from %(start)s to %(end)s.", start="2026-03-03", end="2026-03-09")
    )
    expect(page.locator("main h1")).to_have_text(title)
    screenshot(page, "journey-04-notice-published")
    return title


def public_objects(page, notice_title) -> tuple[str, str]:
    page.goto("/public/")
    page.get_by_role("link", name=notice_title).click()
    expect(page.locator("main")).to_contain_text("2026-03-03 — 2026-03-09")
    expect(page.locator("main .badge")).to_contain_text("5")  # working days left, all of them
    expect(page.locator("main table")).to_contain_text(PARK)
    expect(page.locator("main")).to_contain_text("0431-88888888")  # where objections may also go
    screenshot(page, "journey-05-public-notice")
    click(page, "link", "Raise an objection")
    expect(field(page, "Park objected to")).to_contain_text(PARK)
    field(page, "Your name").fill("赵六")
    field(page, "Contact").fill("13700000000")
    field(page, "Objection").fill("园区实际建筑面积不足申报面积。")
    click(page, "button", "Submit the objection")
    expect(page.locator("main h1")).to_have_text(zh("Your objection was received"))
    receipt, check_code = page.locator("main strong").all_inner_texts()
    assert re.fullmatch(r"YY20260302-\d{3}-001", receipt), receipt  # the notice's date, its first objection
    assert re.fullmatch(r"[A-Z2-9]{8}", check_code), check_code  # shown this once
    screenshot(page, "journey-06-objection-receipt")
    return receipt, check_code


def public_looks_up(page, receipt, check_code, outcome):
    """With the receipt number and the check code shown at filing, from the receipt page."""
    click(page, "link", "Look up an objection")
    field(page, "Receipt number").fill(receipt)
    field(page, "Check code").fill(check_code)
    click(page, "button", "Look up")
    expect(page.get_by_role("status")).to_contain_text(outcome)
    expect(page.get_by_role("status")).to_contain_text("调取不动产登记信息并实地测量，申报面积属实。")  # the reasons


def province_dismisses(page, receipt):
    objections = section(page, "Public notice").locator("tbody tr")
    expect(objections).to_have_count(1)
    expect(objections).to_contain_text(zh("being verified"))
    objections.get_by_role("link", name=receipt).click()
    expect(page.locator("main")).to_contain_text("园区实际建筑面积不足申报面积。")
    field(page, "How the objection was verified").fill("调取不动产登记信息并实地测量，申报面积属实。")
    field(page, "Outcome").select_option(label=zh("Dismissed"))
    screenshot(page, "journey-07-objection-verified")
    click(page, "button", "Record the verification")
    expect(page.locator(".alert-success")).to_have_text(zh("The verification of the objection was recorded."))
    expect(objections).to_contain_text(zh("Dismissed"))


# --- journey 2: a centralized evaluation graded 不合格 -----------------------------------------------


def test_an_unqualified_park_is_ordered_to_rectify(open_browser, people, default_template, clock):
    eligible_park(name=PARK, jurisdiction=people["operator"].jurisdiction, status=Park.Status.DESIGNATED)

    province = open_browser(people["provincial"])
    menu(province, "Evaluations")
    click(province, "link", "Open a round")
    field(province, "Kind").select_option("centralized")
    field(province, "Due date").fill("2026-03-31")
    click(province, "button", "Open the round")
    expect(province.locator(".alert-success")).to_have_text(zh("The round is open."))
    province.locator("main").get_by_role("link", name=PARK).click()
    field(province, "Number of experts").fill("1")
    click(province, "button", "Draw")
    expect(province.locator(".alert-success")).to_have_text(zh("The experts are drawn."))
    expect(province.locator("main table tbody")).to_contain_text(people["expert"].get_full_name())

    expert = open_browser(people["expert"])
    menu(expert, "My evaluation assignments")
    expert.locator("main").get_by_role("link", name=PARK).click()
    scores = expert.locator("main form input[name^=score_]")
    indicators = default_template.indicators.count()
    expect(scores).to_have_count(indicators)
    for index in range(indicators):
        scores.nth(index).fill("4")  # 4 of 10 on every indicator
    field(expert, "Expert opinion").fill("扶持政策兑现不到位，服务成效不明显。")
    screenshot(expert, "journey-10-expert-scores")
    click(expert, "button", "Submit the scores")
    expect(expert.locator(".alert-success")).to_have_text(zh("Your scores are submitted."))
    expect(expert.locator("main")).to_contain_text("40.00")  # the weighted total out of 100

    province = open_browser(people["provincial"])
    menu(province, "Evaluations")
    province.locator("main").get_by_role("link", name="2026", exact=True).click()
    expect(province.locator("main tbody tr", has_text=PARK)).to_contain_text(zh("Unqualified"))
    field(province, "Document number of the notice").fill("吉人社函〔2026〕30号")
    field(province, "Date issued").fill("2026-03-02")
    field(province, "Rectification requirements for unqualified parks").fill("对照考评意见逐项整改，落实扶持政策。")
    field(province, "or: working days").fill("30")
    click(province, "button", "Publish")
    expect(province.locator(".alert-success")).to_have_text(zh("The results are published."))
    graded = province.locator("main tbody tr", has_text=PARK)
    expect(graded).to_contain_text(zh("Unqualified"))
    # 30 working days from Monday 2 March 2026, over the Qingming holiday.
    expect(graded).to_contain_text(f"{zh('Ordered to rectify by')} 2026-04-14")
    screenshot(province, "journey-11-evaluation-notice")

    city = open_browser(people["city_bureau"])
    menu(city, "Evaluations")
    open_rectifications = city.locator("main table", has=city.get_by_role("columnheader", name=zh("Deadline")))
    open_rectifications.get_by_role("link", name=PARK).click()
    expect(city.locator("main h1")).to_contain_text(PARK)
    expect(city.locator("main")).to_contain_text("对照考评意见逐项整改，落实扶持政策。")
    expect(city.locator("main")).to_contain_text("吉人社函〔2026〕30号")
    expect(city.get_by_role("button", name=zh("Report the rectification"), exact=True)).to_be_visible()
    screenshot(city, "journey-12-rectification-order")
