"""Parks, their sites and resident enterprises, and what 第七条–第十二条 ask a park to keep."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrparks.core.personal import PersonNameField

from . import codes
from .uscc import uscc_error


class Jurisdiction(models.Model):
    """A province, or a city-level unit under it (市、自治州、管委会、省直管市).

    Provinces are the roots; a provincial bureau user belongs to a province and sees its cities.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City-level jurisdiction")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cities",
        limit_choices_to={"kind": "province"},
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return self.name


class Park(models.Model):
    class Status(models.TextChoices):
        NOT_DESIGNATED = "not_designated", _("Not designated")
        DESIGNATED = "designated", _("Designated provincial park")
        UNDER_RECTIFICATION = "under_rectification", _("Under rectification")
        REVOKED = "revoked", _("Designation revoked")

    name = models.CharField(_("park name"), max_length=200)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="parks"
    )
    park_type = models.CharField(_("park type"), max_length=20, choices=codes.ParkType.choices)
    location_kind = models.CharField(_("location"), max_length=40, choices=codes.LocationKind.choices)
    municipal_park_recognized = models.BooleanField(_("recognized as a municipal-level park"), default=False)

    management_body_kind = models.CharField(
        _("management body kind"), max_length=30, choices=codes.ManagementBodyKind.choices
    )
    management_body_name = models.CharField(_("management body"), max_length=200)
    staff_count = models.PositiveIntegerField(_("dedicated staff"), default=0)
    has_management_rules = models.BooleanField(_("has management and operation rules"), default=False)

    # Lists of codes from parks.codes; kept as JSON so that the same model works on SQLite and PostgreSQL.
    public_services = models.JSONField(_("public services"), default=list, blank=True)
    supporting_services = models.JSONField(_("supporting services"), default=list, blank=True)
    declared_materials = models.JSONField(_("attached materials (declared)"), default=list, blank=True)

    description = models.TextField(_("description"), blank=True)
    contact_person = PersonNameField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NOT_DESIGNATED, db_index=True
    )
    designated_name = models.CharField(_("designated name"), max_length=200, blank=True)
    designation_document_number = models.CharField(_("designation document number"), max_length=100, blank=True)
    designated_on = models.DateField(_("designation date"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["jurisdiction__sort_order", "name", "id"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="park_name_unique_per_jurisdiction",
                violation_error_message=_("A park of this name already exists in this jurisdiction."),
            )
        ]
        indexes = [models.Index(fields=["jurisdiction", "park_type", "status"])]

    def __str__(self) -> str:
        return self.name


def validate_positive(value) -> None:
    if value is not None and value <= 0:
        raise ValidationError(_("Must be greater than 0."), code="not_positive")


def validate_not_negative(value) -> None:
    if value is not None and value < 0:
        raise ValidationError(_("Must not be negative."), code="negative")


class Site(models.Model):
    """A site of a park: the main park or a branch park (分园区)."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("site name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    floor_area_m2 = models.FloatField(_("building floor area (m²)"), validators=[validate_positive])
    usable_area_m2 = models.FloatField(
        _("usable floor area (m²)"), null=True, blank=True, validators=[validate_positive]
    )
    is_main = models.BooleanField(_("main park"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["park", "-is_main", "sort_order", "id"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["park"],
                condition=models.Q(is_main=True),
                name="one_main_site_per_park",
                violation_error_message=_("A park has exactly one main site."),
            ),
            models.CheckConstraint(condition=models.Q(floor_area_m2__gt=0), name="site_floor_area_positive"),
            models.CheckConstraint(
                condition=models.Q(usable_area_m2__isnull=True) | models.Q(usable_area_m2__gt=0),
                name="site_usable_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def validate_uscc(value: str) -> None:
    error = uscc_error(value)
    if error:
        raise ValidationError(error)


class Enterprise(models.Model):
    """A resident or signed enterprise of a park (附件 6)."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="enterprises")
    name = models.CharField(_("enterprise name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, validators=[validate_uscc])
    status = models.CharField(_("residency"), max_length=10, choices=codes.EnterpriseStatus.choices)
    hr_service_agency = models.BooleanField(_("HR service agency"), default=False)
    operating = models.BooleanField(_("operating (for-profit)"), default=False)
    headquartered_locally = models.BooleanField(_("headquartered locally"), default=False)
    business_formats = models.JSONField(_("business formats"), default=list, blank=True)
    revenue_last_year_cny = models.DecimalField(
        _("last year's revenue (yuan)"),
        # 15 significant digits: what SQLite keeps exactly (up to 9,999,999,999,999.99 yuan).
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_not_negative],
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["park", "sort_order", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "uscc"],
                name="enterprise_uscc_unique_per_park",
                violation_error_message=_("This park already has an enterprise with this unified social credit code."),
            )
        ]
        indexes = [models.Index(fields=["park", "status"])]

    def __str__(self) -> str:
        return self.name


class SupportPolicy(models.Model):
    """A support policy the park's locality has issued (附件 5, 第九条–第十条)."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="support_policies")
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuer"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("date issued"))
    file = models.FileField(_("file"), upload_to="support_policies/%Y/", blank=True)

    class Meta:
        ordering = ["park", "-issued_on", "id"]
        verbose_name = _("support policy")
        verbose_name_plural = _("support policies")

    def __str__(self) -> str:
        return self.title


class CooperationPlatform(models.Model):
    """A project-cooperation, industry-exchange or business-matching platform (第十一条)."""

    class Kind(models.TextChoices):
        PROJECT_COOPERATION = "project_cooperation", _("Project cooperation platform")
        INDUSTRY_EXCHANGE = "industry_exchange", _("Industry exchange platform")
        BUSINESS_MATCHING = "business_matching", _("Business matching platform")

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="platforms")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    established_on = models.DateField(_("established"), null=True, blank=True)

    class Meta:
        ordering = ["park", "name", "id"]
        verbose_name = _("cooperation platform")
        verbose_name_plural = _("cooperation platforms")

    def __str__(self) -> str:
        return self.name


class ExchangeEvent(models.Model):
    """An observation visit, seminar or collaboration event (第十二条)."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation visit")
        SEMINAR = "seminar", _("Seminar")
        COLLABORATION = "collaboration", _("Collaboration event")
        MATCHMAKING = "matchmaking", _("Supply and demand matchmaking")

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["park", "-held_on", "id"]
        verbose_name = _("exchange event")
        verbose_name_plural = _("exchange events")

    def __str__(self) -> str:
        return self.title


class PublicityItem(models.Model):
    """A piece of publicity about the park: a report, a typical case (第十二条)."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="publicity_items")
    title = models.CharField(_("title"), max_length=200)
    channel = models.CharField(_("channel"), max_length=100)
    published_on = models.DateField(_("date published"))
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["park", "-published_on", "id"]
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")

    def __str__(self) -> str:
        return self.title
