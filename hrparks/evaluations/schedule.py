"""When evaluation rounds fall due (第十三条): every `self_evaluation_interval_years` for the
self-evaluation and every `centralized_interval_years` for the centralized evaluation, counted from
the policy's `effective_from`; a round opens on the anniversary of that date.

The measures set no time limit for filling in a self-evaluation or for scoring, nor grade
boundaries: the defaults below are the platform's, and the province changes them per round."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models import RoundKind

SELF_EVALUATION_WORKING_DAYS = 20
EXPERT_SCORING_WORKING_DAYS = 20
DEFAULT_EXCELLENT_MIN = Decimal(90)
DEFAULT_QUALIFIED_MIN = Decimal(60)


@dataclass(frozen=True)
class DueRound:
    kind: str
    year: int
    opens_on: date


def opening_date(policy, year: int) -> date:
    """The anniversary of the policy's entry into force in `year` (28 February for 29 February)."""
    start = policy.effective_from
    day = 28 if (start.month, start.day) == (2, 29) else start.day
    return date(year, start.month, day)


def kinds_due(policy, year: int) -> list[str]:
    elapsed = year - policy.effective_from.year
    if elapsed < 1:
        return []
    intervals = {
        RoundKind.SELF: policy.evaluation.self_evaluation_interval_years,
        RoundKind.CENTRALIZED: policy.evaluation.centralized_interval_years,
    }
    return [kind for kind, interval in intervals.items() if elapsed % interval == 0]


def rounds_due(policy, today: date) -> list[DueRound]:
    """The rounds of this year that should be open by `today` (earlier years' are not reopened)."""
    opens_on = opening_date(policy, today.year)
    if today < opens_on:
        return []
    return [DueRound(kind, today.year, opens_on) for kind in kinds_due(policy, today.year)]


def next_rounds(policy, today: date) -> list[DueRound]:
    """The next opening of each kind of round after `today`."""
    upcoming = {}
    year = today.year
    while len(upcoming) < len(RoundKind.values) and year <= today.year + 50:
        opens_on = opening_date(policy, year)
        if opens_on > today:
            for kind in kinds_due(policy, year):
                upcoming.setdefault(kind, DueRound(kind, year, opens_on))
        year += 1
    return sorted(upcoming.values(), key=lambda due: (due.opens_on, due.kind))
