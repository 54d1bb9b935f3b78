from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hrparks.audit"
    label = "audit"
