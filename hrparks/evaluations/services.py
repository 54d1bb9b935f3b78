"""Writes of the comprehensive evaluation (第十三条) and its outcomes (第十四条). Every function is one
transaction; a refused step writes nothing. Row saves are audited by the audit signals; steps that
are not a row change are recorded with `record_event`. Notifications go out after commit."""

import logging
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role
from hrparks.audit.services import record_event
from hrparks.core.refusals import Refusal
from hrparks.core.uploads import check_upload, sha256_of
from hrparks.notifications.services import notify
from hrparks.parks.models import Jurisdiction, Park
from hrparks.policy.definition import FIRST_FULL_YEAR
from hrparks.policy.registry import get_policy
from hrparks.workdays.calendar import add_working_days

from . import panels, schedule, scoring
from .lifecycle import HOLDS_DESIGNATION, change_park_status
from .models import (
    Attachment,
    Commendation,
    ComprehensiveResult,
    EvaluationEvent,
    EvaluationNotice,
    EvaluationRound,
    ExpertDraw,
    ExpertSeat,
    Grade,
    Ground,
    Indicator,
    IndicatorScore,
    IndicatorTemplate,
    ParkAssessment,
    Rectification,
    RoundKind,
    SelfEvaluation,
)
from .selectors import city_bureau_staff, park_stakeholders, parks_to_evaluate, provincial_staff

FIGURES = (
    "resident_agencies",
    "revenue_cny",
    "people_served",
    "jobs_created",
    "events_held",
    "support_funds_paid_cny",
)

logger = logging.getLogger(__name__)
MAX_RECTIFICATION_WORKING_DAYS = 250


# --- helpers -----------------------------------------------------------------------------------------


def _refusal(message: str, code: str, field: str | None = None) -> ValidationError:
    """A refusal with its code (core.refusals), at a field when one is named."""
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _require_role(actor, *roles) -> None:
    if actor is None or actor.role not in roles:
        raise PermissionDenied


def _require_province(actor, province_id: int) -> None:
    _require_role(actor, Role.PROVINCIAL_BUREAU)
    if actor.jurisdiction_id != province_id:
        raise PermissionDenied


def _require_city_bureau_of(actor, park: Park) -> None:
    _require_role(actor, Role.CITY_BUREAU)
    if actor.jurisdiction_id != park.jurisdiction_id:
        raise PermissionDenied


def _in_default_language(make_text) -> str:
    """Stored texts (notifications) are in the platform's default language; e-mails are sent from them."""
    with translation.override(settings.LANGUAGE_CODE):
        return make_text()


def _notify_later(recipients, make_text, link: str) -> None:
    recipients = list(recipients)
    transaction.on_commit(lambda: notify(recipients, text=_in_default_language(make_text), link=link))


def _event(*, action: str, actor, comment: str = "", from_status="", to_status="", **target) -> EvaluationEvent:
    event = EvaluationEvent.objects.create(
        action=action, from_status=from_status, to_status=to_status, comment=comment, actor=actor, **target
    )
    (obj,) = target.values()
    record_event(
        f"evaluation.{action}", obj, data={"from": from_status, "to": to_status, "comment": comment}, actor=actor
    )
    return event


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount < 0
        or amount != amount.quantize(Decimal("0.01"))
        or amount >= Decimal("1e12")
    ):
        raise ValidationError({field: _("Give an amount in yuan with at most two decimals.")})
    return amount


def deadline_from(start: date, *, working_days: int | None = None, on: date | None = None) -> date:
    """A deadline given either as a number of working days after `start` or as a date."""
    if (working_days is None) == (on is None):
        raise ValidationError({"deadline": _("Give the deadline either as a date or as a number of working days.")})
    if on is not None:
        if on < start:
            raise ValidationError({"deadline": _("The deadline must not be before %(date)s.") % {"date": start}})
        return on
    if not 1 <= working_days <= MAX_RECTIFICATION_WORKING_DAYS:
        raise ValidationError(
            {
                "deadline_working_days": _("Give between 1 and %(max)s working days.")
                % {"max": MAX_RECTIFICATION_WORKING_DAYS}
            }
        )
    try:
        return add_working_days(start, working_days)
    except ValueError:  # beyond the years the working-day calendar knows
        raise ValidationError({"deadline": _("Give the deadline as a date for a start this far ahead.")}) from None


# --- rounds ------------------------------------------------------------------------------------------


def _check_thresholds(excellent_min: Decimal, qualified_min: Decimal) -> None:
    if not (0 <= qualified_min < excellent_min <= 100):
        raise ValidationError(
            {
                "excellent_min": _(
                    "The lowest score graded excellent must be above the lowest score graded qualified, "
                    "both between 0 and 100."
                )
            }
        )


def _check_template_complete(template: IndicatorTemplate) -> None:
    total = sum((indicator.weight for indicator in template.indicators.all()), Decimal(0))
    if total != scoring.TOTAL_WEIGHT:
        raise ValidationError(
            {
                "template": _("The weights of “%(template)s” add up to %(total)s, not 100; correct the template first.")
                % {"template": template.name, "total": total}
            }
        )


