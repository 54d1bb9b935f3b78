"""What the public may see. Nothing here depends on a user: these are the portal's scoping rules, and
its pages show only the public fields of what they return (never contacts, credit codes, scores,
expert names or objectors)."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hrparks.applications.models import Application, Objection, PublicNotice
from hrparks.applications.objections import check_code_matches
from hrparks.applications.selectors import current_public_notices
from hrparks.evaluations.models import EvaluationNotice, Grade, ParkAssessment
from hrparks.evaluations.selectors import HOLDS_DESIGNATION
from hrparks.parks.models import Park
from hrparks.workdays.calendar import count_working_days

# Designated parks, and revoked ones (shown as revoked: the public may look a park up after its
# designation ended).
PUBLIC_STATUSES = (*HOLDS_DESIGNATION, Park.Status.REVOKED)


def public_parks(*, jurisdiction=None, park_type: str = "", status: str = "", search: str = "") -> QuerySet[Park]:
    parks = Park.objects.filter(status__in=PUBLIC_STATUSES).select_related("jurisdiction")
    if jurisdiction is not None:
        parks = parks.filter(jurisdiction=jurisdiction)
    if park_type:
        parks = parks.filter(park_type=park_type)
    if status:
        parks = parks.filter(status=status)
    if search:
        parks = parks.filter(Q(name__icontains=search) | Q(designated_name__icontains=search))
    return parks.order_by("jurisdiction__sort_order", "-designated_on", "name", "id")


def public_park(pk: int) -> Park | None:
    return public_parks().prefetch_related("sites", "platforms").filter(pk=pk).first()


def commendations_of(park: Park) -> QuerySet[ParkAssessment]:
    """The park's results in published evaluation notices (grade only, never the score)."""
    return (
        ParkAssessment.objects.filter(park=park, round__notice__isnull=False)
        .select_related("round__notice")
        .order_by("-round__notice__issued_on")
    )


def days_left_in_notice(notice: PublicNotice, today: date | None = None) -> int:
    """还剩 N 个工作日: the working days from today (counted when it is a working day, as objections are
    accepted all day) to the notice's last day; before the notice starts, all of its days."""
    today = today or timezone.localdate()
    return count_working_days(max(today, notice.start_date), notice.end_date)


def _with_public_applications(notices: QuerySet[PublicNotice]) -> QuerySet[PublicNotice]:
    return notices.prefetch_related(
        Prefetch("applications", queryset=Application.objects.select_related("park__jurisdiction").order_by("id"))
    )


def current_notices(today: date | None = None) -> QuerySet[PublicNotice]:
    return current_public_notices(today)


def past_notices(today: date | None = None) -> QuerySet[PublicNotice]:
    today = today or timezone.localdate()
    return _with_public_applications(PublicNotice.objects.filter(end_date__lt=today)).order_by("-end_date", "-id")


def public_notice(pk: int, today: date | None = None) -> PublicNotice | None:
    """A notice that has been published (never one dated in the future)."""
    today = today or timezone.localdate()
    return _with_public_applications(PublicNotice.objects.filter(published_on__lte=today)).filter(pk=pk).first()


def is_open_for_objections(notice: PublicNotice, today: date | None = None) -> bool:
    """From the notice's first day to its last (第六条（四）, as `file_objection` checks it)."""
    today = today or timezone.localdate()
    return notice.start_date <= today <= notice.end_date


def objectionable_applications(notice: PublicNotice) -> QuerySet[Application]:
    """The applications of the notice one may still object to (those still in public notice)."""
    return notice.applications.filter(state="in_notice").select_related("park__jurisdiction").order_by("id")


def objection_status(receipt_number: str, check_code: str) -> Objection | None:
    """The objection with this receipt number, if the check code given at filing matches. Only what the
    objector may read is loaded: the receipt, the park, the decision and its reasons (never a name or a
    contact)."""
    found = (
        Objection.objects.filter(receipt_number=receipt_number.strip())
        .select_related("application__park")
        .only(
            "receipt_number",
            "filed_at",
            "upheld",
            "resolved_at",
            "verification",
            "check_code_hash",
            "application__park__name",
        )
        .first()
    )
    return found if found is not None and check_code_matches(found, check_code) else None


def evaluation_notices() -> QuerySet[EvaluationNotice]:
    return EvaluationNotice.objects.select_related("round__province").order_by("-issued_on", "-id")


def evaluation_notice(pk: int) -> EvaluationNotice | None:
    return evaluation_notices().filter(pk=pk).first()


def evaluation_results(notice: EvaluationNotice) -> list[tuple[str, list[ParkAssessment]]]:
    """The parks of a published round by grade (excellent first), without scores."""
    assessments = (
        ParkAssessment.objects.filter(round=notice.round)
        .exclude(grade="")
        .select_related("park__jurisdiction")
        .only("grade", "park__name", "park__designated_name", "park__jurisdiction__name")
        .order_by("park__jurisdiction__sort_order", "park__name")
    )
    by_grade = {grade: [] for grade in Grade.values}
    for assessment in assessments:
        by_grade.setdefault(assessment.grade, []).append(assessment)
    return [(Grade(grade).label, rows) for grade, rows in by_grade.items() if rows]
