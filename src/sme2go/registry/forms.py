"""Registry forms: they render and parse; the rules are in `rules.py` and `services/`.

A form's `cleaned_data` is passed to a service function; a `ValidationError` the
service raises is put back on the form with `attach_errors`, so the user sees every
message beside the field it concerns.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sme2go.registry import rules
from sme2go.registry.models import Company, Contact, Partner
from sme2go.taxonomy import load_taxonomy

EMPTY = [("", "Any")]
LIMITS = rules.MAX_LENGTH


class OneLineText(forms.CharField):
    """One line of text: pasted line breaks become spaces and invisible control characters are
    dropped, so what is saved is what the field shows; at most the registry's limit (`rules.MAX_LENGTH`)."""

    def to_python(self, value: Any) -> str:
        return rules.without_control_characters(super().to_python(value)).strip()


class MultilineText(OneLineText):
    """Text that may span lines: Word's soft line breaks (vertical tabs) become newlines.

    No `maxlength` in the page: a browser would cut a long paste silently; the form says how long it is."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        return rules.without_control_characters(forms.CharField.to_python(self, value), multiline=True).strip()

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def text_field(limit: str, *, label: str | None = None, required: bool = False, multiline: bool = False,
               rows: int = 3, help_text: str = "") -> forms.CharField:
    """A text field with the registry's limit for `limit` (a `rules.MAX_LENGTH` key), the same as imports."""
    if multiline:
        return MultilineText(label=label, required=required, max_length=LIMITS[limit], help_text=help_text,
                             widget=forms.Textarea(attrs={"rows": rows}))
    return OneLineText(label=label, required=required, max_length=LIMITS[limit], help_text=help_text)


def capability_choices(*, themes_selectable: bool) -> list[Any]:
    """Capabilities grouped by theme; with `themes_selectable` a whole theme can be chosen too."""
    groups: list[Any] = []
    for theme in load_taxonomy().themes:
        options = [(c.id, c.name) for c in theme.capabilities]
        if themes_selectable:
            options = [(theme.id, f"{theme.name}: any")] + options
        groups.append((theme.name, options))
    return groups


def select_options(choices: list[Any], selected: Any) -> SafeString:
    """`<option>`s (with `<optgroup>`s) for a filter select, built directly: Django's per-option
    widget templates cost ~10 ms for the ~130 capability options on every list page."""
    selected_text = "" if selected is None else str(selected)
    parts: list[str] = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            parts.append(f'<optgroup label="{escape(value)}">')
            parts.append(select_options(list(label), selected))
            parts.append("</optgroup>")
        else:
            mark = " selected" if str(value) == selected_text else ""
            parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


