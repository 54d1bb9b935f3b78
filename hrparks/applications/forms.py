"""Forms of the workflow pages. The transition form is built from the workflow table's fields."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrparks.core.forms import confirmation_field
from hrparks.core.uploads import ALLOWED_EXTENSIONS
from hrparks.parks import codes
from hrparks.parks.models import Park
from hrparks.policy.registry import get_policy

from . import workflow
from .services import MAX_PANEL_SIZE, designated_name_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0.01}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _field_for(spec: workflow.Field) -> forms.Field:
    common = {"label": spec.label, "required": spec.required}
    if spec.kind == "date":
        return forms.DateField(widget=DATE, **common)
    if spec.kind == "number":
        return forms.IntegerField(min_value=1, max_value=MAX_PANEL_SIZE, initial=5, **common)
    if spec.kind == "file":
        return forms.FileField(
            widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}), **common
        )
    if spec.kind == "line":
        return forms.CharField(max_length=spec.max_length, **common)
    return forms.CharField(widget=TEXT, **common)


class TransitionForm(forms.Form):
    """The fields the workflow table asks for, and the state the actor was shown."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, transition: workflow.Transition, application, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_state"].initial = application.state
        for spec in transition.fields:
            self.fields[spec.name] = _field_for(spec)
        if transition.confirm:
            self.fields["confirm"] = confirmation_field(transition.confirm)
        if "designated_name" in self.fields:
            self.fields["designated_name"].initial = designated_name_for(
                application.park, park_type=application.park_type, policy=get_policy(application.policy_id)
            )


class StartApplicationForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=Park.objects.none())
    # No default type: a specialized park was silently declared comprehensive. The park's own type is
    # offered when the park is known; otherwise the operator must choose.
    park_type = forms.ChoiceField(label=_("Park type"), choices=[("", "---------"), *codes.ParkType.choices])

    def __init__(self, parks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        chosen = self.initial.get("park") or (parks[0].pk if len(parks) == 1 else None)
        park = parks.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
        if park is not None:
            self.initial["park"] = park.pk
            self.initial["park_type"] = park.park_type


class ParkTypeForm(forms.Form):
    park_type = forms.ChoiceField(label=_("Park type"), choices=codes.ParkType.choices)


class MaterialForm(forms.Form):
    code = forms.ChoiceField(label=_("Material"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PNG or JPEG; a new upload of the same material becomes a new version."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}),
    )

    def __init__(self, policy, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(m.code, f"{m.article} {m.label}") for m in policy.materials]


SCORES = [("", "—"), *((n, str(n)) for n in range(1, 6))]
QUESTIONS = (
    ("necessity", _("Necessity")),
    ("feasibility", _("Feasibility")),
    ("reasonableness", _("Reasonableness")),
)


class ReviewForm(forms.Form):
    """An expert's review: a score per criterion that needs judgement (policy criteria of kind `review`; the
    objective rules are decided by the eligibility report shown beside the form), the three questions of
    第六条（三）, an opinion."""

    opinion = forms.CharField(label=_("Your opinion"), widget=TEXT)

    def __init__(self, policy, seat, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = policy.judged_criteria
        for criterion in self.criteria:
            self.fields[f"score_{criterion.id}"] = forms.TypedChoiceField(
                label=f"{criterion.article} {criterion.text}",
                choices=SCORES,
                coerce=int,
                initial=seat.criterion_scores.get(criterion.id),
            )
        for question, label in QUESTIONS:
            self.fields[f"{question}_score"] = forms.TypedChoiceField(
                label=label, choices=SCORES, coerce=int, initial=getattr(seat, f"{question}_score")
            )
            self.fields[f"{question}_comment"] = forms.CharField(
                label=_("Comment on %(question)s") % {"question": label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=getattr(seat, f"{question}_comment"),
            )
        self.fields["opinion"].initial = seat.opinion
        self.order_fields([*(f"score_{c.id}" for c in self.criteria), "necessity_score"])

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **{key: data[key] for key in data if not key.startswith("score_")},
            "criterion_scores": {c.id: data[f"score_{c.id}"] for c in self.criteria},
        }

    def criterion_fields(self):
        return [self[f"score_{c.id}"] for c in self.criteria]

    def question_fields(self):
        return [(self[f"{q}_score"], self[f"{q}_comment"]) for q, _label in QUESTIONS]


# "姓名，单位" on one line: the name, then the unit after a comma (full or half width) or a tab.
PERSON_SEPARATOR = re.compile(r"\s*[，,、\t]\s*")


class SiteVisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of visit"), widget=DATE)
    # The context keeps this label apart from the park events' head count of the parks app.
    participants = forms.CharField(
        label=pgettext_lazy("site visit", "Participants"),
        help_text=_("One person per line: name, unit."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    findings = forms.CharField(label=_("Findings"), widget=TEXT)

    def clean_participants(self) -> list[dict]:
        people = []
        for line in self.cleaned_data["participants"].splitlines():
            if not line.strip():
                continue
            parts = PERSON_SEPARATOR.split(line.strip(), maxsplit=1)
            if len(parts) < 2 or not parts[1]:
                raise ValidationError(
                    _("“%(line)s”: give the name and the unit, separated by a comma.") % {"line": line.strip()}
                )
            people.append({"name": parts[0], "unit": parts[1]})
        return people


class PublishNoticeForm(forms.Form):
    title = forms.CharField(label=_("Title of the notice"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    contact_phone = forms.CharField(
        label=_("Telephone for objections"), max_length=50, help_text=_("Printed on the notice and the portal.")
    )
    contact_address = forms.CharField(
        label=_("Address for objections"),
        max_length=200,
        help_text=_("Where written objections are sent; printed on the notice and the portal."),
    )
    applications = forms.ModelMultipleChoiceField(
        label=_("Applications on the list"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, shortlisted, *args, previewing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = shortlisted
        days = get_policy().procedure.public_notice_working_days
        _workflow, publish = workflow.TRANSITIONS["publish_notice"]
        self.fields["confirm"] = confirmation_field(publish.confirm % {"days": days})
        self.fields["confirm"].required = not previewing  # a preview publishes nothing


CONTACT_HELP = _("A mobile number, a landline with its area code (0431-88888888) or an e-mail address.")


class ObjectionForm(forms.Form):
    """An objection received by letter or telephone, entered by the provincial bureau."""

    application = forms.ModelChoiceField(label=_("Application"), queryset=None)
    name = forms.CharField(label=_("Name of the objector"), max_length=100)
    contact = forms.CharField(label=_("Contact"), max_length=200, help_text=CONTACT_HELP)
    content = forms.CharField(label=_("Objection"), widget=TEXT)

    def __init__(self, notice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = notice.applications.select_related("park")


class ResolveObjectionForm(forms.Form):
    verification = forms.CharField(label=_("How the objection was verified"), widget=TEXT)
    upheld = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), ("yes", _("Upheld")), ("no", _("Dismissed"))],
        coerce=lambda value: value == "yes",
    )


class ConflictForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Park"), queryset=None)
    reason = forms.CharField(label=_("Nature of the conflict"), max_length=300, required=False)

    def __init__(self, parks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks


class DisbursementForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), **MONEY)
    paid_on = forms.DateField(label=_("Date paid"), widget=DATE)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)


class SpendingForm(forms.Form):
    use = forms.ChoiceField(label=_("Use"))
    amount = forms.DecimalField(label=_("Amount (yuan)"), **MONEY)
    spent_on = forms.DateField(label=_("Date spent"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300)

    def __init__(self, policy_id, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use"].choices = [(u.code, u.label) for u in get_policy(policy_id).procedure.spending_uses]


class BranchRequestForm(forms.Form):
    park = forms.ModelChoiceField(label=_("Designated park"), queryset=None)
    name = forms.CharField(label=_("Site name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    floor_area_m2 = forms.FloatField(label=_("Building floor area (m²)"), min_value=0.01)
    reasons = forms.CharField(label=_("Reasons"), widget=TEXT)

    def __init__(self, parks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
