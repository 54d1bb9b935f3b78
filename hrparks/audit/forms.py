from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryFilterForm(forms.Form):
    """Narrows the log. The park is typed (part of its name), not picked from a list of every park of
    the province; a park's own history page has no park field (`by_park=False`)."""

    park_name = forms.CharField(label=_("Park name"), max_length=200, required=False)
    actor = forms.CharField(label=_("Person (user name or name)"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("All actions")), *Action.choices], required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def __init__(self, data, *, by_park=True):
        super().__init__(data)
        if not by_park:
            del self.fields["park_name"]

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
