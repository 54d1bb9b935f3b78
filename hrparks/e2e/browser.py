"""One way to start the browser, shared by the journeys and scripts/screenshots.py: Debian's Chromium
(system-packages/test.txt), never a browser downloaded by Playwright."""

import os
from pathlib import Path

# Debian's path; CHROMIUM_PATH names another build (another distribution's, a developer's own).
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# No sandbox: CI containers run as root; no GPU, no background traffic, no component updates.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
VIEWPORT = {"width": 1280, "height": 900}
LOCALE = "zh-CN"  # what a browser in the province sends; the site answers in Simplified Chinese
REPOSITORY = Path(__file__).resolve().parent.parent.parent
README_SCREENSHOTS = REPOSITORY / "docs" / "screenshots"


def journey_screenshots() -> Path:
    """Where the journeys save their screenshots: tmp/screenshots/, which git ignores, so that a test run
    leaves the checkout clean; `make screenshots` names the README's folder in HRPARKS_SCREENSHOTS."""
    return Path(os.environ.get("HRPARKS_SCREENSHOTS") or REPOSITORY / "tmp" / "screenshots")


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
