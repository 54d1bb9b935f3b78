from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "hrparks.parks"
    label = "parks"
