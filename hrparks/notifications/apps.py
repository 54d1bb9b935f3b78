from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hrparks.notifications"
    label = "notifications"
