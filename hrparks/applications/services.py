"""Writes of the designation workflow. Every function is one transaction; a refused step writes nothing.

`perform_transition` is the only way an application changes state: it locks the row, checks that the
state is still the one the actor was shown, checks the role (from workflow.py), the fields and the
conditions of the transition, writes the new state, a history row and an audit event, and queues the
notifications for when the transaction commits."""

import calendar
import random
import secrets
from datetime import date
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role, User
from hrparks.audit.services import lock_chain, record_event
from hrparks.core.personal import clean_name, is_email, validate_contact
from hrparks.core.refusals import Refusal
from hrparks.core.templatetags.money import grouped
from hrparks.core.uploads import check_upload, sha256_of
from hrparks.notifications.services import notify
from hrparks.parks import codes
from hrparks.parks.dossier import export_dossier
from hrparks.parks.models import Park, Site
from hrparks.parks.selectors import parks_visible_to
from hrparks.policy.definition import OTHER_USE_CODE, PUBLICATION_DAY
from hrparks.policy.engine import check_dossier
from hrparks.policy.registry import get_policy
from hrparks.policy.selectors import park_eligibility
from hrparks.workdays.calendar import add_working_days, is_working_day

from . import workflow
from .models import (
    Application,
    ApplicationEvent,
    BranchProposal,
    ConflictDeclaration,
    Disbursement,
    Material,
    Objection,
    PanelDraw,
    PanelMember,
    PublicNotice,
    SiteVisit,
    Spending,
    Subsidy,
)
from .objections import check_objection_window, new_check_code, notice_contact, send_objection_decision
from .selectors import applications_visible_to, parks_open_for_declaration, people_to_notify

MAX_PANEL_SIZE = 25
BRANCH_CRITERIA = ("branch_parks", "floor_area")
# The city government's letter to the province (第六条（二）), kept with the application's materials.
CITY_LETTER_CODE = "city_government_letter"


class AlreadyHandled(Exception):
    """The application is no longer in the state the actor was shown: someone else acted first."""

    def __init__(self, application: Application):
        self.application = application
        super().__init__(
            _("Already handled: this application is now “%(state)s”. Nothing was changed.")
            % {"state": application.state_info.label}
        )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 3 → 30 Nov)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_role(actor, roles) -> None:
    if not actor.is_authenticated or actor.role not in roles:
        raise PermissionDenied(_("Your role may not do this."))


def _lock(application: Application, actor) -> Application:
    """The application row, locked until the transaction ends, if the actor may see it. The audit
    chain is locked first: every audited write takes it, so taking it before the row keeps one lock
    order for all transactions (no deadlock between a transition and another audited write)."""
    lock_chain()
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("park__jurisdiction")
        .filter(pk=application.pk, pk__in=applications_visible_to(actor).values("pk"))
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("This application is not in your scope."))
    return locked


def _json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(
    application: Application,
    action: str,
    *,
    actor,
    comment: str = "",
    data=None,
    from_state=None,
    to_state=None,
    material=None,
) -> ApplicationEvent:
    """The history row and the audit event of one step; a step that is not a transition records the
    state it happened in as both `from_state` and `to_state`."""
    from_state = application.state if from_state is None else from_state
    to_state = application.state if to_state is None else to_state
    data = {key: _json(value) for key, value in (data or {}).items()}
    event = ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        data=data,
        material=material,
    )
    # The audit entry names the step; bulky attachments (the submitted dossier) stay in the history row.
    scalars = {key: value for key, value in data.items() if not isinstance(value, (dict, list))}
    record_event(
        f"application.{action}", application, data={"from": from_state, "to": to_state, **scalars}, actor=actor
    )
    return event


def _notify_step(event_id: int) -> None:
    """After commit: tell the people who must act next, and the applicant, what happened."""
    event = ApplicationEvent.objects.select_related("application__park__jurisdiction", "actor").get(pk=event_id)
    application = event.application
    # Stored texts are in the platform's default language (Chinese); the e-mail is sent from them.
    # Recipients and text follow the state the step led to, even if the application has moved on since.
    state = workflow.STATES[event.to_state]
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(park)s: %(step)s — now “%(state)s”.") % {
            "park": application.park.name,
            "step": workflow.step_label(event.action),
            "state": state.public_label,
        }
        if event.comment and workflow.gives_reasons(event.action):
            text = " ".join((text, _("Reasons: %(reasons)s") % {"reasons": event.comment}))
    notify(
        people_to_notify(application, state.code, exclude=event.actor),
        text=text,
        link=reverse("applications:detail", kwargs={"pk": application.pk}),
        application=application,
    )


# --- Transitions ----------------------------------------------------------------------------------


def transition_spec(application: Application, name: str) -> workflow.Transition:
    """The transition of that name in the application's workflow, or ValidationError."""
    found = workflow.TRANSITIONS.get(name)
    if found is None or found[0].kind != application.kind:
        raise ValidationError(_("Unknown step “%(name)s”.") % {"name": name}, code=Refusal.INVALID)
    return found[1]


def _clean_fields(transition: workflow.Transition, data: dict) -> dict:
    values, errors = {}, {}
    for field in transition.fields:
        value = data.get(field.name)
        if isinstance(value, str):
            value = value.strip()
        if field.required and value in (None, ""):
            errors[field.name] = ValidationError(
                _("%(field)s is required.") % {"field": field.label}, code=Refusal.REASON_REQUIRED
            )
        elif field.kind == "line" and isinstance(value, str) and len(value) > field.max_length:
            errors[field.name] = ValidationError(
                _("%(field)s: at most %(count)s characters.") % {"field": field.label, "count": field.max_length},
                code=Refusal.INVALID,
            )
        elif field.kind == "file" and value is not None:
            try:
                check_upload(value)
            except ValidationError as error:
                errors[field.name] = ValidationError(error.messages, code=Refusal.INVALID)
        values[field.name] = value
    if errors:
        raise ValidationError(errors)
    return values


