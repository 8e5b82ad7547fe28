from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safer.accounts"
    label = "accounts"
