"""Reads of the documents app. Whose documents a user may open is decided by the parks' and applications'
scoping selectors: a park or application outside the user's scope is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from hrparks.applications.models import Application, PublicNotice
from hrparks.applications.selectors import applications_visible_to
from hrparks.applications.workflow import Kind as ApplicationKind
from hrparks.evaluations.models import ParkStatusChange
from hrparks.evaluations.selectors import lifecycle_parks_visible_to, notices_visible_to, rectifications_visible_to
from hrparks.parks.models import Park
from hrparks.parks.selectors import parks_visible_to

from .contexts import Subject
from .kinds import BUNDLE_FORMATS, Kind
from .models import GeneratedDocument

PARK, APPLICATION = "park", "application"


def _designation_applications():
    # Branch-park requests (第六条（四）) have no application materials of their own.
    return Application.objects.select_related("park__jurisdiction").filter(kind=ApplicationKind.DESIGNATION)


def subject_for(user, scope: str, pk: int) -> Subject:
    """The park or application `pk` as the user may see it (404 otherwise)."""
    if scope == PARK:
        return Subject(get_object_or_404(parks_visible_to(user), pk=pk))
    if scope == APPLICATION:
        visible = applications_visible_to(user).filter(kind=ApplicationKind.DESIGNATION)
        application = get_object_or_404(visible.select_related("park__jurisdiction"), pk=pk)
        return Subject(application.park, application)
    raise Http404


def subject_from_key(key: str) -> Subject:
    """The subject a background task works for ("park:3", "application:7"); the view has checked access."""
    scope, pk = key.split(":")
    if scope == PARK:
        return Subject(Park.objects.select_related("jurisdiction").get(pk=pk))
    application = _designation_applications().get(pk=pk)
    return Subject(application.park, application)


def bundle_documents(subject: Subject) -> dict[str, GeneratedDocument]:
    """Format → the stored bundle of the subject, for the status shown on the documents panel."""
    documents = GeneratedDocument.objects.filter(subject=subject.key, kind=Kind.BUNDLE, file_format__in=BUNDLE_FORMATS)
    return {document.file_format: document for document in documents}


def notices_of(application) -> list[PublicNotice]:
    return list(application.public_notices.order_by("-published_on", "-id"))


def public_notice(pk: int) -> PublicNotice:
    """A published public notice: public, like the notice itself (第六条（四）)."""
    return get_object_or_404(PublicNotice, pk=pk)


def evaluation_notice_for(user, pk: int):
    return get_object_or_404(notices_visible_to(user), pk=pk)


def rectification_for(user, pk: int):
    return get_object_or_404(rectifications_visible_to(user).select_related("assessment__round"), pk=pk)


def _revocations_visible_to(user):
    return ParkStatusChange.objects.filter(
        to_status=Park.Status.REVOKED, park__in=lifecycle_parks_visible_to(user).values("pk")
    )


def revocation_for(user, pk: int) -> ParkStatusChange:
    return get_object_or_404(_revocations_visible_to(user).select_related("park__jurisdiction"), pk=pk)


def evaluation_outcomes(user, park) -> dict:
    """The park's rectification orders and revocation decisions the user may open (第十四条)."""
    return {
        "rectifications": list(rectifications_visible_to(user).filter(park=park)),
        "revocations": list(_revocations_visible_to(user).filter(park=park).order_by("-changed_at")),
    }