def perform_transition(
    application: Application, name: str, *, actor, expected_state: str, data: dict | None = None, today=None
) -> Application:
    """Take one step of the workflow table (see the module docstring)."""
    transition = transition_spec(application, name)
    _require_role(actor, transition.roles)
    if transition.batch:
        raise ValidationError(_("This step is taken from the recommendation list."), code=Refusal.WRONG_STATE)
    with transaction.atomic():
        locked = _lock(application, actor)
        _check_expected_state(locked, transition, expected_state)
        values = _clean_fields(transition, data or {})
        return _apply(locked, transition, actor=actor, values=values, today=_today(today))


def _check_expected_state(application: Application, transition: workflow.Transition, expected_state: str) -> None:
    if application.state != expected_state or application.state not in transition.sources:
        raise AlreadyHandled(application)


def _apply(application, transition, *, actor, values: dict, today: date, extra: dict | None = None) -> Application:
    for check in transition.checks:
        CHECKS[check](application, values, today)
    effect = EFFECTS.get(transition.name)
    data = {**values, **(extra or {}), **(effect(application, values, actor, today) if effect else {})}
    material = data.pop("material", None)  # a document the step itself produced (the city's letter)
    files = {field.name for field in transition.fields if field.kind == "file"}
    from_state = application.state
    application.state = transition.target
    application.state_entered_at = timezone.now()
    application.save()
    comment = values.get("comment") or values.get("reasons") or ""
    event = _record(
        application,
        transition.name,
        actor=actor,
        comment=comment,
        data={k: v for k, v in data.items() if k not in ("comment", "reasons", *files)},
        from_state=from_state,
        to_state=application.state,
        material=material,
    )
    transaction.on_commit(partial(_notify_step, event.pk))
    return application


# Checks: each raises ValidationError with what is wrong and, where there is one, the date it will be right.


def _check_materials_complete(application, values, today) -> None:
    uploaded = set(application.materials.values_list("code", flat=True))
    missing = [m for m in get_policy(application.policy_id).required_materials if m.code not in uploaded]
    if missing:
        raise ValidationError(
            _("Required materials are missing: %(missing)s.")
            % {"missing": "；".join(f"{m.label}（{m.article}）" for m in missing)},
            code=Refusal.MATERIALS_INCOMPLETE,
        )


def _check_reapply_wait(application, values, today) -> None:
    _refuse_within_wait(application.park_id, today)


def reapply_from(decided_on: date, policy) -> date:
    """The first day a park not passed on `decided_on` may apply again: "间隔3个月后可再次申报" (第六条（四）),
    counted from the decision (docs/decisions.md). The refusal letter prints the date this gives."""
    return add_months(decided_on, policy.procedure.reapply_wait_months)


def _refuse_within_wait(park_id: int, today: date) -> None:
    refusal = (
        Application.objects.filter(
            park_id=park_id, kind=workflow.Kind.DESIGNATION, state="not_passed", reapply_from__gt=today
        )
        .order_by("-reapply_from")
        .first()
    )
    if refusal is not None:
        raise ValidationError(
            _(
                "The park was not passed on %(decided)s; it may apply again from %(date)s "
                "(%(months)s months after the decision, 第六条（四）)."
            )
            % {
                "decided": refusal.decided_on,
                "date": refusal.reapply_from,
                "months": get_policy(refusal.policy_id).procedure.reapply_wait_months,
            },
            code=Refusal.REAPPLY_WAIT,
        )


def _open_application_error(park: Park) -> ValidationError:
    return ValidationError(
        _("%(park)s already has an open application.") % {"park": park}, code=Refusal.OPEN_APPLICATION
    )


def _check_one_open_application(park: Park) -> None:
    if Application.objects.filter(park=park, state__in=workflow.ACTIVE_STATES).exists():
        raise _open_application_error(park)


def _check_reviews_complete(application, values, today) -> None:
    pending = [
        m.expert.display_name
        for m in application.panel_members.filter(reviewed_at__isnull=True).select_related("expert")
    ]
    if pending:
        raise ValidationError(
            _("Waiting for the reviews of: %(experts)s.") % {"experts": "、".join(pending)},
            code=Refusal.REVIEWS_MISSING,
        )
    if not application.panel_members.exists():
        raise ValidationError(_("No expert panel has been drawn."), code=Refusal.REVIEWS_MISSING)


def _check_site_visit_recorded(application, values, today) -> None:
    # 第六条: "实地评估" is one of the four stages; the evaluation cannot conclude without it.
    if not application.site_visits.exclude(participants=[]).exists():
        raise ValidationError(
            _("The site visit (实地评估) has not been recorded with its date and participants."),
            code=Refusal.SITE_VISIT_MISSING,
        )


def _check_criteria_met(application, values, today) -> None:
    """第五条 "原则上应符合以下条件": a condition that fails stands in the way until the province waives it
    for this application with a written reason. A criterion only people can judge (`review`) is settled
    by the expert evaluation itself: passing the evaluation is that judgement (docs/decisions.md)."""
    failing = park_eligibility(application.park, application).failing
    if failing:
        raise ValidationError(
            _("Conditions not met and not waived: %(criteria)s.")
            % {"criteria": "；".join(f"{r.article} {r.criterion.text}（{r.detail}）" for r in failing)},
            code=Refusal.NOT_ELIGIBLE,
            params={"criteria": [result.id for result in failing]},
        )


