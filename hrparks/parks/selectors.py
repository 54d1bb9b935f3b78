"""Reads of parks. `parks_visible_to` is THE scoping rule for parks: every list, detail, search and
export of parks (and of what hangs off a park) goes through it."""

from django.db.models import QuerySet

from hrparks.accounts.models import Role

from .models import Enterprise, Jurisdiction, Park


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
        return parks.filter(applications__panel_members__expert=user).distinct()
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
