from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "sme2go.taxonomy"
    label = "taxonomy"
