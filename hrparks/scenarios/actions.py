"""What each action of a scenario does: the same service calls as the web pages and the API make.

An action raises the services' own exceptions when the platform refuses; the runner turns them into
refusal codes (hrparks.core.refusals). `Refused` is for a refusal the runner finds itself (no
application to act on), in the same terms."""

import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter

from hrparks.applications import services as applications
from hrparks.applications import workflow
from hrparks.applications.models import Application
from hrparks.core.refusals import Refusal
from hrparks.evaluations import services as evaluations
from hrparks.evaluations.models import (
    EvaluationRound,
    Grade,
    Ground,
    ParkAssessment,
    Rectification,
    RoundKind,
    SelfEvaluation,
)
from hrparks.policy import services as policy_services
from hrparks.policy.registry import get_policy
from hrparks.workdays.calendar import add_working_days

from .actors import ACTOR_OF_ROLE

# Fields that carry "the reason, opinion or justification" a step asks for (scenario.md: `reason`).
REASON_FIELDS = frozenset(
    {"reasons", "comment", "recommendation_opinion", "evaluation_opinion", "waiver_reason", "rectification"}
)
NATURAL_ACTORS = {
    "apply": "operator",
    "upload_materials": "operator",
    "site_visit": "province",
    "review": "experts",
    "waive": "province",
    "revoke_waiver": "province",
    "object": "public",
    "resolve_objection": "province",
    "pay_subsidy": "province",
    "record_spending": "operator",
    "self_evaluate": "city_bureau",
    "confirm_self_evaluation": "province",
    "open_round": "province",
    "grade": "province",
    "publish_results": "province",
    "order_rectification": "province",
    "report_rectification": "city_bureau",
    "accept_rectification": "province",
    "revoke": "province",
}
# Days the platform gives by default where a scenario names no date (the web forms' own defaults).
RECTIFICATION_WORKING_DAYS = 60
SCORING_WORKING_DAYS = 20


class Refused(Exception):
    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def natural_actor(action: str, values: dict) -> str:
    if action == "apply" and values.get("kind") == "branch":
        return "city_bureau"  # 第六条（四）: the city bureau asks for a branch park
    if action in NATURAL_ACTORS:
        return NATURAL_ACTORS[action]
    roles = workflow.TRANSITIONS[action][1].roles
    return ACTOR_OF_ROLE[next(iter(sorted(roles)))]


