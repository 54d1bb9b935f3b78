"""Reads of parks. `parks_visible_to` is THE scoping rule for parks: every list, detail, search and
export of parks (and of what hangs off a park) goes through it."""

from django.db.models import Count, FloatField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role
from hrparks.api.exports import Column
from hrparks.audit.models import AuditEntry

from . import codes
from .models import Enterprise, Jurisdiction, Park, Site

# Who may change park data: the park's operators (their own parks) and the city bureau of its
# jurisdiction (第七条: the local bureau serves and manages the park). For both, the parks they may
# edit are exactly the parks they see; the provincial bureau, city government and experts only read.
PARK_EDITOR_ROLES = frozenset({Role.PARK_OPERATOR, Role.CITY_BUREAU})
PARK_READER_ROLES = frozenset(Role) - {Role.SYSTEM_ADMIN}


def parks_visible_to(user) -> QuerySet[Park]:
    parks = Park.objects.select_related("jurisdiction")
    if not user.is_authenticated:
        return parks.none()
    if user.role == Role.PROVINCIAL_BUREAU:
        return parks.filter(jurisdiction__province_id=user.jurisdiction_id)
    if user.role in (Role.CITY_BUREAU, Role.CITY_GOVERNMENT):
        return parks.filter(jurisdiction_id=user.jurisdiction_id)
    if user.role == Role.PARK_OPERATOR:
        return parks.filter(operators=user)
    if user.role == Role.EXPERT:
        # Experts see the parks of the applications and evaluations they are assigned to.
        return parks.filter(Q(applications__panel_members__expert=user) | Q(assessments__seats__expert=user)).distinct()
    return parks.none()


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(park__in=parks_visible_to(user).values("pk"))


def jurisdictions_visible_to(user) -> QuerySet[Jurisdiction]:
    cities = Jurisdiction.objects.filter(kind=Jurisdiction.Kind.CITY)
    if not user.is_authenticated or user.jurisdiction_id is None:
        return cities.none()
    if user.role == Role.PROVINCIAL_BUREAU:
        return cities.filter(province_id=user.jurisdiction_id)
    if user.role in (Role.CITY_BUREAU, Role.CITY_GOVERNMENT):
        return cities.filter(pk=user.jurisdiction_id)
    return cities.filter(pk__in=parks_visible_to(user).values("jurisdiction_id"))


def may_edit_parks(user) -> bool:
    """Whether the user may change the parks they see (see PARK_EDITOR_ROLES)."""
    return user.is_authenticated and user.role in PARK_EDITOR_ROLES


def jurisdictions_for_new_park(user) -> QuerySet[Jurisdiction]:
    """Where the user may create a park: a city bureau in its own city; an operator in its own city
    and in the cities of the parks it already operates."""
    cities = Jurisdiction.objects.filter(kind=Jurisdiction.Kind.CITY)
    if not user.is_authenticated:
        return cities.none()
    if user.role == Role.CITY_BUREAU:
        return cities.filter(pk=user.jurisdiction_id)
    if user.role == Role.PARK_OPERATOR:
        return cities.filter(Q(pk=user.jurisdiction_id) | Q(parks__operators=user)).distinct()
    return cities.none()


def park_named(jurisdiction: Jurisdiction, name: str) -> Park | None:
    """The park of that name in that jurisdiction, whoever may see it (names are unique per jurisdiction)."""
    return Park.objects.filter(jurisdiction=jurisdiction, name=name).first()


def _per_park(queryset: QuerySet, aggregate, output_field) -> Coalesce:
    """A correlated subquery: `aggregate` over the rows of `queryset` that belong to the outer park."""
    rows = queryset.filter(park=OuterRef("pk")).order_by().values("park").annotate(value=aggregate).values("value")
    return Coalesce(Subquery(rows, output_field=output_field), 0, output_field=output_field)


