from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "hrparks.documents"
    label = "documents"
