"""An upload refused by the content checks of hrparks.core.uploads, as the operator meets it."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hrparks.core.tests.test_uploads import LEGACY_WORD_WITH_MACROS, repack, word_document
from hrparks.core.uploads import REFUSALS


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
