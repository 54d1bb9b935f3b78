"""Form pieces shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


def confirmation_field(consequence) -> forms.BooleanField:
    """A required checkbox that states what an irreversible step will do. It is checked on the server,
    so a POST without it (a script, a browser without JavaScript, a stale form) changes nothing."""
    return forms.BooleanField(
        label=_("I understand and confirm"),
        help_text=consequence,
        required=True,
        error_messages={"required": _("Confirm that you understand what this step does.")},
    )
