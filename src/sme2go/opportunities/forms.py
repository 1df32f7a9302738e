"""The filter form of the opportunity list."""

from __future__ import annotations

from django import forms

from sme2go.opportunities.models import Opportunity
from sme2go.opportunities.services import SORTS, OpportunityFilter
from sme2go.taxonomy import load_taxonomy

SORT_LABELS = {
    "-approval_date": "Newest approval first",
    "approval_date": "Oldest approval first",
    "-amount": "Largest amount first",
    "amount": "Smallest amount first",
}


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200,
                        widget=forms.TextInput(attrs={"placeholder": "title, objective or agency", "type": "search"}))
    theme = forms.ChoiceField(required=False)
    country = forms.ChoiceField(required=False)
    region = forms.ChoiceField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Opportunity.Status.choices])
    approved_from = forms.IntegerField(required=False, min_value=1940, max_value=2100, label="Approved from")
    approved_to = forms.IntegerField(required=False, min_value=1940, max_value=2100, label="to")
    sort = forms.ChoiceField(required=False, choices=[(k, SORT_LABELS[k]) for k in SORTS])

    def __init__(self, *args: object, countries: list[tuple[str, str]], regions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        themes = load_taxonomy().themes
        self.fields["theme"].choices = [("", "Any theme"), *((t.id, t.name) for t in themes)]
        self.fields["country"].choices = [("", "Any country"), *countries]
        self.fields["region"].choices = [("", "Any region"), *((r, r) for r in regions)]

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("approved_from"), data.get("approved_to")
        if start is not None and end is not None and start > end:
            self.add_error("approved_to", "must not be before the start year")
        return data

    def to_filter(self) -> OpportunityFilter:
        """The valid criteria (ones that failed validation are left out)."""
        data = self.cleaned_data if self.is_bound else {}
        return OpportunityFilter(
            query=data.get("q") or "",
            theme=data.get("theme") or "",
            country=data.get("country") or "",
            region=data.get("region") or "",
            status=data.get("status") or "",
            approved_from=data.get("approved_from"),
            approved_to=data.get("approved_to"),
            sort=data.get("sort") or "-approval_date",
        )
