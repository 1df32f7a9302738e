from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "sme2go.collaboration"
    label = "collaboration"

    def ready(self) -> None:
        from sme2go.collaboration.signals import connect

        connect()
