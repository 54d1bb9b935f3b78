"""Where the journeys' screenshots go: a test run leaves the checkout clean (issue 17); only
`make screenshots` refreshes the README's pictures."""

import subprocess

from hrparks.e2e import browser


def test_a_test_run_saves_screenshots_where_git_does_not_look(monkeypatch):
    monkeypatch.delenv("HRPARKS_SCREENSHOTS", raising=False)
    folder = browser.journey_screenshots()

    assert not folder.is_relative_to(browser.README_SCREENSHOTS)
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", folder / "journey-01-apply.png"],  # noqa: S607 -- git from PATH
        cwd=browser.REPOSITORY,
        check=False,
    )
    assert ignored.returncode == 0, f"{folder} is not ignored by git: `make test` would leave the checkout dirty"


def test_make_screenshots_writes_the_readme_pictures(monkeypatch):
    monkeypatch.setenv("HRPARKS_SCREENSHOTS", "docs/screenshots")  # what the Makefile sets, from the repository

    assert (browser.REPOSITORY / browser.journey_screenshots()).resolve() == browser.README_SCREENSHOTS
