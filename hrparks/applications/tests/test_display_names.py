"""People are shown as 姓名（单位）, not by the login name ("province" in the history meant nothing)."""

from django.urls import reverse

from hrparks.accounts.models import User
from hrparks.applications import services
from hrparks.applications.tests.factories import application_in


def test_display_name_is_the_name_and_the_unit_and_the_login_name_only_as_a_last_resort():
    assert (
        User(username="province", first_name="王芳", organization="吉林省人社厅").display_name == "王芳（吉林省人社厅）"
    )
    assert User(username="province", first_name="王芳").display_name == "王芳"
    assert User(username="province").display_name == "province"


def test_the_history_names_the_official_and_the_unit(users, client):
    official = users["provincial"]
    official.first_name, official.organization = "王芳", "吉林省人力资源和社会保障厅"
    official.save()
    application = application_in("forwarded", users["operator"])
    services.perform_transition(
        application, "return_to_city", actor=official, expected_state="forwarded", data={"reasons": "缺少申请函"}
    )
    client.force_login(users["city_bureau"])
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    history = page.split('id="history"')[1]
    row = history.split("缺少申请函")[0].rsplit("<li", 1)[-1]
    assert "王芳（吉林省人力资源和社会保障厅）" in row
    assert "· province" not in page
