"""Evaluations through the API (第十三条–第十四条): rounds with the parks' results, and the published
evaluation notices (通报). Read-only; the same roles and scope as the evaluation pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers

from hrparks.accounts.models import Role
from hrparks.api.serializers import ReadOnlyModelSerializer
from hrparks.api.views import ApiViewSet
from hrparks.evaluations import selectors
from hrparks.evaluations.models import EvaluationNotice, EvaluationRound, ParkAssessment
from hrparks.parks.api.serializers import JurisdictionSerializer

OFFICIALS = frozenset({Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU})


class AssessmentSerializer(ReadOnlyModelSerializer):
    park = serializers.CharField(source="park.name")
    park_id = serializers.IntegerField()
    grade_label = serializers.CharField(source="get_grade_display")

    class Meta:
        model = ParkAssessment
        fields = ["id", "park_id", "park", "score", "grade", "grade_label"]


class EvaluationNoticeRefSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = EvaluationNotice
        fields = ["id", "document_number", "issued_on"]


class EvaluationRoundSerializer(ReadOnlyModelSerializer):
    province = JurisdictionSerializer()
    kind_label = serializers.CharField(source="get_kind_display")
    notice = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = ["id", "province", "kind", "kind_label", "year", "policy_id", "opened_on", "due_date", "notice"]

    @extend_schema_field(EvaluationNoticeRefSerializer(allow_null=True))
    def get_notice(self, evaluation_round):
        notice = getattr(evaluation_round, "notice", None)
        return EvaluationNoticeRefSerializer(notice).data if notice else None


class EvaluationRoundDetailSerializer(EvaluationRoundSerializer):
    assessments = AssessmentSerializer(many=True, source="visible_assessments")

    class Meta(EvaluationRoundSerializer.Meta):
        fields = [*EvaluationRoundSerializer.Meta.fields, "excellent_min", "qualified_min", "assessments"]


class EvaluationNoticeSerializer(ReadOnlyModelSerializer):
    round = EvaluationRoundSerializer()
    assessments = AssessmentSerializer(many=True, source="round.visible_assessments")

    class Meta:
        model = EvaluationNotice
        fields = ["id", "document_number", "issued_on", "round", "assessments"]


def _with_assessments(queryset, user, path: str):
    """Each round (or notice's round) with the parks' results the user may see, in one query."""
    assessments = selectors.assessments_visible_to(user).order_by("park__jurisdiction__sort_order", "park__name")
    return queryset.prefetch_related(Prefetch(path, queryset=assessments, to_attr="visible_assessments"))


class EvaluationRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Evaluation rounds of the user's province: the annual self-evaluation and the centralized evaluation."""

    allowed_roles = OFFICIALS

    def get_queryset(self):
        rounds = selectors.rounds_visible_to(self.request.user)
        if self.action == "retrieve":
            return _with_assessments(rounds, self.request.user, "assessments")
        return rounds

    def get_serializer_class(self):
        return EvaluationRoundDetailSerializer if self.action == "retrieve" else EvaluationRoundSerializer


class EvaluationNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Published evaluation notices (通报), each with the grades of the parks the user may see."""

    allowed_roles = OFFICIALS
    serializer_class = EvaluationNoticeSerializer

    def get_queryset(self):
        notices = selectors.notices_visible_to(self.request.user).select_related("round__province")
        return _with_assessments(notices, self.request.user, "round__assessments")
