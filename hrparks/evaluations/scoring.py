"""The arithmetic of the centralized evaluation: weighted totals, averages and grades.

Totals are out of 100: an indicator contributes score / max_score × weight, and the weights of a
template add up to 100. Every figure is rounded half up to two decimals, as the notice prints it."""

from decimal import ROUND_HALF_UP, Decimal

from .models import Grade

TOTAL_WEIGHT = Decimal(100)
CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(scores: dict, indicators) -> Decimal:
    """Total of one expert's scores ({indicator id: score}) over the indicators of a template."""
    return rounded(sum((scores[i.pk] / i.max_score * i.weight for i in indicators), Decimal(0)))


def average(totals) -> Decimal | None:
    totals = list(totals)
    if not totals:
        return None
    return rounded(sum(totals, Decimal(0)) / len(totals))


def grade_points(grade: str, *, excellent_min: Decimal, qualified_min: Decimal) -> Decimal:
    """What a confirmed self-evaluation grade counts in a comprehensive score: the middle of the grade's
    band under the round's thresholds (优秀 [excellent_min, 100], 合格 [qualified_min, excellent_min),
    不合格 [0, qualified_min)). The city grades, it does not score; the middle keeps a grade that
    agrees with the experts' from moving the result out of their band (docs/decisions.md)."""
    low, high = {
        Grade.EXCELLENT: (excellent_min, TOTAL_WEIGHT),
        Grade.QUALIFIED: (qualified_min, excellent_min),
        Grade.UNQUALIFIED: (Decimal(0), qualified_min),
    }[grade]
    return rounded((low + high) / 2)


def grade_for(score: Decimal, *, excellent_min: Decimal, qualified_min: Decimal) -> str:
    """优秀 from excellent_min, 合格 from qualified_min, both boundaries included; 不合格 below."""
    if score >= excellent_min:
        return Grade.EXCELLENT
    if score >= qualified_min:
        return Grade.QUALIFIED
    return Grade.UNQUALIFIED
