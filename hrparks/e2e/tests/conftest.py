"""The browser, log-in through the log-in form, screenshots, and the people of the journeys."""

import os
import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect, sync_playwright

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hrparks.e2e import browser as chromium
from hrparks.evaluations.models import IndicatorTemplate


def zh(msgid: str, **values) -> str:
    """The Chinese text the page shows for an English msgid (from the catalogues)."""
    with translation.override("zh-hans"):
        text = translation.gettext(msgid)
    return text % values if values else text


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the journeys, stopped after them.

    Playwright's sync API runs an asyncio event loop in the test's thread, and Django refuses ORM calls
    from such a thread unless told it is deliberate: the journeys set up data between clicks (never while
    the live server answers a request) and the database is flushed after each. Both the loop and the
    permission end with this package's tests."""
    if not chromium.CHROMIUM.exists():
        message = f"{chromium.CHROMIUM} is missing: install Debian's chromium package (system-packages/test.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must never pass by skipping the journeys
        pytest.skip(message)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = chromium.launch(playwright)
        yield launched
        launched.close()


def screenshot(page, name: str) -> None:
    """Save the whole page as <name>.png in tmp/screenshots/, or in docs/screenshots/ for `make screenshots`
    (a rerun overwrites it)."""
    folder = chromium.journey_screenshots()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


@pytest.fixture
def open_browser(browser, live_server):
    """`open_browser(user)`: a page in a fresh window (own cookies) logged in through the log-in form;
    `open_browser()`: a member of the public. Paths are relative to the live server."""
    contexts = []
    reverse("accounts:login")  # imports the URL configuration here, not while the browser waits for a page

    def open_for(user=None):
        context = browser.new_context(viewport=chromium.VIEWPORT, locale=chromium.LOCALE, base_url=live_server.url)
        # Chromium asks for /favicon.ico; answered here, it never reaches the (shared) test database.
        context.route(re.compile(r".*/favicon\.ico$"), lambda route: route.fulfill(status=204))
        context.set_default_timeout(20_000)  # generous: CI machines are busy; a failure still comes quickly
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto(reverse("accounts:login"))
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", TEST_PASSWORD)
            page.get_by_role("button", name=zh("Log in"), exact=True).click()
            expect(page.locator("main")).to_contain_text(user.get_full_name())  # the workbench greets the user
        return page

    yield open_for
    for context in contexts:
        context.close()


# Names the screenshots show (fictional).
NAMES = {
    "operator": "王芳",
    "city_bureau": "张伟",
    "city_government": "刘洋",
    "provincial": "陈静",
    "expert": "赵磊",
    "expert_of_changchun": "孙丽",
}


@pytest.fixture
def people(users, changchun):
    """The walk's users (root conftest) and an expert of 长春市, whom a draw for a 长春市 park must leave out."""
    cast = {**users, "expert_of_changchun": UserFactory(username="expert_cc", role=Role.EXPERT, jurisdiction=changchun)}
    for key, name in NAMES.items():
        cast[key].first_name, cast[key].last_name = name, ""
        cast[key].save(update_fields=["first_name", "last_name"])
    return cast


def field(page, msgid: str):
    """A form field by its Chinese label (a required field's label ends in “ *”)."""
    return page.get_by_label(re.compile(rf"^{re.escape(zh(msgid))}( \*)?$"))


@pytest.fixture
def default_template(db):
    """The indicator template the platform ships (evaluations.apps puts it back after every flush)."""
    return IndicatorTemplate.objects.get(is_default=True)
