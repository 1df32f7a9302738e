"""Text stored before the registry refused control characters is cleaned the way the web forms
clean pasted text: a soft line break (vertical tab) or form feed becomes a newline in multi-line
text and a space in one-line text; other invisible control characters are dropped. Then every
export imports back (an import refuses control characters) and XLSX exports hold the same text.
"""

import re

from django.db import migrations

LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# model -> (one-line text fields, multi-line text fields)
TEXT_FIELDS = {
    # search_text is derived from the others: cleaned alike, so searching finds the cleaned words.
    "Company": (("legal_name", "city", "registry_code", "vat", "website"), ("description", "search_text")),
    "Solution": (("name",), ("description",)),
    "ReferenceDeployment": (("city",), ("description",)),
    "Contact": (("name", "role", "email"), ()),
}
SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def cleaned(value, multiline):
    text = LINE_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        text = text.replace("\n", " ")
    return CONTROL_CHARACTERS.sub("", text).strip()


def clean_stored_text(apps, schema_editor):
    for model_name, (one_line, multi_line) in TEXT_FIELDS.items():
        model = apps.get_model("registry", model_name)
        fields = [(name, False) for name in one_line] + [(name, True) for name in multi_line]
        names = [name for name, _ in fields]
        for row in model.objects.values("pk", *names).iterator(chunk_size=5000):
            changes = {}
            for name, multiline in fields:
                value = row[name] or ""
                if SUSPECT.search(value):
                    changes[name] = cleaned(value, multiline)
            if changes:
                model.objects.filter(pk=row["pk"]).update(**changes)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0007_company_sme2go_id_registration_token"),
    ]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop),
    ]
