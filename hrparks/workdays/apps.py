from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "hrparks.workdays"
    label = "workdays"