def park_list(user, *, jurisdiction=None, park_type="", status="", search="") -> QuerySet[Park]:
    """The parks the user sees, filtered, with their roster and area totals (one query for the page)."""
    parks = parks_visible_to(user)
    if jurisdiction is not None:
        parks = parks.filter(jurisdiction=jurisdiction)
    if park_type:
        parks = parks.filter(park_type=park_type)
    if status:
        parks = parks.filter(status=status)
    if search:
        parks = parks.filter(name__icontains=search)
    resident = Enterprise.objects.filter(status=codes.EnterpriseStatus.RESIDENT)
    return parks.annotate(
        resident_count=_per_park(resident, Count("pk"), IntegerField()),
        site_count=_per_park(Site.objects.all(), Count("pk"), IntegerField()),
        total_floor_area=_per_park(Site.objects.all(), Sum("floor_area_m2"), FloatField()),
    )


# The park list as a spreadsheet (the web page's and the API's export): what the list and the park page show.
PARK_LIST_COLUMNS = [
    Column(_("Park name"), "name"),
    Column(_("Jurisdiction"), "jurisdiction.name"),
    Column(_("Park type"), "get_park_type_display"),
    Column(_("Location"), "get_location_kind_display"),
    Column(_("Status"), "get_status_display"),
    Column(_("Designated name"), "designated_name"),
    Column(_("Designation document number"), "designation_document_number"),
    Column(_("Designation date"), "designated_on"),
    Column(_("Management body"), "management_body_name"),
    Column(_("Sites"), "site_count"),
    Column(_("Building floor area (m²)"), "total_floor_area"),
    Column(_("Resident enterprises"), "resident_count"),
]


def park_detail_queryset(user) -> QuerySet[Park]:
    """The parks the user sees, with everything the detail page lists except the (paginated) roster."""
    return parks_visible_to(user).prefetch_related(
        "sites", "support_policies", "platforms", "events", "publicity_items"
    )


def enterprise_roster(park: Park, search: str = "") -> QuerySet[Enterprise]:
    enterprises = park.enterprises.order_by("sort_order", "id")
    if search:
        enterprises = enterprises.filter(Q(name__icontains=search) | Q(uscc__icontains=search))
    return enterprises


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


# The enterprise roster of the park page as a spreadsheet (附件6 is the same list as a formal document).
ENTERPRISE_COLUMNS = [
    Column(_("Enterprise name"), "name"),
    Column(_("Unified social credit code"), "uscc"),
    Column(_("Residency"), "get_status_display"),
    Column(_("HR service agency"), lambda enterprise: _yes_no(enterprise.hr_service_agency)),
    Column(_("Operating (for-profit)"), lambda enterprise: _yes_no(enterprise.operating)),
    Column(_("Headquartered locally"), lambda enterprise: _yes_no(enterprise.headquartered_locally)),
    Column(
        _("Business formats"),
        lambda enterprise: "、".join(str(codes.BusinessFormat(code).label) for code in enterprise.business_formats),
    ),
    Column(_("Revenue last year (yuan)"), "revenue_last_year_cny"),
]


def roster_counts(park: Park) -> dict:
    """How many enterprises of the park are resident and how many have signed (one query)."""
    return park.enterprises.aggregate(
        resident=Count("pk", filter=Q(status=codes.EnterpriseStatus.RESIDENT)),
        signed=Count("pk", filter=Q(status=codes.EnterpriseStatus.SIGNED)),
    )


def park_data_version(park: Park) -> int:
    """A number that grows with every committed change of the park's data: the park, its sites and
    enterprises, and everything else that hangs off it (its applications and their waivers among them).

    It is the number of the park's last audit entry: every write of a park's rows is audited in its own
    transaction (model signals, or record_rows for bulk writes such as a dossier or roster import), and
    entries are numbered in commit order under the chain's lock. One index lookup (audit_park_seq)."""
    return AuditEntry.objects.filter(park_id=park.pk).order_by("-seq").values_list("seq", flat=True).first() or 0
