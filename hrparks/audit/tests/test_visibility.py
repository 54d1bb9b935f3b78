"""The audit log's visibility rule (issue 13, items 1 and 9): an objector is known to the province alone,
personal numbers and storage paths are the province's, and an entry is shown only to those who may see
its object (a draft application's material is its operator's). Every page and export, as every role."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrparks.applications.tests.factories import PDF_BYTES, application_in, material_of
from hrparks.audit.context import acting_as
from hrparks.audit.visibility import personal_fields
from hrparks.portal.services import submit_objection

pytestmark = pytest.mark.django_db

OBJECTOR = "异议人王五甲"
CONTACT = "13512340000"
CONTENT = "异议内容标记乙"
ATTACHMENT_NAME = "wangwu-signed-statement.pdf"
PHONE = "13987650000"
DRAFT_MATERIAL = "draft-only-request.pdf"
OBJECTOR_MARKERS = (OBJECTOR, CONTACT, CONTENT)
# What the attachment's entries could give away besides; nobody but the province may find them.
ATTACHMENT_MARKERS = (ATTACHMENT_NAME, "objections/")


@pytest.fixture
def history(users):
    """An objection (with an attachment) filed on the portal against an application in notice; a draft
    application of another park of the same operator with an uploaded material; a phone number changed."""
    in_notice = application_in("in_notice", users["operator"])
    submit_objection(
        notice=in_notice.public_notices.get(),
        application=in_notice,
        name=OBJECTOR,
        contact=CONTACT,
        content=CONTENT,
        attachment=SimpleUploadedFile(ATTACHMENT_NAME, PDF_BYTES, content_type="application/pdf"),
    )
    draft = application_in("draft", users["operator"])
    with acting_as(users["operator"]):
        material = material_of(draft)
        material.original_name = DRAFT_MATERIAL
        material.save()
    users["city_bureau"].phone = PHONE
    users["city_bureau"].save()
    return {"in_notice": in_notice, "draft": draft, "material": material}


def _texts(client, url: str) -> list[str]:
    """What the user gets from the page and from both its exports (every cell of the workbook)."""
    texts = []
    for query in ("", "?export=csv", "?export=xlsx"):
        response = client.get(url + query)
        if response.status_code != 200:
            texts.append("")
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if query.endswith("xlsx"):
            workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
            body = "\n".join(
                str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
            ).encode()
        texts.append(body.decode("utf-8-sig"))
    return texts


def _everything(client, user, history, parks=True) -> str:
    client.force_login(user)
    urls = [reverse("audit:log")]
    if parks:
        urls += [reverse("audit:park_history", args=[history[key].park_id]) for key in ("in_notice", "draft")]
    return "\n".join(text for url in urls for text in _texts(client, url))


@pytest.mark.parametrize(
    "role, sees_objector",
    [
        ("provincial", True),
        ("city_bureau", False),
        ("operator", False),
        ("other_city_bureau", False),
        ("city_government", False),
        ("expert", False),
        ("sysadmin", False),
    ],
)
def test_only_the_province_learns_who_objected(client, users, history, role, sees_objector):
    seen = _everything(client, users[role], history)
    for marker in OBJECTOR_MARKERS:
        assert (marker in seen) == sees_objector, marker
    if not sees_objector:
        assert not [marker for marker in ATTACHMENT_MARKERS if marker in seen]


def test_the_city_bureau_still_sees_that_an_objection_was_filed(client, users, history):
    seen = _everything(client, users["city_bureau"], history)
    assert history["in_notice"].objections.get().receipt_number in seen
    assert "******" in seen


@pytest.mark.parametrize("role", ["provincial", "city_bureau", "operator", "other_city_bureau"])
def test_phone_numbers_are_the_provinces_alone(client, users, history, role):
    assert (PHONE in _everything(client, users[role], history)) == (role == "provincial")


@pytest.mark.parametrize("role", ["provincial", "city_bureau", "other_city_bureau"])
def test_a_draft_applications_material_is_not_shown_to_officials(client, users, history, role):
    seen = _everything(client, users[role], history)
    assert DRAFT_MATERIAL not in seen
    assert history["material"].file.name not in seen


def test_the_operator_sees_its_own_drafts_history_but_not_the_storage_path(client, users, history):
    seen = _everything(client, users["operator"], history)
    assert DRAFT_MATERIAL in seen
    assert history["material"].file.name not in seen


def test_a_submitted_application_brings_its_history_into_view(client, users, history):
    draft = history["draft"]
    draft.submitted_at = draft.created_at
    draft.save()
    assert DRAFT_MATERIAL in _everything(client, users["city_bureau"], history)


def test_the_rule_covers_every_file_and_phone_field_by_itself():
    from django.apps import apps

    from hrparks.accounts.models import User
    from hrparks.applications.models import Material

    assert {"phone"} <= personal_fields(User)
    assert {"file"} <= personal_fields(Material)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.get_internal_type() == "FileField" or "phone" in field.name:
                assert field.name in personal_fields(model), f"{model._meta.label}.{field.name}"


def test_an_object_that_hangs_off_no_application_is_not_hidden_by_the_application_rule(client, users):
    from hrparks.notifications.models import Notification

    with acting_as(users["provincial"]):
        Notification.objects.create(recipient=users["provincial"], text="年度评估提醒标记")
    assert "年度评估提醒标记" in _everything(client, users["provincial"], {}, parks=False)
