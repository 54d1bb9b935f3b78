from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hrparks.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import access, checks, signals  # noqa: F401 (checks registers itself)

        signals.connect()
        access.connect()
