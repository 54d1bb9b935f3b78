from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hrparks.portal"
    label = "portal"
