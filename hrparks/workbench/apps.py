from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "hrparks.workbench"
    label = "workbench"
