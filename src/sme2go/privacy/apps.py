from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sme2go.privacy"
    label = "privacy"
    verbose_name = "Personal data"
