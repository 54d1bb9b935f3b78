"""Applications through the API: scoped by applications_visible_to, changed only by the services the
pages use. Each step of workflow.py's tables is an action of its own (POST /applications/{id}/{step}/),
generated from the table with its roles and fields."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hrparks.accounts.models import Role
from hrparks.api.exports import Column
from hrparks.api.views import ApiViewSet, FilteredListMixin, list_schema
from hrparks.applications import selectors, services, workflow

from .serializers import (
    ApplicationDetailSerializer,
    ApplicationEventSerializer,
    ApplicationFilterSerializer,
    ApplicationSerializer,
    ObjectionReceiptSerializer,
    ObjectionRecordSerializer,
    ObjectionResolveSerializer,
    ObjectionSerializer,
    PublicNoticeSerializer,
    PublishNoticeRequestSerializer,
    transition_request_serializer,
)

PROVINCE = frozenset({Role.PROVINCIAL_BUREAU})
# Who sees objections on the application page (the province also verifies them).
OBJECTION_READERS = frozenset({Role.PROVINCIAL_BUREAU, Role.PARK_OPERATOR, Role.CITY_BUREAU})
CONFLICT = {"409": gettext_lazy("Someone else acted first: the application is no longer in the expected state.")}

EXPORT_COLUMNS = [
    Column(gettext_lazy("Number"), "pk"),
    Column(gettext_lazy("Park"), "park.name"),
    Column(gettext_lazy("Jurisdiction"), "park.jurisdiction.name"),
    Column(gettext_lazy("Kind"), "get_kind_display"),
    Column(gettext_lazy("State"), lambda application: application.state_info.label),
    Column(gettext_lazy("In this state since"), "state_entered_at"),
    Column(gettext_lazy("Submitted"), "submitted_at"),
    Column(gettext_lazy("Decision date"), "decided_on"),
    Column(gettext_lazy("Designated name"), "designated_name"),
]


@extend_schema_view(**list_schema(ApplicationFilterSerializer))
class ApplicationViewSet(FilteredListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Applications the user may see: operators their parks', officials their jurisdiction's once
    submitted, experts those whose panel they sit on."""

    filter_serializer_class = ApplicationFilterSerializer
    export_columns = EXPORT_COLUMNS
    export_filename = "applications"

    def get_queryset(self):
        user = self.request.user
        if self.action in ("list", "export"):
            filters = self.filters()
            applications = selectors.application_list(
                user, state=filters.get("state", ""), kind=filters.get("kind", ""), search=filters.get("q", "")
            )
            return applications.prefetch_related("public_notices")
        return selectors.application_detail_queryset(user)

    def get_serializer_class(self):
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.action == "list":  # the deadlines of the page's applications, from their prefetched notices
            self.deadlines = {application.pk: deadline for application, deadline in selectors.with_deadlines(page)}
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "deadlines": getattr(self, "deadlines", {})}

    def detail_response(self, application) -> Response:
        self.deadlines = {application.pk: selectors.deadline_of(application, selectors.latest_notice(application))}
        return Response(self.get_serializer(application).data)

    def retrieve(self, request, pk=None):
        return self.detail_response(self.get_object())

    @extend_schema(responses=ApplicationEventSerializer(many=True), summary=gettext_lazy("History"))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        events = selectors.timeline(self.get_object())
        page = self.paginate_queryset(events)
        return self.get_paginated_response(ApplicationEventSerializer(page, many=True).data)

    def take_step(self, request, wf: workflow.Workflow, transition: workflow.Transition) -> Response:
        application = self.get_object()
        if application.kind != wf.kind:
            raise Http404
        body = transition_request_serializer(wf, transition)(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        expected_state = values.pop("expected_state")
        services.perform_transition(
            application, transition.name, actor=request.user, expected_state=expected_state, data=values
        )
        return self.detail_response(self.get_object())

    @extend_schema(
        request=PublishNoticeRequestSerializer,
        responses={201: PublicNoticeSerializer},
        summary=workflow.TRANSITIONS["publish_notice"][1].label,
        description=gettext_lazy(
            "第六条（四）: publish the recommendation list — a public notice of the policy's number of working "
            "days — for applications on the list; each moves to “in public notice”."
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="publish_notice",
        url_name="publish_notice",
        allowed_roles=workflow.TRANSITIONS["publish_notice"][1].roles,
        extra_errors=CONFLICT,
    )
    def publish_notice(self, request):
        body = PublishNoticeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = set(body.validated_data["applications"])
        chosen = list(selectors.recommendation_list(request.user).filter(pk__in=wanted))
        if len(chosen) != len(wanted):
            raise ValidationError({"applications": _("Choose applications on the recommendation list.")})
        notice = services.publish_recommendation_list(
            applications=chosen,
            title=body.validated_data["title"],
            document_number=body.validated_data["document_number"],
            contact_phone=body.validated_data["contact_phone"],
            contact_address=body.validated_data["contact_address"],
            actor=request.user,
        )
        notice.visible_applications = chosen
        return Response(PublicNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


def _step_action(wf: workflow.Workflow, transition: workflow.Transition):
    """The action of one step of the table: its roles, its body, its article in the description."""

    def step(self, request, pk=None):
        return self.take_step(request, wf, transition)

    step.__name__ = f"step_{transition.name}"
    step = action(
        detail=True,
        methods=["post"],
        url_path=transition.name,
        url_name=transition.name,
        allowed_roles=transition.roles,
        extra_errors=CONFLICT,
    )(step)
    checks = [workflow.CHECKS[check] for check in transition.checks]
    description = format_lazy(
        "{article} · {workflow}: {sources} → {target}"
        + (" (" + "; ".join("{}" for _ in checks) + ")" if checks else ""),
        *checks,
        article=transition.article,
        workflow=wf.label,
        sources=", ".join(transition.sources),
        target=transition.target,
    )
    return extend_schema(
        request=transition_request_serializer(wf, transition),
        responses=ApplicationDetailSerializer,
        summary=transition.label,
        description=description,
    )(step)


BATCH_ACTIONS = {"publish_notice"}  # batch steps, taken for several applications at once (actions above)
for _workflow in workflow.WORKFLOWS.values():
    for _transition in _workflow.transitions:
        if _transition.batch:
            assert _transition.name in BATCH_ACTIONS, f"batch step {_transition.name} has no API action"
        else:
            setattr(ApplicationViewSet, f"step_{_transition.name}", _step_action(_workflow, _transition))


class PublicNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Public notices (公示) that carry an application the user may see; each lists only those."""

    serializer_class = PublicNoticeSerializer

    def get_queryset(self):
        user = self.request.user
        return selectors.notices_visible_to(user).prefetch_related(
            Prefetch(
                "applications",
                queryset=selectors.applications_visible_to(user).order_by("id"),
                to_attr="visible_applications",
            )
        )

    @extend_schema(
        request=ObjectionRecordSerializer,
        responses={201: ObjectionReceiptSerializer},
        summary=gettext_lazy("Record an objection received by letter or telephone"),
    )
    @action(detail=True, methods=["post"], allowed_roles=PROVINCE)
    def objections(self, request, pk=None):
        notice = self.get_object()
        body = ObjectionRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        application = next((a for a in notice.visible_applications if a.pk == values.pop("application")), None)
        if application is None:
            raise ValidationError({"application": _("This application is not on the notice.")})
        objection = services.file_objection(notice=notice, application=application, recorded_by=request.user, **values)
        return Response(ObjectionReceiptSerializer(objection, context=self.get_serializer_context()).data, status=201)


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Objections to applications the user may see (the province, the applicant and its city bureau)."""

    serializer_class = ObjectionSerializer
    allowed_roles = OBJECTION_READERS

    def get_queryset(self):
        return (
            selectors.objections_visible_to(self.request.user).select_related("attachment").order_by("-filed_at", "-id")
        )

    @extend_schema(request=ObjectionResolveSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"], allowed_roles=PROVINCE, extra_errors=CONFLICT)
    def resolve(self, request, pk=None):
        objection = self.get_object()
        body = ObjectionResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resolved = services.resolve_objection(objection, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=resolved.pk)).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], allowed_roles=PROVINCE)
    def attachment(self, request, pk=None):
        """The file the objector attached on the public portal (for the province, which verifies it)."""
        objection = self.get_object()
        attachment = getattr(objection, "attachment", None)
        if attachment is None:
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
