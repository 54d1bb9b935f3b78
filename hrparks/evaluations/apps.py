from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "hrparks.evaluations"
    label = "evaluations"
