"""Forms of the mission and lead pages; the services validate again and name the field."""

from __future__ import annotations

from django import forms

from sme2go.missions.models import Stage
from sme2go.registry.forms import PartnerByShortName, PartnerChoiceForm


class DateInput(forms.DateInput):
    input_type = "date"


class MissionForm(PartnerChoiceForm):
    name = forms.CharField(label="Name", max_length=200)
    country = forms.CharField(label="Country", max_length=2, help_text="two letters, e.g. KE")
    city = forms.CharField(label="City", max_length=120, required=False)
    starts_on = forms.DateField(label="Starts on", widget=DateInput)
    ends_on = forms.DateField(label="Ends on", widget=DateInput)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["name", "country", "city", "starts_on", "ends_on", "description", "partner"]


class ParticipantForm(forms.Form):
    company = forms.CharField(label="Company", max_length=300, help_text="registry id or name")


class MeetingForm(forms.Form):
    company = forms.ChoiceField(label="Company")
    counterpart = forms.CharField(label="Met", max_length=200, help_text="the organisation met")
    held_on = forms.DateField(label="On", widget=DateInput)
    outcome = forms.CharField(label="Outcome", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LeadForm(PartnerChoiceForm):
    buyer = forms.CharField(label="Buyer", max_length=200, help_text="the buying organisation")
    country = forms.CharField(label="Country", max_length=2, help_text="two letters, e.g. KE")
    value_eur = forms.DecimalField(label="Value (EUR)", min_value=0, decimal_places=2)
    description = forms.CharField(label="What they would buy", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    mission = forms.ChoiceField(label="From the mission", required=False)
    follow_up_on = forms.DateField(label="Follow up on", required=False, widget=DateInput)
    field_order = ["buyer", "country", "value_eur", "description", "mission", "follow_up_on", "partner"]


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices)
    value_eur = forms.DecimalField(label="Value (EUR)", min_value=0, decimal_places=2, required=False)
    won_on = forms.DateField(label="Sale made on (when won)", required=False, widget=DateInput)
    follow_up_on = forms.DateField(label="Next follow-up", required=False, widget=DateInput)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="required when lost: why")


class PipelineFilterForm(forms.Form):
    """The pipeline's filters, read from the query string (?partner=Tehnopol&stage=proposal&due=1)."""

    partner = PartnerByShortName(label="Followed by")
    stage = forms.ChoiceField(label="Stage", choices=[("", "All stages"), *Stage.choices], required=False)
    due = forms.BooleanField(label="Follow-ups due only", required=False)
