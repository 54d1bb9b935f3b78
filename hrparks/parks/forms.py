"""Forms of the park pages. They parse and check input; the services write it."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from hrparks.core.uploads import check_upload

from . import codes
from .dossier_validation import read_dossier
from .models import CooperationPlatform, Enterprise, ExchangeEvent, Park, PublicityItem, Site, SupportPolicy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CodeListField(forms.MultipleChoiceField):
    """A list of codes (kept as a JSON list on the model) as checkboxes; the value is in the code list's order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, choices: type, label):
        super().__init__(label=label, choices=choices.choices, required=False)

    def clean(self, value) -> list[str]:
        chosen = set(super().clean(value))
        return [code for code, _label in self.choices if code in chosen]


class ParkFilterForm(forms.Form):
    """The filters of the park list; the jurisdictions offered are the ones the user sees."""

    search = forms.CharField(label=_("Name"), required=False)
    jurisdiction = forms.ModelChoiceField(label=_("Jurisdiction"), queryset=None, required=False)
    park_type = forms.ChoiceField(label=_("Park type"), choices=[("", "—"), *codes.ParkType.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *Park.Status.choices], required=False)

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["jurisdiction"].empty_label = "—"

    def filters(self) -> dict:
        """The filters given and valid; an invalid one (e.g. a jurisdiction out of scope) is ignored and
        shown as an error on its field."""
        self.is_valid()  # cleaned_data keeps the valid fields only
        return {key: value for key, value in self.cleaned_data.items() if value}


class RosterSearchForm(forms.Form):
    q = forms.CharField(required=False)

    def search(self) -> str:
        """The search text, or nothing when it is not valid text (e.g. a NUL character)."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class ParkForm(forms.ModelForm):
    public_services = CodeListField(codes.PublicService, _("Public services (第五条（四）)"))
    supporting_services = CodeListField(codes.SupportingService, _("Supporting services (第五条（四）)"))
    declared_materials = CodeListField(codes.Material, _("Attached application materials (第六条（一）)"))

    sections = [
        (_("Park"), ["name", "jurisdiction", "park_type", "location_kind", "municipal_park_recognized", "description"]),
        (
            _("Management body (第五条（六）, 第八条)"),
            ["management_body_kind", "management_body_name", "staff_count", "has_management_rules"],
        ),
        (_("Services"), ["public_services", "supporting_services"]),
        (_("Application materials"), ["declared_materials"]),
        (_("Contact"), ["contact_person", "contact_phone", "contact_email"]),
    ]

    class Meta:
        model = Park
        fields = [
            "name",
            "jurisdiction",
            "park_type",
            "location_kind",
            "municipal_park_recognized",
            "description",
            "management_body_kind",
            "management_body_name",
            "staff_count",
            "has_management_rules",
            "public_services",
            "supporting_services",
            "declared_materials",
            "contact_person",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, jurisdictions=None, **kwargs):
        """`jurisdictions`: where a new park may be created; an existing park keeps its jurisdiction."""
        super().__init__(*args, **kwargs)
        if jurisdictions is None:
            del self.fields["jurisdiction"]
        else:
            self.fields["jurisdiction"].queryset = jurisdictions
            self.fields["jurisdiction"].empty_label = None

    def grouped_fields(self):
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in self.sections]


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "floor_area_m2", "usable_area_m2", "is_main"]
        help_texts = {
            "usable_area_m2": _("Optional; some jurisdictions' measures count usable rather than building area."),
            "is_main": _("Making this site the main park turns the current main site into a branch park."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site = self.instance
        if site.pk is None and not site.park.sites.filter(is_main=True).exists():
            self.initial["is_main"] = True  # a park's first site is its main park


class EnterpriseForm(forms.ModelForm):
    business_formats = CodeListField(codes.BusinessFormat, _("Business formats (第五条（五）)"))

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "uscc",
            "status",
            "hr_service_agency",
            "operating",
            "headquartered_locally",
            "business_formats",
            "revenue_last_year_cny",
        ]
        help_texts = {
            "uscc": _("18 characters, GB 32100-2015; unique within the park."),
            "operating": _("Operating (经营性) rather than public-service (公益性)."),
            "headquartered_locally": _(
                "Counts toward the rule that at least half of the resident enterprises are headquartered "
                "locally (第五条（三）)."
            ),
        }

    def clean_uscc(self) -> str:
        # Codes are printed in capitals; people also type them in lower case.
        return self.cleaned_data["uscc"].upper()


class SupportPolicyForm(forms.ModelForm):
    class Meta:
        model = SupportPolicy
        fields = ["title", "issuer", "document_number", "issued_on", "file"]
        widgets = {"issued_on": DateInput()}
        help_texts = {"file": _("PDF, Word, Excel or a scanned image (PNG, JPEG).")}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # not the file already stored
            check_upload(upload)
        return upload


class CooperationPlatformForm(forms.ModelForm):
    class Meta:
        model = CooperationPlatform
        fields = ["name", "kind", "description", "established_on"]
        widgets = {"established_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class ExchangeEventForm(forms.ModelForm):
    class Meta:
        model = ExchangeEvent
        fields = ["title", "kind", "held_on", "participants", "description"]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class PublicityItemForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = PublicityItem
        fields = ["title", "channel", "published_on", "url"]
        widgets = {"published_on": DateInput()}


class DossierUploadForm(forms.Form):
    file = forms.FileField(label=_("Dossier file (JSON)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        data, errors = read_dossier(upload.read())
        if errors:
            raise forms.ValidationError(errors[0].reason)
        self.cleaned_data["dossier"] = data
        return upload
