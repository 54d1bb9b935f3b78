"""The code lists of the park dossier format (shared/formats/park-dossier.md) with their labels.

Codes are the exchange format's English snake_case; labels are translatable (Chinese by default).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParkType(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("Comprehensive park")
    SPECIALIZED = "specialized", _("Specialized park")


class LocationKind(models.TextChoices):
    PREFECTURE_CITY = "prefecture_city", _("Prefecture-level city")
    NATIONAL_NEW_AREA = "national_new_area", _("National new area")
    NATIONAL_HIGH_TECH_ZONE = "national_high_tech_zone", _("National high-tech industrial development zone")
    NATIONAL_ECONOMIC_DEVELOPMENT_ZONE = (
        "national_economic_development_zone",
        _("National economic and technological development zone"),
    )
    KEY_INDUSTRIAL_PARK = "key_industrial_park", _("Key industrial park")
    OTHER = "other", _("Other location")


class ManagementBodyKind(models.TextChoices):
    MANAGEMENT_OFFICE = "management_office", _("Park management office")
    PARK_COMMITTEE = "park_committee", _("Park management committee")
    OPERATING_COMPANY = "operating_company", _("Professional operating company")


class PublicService(models.TextChoices):
    EMPLOYMENT_ENTREPRENEURSHIP = "employment_entrepreneurship", _("Employment and entrepreneurship")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    SOCIAL_SECURITY = "social_security", _("Social security")
    PERSONNEL_TALENT = "personnel_talent", _("Personnel and talent")


class SupportingService(models.TextChoices):
    LEGAL_CONSULTING = "legal_consulting", _("Legal consulting")
    INVESTMENT_FINANCING = "investment_financing", _("Investment and financing")
    RECRUITMENT_HALL = "recruitment_hall", _("Recruitment hall")
    MEETING = "meeting", _("Meeting rooms")
    TRAINING = "training", _("Training rooms")
    CATERING = "catering", _("Catering")


class EnterpriseStatus(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    SIGNED = "signed", _("Signed residency agreement")


class BusinessFormat(models.TextChoices):
    HR_OUTSOURCING = "hr_outsourcing", _("HR service outsourcing")
    LABOR_DISPATCH = "labor_dispatch", _("Labour dispatch")
    TRAINING = "training", _("Training")
    MANAGEMENT_CONSULTING = "management_consulting", _("Management consulting")
    BUSINESS_AGENCY = "business_agency", _("Business agency")
    ASSESSMENT = "assessment", _("Talent assessment")
    EXECUTIVE_SEARCH = "executive_search", _("Executive search")
    HR_SOFTWARE = "hr_software", _("HR software applications")
    RECRUITMENT = "recruitment", _("Recruitment")
    JOB_PLACEMENT = "job_placement", _("Job placement")
    OTHER = "other", _("Other")


class Material(models.TextChoices):
    APPLICATION_REQUEST = "application_request", _("Application request")
    FEASIBILITY_REPORT = "feasibility_report", _("Feasibility report and development plan")
    OPERATION_REPORT = "operation_report", _("Construction, management and operation report")
    SUPPORT_POLICIES = "support_policies", _("Support policy documents")
    ENTERPRISE_LIST = "enterprise_list", _("Resident enterprise list")
    OTHER = "other", _("Other materials")
    # Forms attached to the measures (附件3, 附件7), signed and stamped, uploaded as scans.
    APPLICATION_FORM = "application_form", _("Application form, stamped (附件3)")
    AUTHENTICITY_DECLARATION = "authenticity_declaration", _("Declaration of authenticity (附件7)")


def labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """The display labels of a list of codes, in the order given; unknown codes are shown as-is."""
    mapping = dict(choices.choices)
    return [str(mapping.get(code, code)) for code in codes]
