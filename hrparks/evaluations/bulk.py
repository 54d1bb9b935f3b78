"""Bulk work on a round (issue #15, item 8): draw the experts of every park of a centralized round in one
action, and remind the responsible party of the rows an official selects. Writes, each in one transaction;
a refused bulk action writes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role
from hrparks.audit.services import record_event
from hrparks.core.refusals import Refusal
from hrparks.notifications.services import notify

from . import reminders, services
from .models import EvaluationRound, ExpertDraw, ExpertSeat, RoundKind


def draw_experts_for_round(evaluation_round: EvaluationRound, *, size: int, actor) -> list[ExpertDraw]:
    """Draw `size` experts for every park of the round that has none yet, each park as
    services.draw_experts does (its exclusions, its own seed and record). All or nothing: when one park
    has too few eligible experts, no park is drawn and the refusal names that park."""
    services._require_province(actor, evaluation_round.province_id)
    if evaluation_round.kind != RoundKind.CENTRALIZED:
        raise ValidationError(_("Experts are drawn for a centralized evaluation only."), code=Refusal.WRONG_STATE)
    with transaction.atomic():
        services._lock_round(evaluation_round)
        waiting = list(
            evaluation_round.assessments.filter(seats__isnull=True)
            .select_related("park__jurisdiction", "round")
            .order_by("park__jurisdiction__sort_order", "park__name")
        )
        if not waiting:
            raise ValidationError(
                _("The experts of every park of this round have already been drawn."), code=Refusal.WRONG_STATE
            )
        draws = []
        for assessment in waiting:
            try:
                draws.append(services.draw_experts(assessment, size=size, actor=actor))
            except ValidationError as error:
                raise ValidationError(
                    {
                        "size": ValidationError(
                            _("%(park)s: %(reason)s Nothing was drawn for any park.")
                            % {"park": assessment.park.name, "reason": " ".join(error.messages)},
                            code=Refusal.INVALID,
                        )
                    }
                ) from error
        record_event(
            "evaluation.round_experts_drawn",
            evaluation_round,
            data={"size": size, "parks": [assessment.park_id for assessment in waiting]},
            actor=actor,
        )
    return draws


def remind_selected(evaluation_round: EvaluationRound, rows, *, actor) -> int:
    """Remind the responsible party of each selected row now: the city bureau of a self-evaluation being
    prepared, the experts who have not submitted their scores for a park. `rows` are the round's
    self-evaluations or assessments the actor sees (the view selects them through the list's scope).
    The automatic reminders are not used up. Returns how many people were told; settled rows are
    skipped, and when every selected row is settled nothing is sent (wrong_state)."""
    if actor is None or actor.role != Role.PROVINCIAL_BUREAU:
        raise PermissionDenied
    services._require_province(actor, evaluation_round.province_id)
    if evaluation_round.kind == RoundKind.SELF:
        items = [f"self_evaluation:{row.pk}" for row in rows]
    else:
        seats = ExpertSeat.objects.filter(assessment__in=[row.pk for row in rows], submitted_at__isnull=True)
        items = [f"seat:{pk}" for pk in seats.order_by("pk").values_list("pk", flat=True)]
    today = timezone.localdate()
    told, reminded = set(), []
    with transaction.atomic():
        for item in items:
            message = _reminder(item, today)
            if message is None:
                continue
            recipients, text, link, application = message
            recipients = [user for user in recipients if user != actor]
            notify(recipients, text=text, link=link, application=application)
            told.update(user.pk for user in recipients)
            reminded.append(item)
        if not reminded:
            raise ValidationError(_("Nothing to remind: every selected row is settled."), code=Refusal.WRONG_STATE)
        record_event(
            "evaluation.reminders_sent", evaluation_round, data={"items": reminded, "people": len(told)}, actor=actor
        )
    return len(told)


def _reminder(item: str, today):
    """The reminder text of the automatic pass for `item` (due soon, or overdue once its date passed)."""
    due = reminders.due_date_of(item)
    if due is None:
        return None
    kind = reminders.Kind.OVERDUE if due < today else reminders.Kind.DUE_SOON
    return reminders.message_in_default_language(item, kind)
