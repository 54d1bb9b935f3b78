from django import forms
from django.utils.translation import gettext_lazy as _


class WaiverForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the waiver"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Why this rule need not be met by this application; it is shown with the eligibility report."),
    )


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for restoring the rule"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
