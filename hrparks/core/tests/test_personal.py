"""People's names keep no invisible characters, however they are stored; contacts are reachable ones."""

import pytest
from django.core.exceptions import ValidationError

from hrparks.accounts.tests.factories import UserFactory
from hrparks.core.personal import clean_name, validate_contact
from hrparks.parks.tests.factories import ParkFactory

# A right-to-left override, a zero-width space, an isolate and a byte-order mark around a name.
DISGUISED = "\u202e张\u200b三\u2066\u2069\ufeff"


@pytest.mark.parametrize(
    "character",
    [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), *map(chr, range(0x200B, 0x2010)), "\ufeff"],
)
def test_every_bidi_and_zero_width_character_goes(character):
    assert clean_name(f"李{character}四") == "李四"


def test_other_characters_stay():
    # The middle dot of minority and foreign names, and ordinary spaces inside a name.
    assert clean_name(" 阿依古丽·买买提 ") == "阿依古丽·买买提"
    assert clean_name("Anna Maria") == "Anna Maria"


@pytest.mark.django_db
def test_every_stored_personal_name_is_cleaned(changchun):
    user = UserFactory(first_name=DISGUISED, last_name="\u200f王", jurisdiction=changchun)
    park = ParkFactory(contact_person=DISGUISED, jurisdiction=changchun)
    user.refresh_from_db()
    park.refresh_from_db()
    assert (user.first_name, user.last_name, park.contact_person) == ("张三", "王", "张三")


@pytest.mark.parametrize("contact", ["13912345678", "0431-88888888", "0431 8888888", "010-12345678", "a.b@example.cn"])
def test_reachable_contacts_pass(contact):
    assert validate_contact(f" {contact} ") == contact


@pytest.mark.parametrize(
    "contact", ["139", "12912345678", "139123456789", "88888888", "4318-8888888", "a@", "@b.cn", "13912345678a", ""]
)
def test_unreachable_contacts_are_refused(contact):
    with pytest.raises(ValidationError):
        validate_contact(contact)
