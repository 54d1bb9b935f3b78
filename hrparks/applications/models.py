"""Applications for designation as a provincial park (第六条) and for branch parks, with everything
the procedure produces: materials, history, expert panels, public notices, objections, subsidies.

The states and transitions live in workflow.py; every state change is an ApplicationEvent row."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrparks.core.personal import PersonNameField
from hrparks.core.templatetags.money import yuan
from hrparks.parks import codes

from .workflow import ACTIVE_STATES, STATES, WORKFLOWS, Kind, State, Workflow


class Application(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DESIGNATION)
    park = models.ForeignKey(
        "parks.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="applications"
    )
    park_type = models.CharField(_("park type"), max_length=20, choices=codes.ParkType.choices)
    policy_id = models.CharField(_("policy"), max_length=60)
    state = models.CharField(_("state"), max_length=40, db_index=True)
    state_entered_at = models.DateTimeField(_("in this state since"), default=timezone.now)
    # First submission to the authorities; officials see an application from then on.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # 审核 and 转报 (第六条（二）).
    recommendation_opinion = models.TextField(_("recommendation opinion"), blank=True)
    request_document_number = models.CharField(_("application letter number"), max_length=100, blank=True)
    request_document_date = models.DateField(_("application letter date"), null=True, blank=True)

    # 评估 (第六条（三）).
    evaluation_opinion = models.TextField(_("evaluation opinion"), blank=True)
    guidance_planning = models.TextField(_("guidance on the construction plan"), blank=True)
    guidance_operating_model = models.TextField(_("guidance on the operation and management model"), blank=True)
    guidance_support_policies = models.TextField(_("guidance on support policies"), blank=True)
    guidance_safeguards = models.TextField(_("guidance on supporting safeguards"), blank=True)

    # 认定 or 未通过 (第六条（四）).
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    rectification = models.TextField(_("rectification requirements"), blank=True)
    reapply_from = models.DateField(_("may apply again from"), null=True, blank=True)
    refusal_document_number = models.CharField(_("refusal letter number"), max_length=100, blank=True)
    approval_document_number = models.CharField(_("approval document number"), max_length=100, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    designated_name = models.CharField(_("designated name"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["park"],
                condition=models.Q(state__in=sorted(ACTIVE_STATES)),
                name="one_active_application_per_park",
                violation_error_message=_("This park already has an open application."),
            )
        ]
        indexes = [models.Index(fields=["park", "state"])]

    def __str__(self) -> str:
        return f"{self.park} · {self.get_kind_display()} #{self.pk}"

    @property
    def workflow(self) -> Workflow:
        return WORKFLOWS[self.kind]

    @property
    def state_info(self) -> State:
        return STATES[self.state]

    @property
    def is_editable(self) -> bool:
        """The applicant may change materials and dossier only before submission or after a return."""
        return self.state in ("draft", "returned")


class ApplicationEvent(models.Model):
    """One step in the life of an application: a transition (from → to) or another recorded act."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    material = models.ForeignKey(
        "Material", verbose_name=_("document"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class Material(models.Model):
    """One uploaded version of one application material (第六条（一）1–6); older versions are kept."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="materials"
    )
    code = models.CharField(_("material"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="applications/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["application", "code", "-version"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(fields=["application", "code", "version"], name="one_material_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"


class BranchProposal(models.Model):
    """The site a branch-park request proposes (第六条（四）), and the site it became when approved."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="branch_proposal"
    )
    name = models.CharField(_("site name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    floor_area_m2 = models.FloatField(_("building floor area (m²)"), validators=[MinValueValidator(0.01)])
    reasons = models.TextField(_("reasons"))
    # The branch-park and floor-area criteria checked on the dossier with this site (report.as_dict()).
    check_report = models.JSONField(_("check result"), default=dict, blank=True)
    site = models.OneToOneField(
        "parks.Site",
        verbose_name=_("site"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branch_proposal",
    )

    class Meta:
        verbose_name = _("branch park proposal")
        verbose_name_plural = _("branch park proposals")

    def __str__(self) -> str:
        return self.name


class RecordedDraw(models.Model):
    """A random draw of experts, recorded so that it can be reproduced: the same seed and the same
    eligible pool (in id order) give the same experts (services.expert_pool, services.pick_panel).
    Designation panels and centralized-evaluation draws both keep these fields."""

    seed = models.CharField(_("seed"), max_length=40)
    eligible = models.JSONField(_("eligible experts (ids)"), default=list)
    exclusions = models.JSONField(_("excluded experts"), default=list)
    drawn = models.JSONField(_("drawn experts (ids)"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now)

    class Meta:
        abstract = True


class PanelDraw(RecordedDraw):
    """The draw of the expert panel that evaluates one application (第六条（三）)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="panel_draws"
    )
    size = models.PositiveSmallIntegerField(_("panel size"))

    class Meta:
        ordering = ["application", "-drawn_at"]
        verbose_name = _("panel draw")
        verbose_name_plural = _("panel draws")

    def __str__(self) -> str:
        return f"{self.application_id} · {self.drawn_at:%Y-%m-%d}"


# Why an expert of the pool was left out of a draw (PanelDraw.exclusions[].reason).
EXCLUSION_REASONS = {
    "same_jurisdiction": _("from the applicant's jurisdiction"),
    "declared_conflict": _("declared a conflict of interest with the park"),
}

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class PanelMember(models.Model):
    """An expert drawn onto the panel that evaluates one application (第六条（三）), and their review."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="panel_members"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="panel_seats"
    )
    draw = models.ForeignKey(
        PanelDraw, verbose_name=_("draw"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    # Scores 1–5: one per criterion of the policy ({criterion id: score}) and the three questions of 第六条（三）.
    criterion_scores = models.JSONField(_("criterion scores"), default=dict, blank=True)
    necessity_score = models.PositiveSmallIntegerField(_("necessity"), null=True, validators=SCORE_VALIDATORS)
    necessity_comment = models.TextField(_("on necessity"), blank=True)
    feasibility_score = models.PositiveSmallIntegerField(_("feasibility"), null=True, validators=SCORE_VALIDATORS)
    feasibility_comment = models.TextField(_("on feasibility"), blank=True)
    reasonableness_score = models.PositiveSmallIntegerField(_("reasonableness"), null=True, validators=SCORE_VALIDATORS)
    reasonableness_comment = models.TextField(_("on reasonableness"), blank=True)
    opinion = models.TextField(_("expert opinion"), blank=True)
    reviewed_at = models.DateTimeField(_("review submitted"), null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="one_seat_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.application_id}"


class SiteVisit(models.Model):
    """实地评估: the panel's visit to the park (第六条（三）)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="site_visits"
    )
    visited_on = models.DateField(_("date of visit"))
    # 参加人员: [{"name": …, "unit": …}, …]; rows recorded as free text before are one entry per line
    # with the line as the name (migration 0004).
    participants = models.JSONField(pgettext_lazy("site visit", "participants"), default=list)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["application", "visited_on", "id"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self) -> str:
        return f"{self.application_id} · {self.visited_on}"


class ConflictDeclaration(models.Model):
    """An expert's declaration of a conflict of interest with a park; the panel draw excludes them."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    park = models.ForeignKey("parks.Park", verbose_name=_("park"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("nature of the conflict"), max_length=300, blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        ordering = ["expert", "-declared_at"]
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [models.UniqueConstraint(fields=["expert", "park"], name="one_declaration_per_park")]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.park}"


class PublicNotice(models.Model):
    """公示 of a recommendation list (第六条（四）)."""

    title = models.CharField(_("title"), max_length=200)
    policy_id = models.CharField(_("policy"), max_length=60)
    published_on = models.DateField(_("published"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    # Where objections go besides the portal (第六条（四）): printed on the notice and shown on the portal.
    contact_phone = models.CharField(_("telephone for objections"), max_length=50)
    contact_address = models.CharField(_("address for objections"), max_length=200)
    applications = models.ManyToManyField(Application, verbose_name=_("applications"), related_name="public_notices")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("publication time"), default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="notice_dates_order")
        ]

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    """异议 filed against an application on a public notice, and how the province verified it."""

    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("public notice"), on_delete=models.PROTECT, related_name="objections"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="objections"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
    name = PersonNameField(_("name"), max_length=100)
    contact = models.CharField(_("contact"), max_length=200)
    # The second secret of the portal's look-up, shown once at filing: the receipt numbers follow each
    # other, so the number alone would let anyone read every decision.
    check_code_hash = models.CharField(_("check code (hashed)"), max_length=128, blank=True, editable=False)
    content = models.TextField(_("objection"))
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    verification = models.TextField(_("how it was verified"), blank=True)
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "filed_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return self.receipt_number


MONEY = {"max_digits": 14, "decimal_places": 2}


class Subsidy(models.Model):
    """The one-off subsidy granted with a designation (第六条（四）), earmarked for the policy's uses."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="subsidy"
    )
    park = models.ForeignKey("parks.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="subsidies")
    policy_id = models.CharField(_("policy"), max_length=60)
    amount = models.DecimalField(_("amount granted (yuan)"), **MONEY)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="subsidy_amount_positive"),
            # "一次性100万元" (第六条（四）): one grant per park, ever.
            models.UniqueConstraint(
                fields=["park"],
                name="one_off_grant_per_park",
                violation_error_message=_("This park has already received its one-off grant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.park} · {yuan(self.amount)}"


class Disbursement(models.Model):
    subsidy = models.ForeignKey(
        Subsidy, verbose_name=_("subsidy"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("date paid"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["subsidy", "paid_on", "id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self) -> str:
        return f"{yuan(self.amount)} · {self.paid_on}"


class Spending(models.Model):
    subsidy = models.ForeignKey(Subsidy, verbose_name=_("subsidy"), on_delete=models.PROTECT, related_name="spendings")
    use = models.CharField(_("use"), max_length=40)  # a code of the policy's procedure.spending_uses
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    spent_on = models.DateField(_("date spent"))
    description = models.CharField(_("description"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["subsidy", "spent_on", "id"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending records")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="spending_positive")]

    def __str__(self) -> str:
        return f"{self.use} {yuan(self.amount)} · {self.spent_on}"