def _grant_exists_error(park: Park) -> ValidationError:
    return ValidationError(
        _("%(park)s has already received the one-off grant (第六条（四）).") % {"park": park},
        code=Refusal.GRANT_EXISTS,
    )


def _check_grant_once(application, values, today) -> None:
    # "给予一次性100万元补助资金": once per park, whatever happened to an earlier designation.
    if Subsidy.objects.filter(park_id=application.park_id).exists():
        raise _grant_exists_error(application.park)


def _current_notice(application) -> PublicNotice:
    notice = application.public_notices.order_by("-published_on", "-id").first()
    if notice is None:
        raise ValidationError(_("The application has not been on a public notice."), code=Refusal.WRONG_STATE)
    return notice


def _check_notice_ended(application, values, today) -> None:
    notice = _current_notice(application)
    if today <= notice.end_date:
        raise ValidationError(
            _("The public notice runs until %(end)s; the designation can be approved from %(next)s.")
            % {"end": notice.end_date, "next": date.fromordinal(notice.end_date.toordinal() + 1)},
            code=Refusal.NOTICE_RUNNING,
        )


def _check_objections_cleared(application, values, today) -> None:
    objections = application.objections.filter(notice=_current_notice(application))
    unresolved = objections.filter(upheld__isnull=True).count()
    if unresolved:
        raise ValidationError(
            _("%(count)s objection(s) are not yet verified; the designation waits for them.") % {"count": unresolved},
            code=Refusal.OBJECTION_PENDING,
        )
    if objections.filter(upheld=True).exists():
        raise ValidationError(
            _("An objection was upheld: take the application back to evaluation or decide that it did not pass."),
            code=Refusal.OBJECTION_UPHELD,
        )


def _check_objection_upheld(application, values, today) -> None:
    if not application.objections.filter(notice=_current_notice(application), upheld=True).exists():
        raise ValidationError(_("No objection to this application was upheld."), code=Refusal.WRONG_STATE)


def _check_branch_criteria(application, values, today) -> None:
    proposal = application.branch_proposal
    flagged = []
    for criterion in proposal.check_report.get("criteria", []):
        if criterion["id"] not in BRANCH_CRITERIA or criterion["status"] != "fail":
            continue
        if not criterion.get("in_principle"):
            raise ValidationError(
                _("The branch park cannot be approved: %(article)s %(detail)s")
                % {"article": criterion["article"], "detail": criterion.get("detail", "")},
                code=Refusal.NOT_ELIGIBLE,
                params={"criteria": [criterion["id"]]},
            )
        flagged.append(criterion)
    if flagged and not values.get("waiver_reason"):
        raise ValidationError(
            {
                "waiver_reason": ValidationError(
                    _("A rule that applies “in principle” is not met (%(rules)s); give the reason to approve.")
                    % {"rules": "；".join(f"{c['article']} {c.get('detail', '')}" for c in flagged)},
                    code=Refusal.REASON_REQUIRED,
                )
            }
        )


CHECKS = {
    "materials_complete": _check_materials_complete,
    "reapply_wait": _check_reapply_wait,
    "reviews_complete": _check_reviews_complete,
    "site_visit_recorded": _check_site_visit_recorded,
    "criteria_met": _check_criteria_met,
    "grant_once": _check_grant_once,
    "notice_ended": _check_notice_ended,
    "objections_cleared": _check_objections_cleared,
    "objection_upheld": _check_objection_upheld,
    "branch_criteria": _check_branch_criteria,
}
assert set(CHECKS) == set(workflow.CHECKS), "every check of workflow.py is implemented"


# Effects: what a transition writes besides the state; each returns data for the history row.


def _on_submit(application, values, actor, today) -> dict:
    if application.submitted_at is None:
        application.submitted_at = timezone.now()
    from hrparks.documents.services import freeze_submission  # documents read this module: imported late

    freeze_submission(application)  # 附件3 prints what was submitted (第六条（一）)
    # What was submitted, kept with the history row: the dossier and the eligibility report of that moment.
    return {
        "dossier": export_dossier(application.park),
        "eligibility": park_eligibility(application.park, application).as_dict(),
    }


def _on_recommend(application, values, actor, today) -> dict:
    application.recommendation_opinion = values["recommendation_opinion"]
    return {}


def _on_forward(application, values, actor, today) -> dict:
    if values["document_date"] > today:
        raise ValidationError(
            {
                "document_date": ValidationError(
                    _("The date of the letter cannot be in the future."), code=Refusal.INVALID
                )
            }
        )
    application.request_document_number = values["document_number"]
    application.request_document_date = values["document_date"]
    letter = _store_material(application, CITY_LETTER_CODE, values["city_letter"], actor=actor)
    return {"material": letter}


def _on_open_evaluation(application, values, actor, today) -> dict:
    draw = draw_panel(application, size=values["panel_size"], actor=actor)
    return {"panel_draw": draw.pk, "seed": draw.seed, "panel": draw.drawn}


def _on_shortlist(application, values, actor, today) -> dict:
    for field in ("evaluation_opinion", *(g.name for g in workflow.GUIDANCE)):
        setattr(application, field, values[field])
    return {}


def _on_refusal(application, values, actor, today) -> dict:
    if values.get("evaluation_opinion"):
        application.evaluation_opinion = values["evaluation_opinion"]
    application.rectification = values["rectification"]
    application.refusal_document_number = values.get("document_number") or ""
    application.decided_on = today
    application.reapply_from = reapply_from(today, get_policy(application.policy_id))
    return {"reapply_from": application.reapply_from}


