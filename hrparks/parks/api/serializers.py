"""Parks as the API shows them. The dossier endpoints use the exchange format itself
(shared/formats/park-dossier.md), not a serializer of their own."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hrparks.api.permissions import MAX_ID
from hrparks.api.serializers import ReadOnlyModelSerializer
from hrparks.parks import codes
from hrparks.parks.models import Jurisdiction, Park, Site


class JurisdictionSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "code", "name"]


class SiteSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "address", "floor_area_m2", "usable_area_m2", "is_main"]


class ParkSerializer(ReadOnlyModelSerializer):
    jurisdiction = JurisdictionSerializer(read_only=True)
    park_type_label = serializers.CharField(source="get_park_type_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Park
        fields = [
            "id",
            "name",
            "jurisdiction",
            "park_type",
            "park_type_label",
            "location_kind",
            "status",
            "status_label",
            "designated_name",
            "designation_document_number",
            "designated_on",
            "management_body_name",
            "updated_at",
        ]


class ParkListSerializer(ParkSerializer):
    resident_count = serializers.IntegerField(read_only=True, help_text=_("Resident enterprises."))
    site_count = serializers.IntegerField(read_only=True)
    total_floor_area = serializers.FloatField(read_only=True, help_text=_("Building floor area of all sites (m²)."))

    class Meta(ParkSerializer.Meta):
        fields = [*ParkSerializer.Meta.fields, "resident_count", "site_count", "total_floor_area"]


class ParkDetailSerializer(ParkSerializer):
    sites = SiteSerializer(many=True, read_only=True)
    # Empty when the park gave none: plain text, not the schema's "email" format.
    contact_email = serializers.CharField(read_only=True)

    class Meta(ParkSerializer.Meta):
        fields = [
            *ParkSerializer.Meta.fields,
            "municipal_park_recognized",
            "management_body_kind",
            "staff_count",
            "has_management_rules",
            "public_services",
            "supporting_services",
            "declared_materials",
            "description",
            "contact_person",
            "contact_phone",
            "contact_email",
            "sites",
            "created_at",
        ]


class ParkFilterSerializer(serializers.Serializer):
    """The filters of the park list (the same as on the parks page)."""

    jurisdiction = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Jurisdiction id.")
    )
    park_type = serializers.ChoiceField(choices=codes.ParkType.choices, required=False)
    status = serializers.ChoiceField(choices=Park.Status.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, help_text=_("Part of the park's name."))
