import pytest
from django.urls import reverse

from .factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_chinese_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    assert "登录" in response.content.decode()


def test_login_page_in_english_on_request(client, db):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "en"})
    assert "Log in" in response.content.decode()


def test_correct_password_logs_in_and_shows_role(client, users):
    response = login(client, "cc_bureau", TEST_PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("core:home")).content.decode()
    assert "长春市" in home


def test_wrong_password_is_refused_with_a_message(client, users):
    response = login(client, "cc_bureau", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_failures_lock_the_account_out(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "cc_bureau", "wrong-password")
    response = login(client, "cc_bureau", TEST_PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "cc_bureau", "wrong-password")
    assert login(client, "cc_bureau", TEST_PASSWORD).status_code == 302


def test_logout(client, users):
    client.force_login(users["city_bureau"])
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_password_change(client, users):
    user = users["city_bureau"]
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Another-long-pass-42",
            "new_password2": "Another-long-pass-42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-long-pass-42")


def test_password_change_rejects_a_common_password(client, users):
    client.force_login(users["city_bureau"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert response.status_code == 200
    assert "这个密码太常见了" in response.content.decode()


NGINX = "10.0.0.2"  # the reverse proxy: every request reaches the app from here
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def login_via_proxy(client, password, *, forwarded_for):
    """A log-in through nginx, which appends the address it saw to X-Forwarded-For."""
    return client.post(
        reverse("accounts:login"),
        {"username": "province", "password": password},
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_production_reads_the_client_address_from_the_proxy_and_locks_the_pair():
    import subprocess
    import sys

    from hrparks.core.tests.test_security import ROOT, production_env

    probe = (
        "from django.conf import settings; "
        "print(settings.AXES_CLIENT_IP_CALLABLE, settings.PORTAL_TRUSTED_PROXIES, settings.AXES_LOCKOUT_PARAMETERS)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", probe],
        cwd=ROOT,
        env=production_env(PORTAL_TRUSTED_PROXIES="1"),
        capture_output=True,
        text=True,
        check=False,
    )
    expected = "hrparks.portal.throttle.client_address 1 [['username', 'ip_address']]"
    assert result.stdout.strip() == expected, result.stdout + result.stderr


@pytest.fixture
def behind_nginx(settings, users):
    """The production settings of docs/deployment.md: one reverse proxy in front."""
    settings.PORTAL_TRUSTED_PROXIES = 1


@pytest.mark.usefixtures("behind_nginx")
def test_an_attacker_behind_the_proxy_locks_out_only_their_own_address(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy(client, "wrong-password", forwarded_for=ATTACKER)
    assert login_via_proxy(client, TEST_PASSWORD, forwarded_for=ATTACKER).status_code == 429
    owner = type(client)()
    assert login_via_proxy(owner, TEST_PASSWORD, forwarded_for=OWNER).status_code == 302


@pytest.mark.usefixtures("behind_nginx")
def test_a_forged_forwarded_address_counts_against_the_forger(client, settings):
    """The client may write X-Forwarded-For itself; only the entry nginx appended is believed."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy(client, "wrong-password", forwarded_for=f"{OWNER}, {ATTACKER}")
    assert login_via_proxy(client, TEST_PASSWORD, forwarded_for=ATTACKER).status_code == 429
    assert login_via_proxy(type(client)(), TEST_PASSWORD, forwarded_for=OWNER).status_code == 302