def _on_city_decline(application, values, actor, today) -> dict:
    # The city's "no" ends the application; the measures set no waiting time for it (only for 未通过认定).
    application.decided_on = today
    return {}


def _on_reevaluate(application, values, actor, today) -> dict:
    # The panel evaluates again in the light of the upheld objection: every review is asked for anew.
    for member in application.panel_members.filter(reviewed_at__isnull=False):
        member.reviewed_at = None
        member.save(update_fields=["reviewed_at"])
    return {}


def _on_designate(application, values, actor, today) -> dict:
    notice = _current_notice(application)
    if not notice.end_date < values["document_date"] <= today:
        raise ValidationError(
            {
                "document_date": _(
                    "The approval must be dated after the public notice (%(end)s) and not in the future."
                )
                % {"end": notice.end_date}
            },
            code=Refusal.INVALID,
        )
    application.approval_document_number = values["document_number"]
    application.approval_date = values["document_date"]
    application.designated_name = values["designated_name"]
    application.decided_on = today
    designate_park(
        application.park,
        designated_name=values["designated_name"],
        document_number=values["document_number"],
        designated_on=values["document_date"],
        actor=actor,
    )
    policy = get_policy(application.policy_id)
    if not policy.procedure.subsidy_amount_cny:
        # A policy that pays no subsidy: designation without a grant (a grant is money, > 0 in the
        # database), so nothing is disbursed or accounted for (docs/decisions/h-china.md).
        return {}
    try:
        with transaction.atomic():  # the database's one-grant-per-park constraint, if two approvals race
            subsidy = Subsidy.objects.create(
                application=application,
                park=application.park,
                policy_id=policy.id,
                amount=Decimal(policy.procedure.subsidy_amount_cny),
            )
    except IntegrityError as exc:
        raise _grant_exists_error(application.park) from exc
    return {"subsidy": subsidy.pk, "subsidy_amount": subsidy.amount}


def _on_approve_branch(application, values, actor, today) -> dict:
    proposal = application.branch_proposal
    site = Site.objects.create(
        park=application.park,
        name=proposal.name,
        address=proposal.address,
        floor_area_m2=proposal.floor_area_m2,
        is_main=False,
        sort_order=(application.park.sites.aggregate(last=Max("sort_order"))["last"] or 0) + 1,
    )
    proposal.site = site
    proposal.save(update_fields=["site"])
    application.decided_on = today
    return {"site": site.pk}


def _on_refuse_branch(application, values, actor, today) -> dict:
    application.decided_on = today
    return {}


EFFECTS = {
    "submit": _on_submit,
    "recommend": _on_recommend,
    "forward": _on_forward,
    "decline_recommend": _on_city_decline,
    "decline_forward": _on_city_decline,
    "open_evaluation": _on_open_evaluation,
    "shortlist": _on_shortlist,
    "not_pass": _on_refusal,
    "refuse_after_objection": _on_refusal,
    "reevaluate": _on_reevaluate,
    "designate": _on_designate,
    "approve_branch": _on_approve_branch,
    "refuse_branch": _on_refuse_branch,
}
assert set(EFFECTS) <= set(workflow.TRANSITIONS)


# --- 申报: starting, editing and uploading ------------------------------------------------------------


def start_application(*, park: Park, park_type: str, actor, today=None) -> Application:
    """A new designation application (a draft) for one of the operator's parks."""
    _require_role(actor, workflow.DESIGNATION.creators)
    if not parks_visible_to(actor).filter(pk=park.pk).exists():
        raise PermissionDenied(_("This park is not in your scope."))
    _check_park_type(park_type)
    try:
        with transaction.atomic():
            locked_park = Park.objects.select_for_update().get(pk=park.pk)
            _check_may_apply(locked_park)
            _check_one_open_application(locked_park)
            _refuse_within_wait(locked_park.pk, _today(today))
            application = Application.objects.create(
                kind=workflow.Kind.DESIGNATION,
                park=locked_park,
                park_type=park_type,
                policy_id=get_policy().id,
                state=workflow.DESIGNATION.initial,
                created_by=actor,
            )
            _record(application, "created", actor=actor, from_state="")
    except IntegrityError as exc:  # two tabs creating at once: the database's partial unique index decides
        raise _open_application_error(park) from exc
    return application


def _check_may_apply(park: Park) -> None:
    """A designated park is designated once (its grant is one-off, 第六条（四）); a park under a rectification
    order (第十四条) is still a designated park and cannot apply anew."""
    if park.status == Park.Status.DESIGNATED:
        raise ValidationError(
            _("%(park)s is already a designated provincial park.") % {"park": park}, code=Refusal.ALREADY_DESIGNATED
        )
    if park.status == Park.Status.UNDER_RECTIFICATION:
        raise ValidationError(
            _("%(park)s is under a rectification order and cannot apply.") % {"park": park},
            code=Refusal.UNDER_RECTIFICATION,
        )


def _lock_editable(application: Application, actor) -> Application:
    _require_role(actor, workflow.DESIGNATION.creators)
    locked = _lock(application, actor)
    if not locked.is_editable:
        raise AlreadyHandled(locked)
    return locked


def _check_park_type(park_type: str) -> None:
    if park_type not in codes.ParkType.values:
        raise ValidationError(
            {"park_type": ValidationError(_("Choose a comprehensive or a specialized park."), code=Refusal.INVALID)}
        )


def change_park_type(application: Application, *, park_type: str, actor) -> Application:
    _check_park_type(park_type)
    with transaction.atomic():
        locked = _lock_editable(application, actor)
        locked.park_type = park_type
        locked.save(update_fields=["park_type", "updated_at"])
    return locked


