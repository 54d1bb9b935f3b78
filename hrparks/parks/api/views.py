"""Parks through the API: the same scope (parks_visible_to), roles and services as the park pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hrparks.api.views import ApiViewSet, FilteredListMixin, json_body, list_schema
from hrparks.parks import selectors, services
from hrparks.parks.dossier import export_dossier

from .serializers import ParkDetailSerializer, ParkFilterSerializer, ParkListSerializer, ParkSerializer

DOSSIER_DESCRIPTION = _(
    "A park dossier in the exchange format (shared/formats/park-dossier.md). An invalid dossier is "
    "refused with every problem, each with its JSON pointer; nothing is written."
)


@extend_schema_view(**list_schema(ParkFilterSerializer))
class ParkViewSet(FilteredListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Parks the user may see: the province's for provincial staff, the city's for city roles, their
    own for operators, those of their assigned applications for experts."""

    allowed_roles = selectors.PARK_READER_ROLES
    filter_serializer_class = ParkFilterSerializer
    export_columns = selectors.PARK_LIST_COLUMNS
    export_filename = "parks"

    def get_queryset(self):
        if self.action in ("list", "export"):
            filters = self.filters()
            jurisdiction = filters.get("jurisdiction")
            return selectors.park_list(
                self.request.user,
                jurisdiction=selectors.jurisdictions_visible_to(self.request.user).filter(pk=jurisdiction).first()
                if jurisdiction
                else None,
                park_type=filters.get("park_type", ""),
                status=filters.get("status", ""),
                search=filters.get("q", ""),
            )
        if self.action == "retrieve":
            return selectors.park_detail_queryset(self.request.user)
        return selectors.parks_visible_to(self.request.user)

    def get_serializer_class(self):
        return ParkListSerializer if self.action == "list" else ParkDetailSerializer

    @extend_schema(
        methods=["GET"], responses=OpenApiTypes.OBJECT, summary=_("The park's dossier"), description=DOSSIER_DESCRIPTION
    )
    @extend_schema(
        methods=["PUT"],
        request=OpenApiTypes.OBJECT,
        responses=ParkSerializer,
        summary=_("Replace the park's data with a dossier"),
        description=DOSSIER_DESCRIPTION,
    )
    @action(detail=True, methods=["get", "put"])
    def dossier(self, request, pk=None):
        if request.method == "GET":
            return Response(export_dossier(self.get_object()))
        # Only editors write; the role is checked before the park is looked up, as on the pages.
        self.permission_denied_unless_editor(request)
        park = services.import_dossier(json_body(request), park=self.get_object())
        return Response(ParkSerializer(park).data)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={201: ParkSerializer},
        summary=_("Create a park from a dossier"),
        description=DOSSIER_DESCRIPTION,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        allowed_roles=selectors.PARK_EDITOR_ROLES,
    )
    def import_dossier(self, request):
        park = services.create_park_from_dossier(json_body(request), user=request.user)
        return Response(ParkSerializer(park).data, status=status.HTTP_201_CREATED)

    def permission_denied_unless_editor(self, request) -> None:
        if request.user.role not in selectors.PARK_EDITOR_ROLES:
            self.permission_denied(request, message=_("Only the park's operator or city bureau may change it."))
