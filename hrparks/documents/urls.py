from django.urls import path, register_converter

from . import views
from .kinds import ATTACHMENTS, Format

app_name = "documents"


class _Choice:
    """A path segment that is one of a fixed set of words."""

    regex = ""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ScopeConverter(_Choice):
    regex = "park|application"


class AttachmentConverter(_Choice):
    regex = "|".join(attachment.kind for attachment in ATTACHMENTS)


class FormatConverter(_Choice):
    regex = "|".join(Format.values)


register_converter(ScopeConverter, "scope")
register_converter(AttachmentConverter, "attachment")
register_converter(FormatConverter, "fmt")

urlpatterns = [
    path("<scope:scope>/<int:pk>/", views.panel, name="panel"),
    path("<scope:scope>/<int:pk>/<attachment:kind>.<fmt:file_format>", views.attachment, name="attachment"),
    path("<scope:scope>/<int:pk>/all.<fmt:file_format>", views.bundle, name="bundle"),
    path("<scope:scope>/<int:pk>/all.<fmt:file_format>/status/", views.bundle_status, name="bundle_status"),
    path("application/<int:pk>/decision.<fmt:file_format>", views.decision, name="decision"),
    path("notice/<int:pk>.<fmt:file_format>", views.notice, name="notice"),
    path("evaluation-notice/<int:pk>.<fmt:file_format>", views.evaluation_notice, name="evaluation_notice"),
    path("rectification/<int:pk>.<fmt:file_format>", views.rectification_order, name="rectification_order"),
    path("revocation/<int:pk>.<fmt:file_format>", views.revocation, name="revocation"),
    path("park/<int:pk>/roster-template.xlsx", views.roster_template, name="roster_template"),
    path("park/<int:pk>/roster/", views.roster_upload, name="roster_upload"),
]
