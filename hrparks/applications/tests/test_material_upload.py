"""An upload refused by the content checks of hrparks.core.uploads, as the operator meets it."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hrparks.core.tests.test_uploads import LEGACY_WORD_WITH_MACROS, repack, word_document
from hrparks.core.uploads import REFUSALS

from .factories import PDF_BYTES


def test_the_operator_is_told_why_and_nothing_is_stored(draft, people, client, settings):
    client.force_login(people["operator"])
    before = draft.materials.count()
    stored = sorted(settings.MEDIA_ROOT.rglob("*"))
    content = repack(word_document(), {"word/vbaProject.bin": LEGACY_WORD_WITH_MACROS})
    response = client.post(
        reverse("applications:material_upload", kwargs={"pk": draft.pk}),
        {"code": "enterprise_list", "file": SimpleUploadedFile("名录.docx", content)},
    )
    assert response.status_code == 302
    with translation.override("zh-hans"):
        assert str(REFUSALS["macros"]) in [str(m) for m in get_messages(response.wsgi_request)]
    assert draft.materials.count() == before
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == stored


def test_the_stamped_application_form_and_the_declaration_have_their_own_slots(draft, people, client):
    """附件3 (申报表, stamped) and 附件7 (真实性声明) are uploaded in slots of their own; neither is required
    by 第六条（一）, so an application without them can still be submitted."""
    client.force_login(people["operator"])
    page = client.get(reverse("applications:detail", kwargs={"pk": draft.pk})).content.decode()
    assert "吉林省省级人力资源服务产业园申报表（盖章）" in page and "第六条（一）、附件3" in page
    assert "真实性声明" in page and "第六条（一）、附件7" in page
    response = client.post(
        reverse("applications:material_upload", kwargs={"pk": draft.pk}),
        {"code": "application_form", "file": SimpleUploadedFile("申报表.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    assert draft.materials.filter(code="application_form", original_name="申报表.pdf").exists()
