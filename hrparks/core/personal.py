"""Personal data the platform stores: people's names, cleaned of invisible characters, and the contact
an objector gives (issue 13: a name such as "张\u202e三" must not read differently from what it is)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

# Bidirectional embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the zero-width
# and direction marks U+200B–U+200F and U+FEFF: they make a name display differently from its letters.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]")

# A mainland mobile number, or a landline with its area code (0431-88888888, 0431 8888888, 043188888888).
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}[- ]?\d{7,8}")


def clean_name(value: str | None) -> str:
    """A person's name without bidi controls and zero-width characters, trimmed."""
    return _INVISIBLE.sub("", value or "").strip()


class PersonNameField(models.CharField):
    """A CharField for a person's name: cleaned (`clean_name`) on every save and in every form, however
    the value arrives (form, API, dossier import, admin)."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_name(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = clean_name(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def is_email(contact: str) -> bool:
    return "@" in contact


def validate_contact(value: str) -> str:
    """The contact as stored (trimmed), or ValidationError: a mainland mobile number, a landline with its
    area code, or an e-mail address."""
    contact = clean_name(value)
    if is_email(contact):
        validate_email(contact)
        return contact
    if _MOBILE.fullmatch(contact) or _LANDLINE.fullmatch(contact):
        return contact
    raise ValidationError(
        _("Give a mobile number (11 digits), a landline with its area code (0431-88888888) or an e-mail address."),
        code="invalid",
    )
