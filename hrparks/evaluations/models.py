"""Comprehensive evaluation of designated parks (第十三条) and its outcomes (第十四条), and the park
lifecycle history.

A round is either the annual self-evaluation (自评: one form per designated park, filled in by the
city bureau and accepted or returned by the province) or the three-yearly centralized evaluation
(集中考评: experts score each park against an indicator template; grades follow from the round's
thresholds). Publishing a centralized round issues the evaluation notice (通报); an 优秀 park is
commended, a 不合格 park gets a rectification order. Park.status changes only through
lifecycle.change_park_status, which keeps a ParkStatusChange row for every change."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrparks.applications.models import RecordedDraw
from hrparks.parks.models import Park

MONEY = {"max_digits": 14, "decimal_places": 2}
SCORE = {"max_digits": 6, "decimal_places": 2}
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class RoundKind(models.TextChoices):
    SELF = "self", _("Annual self-evaluation")
    CENTRALIZED = "centralized", _("Centralized evaluation")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class Ground(models.TextChoices):
    """Why a park is ordered to rectify or loses its designation (第十四条)."""

    UNQUALIFIED = "unqualified", _("Unqualified in the comprehensive evaluation")
    POOR_OPERATION = "poor_operation", _("Poor operation")
    POOR_RESULTS = "poor_results", _("Poor results")
    NO_REAL_WORK = "no_real_work", _("No substantive work carried out")
    VIOLATION = "violation", _("Operation in violation of laws or regulations")
    OTHER_HARM = "other_harm", _("Other adverse effects")


class IndicatorTemplate(models.Model):
    """A reusable set of indicators for the centralized evaluation; its weights add up to 100."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("shipped with the platform"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("indicator template")
        verbose_name_plural = _("indicator templates")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """One scored indicator, under one content item of 第十三条 (the policy's content_items code).

    An expert gives 0…max_score; the indicator contributes score / max_score × weight to the total."""

    template = models.ForeignKey(
        IndicatorTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="indicators"
    )
    content_item = models.CharField(_("content item"), max_length=60)
    name = models.CharField(_("indicator"), max_length=300)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    max_score = models.DecimalField(_("maximum score"), **SCORE, validators=[MinValueValidator(1)])
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "sort_order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="indicator_weight_positive"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="indicator_max_score_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationRound(models.Model):
    province = models.ForeignKey(
        "parks.Jurisdiction", verbose_name=_("province"), on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    policy_id = models.CharField(_("policy"), max_length=60)
    opened_on = models.DateField(_("opened on"))
    # Self-evaluations are due by this date; in a centralized round, the experts' scores.
    due_date = models.DateField(_("due date"))
    # Empty when the round opened by itself on the date the policy sets.
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Centralized rounds only.
    template = models.ForeignKey(
        IndicatorTemplate,
        verbose_name=_("indicator template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
    )
    excellent_min = models.DecimalField(
        _("lowest score graded excellent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    qualified_min = models.DecimalField(
        _("lowest score graded qualified"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )

    class Meta:
        ordering = ["-year", "kind", "-id"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "year"],
                name="one_round_per_kind_and_year",
                violation_error_message=_("A round of this kind is already open for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(excellent_min__isnull=True)
                | models.Q(qualified_min__isnull=True)
                | models.Q(excellent_min__gt=models.F("qualified_min")),
                name="round_thresholds_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"

    @property
    def is_centralized(self) -> bool:
        return self.kind == RoundKind.CENTRALIZED

    @property
    def is_published(self) -> bool:
        return hasattr(self, "notice")


class SelfEvaluation(models.Model):
    """自评: a city bureau's report on one designated park for one year, on the five content items."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted to the province")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="self_evaluations"
    )
    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="self_evaluations")
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    resident_agencies = models.PositiveIntegerField(_("resident HR service agencies"), null=True, blank=True)
    revenue_cny = models.DecimalField(
        _("revenue of resident agencies (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    events_held = models.PositiveIntegerField(_("exchange and matchmaking events held"), null=True, blank=True)
    support_funds_paid_cny = models.DecimalField(
        _("support funds paid (yuan)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # {content item code: the city's account of it} for the five items of 第十三条（一）–（五）.
    item_reports = models.JSONField(_("reports on the content items"), default=dict, blank=True)
    # The grade the city proposes for its park, and the grade the province confirms on accepting the
    # self-evaluation (the same, or another with the reason in review_comment): the comprehensive
    # result of a year without a centralized evaluation (第十三条).
    proposed_grade = models.CharField(_("grade proposed by the city"), max_length=20, choices=Grade.choices, blank=True)
    confirmed_grade = models.CharField(
        _("grade confirmed by the province"), max_length=20, choices=Grade.choices, blank=True
    )

    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("province's comments"), blank=True)

    class Meta:
        ordering = ["round", "park__jurisdiction__sort_order", "park__name"]
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        constraints = [models.UniqueConstraint(fields=["round", "park"], name="one_self_evaluation_per_park")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.park} · {self.round.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ParkAssessment(models.Model):
    """One park in a centralized round: its expert panel, and its score and grade once published."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="assessments"
    )
    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="assessments")
    score = models.DecimalField(_("average score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["round", "park__jurisdiction__sort_order", "park__name"]
        verbose_name = _("park assessment")
        verbose_name_plural = _("park assessments")
        constraints = [models.UniqueConstraint(fields=["round", "park"], name="one_assessment_per_park")]

    def __str__(self) -> str:
        return f"{self.park} · {self.round}"


class ExpertDraw(RecordedDraw):
    """The draw of the experts who score one park in a centralized round (same pool and draw as the
    designation panels)."""

    assessment = models.ForeignKey(
        ParkAssessment, verbose_name=_("park assessment"), on_delete=models.CASCADE, related_name="draws"
    )
    size = models.PositiveSmallIntegerField(_("number of experts"))

    class Meta:
        ordering = ["assessment", "-drawn_at"]
        verbose_name = _("expert draw")
        verbose_name_plural = _("expert draws")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.drawn_at:%Y-%m-%d}"


class ExpertSeat(models.Model):
    """An expert assigned to score one park in a centralized round, and the total they gave."""

    assessment = models.ForeignKey(
        ParkAssessment, verbose_name=_("park assessment"), on_delete=models.CASCADE, related_name="seats"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="evaluation_seats"
    )
    draw = models.ForeignKey(
        ExpertDraw, verbose_name=_("draw"), on_delete=models.PROTECT, null=True, blank=True, related_name="seats"
    )
    opinion = models.TextField(_("expert opinion"), blank=True)
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [models.UniqueConstraint(fields=["assessment", "expert"], name="one_seat_per_expert_and_park")]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.assessment}"


class IndicatorScore(models.Model):
    seat = models.ForeignKey(
        ExpertSeat, verbose_name=_("expert assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), **SCORE, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["seat", "indicator__sort_order"]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.UniqueConstraint(fields=["seat", "indicator"], name="one_score_per_indicator"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="indicator_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class EvaluationNotice(models.Model):
    """通报: the published results of a centralized round (第十四条)."""

    round = models.OneToOneField(
        EvaluationRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="notice"
    )
    document_number = models.CharField(_("document number"), max_length=100)
    issued_on = models.DateField(_("date issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("evaluation notice")
        verbose_name_plural = _("evaluation notices")

    def __str__(self) -> str:
        return self.document_number


class Commendation(models.Model):
    """通报表扬 of an 优秀 park, and the policy support granted with it (第十四条)."""

    assessment = models.OneToOneField(
        ParkAssessment, verbose_name=_("park assessment"), on_delete=models.PROTECT, related_name="commendation"
    )
    notice = models.ForeignKey(
        EvaluationNotice, verbose_name=_("evaluation notice"), on_delete=models.PROTECT, related_name="commendations"
    )
    support_description = models.TextField(_("policy support granted"), blank=True)
    support_amount_cny = models.DecimalField(_("support amount (yuan)"), **MONEY, null=True, blank=True)
    support_recorded_at = models.DateTimeField(_("support recorded"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "assessment__park__name"]
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")

    def __str__(self) -> str:
        return str(self.assessment.park)


class Rectification(models.Model):
    """限期整改 / 责令整改: an order to rectify by a deadline, the city's report, the province's decision."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Rectification ordered")
        REPORTED = "reported", _("Rectification reported")
        ACCEPTED = "accepted", _("Rectification accepted")
        REVOKED = "revoked", _("Ended in revocation")

    OPEN_STATUSES = (Status.ORDERED, Status.REPORTED)

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="rectifications")
    # Set when the order follows from an 不合格 grade; empty for an order on other grounds.
    assessment = models.OneToOneField(
        ParkAssessment,
        verbose_name=_("park assessment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification",
    )
    ground = models.CharField(_("ground"), max_length=30, choices=Ground.choices)
    requirements = models.TextField(_("rectification requirements"))
    # The order's own 文号 (限期整改通知); empty while it has none (an order that an evaluation notice
    # made cites the notice's number, through its assessment).
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    ordered_on = models.DateField(_("ordered on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ORDERED)
    report = models.TextField(_("rectification report"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    decision_comment = models.TextField(_("province's decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-ordered_on", "-id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("ordered_on")), name="rectification_deadline_order"
            )
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.park} · {self.document_number}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Attachment(models.Model):
    """A file that backs a self-evaluation or a rectification report (PDF, Word, Excel or an image)."""

    self_evaluation = models.ForeignKey(
        SelfEvaluation,
        verbose_name=_("self-evaluation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    rectification = models.ForeignKey(
        Rectification,
        verbose_name=_("rectification"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="evaluations/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(self_evaluation__isnull=False, rectification__isnull=True)
                | models.Q(self_evaluation__isnull=True, rectification__isnull=False),
                name="attachment_belongs_to_one",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


EVENT_ACTIONS = {
    "self_evaluation_submitted": _("Submitted to the province"),
    "self_evaluation_accepted": _("Accepted by the province"),
    "self_evaluation_returned": _("Returned by the province"),
    "rectification_ordered": _("Rectification ordered"),
    "rectification_reported": _("Rectification reported"),
    "rectification_accepted": _("Rectification accepted"),
    "rectification_escalated": _("Escalated: designation revoked"),
}


class EvaluationEvent(models.Model):
    """One step in the life of a self-evaluation or a rectification (history, never overwritten)."""

    self_evaluation = models.ForeignKey(
        SelfEvaluation,
        verbose_name=_("self-evaluation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    rectification = models.ForeignKey(
        Rectification,
        verbose_name=_("rectification"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return EVENT_ACTIONS.get(self.action, self.action)


class ComprehensiveResult(models.Model):
    """综合考评结果 of one park for one year (第十三条, 第十四条): in a year without a centralized evaluation,
    the grade of the city's self-evaluation as the province confirmed it; in a centralized year, the
    self-evaluation and the centralized score combined as the policy says (evaluation.comprehensive)."""

    class Basis(models.TextChoices):
        SELF_EVALUATION = "self_evaluation", _("Self-evaluation confirmed by the province")
        COMBINED = "combined", _("Self-evaluation and centralized evaluation combined")
        CENTRALIZED = "centralized", _("Centralized evaluation (no accepted self-evaluation)")

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="comprehensive_results"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    # Centralized years only: the combined score out of 100.
    score = models.DecimalField(_("comprehensive score"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_evaluation = models.OneToOneField(
        SelfEvaluation,
        verbose_name=_("self-evaluation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comprehensive_result",
    )
    assessment = models.OneToOneField(
        ParkAssessment,
        verbose_name=_("park assessment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comprehensive_result",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering = ["park", "-year"]
        verbose_name = _("comprehensive evaluation result")
        verbose_name_plural = _("comprehensive evaluation results")
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="one_comprehensive_result_per_year")]

    def __str__(self) -> str:
        return f"{self.park} · {self.year}: {self.get_grade_display()}"


class ParkStatusChange(models.Model):
    """Every change of Park.status (designated, under rectification, revoked), with why and by whom."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("from status"), max_length=30, choices=Park.Status.choices)
    to_status = models.CharField(_("to status"), max_length=30, choices=Park.Status.choices)
    ground = models.CharField(_("ground"), max_length=30, choices=Ground.choices, blank=True)
    reason = models.TextField(_("reason"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["park", "changed_at", "id"]
        verbose_name = _("park status change")
        verbose_name_plural = _("park status changes")

    def __str__(self) -> str:
        return f"{self.park}: {self.from_status} → {self.to_status}"


class Reminder(models.Model):
    """A reminder that was sent: one per item (``selfevaluation:12``) and kind, never two."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    item = models.CharField(_("item"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["item", "kind"], name="one_reminder_per_item_and_kind")]

    def __str__(self) -> str:
        return f"{self.item} · {self.kind}"
