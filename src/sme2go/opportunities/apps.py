from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "sme2go.opportunities"
    label = "opportunities"
