from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "hrparks.workdays"
    label = "workdays"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
