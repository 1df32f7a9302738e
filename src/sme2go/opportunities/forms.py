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
QUERY_LIMIT = 200  # characters of a search; a longer one is cut to this with a note
FIRST_YEAR, LAST_YEAR = 1940, 2100
# What the list does instead of a filter it cannot use, in the words of the market pages.
INSTEAD = {
    "theme": "all themes are shown",
    "country": "all countries are shown",
    "region": "all regions are shown",
    "status": "projects of every status are shown",
    "approved_from": "no start year is used",
    "approved_to": "no end year is used",
    "sort": "the newest approvals come first",
}


class CountryField(forms.ChoiceField):
    """An ISO-3 code, in any case (`ken` is Kenya)."""

    def to_python(self, value: object) -> str:
        return super().to_python(value).strip().upper()


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", strip=True,
                        widget=forms.TextInput(attrs={"placeholder": "title, objective or agency", "type": "search",
                                                      "maxlength": QUERY_LIMIT}))  # fmt: skip
    theme = forms.ChoiceField(required=False)
    country = CountryField(required=False)
    region = forms.ChoiceField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Opportunity.Status.choices])
    approved_from = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label="Approved from")
    approved_to = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label="Approved to")
    sort = forms.ChoiceField(required=False, choices=[(k, SORT_LABELS[k]) for k in SORTS])

    def __init__(self, *args: object, countries: list[tuple[str, str]], regions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        themes = load_taxonomy().themes
        self.fields["theme"].choices = [("", "Any theme"), *((t.id, t.name) for t in themes)]
        self.fields["country"].choices = [("", "Any country"), *countries]
        self.fields["region"].choices = [("", "Any region"), *((r, r) for r in regions)]
        self.cut_query = False

    def clean_q(self) -> str:
        query: str = self.cleaned_data.get("q") or ""
        self.cut_query = len(query) > QUERY_LIMIT
        return query[:QUERY_LIMIT].rstrip()

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("approved_from"), data.get("approved_to")
        if start is not None and end is not None and start > end:
            self.add_error("approved_to", f"must not be before the start year ({start})")
        return data

    def notes(self) -> list[str]:
        """What the page says about each filter it could not use as given, in the market pages' words."""
        notes = []
        if self.cut_query:
            notes.append(f"The search is longer than {QUERY_LIMIT} characters, so only its first {QUERY_LIMIT} are used")
        for name in self.errors:
            label, value = self.fields[name].label or name.title(), self.data.get(name, "")
            if name == "approved_to" and "approved_to" in self.data and _is_year(value):
                reason = f"“{value}” must not be before the start year ({self.data.get('approved_from')})"
            elif name in ("approved_from", "approved_to"):
                reason = f"“{value}” is not a year from {FIRST_YEAR} to {LAST_YEAR}"
            else:
                reason = f"“{value}” is not one of the choices"
            notes.append(f"{label} {reason}, so {INSTEAD.get(name, 'it is left out')}")
        return notes

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


def _is_year(text: str) -> bool:
    return text.strip().isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR
