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
