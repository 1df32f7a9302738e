from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "sme2go.programme"
    label = "programme"
    verbose_name = "Programme KPIs and report"
