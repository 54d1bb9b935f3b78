"""Reads of the policy app: eligibility of a park, with the database's view of 第四条 and the
application's waivers. Applications are always fetched through applications_visible_to."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from hrparks.parks import codes
from hrparks.parks.models import Park

from .engine import EligibilityContext, EligibilityReport, check_dossier
from .models import Waiver
from .registry import get_policy


def get_application_for(user, pk: int):
    """The application if the user may see it (the applications app's scoping rule), else 404."""
    from hrparks.applications.selectors import applications_visible_to  # imported late: that app builds on this one

    return get_object_or_404(applications_visible_to(user), pk=pk)


def rival_comprehensive_parks(
    jurisdiction_name: str, *, exclude_pk: int | None = None, exclude_name: str = ""
) -> tuple[str, ...]:
    """Names of the other comprehensive parks of a jurisdiction that 第四条 counts: designated or under
    rectification, or with an application in an open state of the workflow."""
    from hrparks.applications.workflow import OPEN_STATES  # imported late: that app builds on this one

    rivals = (
        Park.objects.filter(jurisdiction__name=jurisdiction_name)
        .filter(
            Q(
                park_type=codes.ParkType.COMPREHENSIVE,
                status__in=[Park.Status.DESIGNATED, Park.Status.UNDER_RECTIFICATION],
            )
            | Q(applications__park_type=codes.ParkType.COMPREHENSIVE, applications__state__in=list(OPEN_STATES))
        )
        .exclude(pk=exclude_pk)
        .exclude(name=exclude_name)
    )
    return tuple(rivals.order_by("name").values_list("name", flat=True).distinct())


def dossier_context(dossier: dict) -> EligibilityContext:
    """The database's view for a dossier from outside: its park is recognised by name."""
    return EligibilityContext(rival_comprehensive_parks(dossier["jurisdiction"], exclude_name=dossier["name"]))


def active_waivers(application) -> dict[str, str]:
    """Criterion id → reason of the application's waivers in force."""
    return dict(
        Waiver.objects.filter(application=application, revoked_at__isnull=True).values_list("criterion_id", "reason")
    )


def waiver_history(application, criterion_id: str) -> QuerySet[Waiver]:
    return Waiver.objects.filter(application=application, criterion_id=criterion_id).select_related(
        "waived_by", "revoked_by"
    )


def park_eligibility(park: Park, application=None) -> EligibilityReport:
    """The park's dossier checked against the application's policy (the policy in force without one),
    with the other parks of its city from the database and the application's waivers."""
    from hrparks.parks.dossier import export_dossier

    dossier = export_dossier(park)
    if application is not None:
        dossier["park_type"] = application.park_type  # the type it applies as
    context = EligibilityContext(rival_comprehensive_parks(park.jurisdiction.name, exclude_pk=park.pk))
    policy = get_policy(application.policy_id if application is not None else None)
    waivers = active_waivers(application) if application is not None else {}
    return check_dossier(dossier, policy, context, waivers)
