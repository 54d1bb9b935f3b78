"""The public portal as a member of the public sees it: designated parks, notices with their working
days left, objections with a receipt, the look-up, evaluation notices — and nothing private."""

import datetime
import re

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import services
from hrparks.applications.models import Objection, PanelMember, PublicNotice
from hrparks.applications.tests.factories import NOTICE_CONTACT, PDF_BYTES, application_in, operated_park
from hrparks.core.tests.test_cluster_settings import closed_port
from hrparks.evaluations.models import EvaluationNotice, ParkAssessment
from hrparks.evaluations.tests.factories import make_round
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory
from hrparks.portal.models import ObjectionAttachment

pytestmark = pytest.mark.django_db

# Monday 29 September 2025: the National Day holiday (1–8 October) is ahead, Saturday 11 October is worked.
MONDAY = datetime.datetime(2025, 9, 29, 10, 0, tzinfo=datetime.UTC)
# Tuesday 30 September, 10:00 in Changchun: the notice's first day, when objections are first taken.
FIRST_DAY = datetime.datetime(2025, 9, 30, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def notice(users):
    """A notice published on Monday 29 September 2025 for 5 working days: 30 Sep, 9, 10, 11 (Sat), 13 Oct."""
    application = application_in("in_notice", users["operator"])
    found = application.public_notices.get()
    PublicNotice.objects.filter(pk=found.pk).update(
        published_on=datetime.date(2025, 9, 29),
        start_date=datetime.date(2025, 9, 30),
        end_date=datetime.date(2025, 10, 13),
    )
    found.refresh_from_db()
    return found


def objection_data(notice, **overrides):
    return {
        "application": notice.applications.get().pk,
        "name": "王五",
        "contact": "13912345678",
        "content": "园区入驻机构数量与实际不符。",
        **overrides,
    }


def test_the_park_list_shows_designated_and_revoked_parks_only(client, changchun):
    ParkFactory(
        name="甲园区",
        jurisdiction=changchun,
        status=Park.Status.DESIGNATED,
        designation_document_number="吉人社函〔2023〕5号",
    )
    ParkFactory(name="乙园区", jurisdiction=changchun, status=Park.Status.REVOKED)
    ParkFactory(name="丙园区", jurisdiction=changchun)
    page = client.get(reverse("portal:parks")).content.decode()
    assert "甲园区" in page and "吉人社函〔2023〕5号" in page
    assert "乙园区" in page and "已取消授牌" in page
    assert "丙园区" not in page
    revoked_only = client.get(reverse("portal:parks"), {"status": "revoked"}).content.decode()
    assert "甲园区" not in revoked_only and "乙园区" in revoked_only


def test_a_park_that_was_never_designated_has_no_public_page(client, changchun):
    park = ParkFactory(jurisdiction=changchun)
    assert client.get(reverse("portal:park", args=[park.pk])).status_code == 404


@time_machine.travel(MONDAY, tick=False)
def test_a_current_notice_counts_its_working_days_left(client, notice):
    # Before the notice starts: all five of its working days are ahead.
    assert "还剩 5 个工作日" in client.get(reverse("portal:notices")).content.decode()
    with time_machine.travel(datetime.datetime(2025, 10, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        # Friday 10 October: today, Saturday 11 (调休) and Monday 13.
        assert "还剩 3 个工作日" in client.get(reverse("portal:notice", args=[notice.pk])).content.decode()


def solve_challenge(client, notice, data, **extra):
    """Open the form as the objector would; when it asks for the characters in the image, answer them
    (read from the challenge store, as a person reads the image)."""
    form = client.get(reverse("portal:objection", args=[notice.pk]), **extra).content.decode()
    if "captcha_0" not in form:
        return data
    store = CaptchaStore.objects.order_by("-id").first()
    assert f'value="{store.hashkey}"' in form
    return {**data, "captcha_0": store.hashkey, "captcha_1": store.response}


def file(client, notice, data, **extra):
    return client.post(
        reverse("portal:objection", args=[notice.pk]), solve_challenge(client, notice, data, **extra), **extra
    )


@time_machine.travel(FIRST_DAY, tick=False)
def test_an_objection_gets_a_receipt_and_a_check_code_that_read_the_decision(client, users, notice):
    response = client.post(reverse("portal:objection", args=[notice.pk]), objection_data(notice))
    assert response.status_code == 200
    objection = Objection.objects.get()
    page = response.content.decode()
    assert objection.receipt_number in page
    check_code = re.search(r"校验码: <strong[^>]*>([A-Z0-9]{8})<", page).group(1)
    assert check_code not in objection.check_code_hash  # kept hashed only
    assert objection.application.events.filter(action="objection_filed", actor=None).exists()

    lookup = reverse("portal:receipt_lookup")
    found = client.post(lookup, {"receipt_number": objection.receipt_number, "check_code": check_code.lower()})
    assert "正在核实" in found.content.decode()
    services.resolve_objection(
        objection, verification="经实地核查，入驻机构数量属实。", upheld=False, actor=users["provincial"]
    )
    found = client.post(lookup, {"receipt_number": objection.receipt_number, "check_code": check_code}).content.decode()
    assert "异议不成立" in found and "经实地核查，入驻机构数量属实。" in found
    assert [value for value in ("王五", "13912345678", "园区入驻机构数量与实际不符") if value in found] == []
    for wrong in ({"check_code": "AAAAAAAA"}, {"check_code": "13912345678"}):  # the contact is no longer a key
        refused = client.post(lookup, {"receipt_number": objection.receipt_number, **wrong}).content.decode()
        assert "没有与该受理编号和校验码相符的异议" in refused and "属实" not in refused


@time_machine.travel(FIRST_DAY, tick=False)
def test_an_objector_with_an_e_mail_address_gets_the_decision_by_e_mail(
    client, users, notice, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.post(reverse("portal:objection", args=[notice.pk]), objection_data(notice, contact="wang.wu@example.cn"))
    phoned = services.file_objection(
        notice=notice, application=notice.applications.get(), name="赵六", contact="13700000000", content="异议"
    )
    emailed = Objection.objects.get(contact="wang.wu@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_objection(
            emailed, verification="核查属实，退回重新评估。", upheld=True, actor=users["provincial"]
        )
        services.resolve_objection(phoned, verification="核查不实。", upheld=False, actor=users["provincial"])
    (message,) = [sent for sent in mailoutbox if "wang.wu@example.cn" in sent.to]
    assert message.to == ["wang.wu@example.cn"]
    # The officials' own notifications of the decisions name no objector and no contact.
    to_officials = [sent.body for sent in mailoutbox if sent is not message]
    assert to_officials and not [body for body in to_officials if "王五" in body or "wang.wu" in body or "赵六" in body]
    assert emailed.receipt_number in message.subject
    assert "异议成立" in message.body and "核查属实，退回重新评估。" in message.body
    assert "王五" not in message.body


@time_machine.travel(FIRST_DAY, tick=False)
def test_bad_input_is_named_and_nothing_is_filed(client, notice):
    response = client.post(
        reverse("portal:objection", args=[notice.pk]), objection_data(notice, name="", content="", contact="139")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("该字段是必填项。") == 2
    assert "请填写手机号码" in page
    assert not Objection.objects.exists()


@time_machine.travel(FIRST_DAY, tick=False)
def test_an_attachment_is_checked_by_its_content_and_kept_with_the_objection(client, notice):
    fake = SimpleUploadedFile("evidence.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("portal:objection", args=[notice.pk]), objection_data(notice, attachment=fake))
    assert response.status_code == 400
    assert "不是有效的.pdf文件" in response.content.decode()
    assert not Objection.objects.exists()

    real = SimpleUploadedFile("evidence.pdf", PDF_BYTES, content_type="application/pdf")
    assert file(client, notice, objection_data(notice, attachment=real)).status_code == 200
    attachment = ObjectionAttachment.objects.get()
    assert attachment.objection == Objection.objects.get()
    assert attachment.file_format == "pdf"


@time_machine.travel(FIRST_DAY, tick=False)
def test_an_attachment_over_5_mb_is_refused(client, notice):
    big = SimpleUploadedFile("evidence.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    response = client.post(reverse("portal:objection", args=[notice.pk]), objection_data(notice, attachment=big))
    assert response.status_code == 400
    assert "附件最大为 5.0" in response.content.decode()


@time_machine.travel(FIRST_DAY, tick=False)
def test_a_second_objection_from_an_address_asks_for_the_characters_in_an_image(client, notice):
    url = reverse("portal:objection", args=[notice.pk])
    assert "captcha_1" not in client.get(url).content.decode()
    assert client.post(url, objection_data(notice)).status_code == 200

    form = client.get(url).content.decode()
    store = CaptchaStore.objects.order_by("-id").first()
    image = client.get(reverse("captcha-image", args=[store.hashkey]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")  # drawn here, with the package's own font: works offline
    assert "验证码" in form or "图中字符" in form
    wrong = client.post(url, {**objection_data(notice), "captcha_0": store.hashkey, "captcha_1": "wrong"})
    assert wrong.status_code == 400 and Objection.objects.count() == 1
    assert file(client, notice, objection_data(notice)).status_code == 200
    assert Objection.objects.count() == 2
    # Another address files its first objection without the challenge.
    assert "captcha_1" not in client.get(url, REMOTE_ADDR="198.51.100.1").content.decode()


@time_machine.travel(FIRST_DAY, tick=False)
def test_objections_are_limited_to_five_an_hour_per_address(client, notice):
    address = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(5):
        assert file(client, notice, objection_data(notice), **address).status_code == 200
    refused = file(client, notice, objection_data(notice), **address)
    assert refused.status_code == 429
    assert "请求过于频繁" in refused.content.decode()
    assert Objection.objects.count() == 5
    assert file(client, notice, objection_data(notice), REMOTE_ADDR="198.51.100.1").status_code == 200
    with time_machine.travel(FIRST_DAY + datetime.timedelta(hours=1, minutes=1), tick=False):
        assert file(client, notice, objection_data(notice), **address).status_code == 200


@time_machine.travel(FIRST_DAY, tick=False)
def test_while_the_shared_cache_is_unreachable_objections_are_still_taken(client, notice, settings):
    """With the cache in Redis (REDIS_URL) and Redis restarting, the throttle cannot count; the objection is
    taken instead of the page failing."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        },
    }
    response = file(client, notice, objection_data(notice))
    assert response.status_code == 200
    assert Objection.objects.count() == 1


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (MONDAY, 403),  # the day of publication: the notice's first day is tomorrow
        (datetime.datetime(2025, 10, 13, 15, 59, tzinfo=datetime.UTC), 200),  # 23:59 on the last day
        (datetime.datetime(2025, 10, 13, 16, 0, tzinfo=datetime.UTC), 410),  # 00:00 the day after
    ],
)
def test_objections_are_taken_from_the_notices_first_to_its_last_day(client, notice, moment, status):
    with time_machine.travel(moment, tick=False):
        page = client.get(reverse("portal:notice", args=[notice.pk])).content.decode()
        response = client.post(reverse("portal:objection", args=[notice.pk]), objection_data(notice))
    assert response.status_code == status
    assert Objection.objects.exists() is (status == 200)
    assert ("提出异议" in page) is (status == 200)  # the button is only there while objections are taken
    if status == 403:
        assert "2025-09-30" in page and "2025-09-30" in response.content.decode()


def test_the_notice_page_gives_the_telephone_and_address_for_objections(client, notice):
    page = client.get(reverse("portal:notice", args=[notice.pk])).content.decode()
    assert NOTICE_CONTACT["contact_phone"] in page and NOTICE_CONTACT["contact_address"] in page


def test_the_portal_speaks_english_too(client):
    client.cookies["django_language"] = "en"
    assert "Designated parks" in client.get(reverse("portal:index")).content.decode()


def test_no_public_page_shows_private_data(client, users, province, changchun):
    """Demo-like data with everything private filled in; every public page is read for it."""
    operator = users["operator"]
    expert = UserFactory(username="expert_wang", first_name="专家王", role=Role.EXPERT, jurisdiction=changchun)
    park = operated_park(
        operator,
        status=Park.Status.DESIGNATED,
        designated_name="长春市省级人力资源服务产业园",
        contact_person="联系人赵六",
        contact_phone="0431-88886666",
        contact_email="zhao@park.example",
    )
    enterprise = EnterpriseFactory(park=park, name="入驻企业甲")
    application = application_in("in_notice", operator)
    notice = application.public_notices.get()
    PanelMember.objects.create(application=application, expert=expert, opinion="专家意见保密")
    Objection.objects.create(
        notice=notice,
        application=application,
        receipt_number="YY-1",
        name="异议人孙七",
        contact="13700001111",
        content="异议内容保密",
    )
    published = make_round(province, kind="centralized", year=2024)
    ParkAssessment.objects.create(round=published, park=park, score="87.65", grade="qualified")
    evaluation_notice = EvaluationNotice.objects.create(
        round=published,
        document_number="吉人社函〔2025〕9号",
        issued_on=datetime.date(2025, 3, 1),
        issued_by=users["provincial"],
    )
    private = [
        "联系人赵六",
        "0431-88886666",
        "zhao@park.example",
        enterprise.uscc,
        "专家王",
        "expert_wang",
        "专家意见保密",
        "异议人孙七",
        "13700001111",
        "异议内容保密",
        "87.65",
        users["provincial"].first_name,
        operator.first_name,
    ]
    pages = [
        reverse("portal:index"),
        reverse("portal:parks"),
        reverse("portal:park", args=[park.pk]),
        reverse("portal:notices"),
        reverse("portal:notice", args=[notice.pk]),
        reverse("portal:objection", args=[notice.pk]),
        reverse("portal:receipt_lookup"),
        reverse("portal:evaluation_notices"),
        reverse("portal:evaluation_notice", args=[evaluation_notice.pk]),
    ]
    responses = {url: client.get(url) for url in pages}
    responses["look-up"] = client.post(
        reverse("portal:receipt_lookup"), {"receipt_number": "YY-1", "check_code": "13700001111"}
    )
    for url, response in responses.items():
        assert response.status_code == 200, url
        content = response.content.decode()
        assert [value for value in private if value in content] == [], url
    assert "合格" in client.get(pages[-1]).content.decode()


def test_the_jurisdiction_filter_offers_only_cities_with_a_listed_park(client, users):
    operated_park(users["operator"], status=Park.Status.DESIGNATED)
    page = client.get(reverse("portal:parks")).content.decode()
    assert ">长春市</option>" in page
    assert ">昆明市</option>" not in page and ">吉林市</option>" not in page
