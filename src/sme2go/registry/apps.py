from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "sme2go.registry"
    label = "registry"