def upload_material(application: Application, *, code: str, upload, actor) -> Material:
    """A new version of one material; earlier versions are kept."""
    policy = get_policy(application.policy_id)
    if code not in {m.code for m in policy.materials}:
        raise ValidationError(
            {"code": ValidationError(_("Unknown material “%(code)s”.") % {"code": code}, code=Refusal.INVALID)}
        )
    try:
        file_format = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": ValidationError(error.messages, code=Refusal.INVALID)}) from error
    with transaction.atomic():
        locked = _lock_editable(application, actor)
        material = _store_material(locked, code, upload, actor=actor, file_format=file_format)
        _record(
            locked,
            "material_uploaded",
            actor=actor,
            material=material,
            data={"code": code, "version": material.version},
        )
    return material


def _store_material(application: Application, code: str, upload, *, actor, file_format: str = "") -> Material:
    """A new version of one document of the application (a checked upload); earlier versions are kept."""
    last = application.materials.filter(code=code).aggregate(last=Max("version"))["last"] or 0
    return Material.objects.create(
        application=application,
        code=code,
        version=last + 1,
        file=upload,
        original_name=upload.name[:255],
        file_format=file_format or check_upload(upload),
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=actor,
    )


# --- 评估: the expert panel --------------------------------------------------------------------------


def pick_panel(eligible_ids: list[int], size: int, seed: str) -> list[int]:
    """The draw itself: reproducible from the seed and the eligible experts (taken in id order)."""
    return random.Random(seed).sample(sorted(eligible_ids), size)  # noqa: S311 — reproducible by design; the seed is random


def expert_pool(park: Park) -> tuple[list[int], list[dict]]:
    """The experts who may sit on a panel about `park`: the province's active experts less those of the
    park's jurisdiction and those who declared a conflict with it. Returns the eligible ids in id order
    and the exclusions (expert id, name, reason) — both recorded with every draw so it can be replayed.
    Used by designation panels and by centralized evaluations alike."""
    province_id = park.jurisdiction.province_id or park.jurisdiction_id
    experts = (
        User.objects.filter(role=Role.EXPERT, is_active=True)
        .filter(Q(jurisdiction__province_id=province_id) | Q(jurisdiction_id=province_id))
        .order_by("pk")
    )
    conflicted = set(ConflictDeclaration.objects.filter(park=park).values_list("expert_id", flat=True))
    eligible, exclusions = [], []
    for expert in experts:
        if expert.jurisdiction_id == park.jurisdiction_id:
            reason = "same_jurisdiction"
        elif expert.pk in conflicted:
            reason = "declared_conflict"
        else:
            eligible.append(expert.pk)
            continue
        exclusions.append({"expert": expert.pk, "name": expert.display_name, "reason": reason})
    return eligible, exclusions


def draw_panel(application: Application, *, size, actor) -> PanelDraw:
    """Draw the panel at random from the province's experts, leaving out those of the applicant's
    jurisdiction and those who declared a conflict with the park. Called inside open_evaluation."""
    if not isinstance(size, int) or not 1 <= size <= MAX_PANEL_SIZE:
        raise ValidationError(
            {
                "panel_size": ValidationError(
                    _("The panel needs between 1 and %(max)s experts.") % {"max": MAX_PANEL_SIZE}, code=Refusal.INVALID
                )
            }
        )
    eligible, exclusions = expert_pool(application.park)
    if len(eligible) < size:
        raise ValidationError(
            {
                "panel_size": ValidationError(
                    _(
                        "Only %(eligible)s experts are eligible (%(excluded)s excluded) for a panel of %(size)s; "
                        "nothing was drawn."
                    )
                    % {"eligible": len(eligible), "excluded": len(exclusions), "size": size},
                    code=Refusal.INVALID,
                )
            }
        )
    seed = secrets.token_hex(16)
    drawn = pick_panel(eligible, size, seed)
    draw = PanelDraw.objects.create(
        application=application,
        size=size,
        seed=seed,
        eligible=eligible,
        exclusions=exclusions,
        drawn=drawn,
        drawn_by=actor,
    )
    for expert_id in drawn:
        PanelMember.objects.create(application=application, expert_id=expert_id, draw=draw)
    return draw


def _lock_seat(application: Application, expert) -> tuple[Application, PanelMember]:
    _require_role(expert, {Role.EXPERT})
    locked = _lock(application, expert)
    if locked.state != "evaluating":
        raise AlreadyHandled(locked)
    return locked, PanelMember.objects.select_for_update().get(application=locked, expert=expert)


def submit_review(application: Application, *, expert, values: dict) -> PanelMember:
    """An expert's scores (1–5) of the policy's criteria that need judgement and of 第六条（三）'s necessity, feasibility and
    reasonableness, with comments and an opinion. It may be revised until the province decides."""
    with transaction.atomic():
        locked, seat = _lock_seat(application, expert)
        # Only the criteria that need judgement; the objective rules are the eligibility report's.
        criteria_ids = [c.id for c in get_policy(application.policy_id).judged_criteria]
        errors = {}
        scores = values.get("criterion_scores") or {}
        for criterion_id in criteria_ids:
            if scores.get(criterion_id) not in (1, 2, 3, 4, 5):
                errors[f"score_{criterion_id}"] = ValidationError(_("Give a score from 1 to 5."), code=Refusal.INVALID)
        for question in ("necessity", "feasibility", "reasonableness"):
            if values.get(f"{question}_score") not in (1, 2, 3, 4, 5):
                errors[f"{question}_score"] = ValidationError(_("Give a score from 1 to 5."), code=Refusal.INVALID)
        if not (values.get("opinion") or "").strip():
            errors["opinion"] = ValidationError(_("Write your opinion."), code=Refusal.REASON_REQUIRED)
        if errors:
            raise ValidationError(errors)
        seat.criterion_scores = {criterion_id: scores[criterion_id] for criterion_id in criteria_ids}
        for question in ("necessity", "feasibility", "reasonableness"):
            setattr(seat, f"{question}_score", values[f"{question}_score"])
            setattr(seat, f"{question}_comment", (values.get(f"{question}_comment") or "").strip())
        seat.opinion = values["opinion"].strip()
        seat.reviewed_at = timezone.now()
        seat.save()
        _record(locked, "review_submitted", actor=expert)
        if not locked.panel_members.filter(reviewed_at__isnull=True).exists():
            event = _record(locked, "reviews_complete", actor=expert)
            transaction.on_commit(partial(_notify_step, event.pk))
    return seat