def open_round(
    *,
    province: Jurisdiction,
    kind: str,
    year: int,
    due_date: date,
    opened_on: date | None = None,
    template: IndicatorTemplate | None = None,
    excellent_min: Decimal = schedule.DEFAULT_EXCELLENT_MIN,
    qualified_min: Decimal = schedule.DEFAULT_QUALIFIED_MIN,
    actor=None,
) -> EvaluationRound:
    """Open a round (第十三条): a self-evaluation for every designated park of the province, or a
    park assessment for each in a centralized round. `actor` None: opened by the schedule."""
    if actor is not None:
        _require_province(actor, province.pk)
    opened_on = opened_on or timezone.localdate()
    if kind not in RoundKind.values:
        raise _refusal(_("Unknown kind of round."), Refusal.INVALID, "kind")
    if due_date <= opened_on:
        raise _refusal(_("The due date must be after the opening date."), Refusal.INVALID, "due_date")
    if EvaluationRound.objects.filter(province=province, kind=kind, year=year).exists():
        raise _refusal(
            _("A round of this kind is already open for %(year)s.") % {"year": year}, Refusal.WRONG_STATE, "year"
        )
    centralized = kind == RoundKind.CENTRALIZED
    if centralized:
        template = template or IndicatorTemplate.objects.filter(is_default=True).first()
        if template is None:
            raise ValidationError({"template": _("Choose an indicator template.")})
        _check_template_complete(template)
        _check_thresholds(excellent_min, qualified_min)
    with transaction.atomic():
        evaluation_round = EvaluationRound.objects.create(
            province=province,
            kind=kind,
            year=year,
            policy_id=get_policy().id,
            opened_on=opened_on,
            due_date=due_date,
            opened_by=actor,
            template=template if centralized else None,
            excellent_min=excellent_min if centralized else None,
            qualified_min=qualified_min if centralized else None,
        )
        parks = list(parks_to_evaluate(province, year, first_full_year=_first_full_year(get_policy())))
        for park in parks:
            if centralized:
                ParkAssessment.objects.create(round=evaluation_round, park=park)
            else:
                SelfEvaluation.objects.create(round=evaluation_round, park=park, due_date=due_date)
        record_event(
            "evaluation.round_opened",
            evaluation_round,
            data={"kind": kind, "year": year, "parks": [park.pk for park in parks], "automatic": actor is None},
            actor=actor,
        )
        link = reverse("evaluations:round", kwargs={"pk": evaluation_round.pk})
        if centralized:
            if actor is None:
                _notify_later(
                    provincial_staff(province.pk),
                    lambda: _("The %(year)s centralized evaluation is open: assign the experts.") % {"year": year},
                    link,
                )
        else:
            for jurisdiction_id in {park.jurisdiction_id for park in parks}:
                _notify_later(
                    city_bureau_staff(jurisdiction_id),
                    lambda: (
                        _("The %(year)s self-evaluation is open; report by %(date)s.")
                        % {"year": year, "date": date_format(due_date)}
                    ),
                    link,
                )
    return evaluation_round


def _first_full_year(policy) -> bool:
    return policy.evaluation.first_evaluation == FIRST_FULL_YEAR


def open_due_rounds(today: date | None = None) -> list[EvaluationRound]:
    """Open the rounds the policy in force makes due by `today` (the `open_due_rounds` command)."""
    today = today or timezone.localdate()
    policy = get_policy()
    unit = Jurisdiction.objects.select_related("province").filter(code=policy.jurisdiction_code).first()
    if unit is None:  # e.g. an example policy's invented area: there is no province to open rounds in
        logger.warning("No rounds opened: the policy's jurisdiction %s is not a known unit.", policy.jurisdiction_code)
        return []
    province = unit.province or unit  # a city's policy: its rounds are its province's (rounds are per province)
    opened = []
    for due in schedule.rounds_due(policy, today):
        if EvaluationRound.objects.filter(province=province, kind=due.kind, year=due.year).exists():
            continue
        working_days = (
            schedule.EXPERT_SCORING_WORKING_DAYS
            if due.kind == RoundKind.CENTRALIZED
            else schedule.SELF_EVALUATION_WORKING_DAYS
        )
        opened.append(
            open_round(
                province=province,
                kind=due.kind,
                year=due.year,
                opened_on=today,
                due_date=add_working_days(today, working_days),
            )
        )
    return opened


def _lock_round(evaluation_round: EvaluationRound) -> EvaluationRound:
    locked = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if EvaluationNotice.objects.filter(round=locked).exists():
        raise _refusal(_("The results of this round are published; it can no longer be changed."), Refusal.WRONG_STATE)
    return locked


