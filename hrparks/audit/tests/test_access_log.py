"""What the audit log records besides writes (issue 13, item 10): log-ins, failed log-ins and lock-outs,
downloads and exports, and administrators' page views; who, when, from which address, and what. These
entries obey the visibility rule: a download of an objection's attachment names no objector to a city."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrparks.accounts.tests.factories import TEST_PASSWORD
from hrparks.applications.tests.factories import PDF_BYTES, application_in, material_of
from hrparks.audit.models import Action, AuditEntry
from hrparks.portal.services import submit_objection

pytestmark = pytest.mark.django_db

CLIENT = "198.51.100.23"


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.AXES_ENABLED = True
    settings.PORTAL_TRUSTED_PROXIES = 1


def entries(action) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def log_in(client, username, password):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=CLIENT,
    )


def test_a_log_in_is_recorded_with_the_clients_address(client, users):
    log_in(client, "province", TEST_PASSWORD)
    (entry,) = entries(Action.LOGIN)
    assert (entry.actor_username, entry.data["address"], entry.province_id) == (
        "province",
        CLIENT,
        users["provincial"].jurisdiction_id,
    )


def test_failed_log_ins_and_the_lock_out_are_recorded(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "cc_bureau", "wrong-password")
    log_in(client, "nobody-by-this-name", "wrong-password")
    failed = entries(Action.LOGIN_FAILED)
    assert [entry.data["username"] for entry in failed] == ["cc_bureau"] * settings.AXES_FAILURE_LIMIT + [
        "nobody-by-this-name"
    ]
    assert {entry.data["address"] for entry in failed} == {CLIENT}
    (locked,) = entries(Action.LOCKED_OUT)
    assert (locked.data["username"], locked.data["address"]) == ("cc_bureau", CLIENT)


def test_a_download_is_recorded(client, users):
    application = application_in("submitted", users["operator"])
    material = material_of(application)
    client.force_login(users["city_bureau"])
    url = reverse("applications:material_download", args=[application.pk, material.pk])
    assert client.get(url).status_code == 200
    (entry,) = entries(Action.DOWNLOAD)
    assert (entry.actor_username, entry.data["path"], entry.data["view"]) == (
        "cc_bureau",
        url,
        "applications:material_download",
    )


def test_an_export_is_recorded(client, users):
    client.force_login(users["city_bureau"])
    assert client.get(reverse("parks:list") + "?export=csv").status_code == 200
    (entry,) = entries(Action.EXPORT)
    assert entry.data["path"] == reverse("parks:list") + "?export=csv"


def test_a_page_is_not_a_download(client, users):
    client.force_login(users["city_bureau"])
    client.get(reverse("parks:list"))
    assert not entries(Action.DOWNLOAD) and not entries(Action.EXPORT)


def test_admin_page_views_are_recorded_and_read_by_the_province(client, users):
    client.force_login(users["sysadmin"])
    client.get(reverse("admin:accounts_user_changelist"))
    (entry,) = entries(Action.ADMIN_VIEW)
    assert (entry.actor_username, entry.data["path"]) == ("sysadmin", reverse("admin:accounts_user_changelist"))
    client.force_login(users["provincial"])
    assert "/admin/accounts/user/" in client.get(reverse("audit:log")).content.decode()


def test_the_download_of_an_objection_attachment_names_no_objector_to_the_city(client, users):
    application = application_in("in_notice", users["operator"])
    objection = submit_objection(
        notice=application.public_notices.get(),
        application=application,
        name="异议人孙七",
        contact="13700001111",
        content="异议",
        attachment=SimpleUploadedFile("sunqi-statement.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    client.force_login(users["provincial"])
    assert client.get(reverse("api:objection-attachment", args=[objection.pk])).status_code == 200
    (entry,) = entries(Action.DOWNLOAD)
    assert "sunqi-statement.pdf" in client.get(reverse("audit:log")).content.decode()
    client.force_login(users["city_bureau"])
    for url in (reverse("audit:log"), reverse("audit:park_history", args=[application.park_id])):
        export = b"".join(client.get(url + "?export=csv").streaming_content).decode("utf-8-sig")
        content = client.get(url).content.decode() + export
        assert "sunqi-statement.pdf" not in content and "异议人孙七" not in content
    assert entry.park_id is None
