"""Data: one spelling per region (`East Asia And Pacific` was stored beside `East Asia and
Pacific`, and the Region filter offered both)."""

from django.db import migrations

from sme2go.opportunities.services import region_name


def normalise_regions(apps, schema_editor):
    Opportunity = apps.get_model("opportunities", "Opportunity")
    rows = Opportunity.objects.using(schema_editor.connection.alias)
    for region in list(rows.values_list("region", flat=True).distinct()):
        if region_name(region) != region:
            rows.filter(region=region).update(region=region_name(region))


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]
    operations = [migrations.RunPython(normalise_regions, migrations.RunPython.noop, elidable=True)]
