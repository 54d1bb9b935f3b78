"""Of the park models, only the jurisdictions (settings) are in the admin: park data is not the system
administrator's (issue 13; accounts/tests/test_admin_access.py walks the whole admin)."""

from django.contrib import admin
from django.urls import reverse

from hrparks.parks.models import Jurisdiction


def test_only_jurisdictions_are_registered():
    assert [model for model in admin.site._registry if model._meta.app_label == "parks"] == [Jurisdiction]


def test_jurisdiction_pages_open(client, users, changchun):
    client.force_login(users["sysadmin"])
    assert client.get(reverse("admin:parks_jurisdiction_changelist") + "?q=长春").status_code == 200
    assert client.get(reverse("admin:parks_jurisdiction_change", args=[changchun.pk])).status_code == 200
