"""What every API view shares: the roles check, the error format, the schema with error responses,
and the user's language for messages. The endpoints themselves live in each app's `api/` package."""

from django.http import QueryDict
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from . import exports
from .exceptions import exception_handler
from .permissions import ID_PATTERN, STAFF, RoleAllowed
from .schema import ApiAutoSchema


def json_body(request):
    """The request's JSON document. A form post is refused: documents such as a dossier are JSON."""
    if isinstance(request.data, QueryDict):
        raise serializers.ValidationError(_("Send the document as JSON (Content-Type: application/json)."))
    return request.data


class ApiViewMixin:
    permission_classes = [RoleAllowed]
    allowed_roles = STAFF
    extra_errors: dict = {}  # status code → description, documented besides schema.COMMON_ERRORS
    schema = ApiAutoSchema()

    def get_exception_handler(self):
        # Also set as REST_FRAMEWORK["EXCEPTION_HANDLER"]; named here so that the API's errors keep
        # their format whatever the settings say.
        return exception_handler


class ApiView(ApiViewMixin, APIView):
    pass


class ApiViewSet(ApiViewMixin, GenericViewSet):
    lookup_value_regex = ID_PATTERN


class ApiDocsView(SpectacularSwaggerSplitView):
    """The browsable API documentation (Swagger UI), served from our own static files: the page, its
    start-up script (``?script``) and Swagger UI itself all come from this origin, as the CSP asks."""

    permission_classes = [AllowAny]
    title = "hrparks API"

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"api/swagger-ui/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return None


class JsonNegotiation(BaseContentNegotiation):
    """Always the first renderer (JSON): for endpoints whose `format` query parameter names a file
    format of their own (the exports), not one of DRF's renderers."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=exports.FORMATS, default=exports.XLSX, help_text=_("File format."))


EXPORT_RESPONSES = {
    (200, exports.CONTENT_TYPES[exports.XLSX]): OpenApiTypes.BINARY,
    (200, "text/csv"): OpenApiTypes.STR,
}


class FilteredListMixin:
    """A list with filters given as query parameters (`filter_serializer_class`), downloadable as a
    spreadsheet at ``export/?format=xlsx|csv`` with the same filters and the same scope."""

    filter_serializer_class: type[serializers.Serializer]
    export_columns: list[exports.Column]
    export_filename: str

    def query(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def filters(self) -> dict:
        return self.query(self.filter_serializer_class)

    @action(detail=False, methods=["get"], content_negotiation_class=JsonNegotiation)
    def export(self, request):
        file_format = self.query(ExportQuerySerializer)["format"]
        return exports.export_response(
            self.get_queryset(), self.export_columns, file_format=file_format, filename=self.export_filename
        )


def list_schema(filter_serializer_class, **list_kwargs):
    """The schema of a FilteredListMixin view's list and export (their query parameters)."""
    return {
        "list": extend_schema(parameters=[filter_serializer_class], **list_kwargs),
        "export": extend_schema(
            parameters=[filter_serializer_class, ExportQuerySerializer], responses=EXPORT_RESPONSES
        ),
    }
