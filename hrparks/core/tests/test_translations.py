"""Chinese is the default language: every interface string must have a Chinese translation."""

from pathlib import Path

import polib
import pytest

import hrparks

CATALOGUES = sorted(Path(hrparks.__file__).parent.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_every_app_with_text_has_a_catalogue():
    assert CATALOGUES, "no zh_Hans catalogue found"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated in {path}"
    assert fuzzy == [], f"fuzzy in {path}"
