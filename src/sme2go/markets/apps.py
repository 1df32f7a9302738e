from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "sme2go.markets"
    label = "markets"
