from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    name = "sme2go.consortia"
    label = "consortia"