def update_round_settings(
    evaluation_round: EvaluationRound,
    *,
    template: IndicatorTemplate,
    excellent_min: Decimal,
    qualified_min: Decimal,
    due_date: date,
    actor,
) -> EvaluationRound:
    """Change a centralized round's template, grade thresholds and scoring due date; the template only
    while no expert has submitted scores."""
    _require_province(actor, evaluation_round.province_id)
    _check_thresholds(excellent_min, qualified_min)
    with transaction.atomic():
        locked = _lock_round(evaluation_round)
        if not locked.is_centralized:
            raise _refusal(_("Only a centralized round has a template and grade thresholds."), Refusal.WRONG_STATE)
        if due_date <= locked.opened_on:
            raise _refusal(_("The due date must be after the opening date."), Refusal.INVALID, "due_date")
        if template.pk != locked.template_id:
            if ExpertSeat.objects.filter(assessment__round=locked, submitted_at__isnull=False).exists():
                raise ValidationError(
                    {"template": _("Experts have already submitted scores; the template can no longer be changed.")}
                )
            _check_template_complete(template)
            IndicatorScore.objects.filter(seat__assessment__round=locked).delete()
        locked.template = template
        locked.excellent_min = excellent_min
        locked.qualified_min = qualified_min
        locked.due_date = due_date
        locked.save(update_fields=["template", "excellent_min", "qualified_min", "due_date"])
    return locked


# --- self-evaluation (自评) --------------------------------------------------------------------------


def _lock_self_evaluation(self_evaluation: SelfEvaluation) -> SelfEvaluation:
    return (
        SelfEvaluation.objects.select_for_update()
        .select_related("park__jurisdiction", "round")
        .get(pk=self_evaluation.pk)
    )


def _content_items(policy_id: str):
    return get_policy(policy_id).evaluation.content_items


def save_self_evaluation(self_evaluation: SelfEvaluation, *, values: dict, actor) -> SelfEvaluation:
    """The city bureau fills in (or revises) the figures and its account of each content item."""
    _require_city_bureau_of(actor, self_evaluation.park)
    codes = {item.code for item in _content_items(self_evaluation.round.policy_id)}
    with transaction.atomic():
        locked = _lock_self_evaluation(self_evaluation)
        if not locked.is_editable:
            raise _refusal(
                _("This self-evaluation has been submitted and can no longer be changed."), Refusal.WRONG_STATE
            )
        for name in FIGURES:
            setattr(locked, name, values.get(name))
        locked.proposed_grade = values.get("proposed_grade") or ""
        reports = values.get("item_reports") or {}
        locked.item_reports = {code: (reports.get(code) or "").strip() for code in codes}
        locked.full_clean(exclude=["round", "park"])
        locked.save()
    return locked


def _missing_for_submission(self_evaluation: SelfEvaluation) -> list[str]:
    missing = [
        str(SelfEvaluation._meta.get_field(name).verbose_name)
        for name in FIGURES
        if getattr(self_evaluation, name) is None
    ]
    if not self_evaluation.proposed_grade:
        missing.append(str(SelfEvaluation._meta.get_field("proposed_grade").verbose_name))
    missing += [
        f"{item.article} {item.label}"
        for item in _content_items(self_evaluation.round.policy_id)
        if not (self_evaluation.item_reports.get(item.code) or "").strip()
    ]
    return missing


def submit_self_evaluation(self_evaluation: SelfEvaluation, *, actor) -> SelfEvaluation:
    """The city reports its self-evaluation to the province (第十三条)."""
    _require_city_bureau_of(actor, self_evaluation.park)
    with transaction.atomic():
        locked = _lock_self_evaluation(self_evaluation)
        if not locked.is_editable:
            raise _refusal(_("This self-evaluation has already been submitted."), Refusal.WRONG_STATE)
        missing = _missing_for_submission(locked)
        if missing:
            raise _refusal(
                _("Fill in before submitting: %(fields)s.") % {"fields": "、".join(missing)}, Refusal.REASON_REQUIRED
            )
        from_status = locked.status
        locked.status = SelfEvaluation.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at"])
        _event(
            action="self_evaluation_submitted",
            actor=actor,
            from_status=from_status,
            to_status=locked.status,
            self_evaluation=locked,
        )
        park = locked.park
        _notify_later(
            provincial_staff(park.jurisdiction.province_id),
            lambda: (
                _("%(park)s: the %(year)s self-evaluation was submitted for review.")
                % {"park": park.name, "year": locked.round.year}
            ),
            reverse("evaluations:self_evaluation", kwargs={"pk": locked.pk}),
        )
    return locked


