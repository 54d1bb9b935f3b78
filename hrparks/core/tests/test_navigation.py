"""Every menu entry a role is shown opens for that role (no link that would refuse them)."""

import pytest

from hrparks.core.navigation import menu_for


@pytest.mark.parametrize("role", ["operator", "city_bureau", "city_government", "provincial", "expert", "sysadmin"])
def test_every_menu_entry_opens_for_its_role(client, users, role):
    client.force_login(users[role])
    for entry in menu_for(users[role]):
        assert client.get(entry["url"]).status_code == 200, entry["url_name"]


def test_the_menu_differs_by_role(users):
    expert_menu = {entry["url_name"] for entry in menu_for(users["expert"])}
    provincial_menu = {entry["url_name"] for entry in menu_for(users["provincial"])}
    assert "dashboard:index" in provincial_menu and "dashboard:index" not in expert_menu
    assert "evaluations:my_assignments" in expert_menu
    assert menu_for(users["sysadmin"]) == []


def test_the_public_landing_on_the_site_root_is_the_portal(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/public/"
