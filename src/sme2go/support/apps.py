from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "sme2go.support"
    label = "support"
    verbose_name = "Training and support"
