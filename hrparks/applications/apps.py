from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "hrparks.applications"
    label = "applications"
