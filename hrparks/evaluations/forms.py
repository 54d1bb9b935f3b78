"""Thin forms: they parse input; the rules live in services.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrparks.core.forms import confirmation_field
from hrparks.policy.registry import get_policy

from . import schedule
from .models import Grade, Ground, IndicatorTemplate, RoundKind, SelfEvaluation
from .panels import MAX_PANEL_SIZE
from .services import FIGURES, MAX_RECTIFICATION_WORKING_DAYS, deadline_from

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_lines(form: forms.Form) -> list[str]:
    """Each error as “field label: message”, for pages that answer a refused action with a message."""
    lines = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        lines += [f"{label}: {message}" if label else message for message in errors]
    return lines


class NoFields(forms.Form):
    """Carries the errors of an action that has no form of its own."""


def _template_choices():
    return IndicatorTemplate.objects.all()


class RoundOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_date = forms.DateField(
        label=_("Due date"), widget=DATE, help_text=_("Self-evaluations, or the experts' scores, are due by this date.")
    )
    template = forms.ModelChoiceField(
        label=_("Indicator template"),
        queryset=IndicatorTemplate.objects.none(),
        required=False,
        help_text=_("Centralized evaluation only; the default template is used when none is chosen."),
    )
    excellent_min = forms.DecimalField(
        label=_("Lowest score graded excellent"), max_digits=5, decimal_places=2, initial=schedule.DEFAULT_EXCELLENT_MIN
    )
    qualified_min = forms.DecimalField(
        label=_("Lowest score graded qualified"), max_digits=5, decimal_places=2, initial=schedule.DEFAULT_QUALIFIED_MIN
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = _template_choices()
        self.fields["year"].initial = timezone.localdate().year


class RoundSettingsForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Indicator template"), queryset=IndicatorTemplate.objects.none())
    excellent_min = forms.DecimalField(label=_("Lowest score graded excellent"), max_digits=5, decimal_places=2)
    qualified_min = forms.DecimalField(label=_("Lowest score graded qualified"), max_digits=5, decimal_places=2)
    due_date = forms.DateField(label=_("Scores due by"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = _template_choices()


class SelfEvaluationForm(forms.ModelForm):
    """The figures, and one text per content item of 第十三条 (fields item_<code>)."""

    class Meta:
        model = SelfEvaluation
        fields = (*FIGURES, "proposed_grade")

    def __init__(self, *args, content_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.content_items = content_items
        for item in content_items:
            self.fields[f"item_{item.code}"] = forms.CharField(
                label=f"{item.article} {item.label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=self.instance.item_reports.get(item.code, ""),
            )
        for name in FIGURES:
            self.fields[name].widget.attrs["min"] = 0

    def values(self) -> dict:
        values = {name: self.cleaned_data.get(name) for name in FIGURES}
        values["proposed_grade"] = self.cleaned_data.get("proposed_grade")
        values["item_reports"] = {
            item.code: self.cleaned_data.get(f"item_{item.code}", "") for item in self.content_items
        }
        return values

    def item_fields(self):
        return [self[f"item_{item.code}"] for item in self.content_items]

    def figure_fields(self):
        return [self[name] for name in FIGURES]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return with comments"))]
    )
    grade = forms.ChoiceField(
        label=_("Confirmed grade"),
        choices=[("", _("As the city proposed")), *Grade.choices],
        required=False,
        help_text=_("Another grade than the city's needs the reason in the comments."),
    )
    comment = forms.CharField(label=_("Comments"), widget=TEXT, required=False)
    rectification_deadline = forms.DateField(
        label=_("Rectify by"),
        widget=DATE,
        required=False,
        help_text=_("Unqualified in a year without a centralized evaluation: the park is ordered to rectify."),
    )
    rectification_requirements = forms.CharField(label=_("Rectification requirements"), widget=TEXT, required=False)
    rectification_document_number = forms.CharField(
        label=_("Document number of the rectification order"), max_length=100, required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or an image."))
    description = forms.CharField(label=pgettext_lazy("evaluations", "Description"), max_length=200, required=False)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=pgettext_lazy("evaluations", "Description"), widget=TEXT, required=False)


class IndicatorRowForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    content_item = forms.ChoiceField(label=_("Content item"), choices=())
    # Names run to a sentence (up to 300 characters): a wrapping box shows all of it, a one-line input cut it off.
    name = forms.CharField(label=_("Indicator"), max_length=300, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2, min_value=0.01, max_value=100)
    max_score = forms.DecimalField(
        label=_("Maximum score"), max_digits=6, decimal_places=2, min_value=1, max_value=1000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_item"].choices = [
            (item.code, f"{item.article} {item.label}") for item in get_policy().evaluation.content_items
        ]
        for field in self.fields.values():  # shown in a table without <label>s
            field.widget.attrs["aria-label"] = field.label


IndicatorFormSet = forms.formset_factory(IndicatorRowForm, extra=1, can_delete=True, max_num=60, absolute_max=60)


class CopyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=200)


class DrawForm(forms.Form):
    size = forms.IntegerField(label=_("Number of experts"), min_value=1, max_value=MAX_PANEL_SIZE, initial=3)


SUBMIT_SCORES = _("After submission the scores cannot be changed (提交后不能修改).")


class ScoreForm(forms.Form):
    """One field per indicator (score_<id>), and the expert's opinion."""

    opinion = forms.CharField(label=_("Expert opinion"), widget=TEXT, required=False)

    def __init__(self, *args, indicators=(), initial_scores=None, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        # Saving a draft needs no confirmation; submitting makes the scores final.
        self.fields["confirm"] = confirmation_field(SUBMIT_SCORES)
        self.fields["confirm"].required = submitting
        initial_scores = initial_scores or {}
        for indicator in self.indicators:
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=indicator.name,
                required=False,
                min_value=0,
                max_value=indicator.max_score,
                decimal_places=2,
                initial=initial_scores.get(indicator.pk),
                help_text=_("0 to %(max)s; weight %(weight)s")
                % {
                    "max": format(indicator.max_score.normalize(), "f"),
                    "weight": format(indicator.weight.normalize(), "f"),
                },
            )

    def scores(self) -> dict:
        return {indicator.pk: self.cleaned_data.get(f"score_{indicator.pk}") for indicator in self.indicators}


