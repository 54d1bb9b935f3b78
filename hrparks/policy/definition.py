"""A policy as immutable data: what a policy file (policies/*.yaml) says once it is loaded and validated.

Texts exist in Chinese and English; the unsuffixed attribute (`text`, `label`, `title`) is the one of
the active language."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.utils.translation import get_language


def _in_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def localized(text) -> str:
    """The active language's version of a {zh, en} text of a policy file."""
    return text["zh"] if _in_chinese() else text["en"]


def freeze(value: Any) -> Any:
    """Read-only copy of parsed YAML: mappings become MappingProxyType, lists become tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value


@dataclass(frozen=True)
class Criterion:
    id: str
    article: str
    text_zh: str
    text_en: str
    kind: str
    params: MappingProxyType
    # "原则上": the provincial bureau may waive the criterion for one application, with a written reason.
    in_principle: bool

    @property
    def waivable(self) -> bool:
        return self.in_principle

    @property
    def text(self) -> str:
        return self.text_zh if _in_chinese() else self.text_en


@dataclass(frozen=True)
class LabelledCode:
    code: str
    label_zh: str
    label_en: str

    @property
    def label(self) -> str:
        return self.label_zh if _in_chinese() else self.label_en


@dataclass(frozen=True)
class Material(LabelledCode):
    article: str
    required: bool


@dataclass(frozen=True)
class ContentItem(LabelledCode):
    article: str


OTHER_USE_CODE = "other"


@dataclass(frozen=True)
class Procedure:
    article: str
    public_notice_working_days: int
    reapply_wait_months: int
    subsidy_amount_cny: Decimal
    subsidy_uses: tuple[LabelledCode, ...]
    # The uses are examples ("等"): spending may also go to another use, described (OTHER_USE).
    subsidy_uses_open: bool
    # Name patterns by park type ("设立XX市（州）省级产业园"); {place} and {park}, see registry.DEFAULT_NAMES.
    designated_name: MappingProxyType
    # Day 1 of the notice (第六条（四） "为期5个工作日的公示" does not say): NEXT_WORKING_DAY or PUBLICATION_DAY.
    public_notice_first_day: str = "next_working_day"

    @property
    def spending_uses(self) -> tuple[LabelledCode, ...]:
        """The uses spending may be recorded under: the named ones, and "other" when the list is open."""
        if not self.subsidy_uses_open:
            return self.subsidy_uses
        return (*self.subsidy_uses, LabelledCode(OTHER_USE_CODE, "其他（须说明用途）", "Other (use described)"))


# Day 1 of a public notice (procedure.public_notice_first_day).
NEXT_WORKING_DAY = "next_working_day"  # the first working day after the day of publication
PUBLICATION_DAY = "publication_day"  # the day of publication itself, when it is a working day

# When a park designated during a cycle is first evaluated (evaluation.first_evaluation).
FIRST_FULL_YEAR = "first_full_year"  # from the first calendar year it holds the designation throughout
DESIGNATION_YEAR = "designation_year"  # already in the year of its designation


@dataclass(frozen=True)
class Evaluation:
    article: str
    self_evaluation_interval_years: int
    centralized_interval_years: int
    content_items: tuple[ContentItem, ...]
    # The comprehensive result of a centralized year (evaluation.comprehensive): the weights of the
    # confirmed self-evaluation and of the centralized score. A file without them keeps the behaviour
    # of the files written before: the centralized score alone.
    self_weight: Decimal = Decimal(0)
    centralized_weight: Decimal = Decimal(1)
    first_evaluation: str = DESIGNATION_YEAR


@dataclass(frozen=True)
class Target:
    article: str
    min_parks: int
    max_parks: int
    by_year: int


@dataclass(frozen=True)
class Policy:
    id: str
    version: int
    example: bool
    title_zh: str
    title_en: str
    document_number: str
    issuer_zh: str
    issuer_en: str
    issued_on: date
    effective_from: date
    effective_until: date | None
    jurisdiction_code: str
    notes_zh: str
    notes_en: str
    criteria: tuple[Criterion, ...]
    materials: tuple[Material, ...]
    procedure: Procedure
    evaluation: Evaluation
    target: Target

    @property
    def title(self) -> str:
        return self.title_zh if _in_chinese() else self.title_en

    @property
    def issuer(self) -> str:
        return self.issuer_zh if _in_chinese() else self.issuer_en

    @property
    def notes(self) -> str:
        return self.notes_zh if _in_chinese() else self.notes_en

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def judged_criteria(self) -> tuple[Criterion, ...]:
        """The criteria that need judgement (kind `review`): the experts score these; the others are
        decided by the eligibility report from the dossier (area, counts, shares …)."""
        return tuple(c for c in self.criteria if c.kind == "review")

    @property
    def required_materials(self) -> tuple[Material, ...]:
        return tuple(m for m in self.materials if m.required)
