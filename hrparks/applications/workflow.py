"""The designation workflow of 第六条 (and the branch-park request of 第六条（四）) as declarative tables.

This module is the single source of truth for the workflows: the states with their internal and
public labels, the transitions with the roles that may take them, the fields the actor must fill
and the checks the platform makes. The buttons on the application page, the permission checks of
`services.perform_transition`, the work queues, the notifications and the `workflow_table`
management command are all derived from these tables (in the manner of Hypha's
hypha/apply/funds/workflows).

Service targets (`service_target_days`, in Chinese working days) are the platform's own targets
for how long a step should take; the measures set no time limit for them. The one deadline the
measures do set, the 5-working-day public notice (第六条（四）), comes from the policy file.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role


class Kind:
    DESIGNATION = "designation"
    BRANCH_PARK = "branch_park"

    choices = [(DESIGNATION, _("Designation as a provincial park")), (BRANCH_PARK, _("Branch park"))]


@dataclass(frozen=True)
class State:
    code: str
    label: str  # what officials see
    public_label: str  # what the applicant and the public see
    service_target_days: int | None = None  # working days; a platform service target, not a rule of the measures
    # Roles with work in this state that is not a transition (experts score while the panel evaluates).
    other_work: frozenset = frozenset()


@dataclass(frozen=True)
class Field:
    """Something the actor writes when taking a transition; `kind` picks the form field."""

    name: str
    label: str
    kind: str  # "text" (several lines), "line", "date", "number", "file" (an upload, checked by core.uploads)
    required: bool = True
    max_length: int = 200  # of a "line": the column it is stored in


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: tuple[str, ...]
    target: str
    roles: frozenset
    article: str
    fields: tuple[Field, ...] = ()
    checks: tuple[str, ...] = ()  # keys of CHECKS, made by services before the state changes
    # Taken for several applications at once from the recommendation list, not from the application page.
    batch: bool = False
    style: str = "primary"
    # What cannot be undone, said before the step is taken: the form then requires an explicit
    # confirmation (a checkbox checked on the server, so that it holds without JavaScript).
    confirm: str = ""


@dataclass(frozen=True)
class Workflow:
    kind: str
    label: str
    initial: str
    creators: frozenset  # roles that start an application of this kind
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    by_state: dict = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "by_state", {state.code: state for state in self.states})
        for transition in self.transitions:
            assert {*transition.sources, transition.target} <= set(self.by_state), transition.name

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def actors_in(self, state: str) -> frozenset:
        """The roles that have something to do while an application is in `state`."""
        roles = set(self.by_state[state].other_work)
        for transition in self.transitions_from(state):
            roles |= transition.roles
        return frozenset(roles)


# What the actor writes. One definition per meaning, reused by the transitions below.
COMMENT = Field("comment", _("Comment"), "text", required=False)
REASONS = Field("reasons", _("Reasons"), "text")
RECOMMENDATION_OPINION = Field("recommendation_opinion", _("Recommendation opinion"), "text")
DOCUMENT_NUMBER = Field("document_number", _("Document number"), "line", max_length=100)
DOCUMENT_DATE = Field("document_date", _("Document date"), "date")
# A refusal may be sent before its letter is numbered; the document then prints a blank number line.
REFUSAL_DOCUMENT_NUMBER = Field(
    "document_number", _("Document number of the refusal letter"), "line", required=False, max_length=100
)
PANEL_SIZE = Field("panel_size", _("Number of experts on the panel"), "number")
EVALUATION_OPINION = Field("evaluation_opinion", _("Evaluation opinion"), "text")
GUIDANCE = (
    Field("guidance_planning", _("Guidance on the construction plan"), "text"),
    Field("guidance_operating_model", _("Guidance on the operation and management model"), "text"),
    Field("guidance_support_policies", _("Guidance on support policies"), "text"),
    Field("guidance_safeguards", _("Guidance on supporting safeguards"), "text"),
)
RECTIFICATION = Field("rectification", _("Rectification requirements"), "text")
# 第六条（二） "由…市（州）人民政府向省人力资源和社会保障厅提出申请": the city government's own letter.
CITY_LETTER = Field("city_letter", _("Application letter of the city government (市政府申请函)"), "file")
DESIGNATED_NAME = Field("designated_name", _("Designated name"), "line")
WAIVER_REASON = Field(
    "waiver_reason", _("Reason for approving despite a flagged 'in principle' rule"), "text", required=False
)

# Conditions the platform checks before a transition; services.CHECKS implements each.
CHECKS = {
    "materials_complete": _("every required material of 第六条（一） is uploaded"),
    "site_visit_recorded": _("the site visit (实地评估, 第六条) is recorded with its date and participants"),
    "criteria_met": _(
        "no condition of 第四条 or 第五条 fails unless the province waived it with a reason, "
        "and the materials of 第六条（一） are complete (passing the evaluation settles what the experts judge)"
    ),
    "reapply_wait": _("the waiting period after a refusal has passed (第六条（四）)"),
    "reviews_complete": _("every panel expert has submitted a review"),
    "notice_ended": _("the public notice has ended"),
    "objections_cleared": _("every objection is resolved and none is upheld"),
    "objection_upheld": _("an objection was upheld"),
    "grant_once": _("the park has never received the one-off grant (一次性100万元, 第六条（四）)"),
    "branch_criteria": _(
        "branch-park limit and total floor area (第五条（二）); 'in principle' breaches need a reason"
    ),
}

OPERATOR = frozenset({Role.PARK_OPERATOR})
CITY_BUREAU = frozenset({Role.CITY_BUREAU})
CITY_GOVERNMENT = frozenset({Role.CITY_GOVERNMENT})
PROVINCE = frozenset({Role.PROVINCIAL_BUREAU})

DESIGNATION = Workflow(
    kind=Kind.DESIGNATION,
    label=_("Designation as a provincial park"),
    initial="draft",
    creators=OPERATOR,
    states=(
        State("draft", _("Draft"), _("Being prepared")),
        State("returned", _("Returned to the applicant"), _("Returned for revision"), service_target_days=20),
        State("submitted", _("Awaiting city review"), _("Under review by the city bureau"), service_target_days=15),
        State(
            "recommended",
            _("Recommended, awaiting forwarding by the city government"),
            _("Recommended by the city bureau"),
            service_target_days=10,
        ),
        State(
            "forwarded",
            _("Forwarded to the province, awaiting evaluation"),
            _("Submitted to the province"),
            service_target_days=10,
        ),
        State(
            "evaluating",
            _("Under expert evaluation"),
            _("Under evaluation"),
            service_target_days=30,
            other_work=frozenset({Role.EXPERT}),
        ),
        State(
            "shortlisted",
            _("On the recommendation list, awaiting public notice"),
            _("Passed the evaluation"),
            service_target_days=10,
        ),
        # The deadline of this state is the end of the public notice itself (PublicNotice.end_date).
        State("in_notice", _("In public notice"), _("In public notice")),
        State("designated", _("Designated"), _("Designated as a provincial park")),
        State("not_passed", _("Not passed"), _("Not passed")),
        # The city's decisions not to go on (第六条（二）): the application ends; the park may apply again.
        State("not_recommended", _("Not recommended by the city bureau"), _("Not recommended by the city bureau")),
        State(
            "not_forwarded",
            _("Not forwarded by the city government"),
            _("Not forwarded by the city government"),
        ),
        State("withdrawn", _("Withdrawn"), _("Withdrawn")),
    ),
    transitions=(
        Transition(
            "submit",
            _("Submit to the city bureau"),
            ("draft", "returned"),
            "submitted",
            OPERATOR,
            "第六条（一）",
            fields=(COMMENT,),
            checks=("materials_complete", "reapply_wait"),
            confirm=_(
                "After submission the application and its materials cannot be changed unless the city bureau returns it."
            ),
        ),
        Transition(
            "withdraw",
            _("Withdraw the application"),
            ("draft", "returned"),
            "withdrawn",
            OPERATOR,
            "第六条（一）",
            fields=(COMMENT,),
            style="outline-secondary",
            confirm=_(
                "A withdrawn application ends here and cannot be resumed; the park would have to start a new one."
            ),
        ),
        Transition(
            "return_to_applicant",
            _("Return to the applicant"),
            ("submitted",),
            "returned",
            CITY_BUREAU,
            "第六条（二）",
            fields=(REASONS,),
            style="outline-warning",
        ),
        Transition(
            "recommend",
            _("Recommend to the city government"),
            ("submitted",),
            "recommended",
            CITY_BUREAU,
            "第六条（二）",
            fields=(RECOMMENDATION_OPINION,),
        ),
        Transition(
            "decline_recommend",
            _("Do not recommend"),
            ("submitted",),
            "not_recommended",
            CITY_BUREAU,
            "第六条（二）",
            fields=(REASONS,),
            style="outline-danger",
            confirm=_("The application ends here: the applicant is told it was not recommended, with your reasons."),
        ),
        Transition(
            "forward",
            _("Forward to the provincial department"),
            ("recommended",),
            "forwarded",
            CITY_GOVERNMENT,
            "第六条（二）",
            fields=(DOCUMENT_NUMBER, DOCUMENT_DATE, CITY_LETTER, COMMENT),
        ),
        Transition(
            "decline_forward",
            _("Do not forward to the province"),
            ("recommended",),
            "not_forwarded",
            CITY_GOVERNMENT,
            "第六条（二）",
            fields=(REASONS,),
            style="outline-danger",
            confirm=_("The application ends here: the applicant is told it was not forwarded, with your reasons."),
        ),
        Transition(
            "return_to_city",
            _("Return the submission to the city"),
            ("forwarded",),
            "submitted",
            PROVINCE,
            "第六条（三）",
            fields=(REASONS,),
            style="outline-warning",
        ),
        Transition(
            "open_evaluation",
            _("Open the evaluation and draw the expert panel"),
            ("forwarded",),
            "evaluating",
            PROVINCE,
            "第六条（三）",
            fields=(PANEL_SIZE,),
        ),
        Transition(
            "shortlist",
            _("Pass the evaluation: put on the recommendation list"),
            ("evaluating",),
            "shortlisted",
            PROVINCE,
            "第六条（三）",
            fields=(EVALUATION_OPINION, *GUIDANCE),
            checks=("reviews_complete", "site_visit_recorded", "criteria_met"),
        ),
        Transition(
            "not_pass",
            _("Not passed"),
            ("evaluating",),
            "not_passed",
            PROVINCE,
            "第六条（四）",
            fields=(EVALUATION_OPINION, RECTIFICATION, REFUSAL_DOCUMENT_NUMBER),
            checks=("reviews_complete", "site_visit_recorded"),
            style="outline-danger",
            confirm=_(
                "The application ends as not passed; the applicant receives the reasons and the rectification requirements and may apply again only after the waiting period."
            ),
        ),
        Transition(
            "publish_notice",
            _("Publish the recommendation list for public notice"),
            ("shortlisted",),
            "in_notice",
            PROVINCE,
            "第六条（四）",
            batch=True,
            confirm=_(
                "The recommendation list is published on the portal for a public notice of %(days)s working days "
                "(第六条（四）); once published it cannot be withdrawn."
            ),
        ),
        Transition(
            "designate",
            _("Approve the designation"),
            ("in_notice",),
            "designated",
            PROVINCE,
            "第六条（四）",
            fields=(DOCUMENT_NUMBER, DOCUMENT_DATE, DESIGNATED_NAME),
            checks=("notice_ended", "objections_cleared", "criteria_met", "grant_once"),
            confirm=_(
                "The park is designated and the designation document is issued in your name; this cannot be undone on the platform."
            ),
        ),
        Transition(
            "reevaluate",
            _("Objection upheld: back to evaluation"),
            ("in_notice",),
            "evaluating",
            PROVINCE,
            "第六条（四）",
            fields=(REASONS,),
            checks=("objection_upheld",),
            style="outline-warning",
        ),
        Transition(
            "refuse_after_objection",
            _("Objection upheld: not passed"),
            ("in_notice",),
            "not_passed",
            PROVINCE,
            "第六条（四）",
            fields=(REASONS, RECTIFICATION, REFUSAL_DOCUMENT_NUMBER),
            checks=("objection_upheld",),
            style="outline-danger",
            confirm=_(
                "The application ends as not passed because of the upheld objection; the applicant is told the reasons."
            ),
        ),
    ),
)

BRANCH_PARK = Workflow(
    kind=Kind.BRANCH_PARK,
    label=_("Branch park request"),
    initial="branch_requested",
    creators=CITY_BUREAU,
    states=(
        State(
            "branch_requested",
            _("Branch park requested"),
            _("Branch park requested"),
            service_target_days=20,
        ),
        State("branch_approved", _("Branch park approved"), _("Branch park approved")),
        State("branch_refused", _("Branch park refused"), _("Branch park refused")),
    ),
    transitions=(
        Transition(
            "approve_branch",
            _("Approve the branch park"),
            ("branch_requested",),
            "branch_approved",
            PROVINCE,
            "第六条（四）",
            fields=(COMMENT, WAIVER_REASON),
            checks=("branch_criteria",),
            confirm=_(
                "The branch park is approved and counted against the park's branch limit; this cannot be undone on the platform."
            ),
        ),
        Transition(
            "refuse_branch",
            _("Refuse the branch park"),
            ("branch_requested",),
            "branch_refused",
            PROVINCE,
            "第六条（四）",
            fields=(REASONS,),
            style="outline-danger",
            confirm=_("The branch park request ends as refused; the city bureau is told the reasons."),
        ),
    ),
)

WORKFLOWS = {DESIGNATION.kind: DESIGNATION, BRANCH_PARK.kind: BRANCH_PARK}
STATES = {state.code: state for workflow in WORKFLOWS.values() for state in workflow.states}
TRANSITIONS = {t.name: (workflow, t) for workflow in WORKFLOWS.values() for t in workflow.transitions}
assert len(STATES) == sum(len(w.states) for w in WORKFLOWS.values()), "state codes must be unique"
assert len(TRANSITIONS) == sum(len(w.transitions) for w in WORKFLOWS.values()), "transition names must be unique"

# "Under application" (第四条): submitted to the authorities and not yet decided. A returned
# application is still under application: the applicant revises and resubmits it.
OPEN_STATES: frozenset[str] = frozenset(
    {"returned", "submitted", "recommended", "forwarded", "evaluating", "shortlisted", "in_notice"}
)
# A park may have only one of these at a time: an open designation, a draft, or a branch request.
ACTIVE_STATES: frozenset[str] = OPEN_STATES | {"draft", "branch_requested"}

# Steps recorded in an application's history that are not transitions.
OTHER_STEPS = {
    "created": _("Application started"),
    "material_uploaded": _("Material uploaded"),
    "review_submitted": _("Expert review submitted"),
    "reviews_complete": _("All panel reviews submitted"),
    "site_visit_recorded": _("Site visit recorded"),
    "objection_filed": _("Objection filed"),
    "objection_resolved": _("Objection verified"),
    "subsidy_disbursed": _("Subsidy disbursed"),
    "subsidy_spent": _("Subsidy spending recorded"),
}


def gives_reasons(action: str) -> bool:
    """Whether the step is explained by reasons (a return, a refusal): they travel with the step to the
    people told about it and to the decisions of the application page."""
    return action in TRANSITIONS and REASONS in TRANSITIONS[action][1].fields


# Steps that send the application back to someone who must act on the reasons.
RETURNS = frozenset({"return_to_applicant", "return_to_city"})


def step_label(action: str) -> str:
    """The label of a history row's action: a transition's button text, or one of OTHER_STEPS."""
    if action in TRANSITIONS:
        return str(TRANSITIONS[action][1].label)
    return str(OTHER_STEPS.get(action, action))
