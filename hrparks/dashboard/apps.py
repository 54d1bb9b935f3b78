from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "hrparks.dashboard"
    label = "dashboard"