class DeadlineFields(forms.Form):
    """A deadline given as a date or as working days after the start date (start_field)."""

    start_field = ""
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)
    deadline_working_days = forms.IntegerField(
        label=_("or: working days"), min_value=1, max_value=MAX_RECTIFICATION_WORKING_DAYS, required=False
    )

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get(self.start_field)
        if start is not None and not self.errors:
            try:
                cleaned["deadline"] = deadline_from(
                    start, working_days=cleaned.get("deadline_working_days"), on=cleaned.get("deadline")
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


class PublishForm(DeadlineFields):
    start_field = "issued_on"
    document_number = forms.CharField(label=_("Document number of the notice"), max_length=100)
    issued_on = forms.DateField(label=_("Date issued"), widget=DATE)
    requirements = forms.CharField(
        label=_("Rectification requirements for unqualified parks"), widget=TEXT, required=False
    )
    field_order = ["document_number", "issued_on", "requirements", "deadline", "deadline_working_days", "confirm"]
    confirm = confirmation_field(
        _(
            "The evaluation notice (通报) is issued to every park of the round: grades are published, excellent "
            "parks commended and unqualified parks ordered to rectify. It cannot be withdrawn."
        )
    )

    def __init__(self, *args, previewing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].required = not previewing  # a preview issues nothing


class SupportForm(forms.Form):
    support_description = forms.CharField(label=_("Policy support granted"), widget=TEXT)
    support_amount_cny = forms.DecimalField(
        label=_("Support amount (yuan)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Rectification report"), widget=forms.Textarea(attrs={"rows": 5}))


class AcceptForm(forms.Form):
    comment = forms.CharField(label=_("Comments"), widget=TEXT, required=False)


class OrderRectificationForm(DeadlineFields):
    start_field = "ordered_on"
    ground = forms.ChoiceField(label=_("Ground"), choices=[c for c in Ground.choices if c[0] != Ground.UNQUALIFIED])
    requirements = forms.CharField(label=_("Rectification requirements"), widget=TEXT)
    document_number = forms.CharField(
        label=_("Document number of the rectification order"), max_length=100, required=False
    )
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE)
    field_order = ["ground", "requirements", "document_number", "ordered_on", "deadline", "deadline_working_days"]


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=Ground.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=TEXT)
    document_number = forms.CharField(label=_("Document number"), max_length=100)
    confirm = confirmation_field(
        _("The park loses its designation and its plaque (取消授牌); this cannot be undone on the platform.")
    )
