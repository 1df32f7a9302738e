"""Forms of the readiness pages (the questionnaire reads its radio buttons itself)."""

from __future__ import annotations

from django import forms

from sme2go.readiness.cohort import BAND_NAMES, SORTS
from sme2go.registry.forms import PartnerByShortName


class CohortFilterForm(forms.Form):
    """The cohort page's filters, read from the query string (?partner=Tehnopol&band=Developing&order=-score)."""

    partner = PartnerByShortName(label="Supported by")
    band = forms.ChoiceField(label="Band", choices=[("", "All bands"), *((b, b) for b in BAND_NAMES)], required=False)
    order = forms.ChoiceField(label="Order", choices=[(key, text.capitalize()) for key, text in SORTS.items()],
                              required=False)
