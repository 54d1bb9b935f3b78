"""The Django admin is for the system administrator (staff account) only."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("role", ["operator", "city_bureau", "city_government", "provincial", "expert"])
def test_non_staff_roles_cannot_open_the_admin(client, users, role):
    client.force_login(users[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_system_admin_manages_users(client, users):
    client.force_login(users["sysadmin"])
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert "cc_bureau" in response.content.decode()


# What the system administrator manages: accounts, tokens, log-in lock-outs, two-factor devices, the task
# queue and the reference list of jurisdictions. Nothing of parks, applications, objections, enterprises,
# evaluations or the audit log (issue 13).
ADMIN_MODELS = {
    "auth.group",
    "authtoken.tokenproxy",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
    "accounts.user",
    "otp_totp.totpdevice",
    "parks.jurisdiction",
}


def test_the_admin_holds_accounts_and_settings_only():
    from django.contrib import admin

    assert {model._meta.label_lower for model in admin.site._registry} == ADMIN_MODELS


@pytest.fixture
def objection(users):
    from hrparks.applications.tests.factories import application_in
    from hrparks.portal.services import submit_objection

    application = application_in("in_notice", users["operator"])
    return submit_objection(
        notice=application.public_notices.get(),
        application=application,
        name="异议人赵六丙",
        contact="13611112222",
        content="管理员不应看到的异议内容",
    )


def _admin_urls(objects) -> list[str]:
    """Every list and change page of the admin, with every object of the test's data."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        urls += [reverse(f"{prefix}_change", args=[pk]) for pk in model._default_manager.values_list("pk", flat=True)]
    return urls + objects


def test_no_admin_page_shows_an_objector(client, users, objection):
    client.force_login(users["sysadmin"])
    guessed = [
        f"/admin/applications/objection/{objection.pk}/change/",
        "/admin/applications/objection/",
        "/admin/audit/auditentry/",
        f"/admin/parks/park/{objection.application.park_id}/change/",
        "/admin/parks/enterprise/",
        "/admin/notifications/notification/",
    ]
    for url in _admin_urls(guessed):
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        content = response.content.decode()
        for marker in (objection.name, objection.contact, objection.content):
            assert marker not in content, url


def test_the_admin_cannot_make_a_park_designated(client, users, objection):
    park = objection.application.park
    client.force_login(users["sysadmin"])
    response = client.post(
        f"/admin/parks/park/{park.pk}/change/", {"name": park.name, "status": "designated", "_save": "1"}
    )
    assert response.status_code == 404
    park.refresh_from_db()
    assert park.status == "not_designated"


def test_every_superuser_needs_two_factor_log_in_when_the_administrator_does(client, db, settings):
    from hrparks.accounts.models import Role

    from .factories import UserFactory

    settings.HRPARKS_REQUIRE_OTP_FOR = ["system_admin"]
    client.force_login(UserFactory(role=Role.EXPERT, is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")
