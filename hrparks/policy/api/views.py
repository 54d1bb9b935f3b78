"""The eligibility check of a posted dossier: validated as the dossier format says, then checked by
the policy engine against the policy in force (or the one named), with the database's view of 第四条."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from hrparks.accounts.models import OFFICIAL_ROLES, Role
from hrparks.api.views import ApiView, json_body
from hrparks.parks.dossier_validation import validate_dossier
from hrparks.parks.services import DossierRejected
from hrparks.policy.engine import Status, check_dossier
from hrparks.policy.registry import available_policies, get_policy
from hrparks.policy.selectors import dossier_context


class CriterionResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    article = serializers.CharField(help_text=gettext_lazy("The article of the measures, e.g. 第五条（二）."))
    status = serializers.ChoiceField(choices=Status.choices)
    detail = serializers.CharField()


class EligibilityReportSerializer(serializers.Serializer):
    """The shared report format (policy.engine.EligibilityReport.as_dict)."""

    policy = serializers.CharField()
    eligible = serializers.BooleanField(
        allow_null=True, help_text=gettext_lazy("False if a criterion fails; null while some need review.")
    )
    criteria = CriterionResultSerializer(many=True)


class PolicyQuerySerializer(serializers.Serializer):
    policy = serializers.CharField(
        required=False, max_length=60, help_text=gettext_lazy("Policy id; the policy in force when left out.")
    )

    def validate_policy(self, value: str) -> str:
        if value not in {policy.id for policy in available_policies()}:
            raise serializers.ValidationError(_("Unknown policy “%(policy)s”.") % {"policy": value})
        return value


class EligibilityView(ApiView):
    """Check a park dossier against a policy. The same roles as the 政策与规则 page: the report names
    the other comprehensive parks of the jurisdiction, including those under application."""

    allowed_roles = OFFICIAL_ROLES | {Role.EXPERT}

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        parameters=[PolicyQuerySerializer],
        responses=EligibilityReportSerializer,
        summary=gettext_lazy("Eligibility check of a dossier"),
        description=gettext_lazy(
            "The body is a park dossier (shared/formats/park-dossier.md). An invalid dossier is a 400 whose "
            "errors point into it (JSON pointers)."
        ),
    )
    def post(self, request):
        query = PolicyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        dossier = json_body(request)
        errors = validate_dossier(dossier)
        if errors:
            raise DossierRejected(errors)
        report = check_dossier(dossier, get_policy(query.validated_data.get("policy")), dossier_context(dossier))
        return Response(report.as_dict())
