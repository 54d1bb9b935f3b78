"""Browser journeys: people clicking through the web pages in Debian's Chromium, driven by Playwright.

Not a Django app (nothing to install): `browser.py` launches the browser for the tests (`tests/`) and for
`scripts/screenshots.py`."""