def small_pdf(name: str) -> SimpleUploadedFile:
    """A one-page blank PDF: a valid upload for any material."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{name}.pdf", buffer.getvalue(), content_type="application/pdf")


def _as_date(value, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({name: f"not a date: {value!r}"}, code=Refusal.INVALID) from None


def _as_amount(value, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({name: f"not an amount: {value!r}"}, code=Refusal.INVALID) from None


def text(values: dict, key: str, default: str = "") -> str:
    """A text value of `with` as the form would receive it: YAML reads 13900000000 as a number."""
    value = values.get(key, default)
    return "" if value is None else str(value)


def placeholder_number(run, prefix: str = "场景") -> str:
    run.numbers += 1
    return f"{prefix}〔{run.today.year}〕{run.numbers}号"


# --- the designation workflow ------------------------------------------------------------------------


def latest_application(park) -> Application | None:
    return Application.objects.filter(park=park).order_by("-created_at", "-pk").first()


def _application(run, step) -> Application:
    application = latest_application(run.park(step))
    if application is None:
        raise Refused(Refusal.WRONG_STATE, "the park has no application")
    return application


def apply(run, step, actor):
    park = run.park(step)
    if step.values.get("kind", "designation") == "branch":
        site = step.values.get("site") or {}
        applications.request_branch_park(
            park=park,
            name=site.get("name", ""),
            address=site.get("address", ""),
            floor_area_m2=site.get("floor_area_m2"),
            reasons=step.values.get("reason") or "场景：增设分园区",
            actor=actor,
        )
    else:
        park_type = step.values.get("park_type", park.park_type)
        applications.start_application(park=park, park_type=park_type, actor=actor, today=run.today)


def upload_materials(run, step, actor):
    application = _application(run, step)
    policy = get_policy(application.policy_id)
    codes = step.values.get("codes") or [m.code for m in policy.required_materials]
    for code in codes:
        applications.upload_material(application, code=code, upload=small_pdf(code), actor=actor)


def _field_value(run, application, spec: workflow.Field, values: dict):
    if spec.name in values:
        value = values[spec.name]
    elif spec.name in REASON_FIELDS and "reason" in values:
        value = values["reason"]
    elif not spec.required:
        return None
    elif spec.kind == "date":
        return run.today
    elif spec.kind == "number":
        return 5  # the web form's default panel size
    elif spec.kind == "file":
        return small_pdf(spec.name)
    elif spec.name == "designated_name":
        return applications.designated_name_for(application.park)
    elif spec.name == "document_number":
        return placeholder_number(run)
    else:
        return f"场景填写：{spec.label}"
    if value is None:
        return None
    if spec.kind == "date":
        return _as_date(value, spec.name)
    if spec.kind == "number":
        if not isinstance(value, int):
            raise ValidationError({spec.name: f"not a whole number: {value!r}"}, code=Refusal.INVALID)
        return value
    if spec.kind == "file":
        return small_pdf(spec.name)
    return str(value)


def transition(run, step, actor):
    application = _application(run, step)
    workflow_of, spec = workflow.TRANSITIONS[step.do]
    if workflow_of.kind != application.kind:
        raise applications.AlreadyHandled(application)
    if step.do == "publish_notice":
        return publish_notice(run, step, actor, application)
    with translation.override("zh-hans"):
        data = {field.name: _field_value(run, application, field, step.values) for field in spec.fields}
    applications.perform_transition(
        application, step.do, actor=actor, expected_state=application.state, data=data, today=run.today
    )


def publish_notice(run, step, actor, application):
    applications.publish_recommendation_list(
        applications=[application],
        title=text(step.values, "title", "省级人力资源服务产业园认定公示"),
        document_number=text(step.values, "document_number"),
        contact_phone=text(step.values, "contact_phone", "0431-88888888"),
        contact_address=text(step.values, "contact_address", "虚构地址：场景市人民大街1号 省人社厅人力资源流动管理处"),
        actor=actor,
        today=run.today,
    )


def _participants(value) -> list[dict]:
    """参加人员: a list of {name, unit}; a scenario may also write "name, unit" strings."""
    if value is None:
        return [{"name": "场景专家一", "unit": "评估专家组"}, {"name": "场景经办人", "unit": "省人社厅"}]
    if not isinstance(value, list):
        raise ValidationError({"participants": "a list of people"}, code=Refusal.INVALID)
    people = []
    for person in value:
        if isinstance(person, dict):
            people.append({"name": str(person.get("name", "")), "unit": str(person.get("unit", ""))})
        else:
            name, _, unit = str(person).partition(",")
            people.append({"name": name.strip(), "unit": unit.strip()})
    return people


def site_visit(run, step, actor):
    application = _application(run, step)
    applications.record_site_visit(
        application,
        visited_on=_as_date(step.values.get("date", run.today), "date"),
        participants=_participants(step.values.get("participants")),
        findings=step.values.get("findings", "场景：实地查看园区场地与入驻机构。"),
        actor=actor,
        today=run.today,
    )


def _review_score(value) -> int:
    if value in (None, "max"):
        return 5
    if value == "min":
        return 1
    return value


def review(run, step, experts):
    application = _application(run, step)
    score = _review_score(step.values.get("scores"))
    criteria = [c.id for c in get_policy(application.policy_id).criteria]
    for expert in experts:
        values = {
            "criterion_scores": dict.fromkeys(criteria, score),
            "opinion": step.values.get("opinion", "场景：同意。"),
        }
        for question in ("necessity", "feasibility", "reasonableness"):
            values[f"{question}_score"] = score
        applications.submit_review(application, expert=expert, values=values)


def panel_of(run, step) -> list:
    application = latest_application(run.park(step))
    if application is None:
        return []
    return [member.expert for member in application.panel_members.select_related("expert").order_by("pk")]


def waive(run, step, actor):
    policy_services.waive_criterion(
        application=_application(run, step),
        criterion_id=str(step.values.get("criterion", "")),
        reason=text(step.values, "reason"),
        user=actor,
    )


def revoke_waiver(run, step, actor):
    application = _application(run, step)
    criterion = str(step.values.get("criterion", ""))
    waiver = application.waivers.filter(criterion_id=criterion, revoked_at__isnull=True).first()
    if waiver is None:
        raise Refused(Refusal.WRONG_STATE, f"no waiver of {criterion} in force")
    policy_services.revoke_waiver(waiver=waiver, reason=text(step.values, "reason"), user=actor)


def _current_notice(application):
    notice = application.public_notices.order_by("-published_on", "-pk").first()
    if notice is None:
        raise Refused(Refusal.WRONG_STATE, "the application has not been on a public notice")
    return notice


def object_(run, step, actor):
    application = _application(run, step)
    applications.file_objection(
        notice=_current_notice(application),
        application=application,
        name=text(step.values, "name", "场景异议人"),
        contact=text(step.values, "contact", "13800000000"),
        content=text(step.values, "content", "场景：对公示园区有异议。"),
        recorded_by=actor if actor.is_authenticated else None,
        today=run.today,
    )


def resolve_objection(run, step, actor):
    application = _application(run, step)
    objection = application.objections.order_by("-filed_at", "-pk").first()
    if objection is None:
        raise Refused(Refusal.WRONG_STATE, "no objection to decide")
    applications.resolve_objection(
        objection, verification=text(step.values, "reason"), upheld=step.values.get("upheld"), actor=actor
    )


def _subsidy(run, step):
    application = Application.objects.filter(park=run.park(step), subsidy__isnull=False).order_by("-created_at").first()
    if application is None:
        raise Refused(Refusal.WRONG_STATE, "the park has no grant")
    return application.subsidy


def pay_subsidy(run, step, actor):
    applications.record_disbursement(
        _subsidy(run, step),
        amount=_as_amount(step.values.get("amount_cny"), "amount_cny"),
        paid_on=run.today,
        actor=actor,
        today=run.today,
    )


def record_spending(run, step, actor):
    subsidy = _subsidy(run, step)
    uses = get_policy(subsidy.policy_id).procedure.subsidy_uses
    applications.record_spending(
        subsidy,
        use=step.values.get("use", uses[0].code if uses else ""),
        amount=_as_amount(step.values.get("amount_cny"), "amount_cny"),
        spent_on=run.today,
        description=step.values.get("description", "场景：园区基础设施建设"),
        actor=actor,
        today=run.today,
    )


# --- comprehensive evaluation (第十三条, 第十四条) -----------------------------------------------------


def _open_round_of(run, kind: str, year: int) -> EvaluationRound:
    return EvaluationRound.objects.filter(province=run.cast.province, kind=kind, year=year).first()


def open_round(run, step, actor):
    year = int(step.values.get("year", run.today.year))
    evaluations.open_round(
        province=run.cast.province,
        kind=RoundKind.CENTRALIZED,
        year=year,
        opened_on=run.today,
        due_date=add_working_days(run.today, SCORING_WORKING_DAYS),
        actor=actor,
    )


def self_evaluate(run, step, actor):
    park = run.park(step)
    year = int(step.values.get("year", run.today.year))
    evaluation_round = _open_round_of(run, RoundKind.SELF, year)
    if evaluation_round is None:  # opened by the daily schedule on a real platform
        evaluation_round = evaluations.open_round(
            province=run.cast.province,
            kind=RoundKind.SELF,
            year=year,
            opened_on=run.today,
            due_date=add_working_days(run.today, SCORING_WORKING_DAYS),
        )
    self_evaluation = SelfEvaluation.objects.filter(round=evaluation_round, park=park).first()
    if self_evaluation is None:
        raise Refused(Refusal.WRONG_STATE, f"the park has no self-evaluation for {year}")
    items = get_policy(evaluation_round.policy_id).evaluation.content_items
    values = {
        "resident_agencies": park.enterprises.count(),
        "revenue_cny": Decimal(0),
        "people_served": 0,
        "jobs_created": 0,
        "events_held": 0,
        "support_funds_paid_cny": Decimal(0),
        "item_reports": {item.code: f"场景：{item.label}" for item in items},
        "proposed_grade": grade_code(step.values.get("grade", Grade.QUALIFIED)),
    }
    evaluations.save_self_evaluation(self_evaluation, values=values, actor=actor)
    evaluations.submit_self_evaluation(self_evaluation, actor=actor)


def confirm_self_evaluation(run, step, actor):
    """The province accepts the park's submitted self-evaluation, confirming the city's grade or giving
    its own with a reason; an 不合格 comes with the rectification it orders (第十四条)."""
    self_evaluation = (
        SelfEvaluation.objects.filter(park=run.park(step), status=SelfEvaluation.Status.SUBMITTED)
        .order_by("-round__year")
        .first()
    )
    if self_evaluation is None:
        raise Refused(Refusal.WRONG_STATE, "the park has no submitted self-evaluation")
    grade = grade_code(step.values["grade"]) if "grade" in step.values else ""
    until = step.values.get("until")
    evaluations.review_self_evaluation(
        self_evaluation,
        accept=True,
        comment=text(step.values, "reason"),
        grade=grade,
        rectification_deadline=_as_date(until, "until") if until else None,
        rectification_requirements=text(step.values, "requirements"),
        rectification_document_number=text(step.values, "document_number"),
        actor=actor,
    )


def grade_code(value) -> str:
    """A grade by its code (`excellent`) or its Chinese name (`优秀`)."""
    with translation.override("zh-hans"):
        names = {str(label): code for code, label in Grade.choices}
    if value in Grade.values:
        return value
    if value in names:
        return names[value]
    raise ValidationError({"grade": f"unknown grade {value!r}"}, code=Refusal.INVALID)


def _assessment(run, step) -> ParkAssessment:
    assessment = (
        ParkAssessment.objects.filter(park=run.park(step), round__notice__isnull=True)
        .select_related("round__template")
        .order_by("-round__year")
        .first()
    )
    if assessment is None:
        raise Refused(Refusal.WRONG_STATE, "the park is in no open centralized round")
    return assessment


def _target_score(evaluation_round, step) -> Decimal:
    if "score" in step.values:
        return _as_amount(step.values["score"], "score")
    code = grade_code(step.values.get("grade"))
    if code == Grade.EXCELLENT:
        return Decimal(100)
    if code == Grade.QUALIFIED:
        return evaluation_round.qualified_min
    return Decimal(0)


def grade(run, step, actor):
    """Grades a park in the open centralized round as the platform requires: the province draws its
    experts, and every expert scores each indicator at the share of its maximum that gives the total."""
    assessment = _assessment(run, step)
    evaluation_round = assessment.round
    target = _target_score(evaluation_round, step)
    if not Decimal(0) <= target <= Decimal(100):
        raise ValidationError({"score": "a score from 0 to 100"}, code=Refusal.INVALID)
    if not assessment.seats.exists():
        run.cast.ensure_experts()
        evaluations.draw_experts(assessment, size=3, actor=actor)
    indicators = list(evaluation_round.template.indicators.all())
    for seat in assessment.seats.select_related("expert"):
        scores = {i.pk: (i.max_score * target / 100).quantize(Decimal("0.01")) for i in indicators}
        evaluations.save_scores(seat, scores=scores, opinion="场景评分", submit=True, actor=seat.expert)


def publish_results(run, step, actor):
    evaluation_round = (
        EvaluationRound.objects.filter(province=run.cast.province, kind=RoundKind.CENTRALIZED, notice__isnull=True)
        .order_by("-year")
        .first()
    )
    if evaluation_round is None:
        raise Refused(Refusal.WRONG_STATE, "no centralized round waits for its results")
    evaluations.publish_results(
        evaluation_round,
        document_number=step.values.get("document_number") or placeholder_number(run),
        issued_on=run.today,
        rectification_deadline=add_working_days(run.today, RECTIFICATION_WORKING_DAYS),
        rectification_requirements=step.values.get("requirements", "场景：按通报要求限期整改。"),
        actor=actor,
    )


def order_rectification(run, step, actor):
    until = step.values.get("until")
    evaluations.order_rectification(
        run.park(step),
        ground=step.values.get("ground", Ground.POOR_OPERATION),
        requirements=text(step.values, "reason"),
        document_number=step.values.get("document_number") or placeholder_number(run),
        ordered_on=run.today,
        deadline=_as_date(until, "until") if until else add_working_days(run.today, RECTIFICATION_WORKING_DAYS),
        actor=actor,
    )


def _open_rectification(run, step) -> Rectification:
    rectification = (
        Rectification.objects.filter(park=run.park(step), status__in=Rectification.OPEN_STATUSES)
        .order_by("-ordered_on", "-pk")
        .first()
    )
    if rectification is None:
        raise Refused(Refusal.WRONG_STATE, "the park has no open rectification order")
    return rectification


def report_rectification(run, step, actor):
    evaluations.report_rectification(
        _open_rectification(run, step), report=step.values.get("reason", "场景：已按要求完成整改。"), actor=actor
    )


def accept_rectification(run, step, actor):
    rectification = _open_rectification(run, step)
    if rectification.status == Rectification.Status.ORDERED:
        # The city reports the rectification before the province can accept it (第七条: the city
        # bureau manages the park); a scenario that names no report gets the city's report here.
        city = run.cast.official("city_bureau", rectification.park.jurisdiction)
        evaluations.report_rectification(rectification, report="场景：已按要求完成整改。", actor=city)
    evaluations.accept_rectification(rectification, comment=step.values.get("reason", ""), actor=actor)


def revoke(run, step, actor):
    evaluations.revoke_designation(
        run.park(step),
        ground=step.values.get("ground", Ground.POOR_OPERATION),
        reasons=text(step.values, "reason"),
        document_number=step.values.get("document_number") or placeholder_number(run),
        actor=actor,
    )


ACTIONS = {
    "apply": apply,
    "upload_materials": upload_materials,
    "site_visit": site_visit,
    "review": review,
    "waive": waive,
    "revoke_waiver": revoke_waiver,
    "object": object_,
    "resolve_objection": resolve_objection,
    "pay_subsidy": pay_subsidy,
    "record_spending": record_spending,
    "self_evaluate": self_evaluate,
    "confirm_self_evaluation": confirm_self_evaluation,
    "open_round": open_round,
    "grade": grade,
    "publish_results": publish_results,
    "order_rectification": order_rectification,
    "report_rectification": report_rectification,
    "accept_rectification": accept_rectification,
    "revoke": revoke,
}