def review_self_evaluation(
    self_evaluation: SelfEvaluation,
    *,
    accept: bool,
    comment: str,
    actor,
    grade: str = "",
    rectification_deadline: date | None = None,
    rectification_requirements: str = "",
    rectification_document_number: str = "",
) -> SelfEvaluation:
    """The province accepts the self-evaluation, or returns it with comments (which are then required).

    Accepting confirms the city's proposed grade, or changes it to `grade` with the reason in the
    comment. In a year without a centralized evaluation the confirmed grade is the park's
    comprehensive result (第十三条); 不合格 orders the park to rectify by `rectification_deadline`
    (第十四条: 当年不合格 → 通报其限期整改), so the deadline and the requirements are then needed."""
    _require_province(actor, self_evaluation.park.jurisdiction.province_id)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise _refusal(
            _("Say what must be revised when returning a self-evaluation."), Refusal.REASON_REQUIRED, "comment"
        )
    if grade and grade not in Grade.values:
        raise _refusal(_("Choose a grade."), Refusal.INVALID, "grade")
    with transaction.atomic():
        locked = _lock_self_evaluation(self_evaluation)
        if locked.status != SelfEvaluation.Status.SUBMITTED:
            raise _refusal(_("Only a submitted self-evaluation can be accepted or returned."), Refusal.WRONG_STATE)
        locked.status = SelfEvaluation.Status.ACCEPTED if accept else SelfEvaluation.Status.RETURNED
        locked.reviewed_at = timezone.now()
        locked.review_comment = comment
        if accept:
            locked.confirmed_grade = grade or locked.proposed_grade
            if locked.confirmed_grade != locked.proposed_grade and not comment:
                raise _refusal(
                    _("Give the reason for changing the grade the city proposed."), Refusal.REASON_REQUIRED, "comment"
                )
        locked.save(update_fields=["status", "reviewed_at", "review_comment", "confirmed_grade"])
        _event(
            action="self_evaluation_accepted" if accept else "self_evaluation_returned",
            actor=actor,
            comment=comment,
            from_status=SelfEvaluation.Status.SUBMITTED,
            to_status=locked.status,
            self_evaluation=locked,
        )
        park = locked.park
        _notify_later(
            city_bureau_staff(park.jurisdiction_id),
            (
                lambda: (
                    _("%(park)s: the %(year)s self-evaluation was accepted.")
                    % {"park": park.name, "year": locked.round.year}
                )
            )
            if accept
            else (
                lambda: (
                    _("%(park)s: the %(year)s self-evaluation was returned: %(comment)s")
                    % {"park": park.name, "year": locked.round.year, "comment": comment}
                )
            ),
            reverse("evaluations:self_evaluation", kwargs={"pk": locked.pk}),
        )
        if accept and not _is_centralized_year(locked.round):
            _result_of_self_evaluation(
                locked,
                actor=actor,
                deadline=rectification_deadline,
                requirements=rectification_requirements,
                document_number=rectification_document_number,
            )
    return locked


def _is_centralized_year(evaluation_round: EvaluationRound) -> bool:
    """Whether the round's year has a centralized evaluation: due by the policy, or opened anyway."""
    year = evaluation_round.year
    return (
        RoundKind.CENTRALIZED in schedule.kinds_due(get_policy(evaluation_round.policy_id), year)
        or EvaluationRound.objects.filter(
            province_id=evaluation_round.province_id, kind=RoundKind.CENTRALIZED, year=year
        ).exists()
    )


def _result_of_self_evaluation(
    self_evaluation: SelfEvaluation, *, actor, deadline: date | None, requirements: str, document_number: str
) -> ComprehensiveResult:
    """The comprehensive result of a year without a centralized evaluation: the confirmed grade; an
    不合格 one orders the park to rectify (第十四条), through the one path of rectification orders."""
    park, year = self_evaluation.park, self_evaluation.round.year
    result = ComprehensiveResult.objects.create(
        park=park,
        year=year,
        grade=self_evaluation.confirmed_grade,
        basis=ComprehensiveResult.Basis.SELF_EVALUATION,
        self_evaluation=self_evaluation,
        decided_by=actor,
    )
    if result.grade == Grade.UNQUALIFIED:
        problems = {}
        if deadline is None:
            problems["rectification_deadline"] = ValidationError(
                _("An unqualified park is ordered to rectify: give the deadline."), code=Refusal.REASON_REQUIRED
            )
        if not (requirements or "").strip():
            problems["rectification_requirements"] = ValidationError(
                _("An unqualified park is ordered to rectify: state the requirements."), code=Refusal.REASON_REQUIRED
            )
        if problems:
            raise ValidationError(problems)
        order_rectification(
            park,
            ground=Ground.UNQUALIFIED,
            requirements=requirements,
            document_number=document_number,
            ordered_on=timezone.localdate(),
            deadline=deadline,
            actor=actor,
        )
    return result


def add_attachment(*, upload, actor, description: str = "", self_evaluation=None, rectification=None) -> Attachment:
    """Attach a PDF, Word, Excel or image file (checked by content and size) to a self-evaluation being
    prepared or to a rectification not yet reported."""
    park = (self_evaluation or rectification).park
    _require_city_bureau_of(actor, park)
    try:
        file_format = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        if self_evaluation is not None:
            if not _lock_self_evaluation(self_evaluation).is_editable:
                raise _refusal(
                    _("This self-evaluation has been submitted and can no longer be changed."), Refusal.WRONG_STATE
                )
        elif Rectification.objects.select_for_update().get(pk=rectification.pk).status != Rectification.Status.ORDERED:
            raise _refusal(_("This rectification has been reported and can no longer be changed."), Refusal.WRONG_STATE)
        return Attachment.objects.create(
            self_evaluation=self_evaluation,
            rectification=rectification,
            file=upload,
            original_name=upload.name[:255],
            description=(description or "").strip()[:200],
            file_format=file_format,
            size=upload.size,
            sha256=sha256_of(upload),
            uploaded_by=actor,
        )


# --- indicator templates -----------------------------------------------------------------------------


def _check_template_editable(template: IndicatorTemplate) -> None:
    if ExpertSeat.objects.filter(assessment__round__template=template, submitted_at__isnull=False).exists():
        raise ValidationError(
            _("Experts have scored with “%(template)s”; copy it to make changes.") % {"template": template.name}
        )