def _clean_participants(participants) -> list[dict]:
    """参加人员: each person with a name and a unit; anything else is not a list of people."""
    people = []
    for person in participants or []:
        name = str((person or {}).get("name") or "").strip()
        unit = str((person or {}).get("unit") or "").strip()
        if not name or not unit:
            raise ValidationError(_("Give the name and the unit of every participant."), code=Refusal.INVALID)
        people.append({"name": name[:50], "unit": unit[:100]})
    if not people:
        raise ValidationError(_("List the participants."), code=Refusal.REASON_REQUIRED)
    return people


def record_site_visit(
    application: Application, *, visited_on: date, participants: list[dict], findings: str, actor, today=None
) -> SiteVisit:
    """实地评估 (第六条), recorded by an expert of the panel or the provincial bureau: its date, the people
    who took part (`participants`: [{"name": …, "unit": …}, …]) and the findings."""
    _require_role(actor, {Role.EXPERT, Role.PROVINCIAL_BUREAU})
    errors = {}
    if visited_on is None or visited_on > _today(today):
        errors["visited_on"] = ValidationError(
            _("Give the date of the visit (not in the future)."), code=Refusal.INVALID
        )
    try:
        participants = _clean_participants(participants)
    except ValidationError as error:
        errors["participants"] = error
    if not (findings or "").strip():
        errors["findings"] = ValidationError(_("Write the findings."), code=Refusal.REASON_REQUIRED)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(application, actor)
        if locked.state != "evaluating":
            raise AlreadyHandled(locked)
        visit = SiteVisit.objects.create(
            application=locked,
            visited_on=visited_on,
            participants=participants,
            findings=findings.strip(),
            recorded_by=actor,
        )
        _record(locked, "site_visit_recorded", actor=actor, data={"visited_on": visited_on})
    return visit


def declare_conflict(*, expert, park: Park, reason: str = "") -> ConflictDeclaration:
    _require_role(expert, {Role.EXPERT})
    if not parks_open_for_declaration(expert).filter(pk=park.pk).exists():
        raise ValidationError({"park": _("Choose a park of your province that is under application.")})
    try:
        with transaction.atomic():
            return ConflictDeclaration.objects.create(expert=expert, park=park, reason=(reason or "").strip()[:300])
    except IntegrityError as exc:
        raise ValidationError({"park": _("You have already declared a conflict with this park.")}) from exc


# --- 推荐名单, 公示 and 异议 ----------------------------------------------------------------------------


def notice_period(published_on: date, procedure) -> tuple[date, date]:
    """The first and last day of a notice published on `published_on`. 第六条（四） says "为期5个工作日的公示"
    and not when the count starts; the policy says (decisions.md): by default day 1 is the first working day
    after publication, so a notice published on a Friday runs from Monday."""
    days = procedure.public_notice_working_days
    if procedure.public_notice_first_day == PUBLICATION_DAY and is_working_day(published_on):
        return published_on, add_working_days(published_on, days - 1)
    return add_working_days(published_on, 1), add_working_days(published_on, days)


def publish_recommendation_list(
    *,
    applications,
    title: str,
    actor,
    contact_phone: str,
    contact_address: str,
    document_number: str = "",
    today=None,
) -> PublicNotice:
    """Publish the recommendation list: one public notice of the policy's number of working days for
    the chosen shortlisted applications, each of which moves to "in public notice". The telephone and
    address for objections are printed on the notice (第六条（四）: objections need somewhere to go)."""
    transition = workflow.TRANSITIONS["publish_notice"][1]
    _require_role(actor, transition.roles)
    today = _today(today)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Give the notice a title."), code=Refusal.REASON_REQUIRED)})
    contact = notice_contact(contact_phone, contact_address)
    if not applications:
        raise ValidationError(
            {"applications": ValidationError(_("Choose at least one application."), code=Refusal.REASON_REQUIRED)}
        )
    with transaction.atomic():
        locked = [_lock(application, actor) for application in sorted(applications, key=lambda a: a.pk)]
        for application in locked:
            _check_expected_state(application, transition, "shortlisted")
        policy_ids = {application.policy_id for application in locked}
        if len(policy_ids) > 1:
            raise ValidationError(
                _("Applications under different policies need separate notices."), code=Refusal.INVALID
            )
        start_date, end_date = notice_period(today, get_policy(policy_ids.pop()).procedure)
        notice = PublicNotice.objects.create(
            title=title[:200],
            document_number=(document_number or "").strip()[:100],
            policy_id=locked[0].policy_id,
            published_on=today,
            start_date=start_date,
            end_date=end_date,
            published_by=actor,
            **contact,
        )
        notice.applications.set(locked)
        record_event("public_notice.published", notice, data={"applications": [a.pk for a in locked]}, actor=actor)
        for application in locked:
            _apply(
                application,
                transition,
                actor=actor,
                values={},
                today=today,
                extra={"notice": notice.pk, "start_date": notice.start_date, "end_date": notice.end_date},
            )
    return notice


