"""Company.sme2go_id (the identifier an export writes and an import matches) and
Company.registration_token (sending one rendered Register form twice registers one company).

Existing companies get a random sme2go_id: added empty, filled in batches, then made unique.
"""

import uuid

from django.db import migrations, models


def give_each_company_an_id(apps, schema_editor):
    Company = apps.get_model("registry", "Company")
    pks = list(Company.objects.filter(sme2go_id__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(pks), 2000):
        companies = [Company(pk=pk, sme2go_id=uuid.uuid4()) for pk in pks[start:start + 2000]]
        Company.objects.bulk_update(companies, ["sme2go_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0006_company_list_sort_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="sme2go_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_company_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="company",
            name="sme2go_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="company",
            name="registration_token",
            field=models.CharField(blank=True, editable=False, max_length=32, null=True, unique=True),
        ),
    ]