def save_template(template: IndicatorTemplate, *, name: str, description: str, indicators: list[dict], actor):
    """Replace the template's indicators. Each row: content_item, name, weight, max_score (and pk when
    it updates an existing indicator). Weights must add up to exactly 100, and every content item of
    第十三条 needs at least one indicator; otherwise nothing is saved."""
    _require_role(actor, Role.PROVINCIAL_BUREAU)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    if IndicatorTemplate.objects.filter(name=name).exclude(pk=template.pk).exists():
        raise ValidationError({"name": _("Another template already has this name.")})
    items = get_policy().evaluation.content_items
    codes = [item.code for item in items]
    unknown = {row["content_item"] for row in indicators} - set(codes)
    if unknown:
        raise ValidationError(
            {"indicators": _("Unknown content item: %(codes)s.") % {"codes": "、".join(sorted(unknown))}}
        )
    uncovered = [
        f"{item.article} {item.label}" for item in items if item.code not in {r["content_item"] for r in indicators}
    ]
    if uncovered:
        raise ValidationError(
            {
                "indicators": _("Every content item needs at least one indicator; missing: %(items)s.")
                % {"items": "、".join(uncovered)}
            }
        )
    total = sum((Decimal(row["weight"]) for row in indicators), Decimal(0))
    if total != scoring.TOTAL_WEIGHT:
        raise ValidationError(
            {
                "indicators": _("The weights add up to %(total)s; they must add up to exactly 100.")
                % {"total": total.normalize()}
            }
        )
    with transaction.atomic():
        locked = IndicatorTemplate.objects.select_for_update().get(pk=template.pk)
        _check_template_editable(locked)
        locked.name = name
        locked.description = (description or "").strip()
        locked.save()
        existing = {indicator.pk: indicator for indicator in locked.indicators.all()}
        kept = set()
        ordered = sorted(indicators, key=lambda row: codes.index(row["content_item"]))
        for position, row in enumerate(ordered):
            indicator = existing.get(row.get("pk")) or Indicator(template=locked)
            indicator.content_item = row["content_item"]
            indicator.name = row["name"]
            indicator.weight = row["weight"]
            indicator.max_score = row["max_score"]
            indicator.sort_order = position
            indicator.full_clean(exclude=["template"])
            indicator.save()
            kept.add(indicator.pk)
        for pk in set(existing) - kept:
            existing[pk].delete()
    return locked


def copy_template(template: IndicatorTemplate, *, name: str, actor) -> IndicatorTemplate:
    _require_role(actor, Role.PROVINCIAL_BUREAU)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    if IndicatorTemplate.objects.filter(name=name).exists():
        raise ValidationError({"name": _("Another template already has this name.")})
    with transaction.atomic():
        copy = IndicatorTemplate.objects.create(name=name, description=template.description)
        for indicator in template.indicators.all():
            Indicator.objects.create(
                template=copy,
                content_item=indicator.content_item,
                name=indicator.name,
                weight=indicator.weight,
                max_score=indicator.max_score,
                sort_order=indicator.sort_order,
            )
    return copy


# --- centralized evaluation (集中考评) ----------------------------------------------------------------


def draw_experts(assessment: ParkAssessment, *, size: int, actor, seed: str | None = None) -> ExpertDraw:
    """Draw the park's experts at random (the designation workflow's draw and exclusions)."""
    _require_province(actor, assessment.round.province_id)
    if not isinstance(size, int) or not 1 <= size <= panels.MAX_PANEL_SIZE:
        raise ValidationError({"size": _("Draw between 1 and %(max)s experts.") % {"max": panels.MAX_PANEL_SIZE}})
    with transaction.atomic():
        _lock_round(assessment.round)
        locked = ParkAssessment.objects.select_for_update().select_related("park__jurisdiction").get(pk=assessment.pk)
        if locked.seats.exists():
            raise _refusal(_("The experts for this park have already been drawn."), Refusal.WRONG_STATE)
        eligible, exclusions = panels.expert_pool(locked.park)
        if len(eligible) < size:
            raise ValidationError(
                {
                    "size": _("Only %(eligible)s experts are eligible (%(excluded)s excluded); nothing was drawn.")
                    % {"eligible": len(eligible), "excluded": len(exclusions)}
                }
            )
        seed = seed or secrets.token_hex(16)
        drawn = panels.pick_panel(eligible, size, seed)
        draw = ExpertDraw.objects.create(
            assessment=locked,
            size=size,
            seed=seed,
            eligible=eligible,
            exclusions=exclusions,
            drawn=drawn,
            drawn_by=actor,
        )
        seats = [ExpertSeat.objects.create(assessment=locked, expert_id=expert_id, draw=draw) for expert_id in drawn]
        record_event("evaluation.experts_drawn", locked, data={"seed": seed, "drawn": drawn}, actor=actor)
        _notify_later(
            [seat.expert for seat in seats],
            lambda: (
                _("You are assigned to score %(park)s in the %(year)s centralized evaluation.")
                % {"park": locked.park.name, "year": locked.round.year}
            ),
            reverse("evaluations:my_assignments"),
        )
    return draw


