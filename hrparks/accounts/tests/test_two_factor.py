"""Two-factor log-in: setting up an authenticator app, the code step after the password, and the roles that
cannot use the site without it (HRPARKS_REQUIRE_OTP_FOR)."""

import base64
import re
import subprocess
import sys
from base64 import b32encode
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from hrparks.accounts.views import PENDING_LOGIN, PENDING_LOGIN_SECONDS
from hrparks.audit.models import AuditEntry
from hrparks.core.tests.test_faults import DatabaseDown, needs_postgres, official_client
from hrparks.core.tests.test_security import ROOT, production_env

from .factories import TEST_PASSWORD, UserFactory


@pytest.fixture
def client(client):
    """English on screen: the assertions read the messages in the language they are written in."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True


def code(device, steps_ahead=0) -> str:
    """The code the user's app shows now (or that many 30-second steps later)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong(device) -> str:
    return f"{(int(code(device)) + 500_000) % 1_000_000:06d}"


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def password_step(client, user, next_url=""):
    data = {"username": user.username, "password": TEST_PASSWORD}
    return client.post(reverse("accounts:login") + (f"?next={next_url}" if next_url else ""), data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def events(user, action):
    return AuditEntry.objects.filter(action=action, object_id=str(user.pk))


# Setting it up and switching it off


def test_preferences_link_to_the_two_factor_page(client, users):
    client.force_login(users["city_bureau"])
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert reverse("accounts:two_factor") in page
    assert "Off" in page


def test_setup_page_draws_the_qr_code_itself_and_shows_the_key(client, users):
    client.force_login(users["city_bureau"])
    page = client.get(reverse("accounts:two_factor")).content.decode()
    device = TOTPDevice.objects.get(user=users["city_bureau"], confirmed=False)
    (qr_code,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)  # no image from another site
    assert b"<path" in base64.b64decode(qr_code)
    assert "otpauth://" not in page  # the secret only as QR geometry and as the key below
    key = b32encode(device.bin_key).decode()
    assert " ".join([key[:4], key[4:8], key[8:12]]) in page  # in groups of four, for typing it in
    # A reload shows the same secret: an app that has scanned it keeps working.
    client.get(reverse("accounts:two_factor"))
    assert TOTPDevice.objects.filter(user=users["city_bureau"]).count() == 1


def test_a_wrong_code_does_not_switch_it_on(client, users):
    client.force_login(users["city_bureau"])
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=users["city_bureau"])
    response = client.post(reverse("accounts:two_factor"), {"token": wrong(device)})
    assert "This code is wrong or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_letters_are_not_a_code(client, users):
    client.force_login(users["city_bureau"])
    client.get(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"token": "12345a"})
    assert "Enter the 6 digits" in response.content.decode()


