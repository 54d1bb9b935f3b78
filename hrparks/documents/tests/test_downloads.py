"""The documents panel and its downloads: stored files are served again until their inputs change, and the
seven attachments come as one ZIP or one merged PDF from the background queue."""

import datetime
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from django_tasks import task_backends
from pypdf import PdfReader

from hrparks.documents import services
from hrparks.documents.contexts import Subject
from hrparks.documents.kinds import ATTACHMENTS, Format, Kind
from hrparks.documents.models import GeneratedDocument
from hrparks.evaluations.models import Rectification
from hrparks.parks.models import Site
from hrparks.parks.tests.factories import EnterpriseFactory, make_uscc

from .conftest import documented_park, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def park(users, media):
    park = documented_park()
    users["operator"].parks.add(park)
    return park


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def test_the_panel_offers_each_attachment_in_its_formats(client, users, park):
    client.force_login(users["city_bureau"])
    response = client.get(reverse("documents:panel", args=["park", park.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for attachment in ATTACHMENTS:
        for file_format in attachment.formats:
            assert reverse("documents:attachment", args=["park", park.pk, attachment.kind, file_format]) in page
    assert reverse("documents:bundle", args=["park", park.pk, "zip"]) in page
    assert reverse("documents:roster_upload", args=[park.pk]) in page


def test_the_province_reads_but_does_not_see_the_roster_upload(client, users, park):
    client.force_login(users["provincial"])
    page = client.get(reverse("documents:panel", args=["park", park.pk])).content.decode()
    assert reverse("documents:roster_template", args=[park.pk]) in page
    assert reverse("documents:roster_upload", args=[park.pk]) not in page


def test_an_attachment_downloads_under_its_official_name(client, users, park):
    response, content = download(
        client, users["operator"], reverse("documents:attachment", args=["park", park.pk, "form", "pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E9%99%84%E4%BB%B63" in response["Content-Disposition"]  # 附件3-…
    assert content.startswith(b"%PDF")
    stored = GeneratedDocument.objects.get(subject=f"park:{park.pk}", kind=Kind.FORM, file_format=Format.PDF)
    assert stored.file_name == "附件3-吉林省省级人力资源服务产业园申报表.pdf"
    assert stored.status == GeneratedDocument.Status.READY and len(stored.sha256) == 64 and stored.size == len(content)


def test_a_stored_file_is_served_until_the_data_it_shows_changes(
    users, park, monkeypatch, django_capture_on_commit_callbacks
):
    subject = Subject(park)
    first = services.attachment_document(subject, Kind.LETTER, Format.DOCX)
    cover = services.attachment_document(subject, Kind.COVER, Format.DOCX)

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(services, "render_attachment", no_rendering)
        assert services.attachment_document(subject, Kind.LETTER, Format.DOCX).sha256 == first.sha256
        # The cover shows no enterprise: a new enterprise changes the letter's figures, not the cover.
        EnterpriseFactory(park=park, uscc=make_uscc(7777))
        assert services.attachment_document(subject, Kind.COVER, Format.DOCX).input_hash == cover.input_hash

    with django_capture_on_commit_callbacks(execute=True):
        again = services.attachment_document(subject, Kind.LETTER, Format.DOCX)
    assert again.input_hash != first.input_hash and again.sha256 != first.sha256
    assert GeneratedDocument.objects.filter(subject=subject.key, kind=Kind.LETTER).count() == 1
    assert again.file.storage.exists(again.file.name)
    assert not first.file.storage.exists(first.file.name), "the previous file is removed"


def test_all_attachments_come_as_one_zip_from_the_background_queue(
    client, users, park, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(users["operator"])
    url = reverse("documents:bundle", args=["park", park.pk, "zip"])
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url)
    assert waiting.status_code == 200
    assert reverse("documents:bundle_status", args=["park", park.pk, "zip"]) in waiting.content.decode()

    status = client.get(reverse("documents:bundle_status", args=["park", park.pk, "zip"]))
    assert f'data-download-url="{url}"' in status.content.decode()

    response, content = download(client, users["operator"], url)
    assert response["Content-Type"] == "application/zip"
    names = sorted(zipfile.ZipFile(BytesIO(content)).namelist())
    assert len(names) == sum(len(a.formats) for a in ATTACHMENTS) == 15
    assert "附件6-产业园区已入驻或已签入驻协议企业名录.xlsx" in names
    assert "附件1-申报材料封面.docx" in names and "附件7-真实性声明.pdf" in names


def test_all_attachments_come_as_one_pdf_with_a_bookmark_each(
    client, users, park, immediate_tasks, django_capture_on_commit_callbacks
):
    application = submitted_application(park, users["operator"])
    url = reverse("documents:bundle", args=["application", application.pk, "pdf"])
    client.force_login(users["city_government"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    _response, content = download(client, users["city_government"], url)
    reader = PdfReader(BytesIO(content))
    parts = [item.title for item in reader.outline if not isinstance(item, list)]
    assert parts == [f"附件{a.number} {a.official_title}" for a in ATTACHMENTS]
    stored = GeneratedDocument.objects.filter(subject=f"application:{application.pk}", file_format=Format.PDF)
    assert sum(len(PdfReader(part.file.path).pages) for part in stored.exclude(kind=Kind.BUNDLE)) == len(reader.pages)


def test_a_bundle_is_queued_once_and_made_again_only_after_a_change(
    users, park, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    subject = Subject(park)

    def queued():
        return [result.args for result in task_backends["default"].results]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_bundle(subject, Format.ZIP).status == GeneratedDocument.Status.PENDING
        services.request_bundle(subject, Format.ZIP)  # still pending with the same inputs: not queued again
    assert queued() == [[subject.key, Format.ZIP]]

    services.build_bundle(subject, Format.ZIP)
    assert services.request_bundle(subject, Format.ZIP).status == GeneratedDocument.Status.READY

    Site.objects.filter(park=park, is_main=False).update(floor_area_m2=7000)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_bundle(subject, Format.ZIP).status == GeneratedDocument.Status.PENDING
    assert len(queued()) == 2


def test_a_failed_bundle_says_so_and_can_be_asked_for_again(client, users, park, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "attachment_document", broken)
    subject = Subject(park)
    services.request_bundle(subject, Format.PDF)
    with pytest.raises(RuntimeError):
        services.build_bundle(subject, Format.PDF)
    client.force_login(users["operator"])
    page = client.get(reverse("documents:bundle_status", args=["park", park.pk, "pdf"])).content.decode()
    assert "alert-danger" in page and reverse("documents:bundle", args=["park", park.pk, "pdf"]) in page


def test_the_decision_of_an_application_downloads_and_an_open_one_has_none(client, users, park):
    application = submitted_application(park, users["operator"])
    client.force_login(users["operator"])
    assert client.get(reverse("documents:decision", args=[application.pk, "pdf"])).status_code == 404
    application.state = "not_passed"
    application.decided_on = datetime.date(2026, 11, 26)
    application.rectification = "补充材料。"
    application.save()
    response, _content = download(
        client, users["operator"], reverse("documents:decision", args=[application.pk, "docx"])
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert GeneratedDocument.objects.get(subject=f"application:{application.pk}").kind == Kind.REFUSAL


def test_unknown_kinds_and_formats_are_not_found(client, users, park):
    client.force_login(users["operator"])
    assert client.get(reverse("documents:attachment", args=["park", park.pk, "cover", "xlsx"])).status_code == 404
    assert client.get(reverse("documents:bundle", args=["park", park.pk, "docx"])).status_code == 404
    assert client.get(f"/documents/park/{park.pk}/unknown.pdf").status_code == 404


def test_the_city_bureau_finds_the_parks_rectification_order_on_the_panel(client, users, park):
    rectification = Rectification.objects.create(
        park=park,
        ground="poor_operation",
        requirements="健全管理制度。",
        document_number="吉人社函〔2026〕121号",
        ordered_on=datetime.date(2026, 12, 20),
        deadline=datetime.date(2027, 6, 30),
    )
    url = reverse("documents:rectification_order", args=[rectification.pk, "pdf"])
    client.force_login(users["city_bureau"])
    assert url in client.get(reverse("documents:panel", args=["park", park.pk])).content.decode()
    response, content = download(client, users["city_bureau"], url)
    assert content.startswith(b"%PDF") and "%E9%99%90%E6%9C%9F" in response["Content-Disposition"]  # 限期整改通知
    client.force_login(users["operator"])
    assert url not in client.get(reverse("documents:panel", args=["park", park.pk])).content.decode()
    assert client.get(url).status_code == 403


def test_a_bundle_is_built_while_the_same_documents_are_generated_again(users, park, monkeypatch):
    """The worker's first ZIP failed with FileNotFoundError for the cover PDF: a download re-rendered the
    cover meanwhile and deleted the file the worker was about to read. Here each attachment's stored file
    goes away just after the bundle builder is handed it, as when the download's transaction commits."""
    handed_out = services.attachment_document

    def regenerated_meanwhile(*args, **kwargs):
        document = handed_out(*args, **kwargs)
        document.file.storage.delete(document.file.name)
        return document

    monkeypatch.setattr(services, "attachment_document", regenerated_meanwhile)
    bundle = services.build_bundle(Subject(park), Format.ZIP)
    assert bundle.status == GeneratedDocument.Status.READY
    with bundle.file.open("rb") as stored, zipfile.ZipFile(BytesIO(stored.read())) as archive:
        names = archive.namelist()
        assert len(names) == len(list(services._bundle_parts(Format.ZIP)))
        assert all(archive.read(name) for name in names)
