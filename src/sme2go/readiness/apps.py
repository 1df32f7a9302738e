from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "sme2go.readiness"
    label = "readiness"
    verbose_name = "Export readiness"