def test_the_current_code_switches_it_on_and_is_audited(client, users):
    user = users["city_bureau"]
    client.force_login(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:two_factor"), {"token": code(device)[:3] + " " + code(device)[3:]})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert events(user, "two_factor.enabled").count() == 1
    assert "Switch two-factor log-in off" in client.get(response["Location"]).content.decode()


def test_switching_off_needs_a_current_code(client, users):
    user = users["city_bureau"]
    device = device_of(user)
    client.force_login(user)
    response = client.post(reverse("accounts:two_factor_disable"), {"token": wrong(device)})
    assert "This code is wrong or has expired" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    device.throttle_reset()  # the wrong code above made the next try wait a second
    client.post(reverse("accounts:two_factor_disable"), {"token": code(device)})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert events(user, "two_factor.disabled").count() == 1


# Logging in


def test_without_a_device_the_password_is_enough(client, users):
    password_step(client, users["city_bureau"])
    assert logged_in(client)


def test_with_a_device_the_password_leads_to_the_code_step(client, users):
    user = users["city_bureau"]
    device = device_of(user)
    response = password_step(client, user, next_url=reverse("accounts:preferences"))
    assert response["Location"] == reverse("accounts:login_code")
    assert not logged_in(client)
    assert client.get(reverse("accounts:preferences")).status_code == 302  # still anonymous

    response = client.post(reverse("accounts:login_code"), {"token": code(device)})
    assert response["Location"] == reverse("accounts:preferences")
    assert logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_wrong_code_at_log_in_is_refused(client, users):
    user = users["city_bureau"]
    device = device_of(user)
    password_step(client, user)
    response = client.post(reverse("accounts:login_code"), {"token": wrong(device)})
    assert response.status_code == 200
    assert "This code is wrong or has expired" in response.content.decode()
    assert not logged_in(client)


def test_a_code_is_accepted_once_only(client, users):
    user = users["city_bureau"]
    device = device_of(user)
    password_step(client, user)
    used = code(device)
    client.post(reverse("accounts:login_code"), {"token": used})
    client.logout()
    password_step(client, user)
    response = client.post(reverse("accounts:login_code"), {"token": used})
    assert not logged_in(client)
    assert "This code is wrong or has expired" in response.content.decode()


def test_quick_retries_wait_for_the_device_throttle(client, users):
    user = users["city_bureau"]
    device = device_of(user)
    password_step(client, user)
    client.post(reverse("accounts:login_code"), {"token": wrong(device)})
    response = client.post(reverse("accounts:login_code"), {"token": code(device)})
    assert "Too many wrong codes in a row" in response.content.decode()
    assert not logged_in(client)

    # One wrong code: the next try must wait one second (then 2, 4, 8… after more).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    client.post(reverse("accounts:login_code"), {"token": code(device)})
    assert logged_in(client)


def test_wrong_codes_count_towards_the_lock_out(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # each try judged at once, to reach the lock-out limit quickly
    user = users["city_bureau"]
    device = device_of(user)
    password_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login_code"), {"token": wrong(device)})
    response = client.post(reverse("accounts:login_code"), {"token": code(device)})
    assert response.status_code == 429
    assert not logged_in(client)
    assert password_step(client, user).status_code == 429


def test_the_code_step_expires(client, users):
    user = users["city_bureau"]
    device = device_of(user)
    password_step(client, user)
    session = client.session
    session[PENDING_LOGIN]["since"] -= PENDING_LOGIN_SECONDS + 1
    session.save()
    response = client.post(reverse("accounts:login_code"), {"token": code(device)}, follow=True)
    assert "The log-in took too long" in response.content.decode()
    assert not logged_in(client)


def test_the_code_step_without_the_password_step_goes_to_log_in(client, users):
    response = client.get(reverse("accounts:login_code"))
    assert response["Location"] == reverse("accounts:login")


# Roles that require it


@pytest.fixture
def required(settings):
    settings.HRPARKS_REQUIRE_OTP_FOR = ["provincial_bureau"]


@pytest.mark.usefixtures("required")
def test_a_required_role_without_a_device_is_sent_to_set_it_up(client, users):
    password_step(client, users["provincial"])
    for url in (reverse("core:home"), reverse("parks:list"), reverse("accounts:password_change")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor"), url
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Your role may use the platform only with two-factor log-in" in page
    assert client.get(reverse("portal:index")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not logged_in(client)


@pytest.mark.usefixtures("required")
def test_a_required_role_uses_the_site_once_set_up(client, users):
    password_step(client, users["provincial"])
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=users["provincial"])
    client.post(reverse("accounts:two_factor"), {"token": code(device)})
    assert client.get(reverse("parks:list")).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_required_role_with_a_device_but_no_code_yet_is_sent_to_the_code_step(client, users):
    # E.g. a session from before the requirement was switched on.
    user = users["provincial"]
    device = device_of(user)
    client.force_login(user)
    response = client.get(reverse("parks:list"))
    assert response["Location"] == reverse("accounts:login_code") + "?next=%2Fparks%2F"
    response = client.post(response["Location"], {"token": code(device)})
    assert response["Location"] == reverse("parks:list")
    assert client.get(reverse("parks:list")).status_code == 200


@pytest.mark.usefixtures("required")
def test_other_roles_are_not_held(client, users):
    password_step(client, users["city_bureau"])
    assert client.get(reverse("parks:list")).status_code == 200


@pytest.mark.usefixtures("required")
def test_the_api_holds_unverified_sessions_but_not_tokens(client, users):
    user = users["provincial"]
    client.force_login(user)
    response = client.get("/api/v1/parks/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["errors"][0]["message"]

    client.logout()
    token = Token.objects.create(user=user)
    assert client.get("/api/v1/parks/", headers={"authorization": f"Token {token.key}"}).status_code == 200


@needs_postgres("a database server that can go away")
@pytest.mark.usefixtures("required")
def test_the_check_shows_the_outage_page_while_the_database_is_down(users):
    client = official_client(users["provincial"])
    with DatabaseDown():
        assert client.get(reverse("parks:list")).status_code == 503


def test_production_requires_it_of_the_provincial_department_and_the_administrator():
    probe = "from django.conf import settings; print(settings.HRPARKS_REQUIRE_OTP_FOR)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", probe],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "['provincial_bureau', 'system_admin']", result.stdout + result.stderr


def test_a_misspelt_role_stops_the_site_from_starting(settings):
    settings.HRPARKS_REQUIRE_OTP_FOR = ["provincial"]
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")


# The administrator


def test_the_administrator_resets_a_lost_device(client, users):
    user = users["provincial"]
    device = device_of(user)
    client.force_login(users["sysadmin"])
    assert client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).status_code == 200
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert events(user, "two_factor.reset").count() == 1


def test_the_administrator_never_sees_a_key_nor_adds_a_device(client, users):
    device = device_of(users["provincial"])
    client.force_login(users["sysadmin"])
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_staff_who_are_not_superusers_cannot_see_devices(client, users):
    device_of(users["provincial"])
    client.force_login(UserFactory(role="system_admin", is_staff=True))
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403


def test_the_admin_logs_in_through_the_code_step(client, users):
    admin_user = users["sysadmin"]
    device = device_of(admin_user)
    response = client.post(reverse("admin:login"), {"username": "sysadmin", "password": TEST_PASSWORD})
    assert response["Location"] == reverse("accounts:login") + "?next=/admin/"
    assert not logged_in(client)

    password_step(client, admin_user, next_url="/admin/")
    response = client.post(reverse("accounts:login_code"), {"token": code(device)})
    assert client.get(response["Location"]).status_code == 200
