"""Forms of the public portal: the park filter, the objection, the receipt look-up."""

from captcha.fields import CaptchaField
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hrparks.core.personal import validate_contact
from hrparks.core.uploads import ALLOWED_EXTENSIONS
from hrparks.parks import codes
from hrparks.parks.models import Jurisdiction, Park

from .selectors import PUBLIC_STATUSES
from .services import MAX_ATTACHMENT_BYTES


class ParkFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        # Only the cities that have a park on the public list: a deployment knows every unit of China.
        queryset=Jurisdiction.objects.filter(kind=Jurisdiction.Kind.CITY, parks__status__in=PUBLIC_STATUSES).distinct(),
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
        help_text=_(
            "A mobile number, a landline with its area code (0431-88888888) or an e-mail address where the "
            "provincial department can reach you; with an e-mail address you also receive the decision by e-mail."
        ),
        validators=[validate_contact],
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

    def __init__(self, applications, *args, challenge: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        if challenge:
            # Asked from an address's second objection on (issue 13): a self-hosted image, no outside service.
            self.fields["captcha"] = CaptchaField(
                label=_("Characters in the image"),
                help_text=_("Type the characters you see, to show you are a person."),
            )
        self.fields["application"].label_from_instance = lambda application: (
            f"{application.park.name}（{application.park.jurisdiction.name}）"
        )


class ReceiptLookupForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=30)
    check_code = forms.CharField(
        label=_("Check code"), max_length=20, help_text=_("The check code shown with the receipt number at filing.")
    )