class CompanyFilterForm(forms.Form):
    """The search box and filters of the company list (GET, so a result list can be bookmarked)."""

    q = forms.CharField(label="Search", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "name, city, code, website…"}))
    country = forms.ChoiceField(required=False)
    partner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    capability = forms.ChoiceField(required=False)
    status = forms.ChoiceField(required=False, choices=EMPTY + list(Company.Status.choices))

    def __init__(self, *args: Any, countries: list[str], partners: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = EMPTY + [(c, c) for c in countries]
        self.fields["partner"].choices = EMPTY + [(p.pk, p.short_name) for p in partners]
        self.fields["capability"].choices = EMPTY + capability_choices(themes_selectable=True)

    def options(self) -> dict[str, SafeString]:
        """Pre-rendered options of each select, the submitted (or initial) value selected."""
        return {
            name: select_options(list(field.choices), self[name].value())  # type: ignore[attr-defined]
            for name, field in self.fields.items()
            if isinstance(field, forms.ChoiceField)
        }


class CompanyForm(forms.ModelForm):
    """Create or edit a company. Company representatives get no status or partners fields."""

    nace_codes = forms.CharField(
        label="NACE codes", required=False, max_length=300, help_text="NACE Rev.2, comma separated, e.g. 62.01, 71.12"
    )
    legal_name = text_field("legal_name", label="Legal name", required=True)
    city = text_field("city", label="City")
    registry_code = text_field("registry_code", label="Registry code")
    vat = text_field("vat", label="VAT number")
    description = text_field("description", label="Description", multiline=True, rows=4)
    website = text_field("website", label="Website", help_text="e.g. https://www.example.com")
    # Declared here so the rules' messages (not the generic length/range ones) reach the user.
    country = forms.CharField(max_length=60, help_text="ISO 3166-1 alpha-2 code, e.g. EE, FI, SE")
    founded_year = forms.IntegerField(required=False, help_text="e.g. 2015")
    partners = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Supported by",
    )

    class Meta:
        model = Company
        fields = [
            "legal_name", "country", "city", "registry_code", "vat", "website", "size_band",
            "founded_year", "nace_codes", "description", "status", "partners",
        ]  # fmt: skip

    def __init__(self, *args: Any, programme_fields: bool, own_partner: Partner | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["nace_codes"] = ", ".join(self.instance.nace_codes or [])
        if not programme_fields:
            del self.fields["status"]
            del self.fields["partners"]
        elif own_partner is not None:
            # An advisor decides only about their own partner's support (the service enforces it).
            partners_field = self.fields["partners"]
            assert isinstance(partners_field, forms.ModelMultipleChoiceField)
            partners_field.queryset = Partner.objects.filter(pk=own_partner.pk)
            partners_field.help_text = "Other partners' support stays as it is."
            if not self.instance.pk:
                self.initial["partners"] = [own_partner.pk]

    def clean_country(self) -> str:
        return _rule(rules.clean_country, self.cleaned_data.get("country", ""))

    def clean_founded_year(self) -> int | None:
        return _rule(rules.clean_founded_year, self.cleaned_data.get("founded_year"))

    def clean_nace_codes(self) -> list[str]:
        return _rule(rules.clean_nace_codes, self.cleaned_data.get("nace_codes", ""))

    def clean_website(self) -> str:
        return _rule(rules.clean_website, self.cleaned_data.get("website", ""))

    def service_data(self) -> dict[str, Any]:
        """The cleaned fields as the services expect them."""
        data = {name: self.cleaned_data[name] for name in self.fields}
        if "partners" in data:
            data["partners"] = list(data["partners"])
        return data


class SolutionForm(forms.Form):
    name = text_field("solution_name", label="Name", required=True)
    description = text_field("solution_description", label="Description", multiline=True)
    trl = forms.IntegerField(label="TRL", min_value=1, max_value=9, initial=7,
                             help_text="Technology readiness level, 1 (idea) to 9 (proven in operation)")
    references = MultilineText(
        label="Reference deployments", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: city, country code, year — e.g. Tartu, EE, 2023",
    )

    def clean_references(self) -> list[dict[str, Any]]:
        references = []
        for number, line in enumerate(self.cleaned_data.get("references", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if len(parts) < 2:
                raise ValidationError(f"line {number}: write city, country code[, year]")
            references.append({"city": parts[0], "country": parts[1], "year": parts[2] if len(parts) > 2 else None})
        return references


class CapabilityLevelForm(forms.Form):
    capability = forms.ChoiceField(required=False)
    level = forms.FloatField(required=False, min_value=0, max_value=1, initial=0.8,
                             widget=forms.NumberInput(attrs={"step": "0.05"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capability"].choices = [("", "—")] + capability_choices(themes_selectable=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("capability") and data.get("level") is None:
            self.add_error("level", "Give a level between 0 and 1.")
        return data


class BaseCapabilityLevelFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """A capability may be named once per solution: a second row for it is an error, not a silent overwrite."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for row in self.forms:
            capability = getattr(row, "cleaned_data", {}).get("capability")
            if capability and capability in seen:
                name = dict(capability_names()).get(capability, capability)
                raise ValidationError(f"{name} is chosen twice: give each capability one level.")
            if capability:
                seen.add(capability)


def capability_names() -> list[tuple[str, str]]:
    return [(c.id, c.name) for theme in load_taxonomy().themes for c in theme.capabilities]


# One row per capability at most: a forged form with thousands of rows is refused before any is built.
CAPABILITY_ROWS = len(capability_names())
CapabilityLevelFormSet = formset_factory(
    CapabilityLevelForm, formset=BaseCapabilityLevelFormSet, extra=3,
    max_num=CAPABILITY_ROWS, validate_max=True, absolute_max=CAPABILITY_ROWS + 3,
)


def capability_levels(formset: Any) -> dict[str, float]:
    """`{capability_id: level}` from the filled rows of a CapabilityLevelFormSet."""
    return {
        row.cleaned_data["capability"]: row.cleaned_data["level"]
        for row in formset.forms
        if row.cleaned_data.get("capability")
    }


class ContactForm(forms.ModelForm):
    name = text_field("contact_name", label="Name", required=True)
    role = text_field("contact_role", label="Role")
    email = forms.EmailField(label="Email", required=False, max_length=LIMITS["contact_email"])

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "consent_to_contact"]
        labels = {"consent_to_contact": "Consents to be contacted"}


class NoteForm(forms.Form):
    text = forms.CharField(label="New private note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    partner = forms.ModelChoiceField(queryset=Partner.objects.all(), required=False,
                                     help_text="The partner whose advisors will read it")

    def __init__(self, *args: Any, choose_partner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_partner:
            del self.fields["partner"]


def shown_changes(form: forms.BaseForm, changes: dict[str, tuple[Any, Any]]) -> list[tuple[str, str, str]]:
    """(field label, value as stored, value after saving the form) for a page, in the form's order."""
    labels = {name: str(field.label or "") for name, field in form.fields.items()}
    order = list(form.fields)
    rows = sorted(changes.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [(labels.get(name) or name.replace("_", " ").capitalize(), shown(stored), shown(saved))
            for name, (stored, saved) in rows]


def shown(value: Any) -> str:
    """A stored value as a person reads it: lists comma-separated, levels as numbers, yes/no."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{key} {level:g}" for key, level in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, beside the field it names when the form has it."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def _rule(rule: Any, value: Any) -> Any:
    try:
        return rule(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class PartnerByShortName(forms.ModelChoiceField):
    """A partner filter chosen, and shown, by its short name (?partner=Tehnopol), all partners when empty."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Partner.objects.order_by("short_name"), to_field_name="short_name",
                         required=False, empty_label="All partners", **kwargs)

    def label_from_instance(self, obj: Partner) -> str:  # type: ignore[override]
        return obj.short_name


class PartnerChoiceForm(forms.Form):
    """A form with a "partner" field that only the programme manager fills in (an advisor acts for their
    own partner, so the field is left out for them; see scoping.acting_partner)."""

    partner = forms.ModelChoiceField(label="Partner", queryset=Partner.objects.all(), required=False)

    def __init__(self, *args: Any, choose_partner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_partner:
            self.fields["partner"].required = True
        else:
            del self.fields["partner"]
