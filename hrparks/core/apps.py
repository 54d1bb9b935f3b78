from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hrparks.core"
    label = "core"
