from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "hrparks.policy"
    label = "policy"
