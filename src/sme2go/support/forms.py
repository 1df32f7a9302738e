"""Forms of the support pages; the services validate again and name the field."""

from __future__ import annotations

from django import forms

from sme2go.registry.forms import PartnerByShortName, PartnerChoiceForm
from sme2go.support.models import SupportKind


class DateInput(forms.DateInput):
    input_type = "date"


class SupportActionForm(PartnerChoiceForm):
    kind = forms.ChoiceField(label="Kind of support", choices=SupportKind.choices)
    given_on = forms.DateField(label="Given on", widget=DateInput)
    hours = forms.DecimalField(label="Hours", min_value=0, max_value=200, decimal_places=1)
    note = forms.CharField(label="Note (staff only)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["kind", "given_on", "hours", "note", "partner"]


class SessionForm(PartnerChoiceForm):
    module_title = forms.CharField(label="Module", max_length=200,
                                   help_text="a module of the catalogue, or a new title to add one")
    held_on = forms.DateField(label="Held on", widget=DateInput)
    place = forms.CharField(label="Place", max_length=200, help_text='a city, or "online"')
    hours = forms.DecimalField(label="Hours (a new module)", min_value=0, max_value=200, decimal_places=1,
                               required=False)
    field_order = ["module_title", "held_on", "place", "hours", "partner"]


class AttendanceForm(forms.Form):
    company = forms.CharField(label="Company", max_length=300, help_text="registry id or name")
    people = forms.IntegerField(label="People", min_value=1, max_value=50, initial=1, required=False,
                                help_text="how many of its people came (1 if empty)")


class OverviewFilterForm(forms.Form):
    """The overview's filters (?year=2025&partner=Tehnopol): the KPIs follow the year; the sessions and
    support actions listed follow the year and the partner."""

    year = forms.TypedChoiceField(label="Year", coerce=int, required=False, empty_value=None)  # None: this year
    partner = PartnerByShortName(label="Given by")

    def __init__(self, *args: object, years: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