def save_scores(seat: ExpertSeat, *, scores: dict, opinion: str, submit: bool, actor) -> ExpertSeat:
    """The expert's score for each indicator (0…maximum); `submit` makes them final and computes the total."""
    if actor is None or actor.pk != seat.expert_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            ExpertSeat.objects.select_for_update(of=("self",))
            .select_related("assessment__round__template")
            .get(pk=seat.pk)
        )
        _lock_round(locked.assessment.round)
        if locked.submitted_at is not None:
            raise _refusal(
                _("Your scores for this park are submitted and can no longer be changed."), Refusal.WRONG_STATE
            )
        indicators = list(locked.assessment.round.template.indicators.all())
        problems, values = {}, {}
        for indicator in indicators:
            raw = scores.get(indicator.pk)
            if raw in (None, ""):
                if submit:
                    problems[f"score_{indicator.pk}"] = ValidationError(
                        _("Give a score."), code=Refusal.REASON_REQUIRED
                    )
                continue
            try:
                value = Decimal(raw)
            except (InvalidOperation, TypeError, ValueError):
                value = None
            if (
                value is None
                or not value.is_finite()
                or not 0 <= value <= indicator.max_score
                or value != scoring.rounded(value)
            ):
                problems[f"score_{indicator.pk}"] = _("Give a score from 0 to %(max)s.") % {
                    "max": indicator.max_score.normalize()
                }
                continue
            values[indicator.pk] = value
        if problems:
            raise ValidationError(problems)
        for indicator_id, value in values.items():
            IndicatorScore.objects.update_or_create(seat=locked, indicator_id=indicator_id, defaults={"score": value})
        locked.opinion = (opinion or "").strip()
        if submit:
            locked.total = scoring.weighted_total(values, indicators)
            locked.submitted_at = timezone.now()
        locked.save(update_fields=["opinion", "total", "submitted_at"])
    return locked


def publish_results(
    evaluation_round: EvaluationRound,
    *,
    document_number: str,
    issued_on: date,
    rectification_deadline: date,
    rectification_requirements: str,
    actor,
) -> EvaluationNotice:
    """Issue the evaluation notice (通报): average each park's expert totals, grade it by the round's
    thresholds, commend the 优秀 parks and order the 不合格 ones to rectify by the deadline (第十四条)."""
    _require_province(actor, evaluation_round.province_id)
    document_number = (document_number or "").strip()
    if not document_number:
        raise _refusal(_("Give the document number of the notice."), Refusal.REASON_REQUIRED, "document_number")
    if rectification_deadline < issued_on:
        raise _refusal(
            _("The deadline must not be before %(date)s.") % {"date": issued_on}, Refusal.INVALID, "deadline"
        )
    with transaction.atomic():
        locked = _lock_round(evaluation_round)
        if not locked.is_centralized:
            raise _refusal(_("Only a centralized round has results to publish."), Refusal.WRONG_STATE)
        # A park revoked since the round opened is no longer graded.
        assessments = list(
            locked.assessments.filter(park__status__in=HOLDS_DESIGNATION)
            .select_related("park__jurisdiction")
            .prefetch_related("seats")
            .order_by("pk")
        )
        incomplete = [
            a.park.name for a in assessments if not a.seats.all() or any(s.submitted_at is None for s in a.seats.all())
        ]
        if not assessments or incomplete:
            raise _refusal(
                _("Every park needs its experts' submitted scores first; still open: %(parks)s.")
                % {"parks": "、".join(incomplete) or _("no park in this round")},
                Refusal.REVIEWS_MISSING,
            )
        confirmed = _confirmed_self_grades(locked)
        weights = get_policy(locked.policy_id).evaluation
        results = {}
        for assessment in assessments:
            assessment.score = scoring.average(seat.total for seat in assessment.seats.all())
            results[assessment.pk] = _combined_result(locked, assessment, confirmed.get(assessment.park_id), weights)
            # The grade the notice publishes is the comprehensive one (第十四条: 综合考评结果).
            assessment.grade = results[assessment.pk].grade
        unqualified = any(assessment.grade == Grade.UNQUALIFIED for assessment in assessments)
        if unqualified and not (rectification_requirements or "").strip():
            raise _refusal(
                _("State the rectification requirements for the unqualified parks."),
                Refusal.REASON_REQUIRED,
                "requirements",
            )
        notice = EvaluationNotice.objects.create(
            round=locked, document_number=document_number, issued_on=issued_on, issued_by=actor
        )
        for assessment in assessments:
            grade = assessment.grade
            assessment.save(update_fields=["score", "grade"])
            # A centralized year's result replaces one an earlier acceptance of the self-evaluation gave
            # (a centralized round opened for a year the policy does not schedule it).
            result = results[assessment.pk]
            ComprehensiveResult.objects.update_or_create(
                park=result.park,
                year=result.year,
                defaults={
                    "grade": result.grade,
                    "basis": result.basis,
                    "score": result.score,
                    "self_evaluation": result.self_evaluation,
                    "assessment": assessment,
                    "decided_by": actor,
                    "decided_at": timezone.now(),
                },
            )
            if grade == Grade.EXCELLENT:
                Commendation.objects.create(assessment=assessment, notice=notice)
            elif grade == Grade.UNQUALIFIED:
                order_rectification(
                    assessment.park,
                    ground=Ground.UNQUALIFIED,
                    requirements=rectification_requirements,
                    cited_document_number=document_number,
                    ordered_on=issued_on,
                    deadline=rectification_deadline,
                    actor=actor,
                    assessment=assessment,
                )
            park = assessment.park

            def graded(park=park, grade=grade):
                return _("%(park)s: graded “%(grade)s” in the %(year)s centralized evaluation (%(number)s).") % {
                    "park": park.name,
                    "grade": Grade(grade).label,
                    "year": locked.year,
                    "number": document_number,
                }

            # Officials open the 通报 with every park's result; operators their own park's record.
            stakeholders = park_stakeholders(park)
            officials = [user for user in stakeholders if user.role != Role.PARK_OPERATOR]
            operators = [user for user in stakeholders if user.role == Role.PARK_OPERATOR]
            _notify_later(officials, graded, reverse("evaluations:notice", kwargs={"pk": notice.pk}))
            _notify_later(operators, graded, reverse("evaluations:park", kwargs={"pk": park.pk}))
        record_event(
            "evaluation.results_published",
            locked,
            data={"document_number": document_number, "grades": {a.park_id: a.grade for a in assessments}},
            actor=actor,
        )
    return notice


