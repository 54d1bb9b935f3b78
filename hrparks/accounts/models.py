"""Users, their role and where they belong: a jurisdiction, or (for a park operator) their parks."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrparks.core.personal import PersonNameField


class Role(models.TextChoices):
    PARK_OPERATOR = "park_operator", _("Park operator")
    CITY_BUREAU = "city_bureau", _("City human resources and social security bureau")
    CITY_GOVERNMENT = "city_government", _("City government")
    PROVINCIAL_BUREAU = "provincial_bureau", _("Provincial human resources and social security department")
    EXPERT = "expert", _("Expert")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles that belong to one city-level jurisdiction, and the one that belongs to a province.
CITY_ROLES = frozenset({Role.CITY_BUREAU, Role.CITY_GOVERNMENT})
OFFICIAL_ROLES = frozenset({Role.CITY_BUREAU, Role.CITY_GOVERNMENT, Role.PROVINCIAL_BUREAU})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        "parks.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The city for city roles, the province for provincial staff, the home city of an expert."),
    )
    parks = models.ManyToManyField(
        "parks.Park",
        verbose_name=_("operated parks"),
        blank=True,
        related_name="operators",
        help_text=_("For park operators: the parks this account applies for."),
    )
    # A person's name is cleaned of invisible characters wherever it is stored (core.personal).
    first_name = PersonNameField(_("first name"), max_length=150, blank=True)
    last_name = PersonNameField(_("last name"), max_length=150, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email_notifications = models.BooleanField(_("send notifications by e-mail"), default=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        """How a person is shown on every page and in every notification: 姓名（单位）. The login name
        only when no name is recorded, since it means nothing to the reader ("province")."""
        name = self.get_full_name() or self.username
        return f"{name}（{self.organization}）" if self.organization else name

    @property
    def is_provincial(self) -> bool:
        return self.role == Role.PROVINCIAL_BUREAU

    @property
    def is_city_official(self) -> bool:
        return self.role in CITY_ROLES

    @property
    def is_operator(self) -> bool:
        return self.role == Role.PARK_OPERATOR

    @property
    def is_expert(self) -> bool:
        return self.role == Role.EXPERT

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN

    @property
    def province_id(self) -> int | None:
        """The province this user works in (their own jurisdiction's province, or the province itself)."""
        if self.jurisdiction_id is None:
            return None
        return self.jurisdiction.province_id or self.jurisdiction_id
