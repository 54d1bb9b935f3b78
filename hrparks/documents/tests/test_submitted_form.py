"""附件3 is the form the city bureau and the province review: once the application is submitted, it shows
the data of the submission, whatever the park changes afterwards."""

import pytest

from hrparks.applications.tests.factories import ApplicationFactory
from hrparks.applications.tests.journey import submit, upload_required_materials
from hrparks.documents.contexts import AttachmentContext, Subject
from hrparks.documents.kinds import Format, Kind
from hrparks.documents.models import SubmittedSnapshot
from hrparks.documents.services import attachment_document, render_attachment
from hrparks.parks.models import Site
from hrparks.parks.tests.factories import EnterpriseFactory, make_uscc

from .conftest import documented_park
from .reader import docx_text

pytestmark = pytest.mark.django_db


def form_text(application) -> str:
    context = AttachmentContext(Subject(application.park, application)).for_kind(Kind.FORM)
    return docx_text(render_attachment(Kind.FORM, Format.DOCX, context))


def test_the_form_is_frozen_when_the_application_is_submitted(users, media):
    park = documented_park()
    users["operator"].parks.add(park)
    application = ApplicationFactory(park=park, state="draft", created_by=users["operator"])
    upload_required_materials(application, users["operator"])
    submit(application, users)
    assert SubmittedSnapshot.objects.filter(application=application).count() == 1
    submitted = form_text(application)

    park.name = "改名后的产业园"
    park.staff_count = 3
    park.save()
    Site.objects.filter(park=park, is_main=False).delete()
    EnterpriseFactory(park=park, name="提交后入驻的企业", uscc=make_uscc(3000))
    application.refresh_from_db()
    later = form_text(application)
    assert later == submitted
    assert "示例人力资源服务产业园" in later and "12名" in later and "11000.5" in later and "16家" in later
    assert "改名后的产业园" not in later
    # The stored file is the one of the submission too, and the other attachments follow today's park.
    stored = attachment_document(Subject(park, application), Kind.FORM, Format.DOCX)
    assert docx_text(stored.file.read()) == submitted
    assert "改名后的产业园" in docx_text(
        render_attachment(Kind.COVER, Format.DOCX, AttachmentContext(Subject(park, application)).for_kind(Kind.COVER))
    )


def test_a_park_before_it_applies_sees_its_form_from_todays_data(users):
    park = documented_park()
    park.name = "尚未申报的产业园"
    park.save()
    context = AttachmentContext(Subject(park)).for_kind(Kind.FORM)
    assert "尚未申报的产业园" in docx_text(render_attachment(Kind.FORM, Format.DOCX, context))