def _confirmed_self_grades(evaluation_round: EvaluationRound) -> dict[int, SelfEvaluation]:
    """The accepted self-evaluations of the round's year, by park."""
    accepted = SelfEvaluation.objects.filter(
        round__province_id=evaluation_round.province_id,
        round__kind=RoundKind.SELF,
        round__year=evaluation_round.year,
        status=SelfEvaluation.Status.ACCEPTED,
    ).exclude(confirmed_grade="")
    return {item.park_id: item for item in accepted}


def _combined_result(
    evaluation_round: EvaluationRound, assessment: ParkAssessment, self_evaluation: SelfEvaluation | None, weights
) -> ComprehensiveResult:
    """The comprehensive result of a centralized year (unsaved): the centralized score and the confirmed
    self-evaluation grade, weighted as the policy says; the centralized score alone when the park has
    no accepted self-evaluation that year or the policy gives the self-evaluation no weight."""
    thresholds = {"excellent_min": evaluation_round.excellent_min, "qualified_min": evaluation_round.qualified_min}
    score = assessment.score
    basis = ComprehensiveResult.Basis.CENTRALIZED
    if self_evaluation is not None and weights.self_weight > 0:
        points = scoring.grade_points(self_evaluation.confirmed_grade, **thresholds)
        total_weight = weights.self_weight + weights.centralized_weight
        score = scoring.rounded((weights.self_weight * points + weights.centralized_weight * score) / total_weight)
        basis = ComprehensiveResult.Basis.COMBINED
    return ComprehensiveResult(
        park=assessment.park,
        year=evaluation_round.year,
        grade=scoring.grade_for(score, **thresholds),
        basis=basis,
        score=score,
        self_evaluation=self_evaluation if basis == ComprehensiveResult.Basis.COMBINED else None,
        assessment=assessment,
    )


def record_support(commendation: Commendation, *, description: str, amount, actor) -> Commendation:
    """The policy support granted with a commendation (第十四条: 给予一定政策扶持)."""
    _require_province(actor, commendation.notice.round.province_id)
    description = (description or "").strip()
    if not description:
        raise _refusal(_("Describe the policy support granted."), Refusal.REASON_REQUIRED, "support_description")
    amount = None if amount in (None, "") else _money(amount, "support_amount_cny")
    with transaction.atomic():
        locked = Commendation.objects.select_for_update().get(pk=commendation.pk)
        locked.support_description = description
        locked.support_amount_cny = amount
        locked.support_recorded_at = timezone.now()
        locked.save(update_fields=["support_description", "support_amount_cny", "support_recorded_at"])
    return locked


# --- rectification and revocation (第十四条) ---------------------------------------------------------


