"""Walks every URL of the site as every role (and anonymously) and checks who gets in.

Allowed: the page answers (2xx, or 3xx/400 for a POST: access was granted, the input judged).
Refused: 403 (wrong role) or 404 (an object outside the user's scope); anonymous users are sent to log in.
"""

import importlib
import pkgutil

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import hrparks
from hrparks.parks.tests.factories import ParkFactory, SiteFactory

from .access import ROLES, World

# URLs outside the matrix, each with the reason.
EXEMPT = {
    "set_language": "public language switch, no data",
}
EXEMPT_NAMESPACES = {
    "admin": "Django admin: staff accounts only, tested in accounts/tests/test_admin_access.py",
}


def site_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in EXEMPT_NAMESPACES:
                    continue
                walk(pattern.url_patterns, ns if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if name not in EXEMPT:
                    names.add(name)

    walk(get_resolver().url_patterns, None)
    return names


def declared_expectations():
    expectations = []
    for app in pkgutil.iter_modules(hrparks.__path__):
        if not app.ispkg:
            continue
        try:
            module = importlib.import_module(f"hrparks.{app.name}.tests.access_matrix")
        except ModuleNotFoundError as exc:
            if not f"hrparks.{app.name}.tests.access_matrix".startswith(exc.name):
                raise
            continue
        expectations.extend(module.ACCESS)
    return expectations


EXPECTATIONS = declared_expectations()


def test_every_url_is_in_the_access_matrix():
    declared = {expect.url_name for expect in EXPECTATIONS}
    assert site_url_names() - declared == set(), "URLs missing from an app's tests/access_matrix.py"
    assert declared - site_url_names() == set(), "access matrix names URLs that do not exist"


@pytest.fixture
def world(users, changchun, jilin_city):
    park = ParkFactory(name="本市示例产业园", jurisdiction=changchun)
    SiteFactory(park=park)
    users["operator"].parks.add(park)
    other_park = ParkFactory(name="外市示例产业园", jurisdiction=jilin_city)
    SiteFactory(park=other_park)
    return World(users=users, park=park, other_park=other_park)


@pytest.mark.parametrize("expect", EXPECTATIONS, ids=lambda e: e.id)
def test_url_access(expect, world, client):
    url = reverse(expect.url_name, kwargs=expect.kwargs(world)) + (f"?{expect.query}" if expect.query else "")
    outcomes = {}
    for role in (*ROLES, "anonymous"):
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(world.users[role])
            send = getattr(client, expect.method)
            response = send(url, expect.data(world)) if expect.method == "post" else send(url)
            outcomes[role] = response.status_code, response.headers.get("Location", "")
            transaction.set_rollback(True)

    wrong = {}
    for role, (status, location) in outcomes.items():
        to_login = status == 302 and location.startswith(reverse(settings.LOGIN_URL))
        if role in expect.allowed:
            ok = (
                200 <= status < 300
                or (expect.method == "post" and status in (302, 303, 400))
                or (expect.method == "get" and status == 302 and not to_login)
            )
        elif role == "anonymous":
            ok = to_login or status in (403, 404)
        else:
            ok = status in (403, 404)
        if not ok:
            wrong[role] = status
    assert wrong == {}, f"{expect.id}: unexpected status per role (allowed: {sorted(expect.allowed)})"
