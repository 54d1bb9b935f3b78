"""Request bodies the API cannot take answer in its own JSON error format, never a 500 or an HTML page
(issue 13, item 7): JSON nested deeper than the parser allows, and bodies over the size limit."""

import json

import pytest
from django.urls import reverse

from hrparks.api.parsers import MAX_DEPTH

pytestmark = pytest.mark.django_db

ENDPOINTS = ["api:park-import", "api:eligibility"]


def nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + closing * depth


def post(api, user, name, body: str):
    return api.as_user(user).generic("POST", reverse(name), body, content_type="application/json")


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(
    "body",
    [
        nested(2_000),
        '{"a":' * 2_000 + "1" + "}" * 2_000,
        '{"sites": ' + nested(MAX_DEPTH) + "}",  # one level more than allowed, counting the object
    ],
)
def test_json_nested_too_deep_is_a_400_in_the_api_format(api, users, name, body):
    response = post(api, users["city_bureau"], name, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["pointer"] == "/"
    assert str(MAX_DEPTH) in error["message"] and "嵌套" in error["message"]


def test_brackets_inside_strings_do_not_count_and_the_limit_itself_is_allowed(api, users):
    at_limit = '{"name": "[[[[{{{{\\"]]]", "sites": ' + nested(MAX_DEPTH - 1) + "}"
    response = post(api, users["city_bureau"], "api:eligibility", at_limit)
    assert response.status_code == 400  # a dossier the schema refuses, not a parse error
    assert "嵌套" not in json.dumps(response.json(), ensure_ascii=False)


def test_malformed_json_is_still_a_400_in_the_api_format(api, users):
    response = post(api, users["city_bureau"], "api:eligibility", '{"name": ')
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_body_over_the_size_limit_is_a_413_in_the_api_format(api, users, settings, name):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"name": "示例" * 1_000})
    response = post(api, users["city_bureau"], name, body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["pointer"] == "/" and "1000" in error["message"].replace(",", "").replace("\xa0", "")


def test_a_form_body_over_the_size_limit_is_a_413_too(api, users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = api.as_user(users["city_bureau"]).post(reverse("api:park-import"), {"name": "示例" * 1_000})
    assert response.status_code == 413
    assert response.json()["errors"][0]["pointer"] == "/"
