from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .calendar import FIRST_YEAR, LAST_YEAR
from .models import CalendarOverride

KIND_CHOICES = [("working", _("Working day")), ("rest", _("Rest day"))]


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)


class OverrideForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("The day is a"), choices=KIND_CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = CalendarOverride
        fields = ["date", "source_document", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["date", "kind", "source_document", "note"])
        if self.instance.pk:
            self.fields["date"].disabled = True
            self.initial["kind"] = "working" if self.instance.is_working_day else "rest"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("The calendar covers %(first)s–%(last)s."), params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    @property
    def is_working_day(self) -> bool:
        return self.cleaned_data["kind"] == "working"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, one line per date: date,working|rest,source document[,note], e.g. 2027-02-06,working,国办发明电〔2026〕X号"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
