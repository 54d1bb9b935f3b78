from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hrparks.accounts"
    label = "accounts"

    def ready(self):
        from . import checks  # noqa: F401 — registers the system check of HRPARKS_REQUIRE_OTP_FOR
