from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hrparks.accounts"
    label = "accounts"
