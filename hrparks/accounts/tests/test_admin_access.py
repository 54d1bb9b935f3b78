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
