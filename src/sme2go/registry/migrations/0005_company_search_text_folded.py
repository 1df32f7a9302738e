"""Data: store each company's search text folded (case and accents ignored, `Västerås` as
`vasteras`), so the company search finds `vasteras` and `Västerås` alike.

Only rows whose text changes are written (those with letters beyond ASCII), one UPDATE each.
"""

from django.db import migrations

from sme2go.registry.names import search_text_of

SEARCHED_FIELDS = ("legal_name", "city", "registry_code", "vat", "website", "description")
BATCH = 2000


def fold_search_texts(apps, schema_editor):
    Company = apps.get_model("registry", "Company")
    rows = Company.objects.using(schema_editor.connection.alias).order_by("pk").values_list(
        "pk", "search_text", *SEARCHED_FIELDS
    )
    changed = []
    for pk, stored, *parts in rows.iterator(chunk_size=BATCH):
        folded = search_text_of(*parts)
        if folded != stored:
            changed.append((folded, pk))
    table = schema_editor.quote_name(Company._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(changed), BATCH):
            cursor.executemany(f"UPDATE {table} SET search_text = %s WHERE id = %s", changed[start:start + BATCH])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_company_search_trigram_index")]
    operations = [migrations.RunPython(fold_search_texts, migrations.RunPython.noop, elidable=True)]
