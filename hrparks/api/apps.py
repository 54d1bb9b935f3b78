from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hrparks.api"
    label = "api"
