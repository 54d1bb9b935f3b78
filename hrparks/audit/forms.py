from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryFilterForm(forms.Form):
    """Narrows the log; `parks` are the parks the reader may pick (None: the page is one park's already)."""

    park = forms.ModelChoiceField(label=_("Park"), queryset=None, required=False, empty_label=_("All parks"))
    actor = forms.CharField(label=_("User name"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("All actions")), *Action.choices], required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def __init__(self, data, *, parks=None):
        super().__init__(data)
        if parks is None:
            del self.fields["park"]
        else:
            self.fields["park"].queryset = parks

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters (an invalid field is reported on the page and left out)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
