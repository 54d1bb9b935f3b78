"""The forms of an official's and an applicant's day: defaults that match the record, names not cut off."""

from django.urls import reverse

from hrparks.applications.models import Application
from hrparks.applications.tests.factories import operated_park


def test_a_new_application_of_a_specialized_park_defaults_to_specialized(users, client):
    park = operated_park(users["operator"], park_type="specialized")
    operated_park(users["operator"], park_type="comprehensive")
    client.force_login(users["operator"])
    form = client.get(reverse("applications:create"), {"park": park.pk}).context["form"]
    assert form["park_type"].value() == "specialized"
    assert 'value="specialized" selected' in str(form["park_type"])


def test_with_several_parks_and_none_chosen_the_type_must_be_chosen(users, client):
    park = operated_park(users["operator"], park_type="specialized")
    operated_park(users["operator"], park_type="comprehensive")
    client.force_login(users["operator"])
    assert client.get(reverse("applications:create")).context["form"]["park_type"].value() in (None, "")
    refused = client.post(reverse("applications:create"), {"park": park.pk})
    assert "park_type" in refused.context["form"].errors
    assert not Application.objects.exists()


def test_the_only_park_gives_its_type(users, client):
    operated_park(users["operator"], park_type="specialized")
    client.force_login(users["operator"])
    assert client.get(reverse("applications:create")).context["form"]["park_type"].value() == "specialized"
