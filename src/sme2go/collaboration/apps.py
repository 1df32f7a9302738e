from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "sme2go.collaboration"
    label = "collaboration"
