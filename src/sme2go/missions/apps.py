from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "sme2go.missions"
    label = "missions"
    verbose_name = "Export missions, leads and sales"
