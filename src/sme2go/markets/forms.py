"""Forms of the market pages: the ranking filters and the index weights."""

from __future__ import annotations

from dataclasses import asdict

from django import forms

from sme2go.markets.index import DIMENSIONS, MAX_WEIGHT, Weights
from sme2go.markets.reports import DEFAULT_AS_OF
from sme2go.taxonomy import load_taxonomy

FIRST_AS_OF = 2008

DIMENSION_LABELS = {
    "demand": "Smart-city demand (theme)",
    "size": "Size (urban population)",
    "urban_growth": "Urban growth",
    "growth": "Economic growth",
    "intensity": "Intensity (GDP per capita)",
    "capacity": "Consumption capacity (human capital)",
    "infrastructure": "Digital infrastructure",
    "receptivity": "Receptivity (e-participation)",
    "business": "Ease of doing business",
    "risk": "Risk (growth volatility)",
}


def theme_choices() -> list[tuple[str, str]]:
    return [("", "All themes"), *((t.id, t.name) for t in load_taxonomy().themes)]


class MarketFilterForm(forms.Form):
    theme = forms.ChoiceField(required=False)
    region = forms.ChoiceField(required=False)
    income = forms.ChoiceField(required=False, label="Income group")
    as_of = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=DEFAULT_AS_OF, label="Data up to",
        choices=[(y, str(y)) for y in range(DEFAULT_AS_OF, FIRST_AS_OF - 1, -1)],
    )  # fmt: skip

    def __init__(self, *args: object, regions: list[str], incomes: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["theme"].choices = theme_choices()
        self.fields["region"].choices = [("", "All regions"), *((r, r) for r in regions)]
        self.fields["income"].choices = [("", "All income groups"), *((i, i) for i in incomes)]

    def ignored(self) -> list[str]:
        """What the page says about each filter it could not use, in the page's words."""
        instead = {"as_of": f"the latest data ({DEFAULT_AS_OF}) are used", "theme": "all themes are shown",
                   "region": "all regions are shown", "income": "all income groups are shown"}
        notes = []
        for name in self.errors:
            value = self.data.get(name, "")
            if name == "as_of":
                notes.append(f"Data up to “{value}” is not a year from {FIRST_AS_OF} to {DEFAULT_AS_OF}, so {instead[name]}")
            else:
                notes.append(f"{self.fields[name].label or name.title()} “{value}” is not one of the choices, so {instead.get(name, 'it is left out')}")
        return notes

    def value(self, name: str) -> object:
        """The cleaned value, or the default when the field is missing or invalid."""
        data = getattr(self, "cleaned_data", {})
        default = DEFAULT_AS_OF if name == "as_of" else ""
        return data.get(name) or default


class WeightsForm(forms.Form):
    """One relative weight per dimension; negative or all-zero weights are refused with a message."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        defaults = asdict(Weights())
        for name in DIMENSIONS:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=DIMENSION_LABELS[name], initial=defaults[name], required=False,
                help_text=DIMENSIONS[name], widget=forms.NumberInput(attrs={
                    "step": "any", "min": "0", "max": f"{MAX_WEIGHT:g}", "placeholder": f"{defaults[name]:g}",
                }),
                error_messages={"invalid": "enter a number"},
            )  # fmt: skip

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.errors:
            return data
        defaults = asdict(Weights())
        values = {name: defaults[name] if data.get(f"w_{name}") is None else data[f"w_{name}"] for name in DIMENSIONS}
        for name, value in values.items():
            if value < 0:
                self.add_error(f"w_{name}", f"a weight cannot be negative ({value:g})")
            elif value > MAX_WEIGHT:
                self.add_error(f"w_{name}", f"a weight can be at most {MAX_WEIGHT:g} (weights are relative: "
                                            f"2 counts twice as much as 1), not {value:g}")
        if not self.errors:
            try:
                data["weights"] = Weights(**values)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return data

    def refusals(self) -> list[str]:
        """Each problem with the weights, naming the dimension: `Size (urban population): enter a number`."""
        return [f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
                for name, errors in self.errors.items() for error in errors]

    def shown(self) -> WeightsForm:
        """The form to display: every box holds the weight in effect (an emptied box its default);
        refused weights stay as typed, next to their errors."""
        weights = self.weights()
        if weights is None:
            return self
        return WeightsForm({f"w_{name}": f"{value:g}" for name, value in asdict(weights).items()})

    def weights(self) -> Weights | None:
        """The valid weights given, or None (defaults)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["weights"]
        return None
