"""Forms of the public portal: the park filter, the objection, the receipt look-up."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hrparks.core.uploads import ALLOWED_EXTENSIONS
from hrparks.parks import codes
from hrparks.parks.models import Jurisdiction, Park

from .selectors import PUBLIC_STATUSES
from .services import MAX_ATTACHMENT_BYTES


class ParkFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.filter(kind=Jurisdiction.Kind.CITY),
        required=False,
        empty_label=_("All"),
    )
    park_type = forms.ChoiceField(label=_("Type"), choices=[("", _("All")), *codes.ParkType.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *((value, label) for value, label in Park.Status.choices if value in PUBLIC_STATUSES)],
        required=False,
    )

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored, as a visitor may have edited the address)."""
        if not self.is_valid():
            return {field: value for field, value in self.cleaned_data.items() if field not in self.errors}
        return self.cleaned_data

    @staticmethod
    def as_selector_kwargs(filters: dict) -> dict:
        return {
            "jurisdiction": filters.get("jurisdiction"),
            "park_type": filters.get("park_type", ""),
            "status": filters.get("status", ""),
            "search": (filters.get("q") or "").strip(),
        }


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Park objected to"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Your name"), max_length=100)
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        help_text=_("A telephone number or an address where the provincial department can reach you."),
    )
    content = forms.CharField(
        label=_("Objection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you object to and the facts you know; the department verifies every objection."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=format_lazy(
            _("Evidence as PDF, Word, Excel, PNG or JPEG, at most {size} MB."), size=MAX_ATTACHMENT_BYTES // 2**20
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}),
    )

    def __init__(self, applications, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda application: (
            f"{application.park.name}（{application.park.jurisdiction.name}）"
        )


class ReceiptLookupForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=30)
    contact = forms.CharField(
        label=_("Contact"), max_length=200, help_text=_("The contact you gave when you filed the objection.")
    )
