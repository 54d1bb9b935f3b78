"""Property-based run of the API against its own OpenAPI schema (schemathesis, in-process over WSGI,
with a provincial user's token on a small world): no request the schema allows may get a 5xx or a
response that does not match the schema. Bounded: a few examples per operation (well under a minute)."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from hrparks.applications.tests.factories import application_in, objection_on
from hrparks.parks.tests.factories import EnterpriseFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 6


@contextmanager
def in_the_test_transaction():
    """Keep the WSGI handler from closing the test's database connection after each request (as
    Django's test client does): the world lives in the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(users, parks):
    """Tokens of the roles that write most (the province, the city bureau, the operator), and objects
    to reach: a park with enterprises, applications in several states, a notice with an objection.
    Path ids are drawn at random or taken from these, per resource."""
    operator = users["operator"]
    EnterpriseFactory(park=parks["own"])
    submitted = application_in("submitted", operator, park=parks["own"])
    objection = objection_on(application_in("in_notice", operator))
    application_in("branch_requested", operator)
    return {
        "tokens": [Token.objects.create(user=users[role]).key for role in ("provincial", "city_bureau", "operator")],
        "ids": {
            "parks": parks["own"].pk,
            "applications": submitted.pk,
            "notices": objection.notice_id,
            "objections": objection.pk,
        },
    }


def failures_of(operation, world) -> list[str]:
    """Run the operation's examples; what the checks found wrong (hypothesis stops at the first)."""
    failures = []
    strategy = operation.as_strategy()
    resource = operation.path.split("/")[3]
    if "{id}" in operation.path and resource in world["ids"]:
        strategy |= operation.as_strategy(path_parameters={"id": world["ids"][resource]})

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, token=st.sampled_from(world["tokens"]))
    def check(case, token):
        response = case.call(headers={"Authorization": f"Token {token}"})
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as failure:  # schemathesis' failures are AssertionErrors
            failures.append(f"{operation.label}: {failure}")
            raise

    try:
        check()
    except AssertionError:
        assert failures, "a failure is recorded before it is raised"
    return failures


@pytest.mark.django_db
def test_no_request_the_schema_allows_breaks_the_api(world):
    with in_the_test_transaction():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        failures = [failure for operation in operations for failure in failures_of(operation, world)]
    assert len(operations) > 30
    assert failures == [], "\n\n".join(failures[:5])
