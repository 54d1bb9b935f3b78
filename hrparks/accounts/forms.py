from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "email_notifications"]
        labels = {"email": _("E-mail address for notifications")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email_notifications") and not cleaned.get("email"):
            self.add_error("email", _("Give an e-mail address, or switch e-mail notifications off."))
        return cleaned


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows (spaces, as some apps display "123 456", are ignored)."""

    token = forms.CharField(
        label=_("Authentication code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."))
        return token
