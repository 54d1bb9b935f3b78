"""Screenshots of the key pages for the README (docs/screenshots/), from the demo data.

Usage: serve the demo (`make run`, or `manage.py runserver` on a loaded database), then
    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
Drives Debian's Chromium (/usr/bin/chromium) through Playwright; no browser is downloaded.

The journey screenshots (docs/screenshots/journey-*.png) are taken by the browser tests instead, from
their own data: `make screenshots`."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from the repository

from hrparks.e2e.browser import LOCALE, README_SCREENSHOTS, VIEWPORT, launch

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PASSWORD = "Demo-hrparks-2026"  # noqa: S105 -- the demo password the README publishes

# (file name, user or None for the public, path): the demo data's first park, application and notice.
PAGES = [
    ("portal-notice.png", None, "/public/notices/1/"),
    ("work-queue.png", "city_bureau_jl", "/applications/queue/"),
    ("park-eligibility.png", "city_bureau", "/parks/1/"),
    ("application-timeline.png", "province", "/applications/1/"),
    ("dashboard.png", "province", "/dashboard/"),
]


def main() -> None:
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for filename, user, path in PAGES:
            page = browser.new_page(viewport=VIEWPORT, locale=LOCALE)
            if user:
                page.goto(f"{BASE}/accounts/login/")
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", PASSWORD)
                page.click("main form button[type=submit]")
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=README_SCREENSHOTS / filename, full_page=False)
            page.close()
            print(README_SCREENSHOTS / filename)
        browser.close()


if __name__ == "__main__":
    main()
