"""The error pages a user meets (DEBUG off, as in production): in the user's language, saying what
happened and offering the way back; the API keeps answering in JSON."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from hrparks import urls
from hrparks.parks.tests.factories import ParkFactory


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    yield
    # A request in English leaves English active in the thread; the tests after these expect the default.
    translation.activate(settings.LANGUAGE_CODE)


def test_404_in_chinese_by_default_with_the_way_back(client, users):
    client.force_login(users["city_bureau"])
    response = client.get("/no-such-page/", headers={"referer": "http://testserver/parks/"})
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'href="http://testserver/parks/"' in page  # the previous page
    assert f'href="{reverse("core:home")}"' in page
    assert "Traceback" not in page and "Django" not in page


def test_404_in_english_on_request(client, users):
    client.force_login(users["city_bureau"])
    page = client.get("/no-such-page/", headers={"accept-language": "en"}).content.decode()
    assert "Page not found" in page and "页面不存在" not in page


def test_an_object_of_another_city_is_the_same_404(client, users, jilin_city):
    other = ParkFactory(jurisdiction=jilin_city)
    client.force_login(users["city_bureau"])
    response = client.get(reverse("parks:detail", args=[other.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_a_previous_page_on_another_site_is_not_offered(client, users):
    client.force_login(users["city_bureau"])
    page = client.get("/no-such-page/", headers={"referer": "https://evil.example/"}).content.decode()
    assert "evil.example" not in page


def test_403_names_the_role_and_offers_the_workbench(client, users):
    client.force_login(users["expert"])
    response = client.get(reverse("dashboard:index"), headers={"accept-language": "en"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "You may not open this page" in page and "Expert" in page
    assert "Go to my workbench" in page


def test_anonymous_visitors_are_offered_the_log_in(client, db):
    page = client.get("/no-such-page/").content.decode()
    assert f"{reverse('accounts:login')}?next=/no-such-page/" in page


def test_400_for_a_host_the_site_does_not_serve(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "无法识别" in response.content.decode()


def test_500_renders_without_a_request_context_or_a_database(rf):
    """A bare request (no user, no session) and no `db` fixture: any database access would fail the test."""
    assert getattr(urls, "handler500", None) is None  # Django's own handler, with core's 500.html
    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and 'href="/"' in page


def test_a_view_that_raises_shows_the_500_page(users, settings):
    settings.ROOT_URLCONF = "hrparks.core.tests.raising_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", headers={"accept-language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_api_keeps_its_json_errors(client, users, jilin_city):
    client.force_login(users["city_bureau"])
    other = ParkFactory(jurisdiction=jilin_city)
    known = client.get(reverse("api:park-detail", args=[other.pk]))
    assert known.status_code == 404
    assert known.json()["errors"][0]["pointer"] == "/"
    unknown = client.get("/api/v1/no-such-endpoint/")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/json"
    assert unknown.json() == {"errors": [{"pointer": "/", "message": "未找到。"}]}