def file_objection(
    *,
    notice: PublicNotice,
    application: Application,
    name: str,
    contact: str,
    content: str,
    recorded_by=None,
    today=None,
) -> Objection:
    """Anyone may object while the notice runs, from its first to its last day (第六条（四）); the
    receipt number and the check code (`objection.check_code`, shown once, kept only hashed) are what
    the objector quotes to read the decision. `recorded_by` is the official who entered an objection
    received by letter or telephone."""
    today = _today(today)
    values = {"name": clean_name(name), "contact": (contact or "").strip(), "content": (content or "").strip()}
    errors = {
        field: [ValidationError(_("This field is required."), code=Refusal.REASON_REQUIRED)]
        for field, value in values.items()
        if not value
    }
    if values["contact"]:
        try:
            values["contact"] = validate_contact(values["contact"])
        except ValidationError as error:
            errors["contact"] = [ValidationError(message, code=Refusal.INVALID) for message in error.messages]
    if errors:
        raise ValidationError(errors)
    check_objection_window(notice, today)
    check_code, check_code_hash = new_check_code()
    with transaction.atomic():
        locked_notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
        if not locked_notice.applications.filter(pk=application.pk, state="in_notice").exists():
            raise ValidationError(
                {
                    "application": ValidationError(
                        _("This application is not in public notice."), code=Refusal.WRONG_STATE
                    )
                }
            )
        sequence = locked_notice.objections.count() + 1
        objection = Objection.objects.create(
            notice=locked_notice,
            application=application,
            receipt_number=f"YY{locked_notice.published_on:%Y%m%d}-{locked_notice.pk:03d}-{sequence:03d}",
            name=values["name"][:100],
            contact=values["contact"][:200],
            content=values["content"],
            check_code_hash=check_code_hash,
        )
        event = _record(
            application, "objection_filed", actor=recorded_by, data={"receipt_number": objection.receipt_number}
        )
        transaction.on_commit(partial(_notify_step, event.pk))
    objection.check_code = check_code
    return objection


def resolve_objection(objection: Objection, *, verification: str, upheld: bool, actor) -> Objection:
    """The province records how it verified an objection and whether it is upheld; the objector reads
    the decision and its reasons on the portal, and gets them by e-mail when they gave an address."""
    _require_role(actor, {Role.PROVINCIAL_BUREAU})
    if not (verification or "").strip():
        raise ValidationError(
            {
                "verification": ValidationError(
                    _("Describe how the objection was verified."), code=Refusal.REASON_REQUIRED
                )
            }
        )
    if upheld not in (True, False):
        raise ValidationError(
            {"upheld": ValidationError(_("Say whether the objection is upheld."), code=Refusal.REASON_REQUIRED)}
        )
    with transaction.atomic():
        application = _lock(objection.application, actor)
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.upheld is not None or application.state != "in_notice":
            raise AlreadyHandled(application)
        locked.verification = verification.strip()
        locked.upheld = upheld
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.save()
        event = _record(
            application,
            "objection_resolved",
            actor=actor,
            comment=locked.verification,
            data={"receipt_number": locked.receipt_number, "upheld": upheld},
        )
        transaction.on_commit(partial(_notify_step, event.pk))
        if is_email(locked.contact):
            transaction.on_commit(partial(send_objection_decision.enqueue, locked.pk))
    return locked


# --- 认定 and the subsidy ----------------------------------------------------------------------------


def designated_name_for(park: Park, *, park_type: str | None = None, policy=None) -> str:
    """The name of the approval: "设立XX市（州）省级产业园" (第六条（四）) by the policy's pattern for the park
    type it applies as; {place} is the city or prefecture (长白山管委会 → 长白山), {park} the park's own name
    (a specialized park is named apart from the city's comprehensive park). Editable by the province."""
    policy = policy or get_policy()
    pattern = policy.procedure.designated_name[park_type or park.park_type]
    place = park.jurisdiction.name.removesuffix("管委会")
    return pattern.format(place=place, park=park.name)


def designate_park(park: Park, *, designated_name: str, document_number: str, designated_on: date, actor=None) -> Park:
    """Make the park a designated provincial park: the status through the park lifecycle (its one
    way of changing, with history), then the approval's name, number and date."""
    from hrparks.evaluations.lifecycle import change_park_status

    with transaction.atomic():
        change_park_status(
            park,
            Park.Status.DESIGNATED,
            reason=_("Designated by the approval %(number)s (第六条（四）).") % {"number": document_number},
            document_number=document_number,
            actor=actor,
        )
        locked = Park.objects.select_for_update().get(pk=park.pk)
        locked.designated_name = designated_name
        locked.designation_document_number = document_number
        locked.designated_on = designated_on
        locked.save(update_fields=["designated_name", "designation_document_number", "designated_on", "updated_at"])
    return locked


def _money(value, field: str) -> Decimal:
    if (
        not isinstance(value, Decimal)
        or not value.is_finite()
        or value <= 0
        or value != value.quantize(Decimal("0.01"))
    ):
        raise ValidationError(
            {
                field: ValidationError(
                    _("Give a positive amount in yuan with at most two decimals."), code=Refusal.INVALID
                )
            }
        )
    return value


def _lock_subsidy(subsidy: Subsidy, actor, roles) -> Subsidy:
    _require_role(actor, roles)
    _lock(subsidy.application, actor)
    return Subsidy.objects.select_for_update().get(pk=subsidy.pk)


