"""Applications, their history, public notices and objections as the API shows them. The request
bodies of the workflow steps are generated from the fields of workflow.py's transitions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hrparks.accounts.models import Role
from hrparks.api.permissions import MAX_ID
from hrparks.api.serializers import ReadOnlyModelSerializer
from hrparks.applications import workflow
from hrparks.applications.models import Application, ApplicationEvent, Objection, PublicNotice
from hrparks.applications.services import MAX_PANEL_SIZE
from hrparks.workdays.calendar import working_days_left


class ParkRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    jurisdiction = serializers.CharField(source="jurisdiction.name")


class DeadlineSerializer(serializers.Serializer):
    due = serializers.DateField()
    working_days_left = serializers.IntegerField(help_text=_("Negative when the deadline has passed."))
    statutory = serializers.BooleanField(
        help_text=_("True for a deadline of the measures (the public notice), false for a service target.")
    )


class ApplicationSerializer(ReadOnlyModelSerializer):
    """The state label is the officials' wording, or the applicant's for a park operator (as on the pages)."""

    park = ParkRefSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("The workflow steps the user may take now."))

    class Meta:
        model = Application
        fields = [
            "id",
            "kind",
            "kind_label",
            "park",
            "park_type",
            "policy_id",
            "state",
            "state_label",
            "state_entered_at",
            "submitted_at",
            "created_at",
            "deadline",
            "actions",
        ]

    def _role(self):
        return self.context["request"].user.role

    def get_state_label(self, application) -> str:
        state = application.state_info
        return str(state.public_label if self._role() == Role.PARK_OPERATOR else state.label)

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_deadline(self, application):
        deadline = self.context["deadlines"].get(application.pk)
        return DeadlineSerializer(deadline).data if deadline else None

    def get_actions(self, application) -> list[str]:
        role = self._role()
        return [
            t.name for t in application.workflow.transitions_from(application.state) if role in t.roles and not t.batch
        ]


class ApplicationDetailSerializer(ApplicationSerializer):
    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "recommendation_opinion",
            "request_document_number",
            "request_document_date",
            "evaluation_opinion",
            "guidance_planning",
            "guidance_operating_model",
            "guidance_support_policies",
            "guidance_safeguards",
            "decided_on",
            "rectification",
            "reapply_from",
            "approval_document_number",
            "approval_date",
            "designated_name",
        ]


class ApplicationEventSerializer(ReadOnlyModelSerializer):
    label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField(help_text=_("Empty for a step of the public or the system."))

    class Meta:
        model = ApplicationEvent
        fields = ["id", "action", "label", "from_state", "to_state", "actor", "created_at", "comment"]

    def get_label(self, event) -> str:
        return workflow.step_label(event.action)

    def get_actor(self, event) -> str:
        return (event.actor.get_full_name() or event.actor.username) if event.actor else ""


class ApplicationFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=sorted(workflow.STATES), required=False)
    kind = serializers.ChoiceField(choices=workflow.Kind.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, help_text=_("Part of the park's or designated name."))


_FIELD_KINDS = {
    "text": lambda spec: serializers.CharField(required=spec.required, allow_blank=not spec.required),
    "line": lambda spec: serializers.CharField(
        required=spec.required, allow_blank=not spec.required, max_length=spec.max_length
    ),
    "date": lambda spec: serializers.DateField(required=spec.required, allow_null=not spec.required),
    "number": lambda spec: serializers.IntegerField(required=spec.required, min_value=1, max_value=MAX_PANEL_SIZE),
    # An upload (multipart/form-data); its content is checked by the service (core.uploads).
    "file": lambda spec: serializers.FileField(required=spec.required, allow_empty_file=False),
}


def transition_request_serializer(wf: workflow.Workflow, transition: workflow.Transition) -> type:
    """The body of one workflow step: the state the client last saw, and the transition's fields."""
    fields = {
        "expected_state": serializers.ChoiceField(
            choices=sorted(workflow.STATES),
            help_text=_("The state the client last saw; another state means someone acted first (409)."),
        ),
    }
    for spec in transition.fields:
        fields[spec.name] = _FIELD_KINDS[spec.kind](spec)
        fields[spec.name].label = spec.label
    name = "".join(part.title() for part in transition.name.split("_")) + "StepRequest"
    return type(name, (serializers.Serializer,), fields)


class PublishNoticeRequestSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=50, help_text=_("Telephone for objections (on the notice)."))
    contact_address = serializers.CharField(max_length=200, help_text=_("Address for written objections."))
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=500,
        help_text=_("Ids of applications on the recommendation list."),
    )


class NoticeApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    park = ParkRefSerializer()
    state = serializers.CharField()


class PublicNoticeSerializer(ReadOnlyModelSerializer):
    applications = NoticeApplicationSerializer(many=True, read_only=True, source="visible_applications")
    working_days_left = serializers.SerializerMethodField(
        help_text=_("Working days after today up to the last day; negative once it has ended.")
    )

    class Meta:
        model = PublicNotice
        fields = [
            "id",
            "title",
            "document_number",
            "policy_id",
            "published_on",
            "start_date",
            "end_date",
            "contact_phone",
            "contact_address",
            "working_days_left",
            "applications",
        ]

    def get_working_days_left(self, notice) -> int:
        return working_days_left(notice.end_date)


class ObjectionDetailsSerializer(ReadOnlyModelSerializer):
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = ["name", "contact", "content", "verification", "has_attachment"]

    def get_has_attachment(self, objection) -> bool:
        return hasattr(objection, "attachment")


class ObjectionSerializer(ReadOnlyModelSerializer):
    """What everyone who sees the application sees: the receipt, the time and the outcome. Who objected
    and what they wrote (`details`) only for the provincial bureau, which verifies objections."""

    application = serializers.IntegerField(source="application_id", read_only=True)
    notice = serializers.IntegerField(source="notice_id", read_only=True)
    details = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = ["id", "receipt_number", "notice", "application", "filed_at", "upheld", "resolved_at", "details"]

    @extend_schema_field(ObjectionDetailsSerializer(allow_null=True))
    def get_details(self, objection):
        if self.context["request"].user.role != Role.PROVINCIAL_BUREAU:
            return None
        return ObjectionDetailsSerializer(objection).data


class ObjectionRecordSerializer(serializers.Serializer):
    """An objection received by letter or telephone, entered by the provincial bureau."""

    application = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=5000)


class ObjectionResolveSerializer(serializers.Serializer):
    verification = serializers.CharField(max_length=5000)
    upheld = serializers.BooleanField()


class ObjectionReceiptSerializer(ObjectionSerializer):
    """An objection just recorded, with its check code: the objector needs it to read the decision on the
    portal, and it is shown only this once (only its hash is kept)."""

    check_code = serializers.CharField(read_only=True)

    class Meta(ObjectionSerializer.Meta):
        fields = [*ObjectionSerializer.Meta.fields, "check_code"]