def order_rectification(
    park: Park,
    *,
    ground: str,
    requirements: str,
    ordered_on: date,
    deadline: date,
    actor,
    document_number: str = "",
    assessment: ParkAssessment | None = None,
    cited_document_number: str = "",
) -> Rectification:
    """Order the park to rectify by the deadline (限期整改 / 责令整改, 第十四条); a designated park goes
    under rectification. `document_number` is the order's own 文号 (限期整改通知), when it has one yet;
    `cited_document_number` is the document the park's status change cites instead when the order has
    none, e.g. the evaluation notice (通报) that ordered it."""
    _require_province(actor, park.jurisdiction.province_id)
    requirements = (requirements or "").strip()
    document_number = (document_number or "").strip()
    problems = {}
    if ground not in Ground.values:
        problems["ground"] = ValidationError(_("Choose the ground of the order."), code=Refusal.INVALID)
    if not requirements:
        problems["requirements"] = ValidationError(_("State what must be rectified."), code=Refusal.REASON_REQUIRED)
    if len(document_number) > Rectification._meta.get_field("document_number").max_length:
        problems["document_number"] = ValidationError(_("The document number is too long."), code=Refusal.INVALID)
    if deadline < ordered_on:
        problems["deadline"] = ValidationError(
            _("The deadline must not be before %(date)s.") % {"date": ordered_on}, code=Refusal.INVALID
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        status = Park.objects.select_for_update().get(pk=park.pk).status
        if status not in HOLDS_DESIGNATION:
            raise _refusal(_("Only a designated park can be ordered to rectify."), Refusal.WRONG_STATE)
        rectification = Rectification.objects.create(
            park=park,
            assessment=assessment,
            ground=ground,
            requirements=requirements,
            document_number=document_number,
            ordered_on=ordered_on,
            deadline=deadline,
        )
        _event(
            action="rectification_ordered",
            actor=actor,
            comment=requirements,
            to_status=rectification.status,
            rectification=rectification,
        )
        if status == Park.Status.DESIGNATED:
            change_park_status(
                park,
                Park.Status.UNDER_RECTIFICATION,
                reason=_in_default_language(
                    lambda: (
                        _("Ordered to rectify by %(date)s: %(ground)s")
                        % {"date": date_format(deadline), "ground": Ground(ground).label}
                    )
                ),
                document_number=document_number or cited_document_number,
                actor=actor,
                ground=ground,
            )
        _notify_later(
            city_bureau_staff(park.jurisdiction_id),
            lambda: (
                _("%(park)s is ordered to rectify by %(date)s (%(number)s); report the rectification.")
                % {"park": park.name, "date": date_format(deadline), "number": document_number or cited_document_number}
            ),
            reverse("evaluations:rectification", kwargs={"pk": rectification.pk}),
        )
    return rectification


def _lock_rectification(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("park__jurisdiction").get(pk=rectification.pk)


def report_rectification(rectification: Rectification, *, report: str, actor) -> Rectification:
    """The city bureau reports how the park rectified."""
    _require_city_bureau_of(actor, rectification.park)
    report = (report or "").strip()
    if not report:
        raise _refusal(_("Describe the rectification carried out."), Refusal.REASON_REQUIRED, "report")
    with transaction.atomic():
        locked = _lock_rectification(rectification)
        if locked.status != Rectification.Status.ORDERED:
            raise _refusal(_("This rectification has already been reported."), Refusal.WRONG_STATE)
        locked.status = Rectification.Status.REPORTED
        locked.report = report
        locked.reported_at = timezone.now()
        locked.save(update_fields=["status", "report", "reported_at"])
        _event(
            action="rectification_reported",
            actor=actor,
            from_status=Rectification.Status.ORDERED,
            to_status=locked.status,
            rectification=locked,
        )
        park = locked.park
        _notify_later(
            provincial_staff(park.jurisdiction.province_id),
            lambda: _("%(park)s: the rectification was reported for acceptance.") % {"park": park.name},
            reverse("evaluations:rectification", kwargs={"pk": locked.pk}),
        )
    return locked


def accept_rectification(rectification: Rectification, *, comment: str, actor) -> Rectification:
    """The province accepts the reported rectification; with no other order open, the park is
    designated again without restriction."""
    _require_province(actor, rectification.park.jurisdiction.province_id)
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock_rectification(rectification)
        if locked.status != Rectification.Status.REPORTED:
            raise _refusal(_("Only a reported rectification can be accepted."), Refusal.WRONG_STATE)
        locked.status = Rectification.Status.ACCEPTED
        locked.decision_comment = comment
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_comment", "decided_at"])
        _event(
            action="rectification_accepted",
            actor=actor,
            comment=comment,
            from_status=Rectification.Status.REPORTED,
            to_status=locked.status,
            rectification=locked,
        )
        park = locked.park
        still_open = park.rectifications.filter(status__in=Rectification.OPEN_STATUSES).exists()
        if park.status == Park.Status.UNDER_RECTIFICATION and not still_open:
            change_park_status(
                park,
                Park.Status.DESIGNATED,
                reason=comment
                or _in_default_language(
                    lambda: _("Rectification accepted (%(number)s).") % {"number": locked.document_number}
                ),
                document_number=locked.document_number,
                actor=actor,
            )
    return locked


def revoke_designation(park: Park, *, ground: str, reasons: str, document_number: str, actor) -> Park:
    """取消授牌 (第十四条): the park loses its designation and leaves the public list; open
    rectification orders end with it. Its history stays."""
    _require_province(actor, park.jurisdiction.province_id)
    if ground not in Ground.values:
        raise _refusal(_("Choose the ground of the revocation."), Refusal.INVALID, "ground")
    with transaction.atomic():
        change_park_status(
            park, Park.Status.REVOKED, reason=reasons, document_number=document_number, actor=actor, ground=ground
        )
        for open_order in park.rectifications.select_for_update().filter(status__in=Rectification.OPEN_STATUSES):
            from_status = open_order.status
            open_order.status = Rectification.Status.REVOKED
            open_order.decision_comment = reasons.strip()
            open_order.decided_at = timezone.now()
            open_order.save(update_fields=["status", "decision_comment", "decided_at"])
            _event(
                action="rectification_escalated",
                actor=actor,
                comment=reasons.strip(),
                from_status=from_status,
                to_status=open_order.status,
                rectification=open_order,
            )
    return park