def record_disbursement(
    subsidy: Subsidy, *, amount: Decimal, paid_on: date, document_number: str = "", actor, today=None
) -> Disbursement:
    """Money paid out of the grant; the payments together never exceed it."""
    amount = _money(amount, "amount")
    if paid_on is None or paid_on > _today(today):
        raise ValidationError(
            {"paid_on": ValidationError(_("Give the date of payment (not in the future)."), code=Refusal.INVALID)}
        )
    with transaction.atomic():
        locked = _lock_subsidy(subsidy, actor, {Role.PROVINCIAL_BUREAU})
        paid = locked.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if paid + amount > locked.amount:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        _("Only ¥%(left)s of the ¥%(granted)s granted is still to be paid.")
                        % {"left": grouped(locked.amount - paid), "granted": grouped(locked.amount)},
                        code=Refusal.AMOUNT_EXCEEDS,
                    )
                }
            )
        disbursement = Disbursement.objects.create(
            subsidy=locked,
            amount=amount,
            paid_on=paid_on,
            document_number=(document_number or "").strip(),
            recorded_by=actor,
        )
        _record(locked.application, "subsidy_disbursed", actor=actor, data={"amount": amount, "paid_on": paid_on})
    return disbursement


def record_spending(
    subsidy: Subsidy, *, use: str, amount: Decimal, spent_on: date, description: str, actor, today=None
) -> Spending:
    """Money spent on one of the policy's permitted uses; spending never exceeds what was paid out."""
    amount = _money(amount, "amount")
    errors = {}
    if use not in {u.code for u in get_policy(subsidy.policy_id).procedure.spending_uses}:
        errors["use"] = ValidationError(
            _("The subsidy may only be spent on the uses the policy permits."), code=Refusal.INVALID
        )
    if spent_on is None or spent_on > _today(today):
        errors["spent_on"] = ValidationError(_("Give the date of spending (not in the future)."), code=Refusal.INVALID)
    if not (description or "").strip():
        # For the open use ("等", OTHER_USE_CODE) the description is what says that the use is of the kind.
        errors["description"] = ValidationError(
            _("Describe what the money was spent on.") if use != OTHER_USE_CODE else _("Describe the other use."),
            code=Refusal.REASON_REQUIRED,
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_subsidy(subsidy, actor, {Role.PARK_OPERATOR, Role.CITY_BUREAU})
        paid = locked.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        spent = locked.spendings.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if spent + amount > paid:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        _("Only ¥%(left)s of the ¥%(paid)s paid out is still unspent.")
                        % {"left": grouped(paid - spent), "paid": grouped(paid)},
                        code=Refusal.AMOUNT_EXCEEDS,
                    )
                }
            )
        spending = Spending.objects.create(
            subsidy=locked,
            use=use,
            amount=amount,
            spent_on=spent_on,
            description=description.strip()[:300],
            recorded_by=actor,
        )
        _record(locked.application, "subsidy_spent", actor=actor, data={"use": use, "amount": amount})
    return spending


# --- 分园区 -----------------------------------------------------------------------------------------


def check_branch_site(park: Park, *, name: str, address: str, floor_area_m2: float) -> dict:
    """The branch-park and floor-area criteria of the policy, run by the engine on the park's dossier
    with the proposed site added (report.as_dict() restricted to those criteria)."""
    dossier = export_dossier(park)
    dossier["sites"].append({"name": name, "address": address, "floor_area_m2": floor_area_m2, "main": False})
    policy = get_policy()
    report = check_dossier(dossier, policy).as_dict()
    in_principle = {c.id: c.in_principle for c in policy.criteria}
    report["criteria"] = [
        {**c, "in_principle": in_principle.get(c["id"], False)}
        for c in report["criteria"]
        if c["id"] in BRANCH_CRITERIA
    ]
    return report


def request_branch_park(*, park: Park, name: str, address: str, floor_area_m2, reasons: str, actor) -> Application:
    """The city bureau of a designated park asks the province for a branch park (第六条（四））."""
    _require_role(actor, workflow.BRANCH_PARK.creators)
    if not parks_visible_to(actor).filter(pk=park.pk).exists():
        raise PermissionDenied(_("This park is not in your scope."))
    if park.status != Park.Status.DESIGNATED:
        raise ValidationError(_("Only a designated provincial park can add a branch park."), code=Refusal.WRONG_STATE)
    errors = {}
    for field, value in (("name", name), ("address", address), ("reasons", reasons)):
        if not (value or "").strip():
            errors[field] = ValidationError(_("This field is required."), code=Refusal.REASON_REQUIRED)
    if not isinstance(floor_area_m2, (int, float)) or floor_area_m2 <= 0:
        errors["floor_area_m2"] = ValidationError(
            _("Give the building floor area in m² (greater than 0)."), code=Refusal.INVALID
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            locked_park = Park.objects.select_for_update().get(pk=park.pk)
            _check_one_open_application(locked_park)
            report = check_branch_site(
                locked_park, name=name.strip(), address=address.strip(), floor_area_m2=floor_area_m2
            )
            application = Application.objects.create(
                kind=workflow.Kind.BRANCH_PARK,
                park=locked_park,
                park_type=locked_park.park_type,
                policy_id=get_policy().id,
                state=workflow.BRANCH_PARK.initial,
                created_by=actor,
                submitted_at=timezone.now(),
            )
            BranchProposal.objects.create(
                application=application,
                name=name.strip(),
                address=address.strip(),
                floor_area_m2=floor_area_m2,
                reasons=reasons.strip(),
                check_report=report,
            )
            event = _record(application, "created", actor=actor, from_state="", data={"check": report})
            transaction.on_commit(partial(_notify_step, event.pk))
    except IntegrityError as exc:
        raise _open_application_error(park) from exc
    return application
