from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sme2go.accounts"
    label = "accounts"
