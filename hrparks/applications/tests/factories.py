"""Applications in any state, built directly (for pages and scoping); the journey tests build them
through the services instead (see journey.py)."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import workflow
from hrparks.applications.models import (
    Application,
    BranchProposal,
    Material,
    Objection,
    PanelMember,
    PublicNotice,
    Subsidy,
)
from hrparks.parks.tests.factories import ParkFactory, SiteFactory

# The smallest valid PDF header filetype recognises, padded to look like a document.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    park = factory.SubFactory(ParkFactory)
    kind = workflow.Kind.DESIGNATION
    park_type = factory.LazyAttribute(lambda a: a.park.park_type)
    policy_id = "jilin-2022"
    state = "submitted"
    created_by = factory.SubFactory(UserFactory, role=Role.PARK_OPERATOR)
    submitted_at = factory.LazyAttribute(lambda a: None if a.state == "draft" else timezone.now())


def operated_park(operator, jurisdiction=None, **kwargs):
    """A park with a main site, operated by `operator`, in the operator's city unless told otherwise."""
    park = ParkFactory(jurisdiction=jurisdiction or operator.jurisdiction, **kwargs)
    SiteFactory(park=park)
    operator.parks.add(park)
    return park


# The telephone and address for objections every notice carries (第六条（四）).
NOTICE_CONTACT = {"contact_phone": "0431-88888888", "contact_address": "长春市人民大街1号"}


def application_in(state: str, operator, *, park=None, expert=None, **kwargs) -> Application:
    """An application of a new park of the operator (one active application per park) in `state`,
    with what that state implies: a panel seat for `expert`, a notice, a subsidy, a branch proposal."""
    park = park or operated_park(operator, status="designated" if state.startswith("branch") else "not_designated")
    kind = workflow.Kind.BRANCH_PARK if state.startswith("branch") else workflow.Kind.DESIGNATION
    application = ApplicationFactory(park=park, state=state, created_by=operator, kind=kind, **kwargs)
    if expert is not None:
        PanelMember.objects.create(application=application, expert=expert)
    if state in ("in_notice", "designated"):
        today = timezone.localdate()
        notice = PublicNotice.objects.create(
            title="公示",
            policy_id="jilin-2022",
            published_on=today,
            start_date=today,
            end_date=today + datetime.timedelta(days=7),
            published_by=operator,
            **NOTICE_CONTACT,
        )
        notice.applications.add(application)
    if state == "designated":
        Subsidy.objects.create(application=application, park=park, policy_id="jilin-2022", amount=Decimal("1000000"))
    if kind == workflow.Kind.BRANCH_PARK:
        BranchProposal.objects.create(
            application=application,
            name="分园区",
            address="示例路2号",
            floor_area_m2=5000,
            reasons="扩容",
            check_report={"criteria": []},
        )
    return application


def material_of(application, code="application_request", uploaded_by=None) -> Material:
    version = application.materials.filter(code=code).count() + 1
    return Material.objects.create(
        application=application,
        code=code,
        version=version,
        file=ContentFile(PDF_BYTES, name=f"{code}.pdf"),
        original_name=f"{code}.pdf",
        file_format="pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        uploaded_by=uploaded_by or application.created_by,
    )


def attach_evidence(objection, name="evidence.pdf"):
    """The file an objector attached on the portal."""
    from hrparks.portal.models import ObjectionAttachment

    return ObjectionAttachment.objects.create(
        objection=objection,
        file=ContentFile(PDF_BYTES, name=name),
        original_name=name,
        file_format="pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )


def objection_on(application) -> Objection:
    notice = application.public_notices.first()
    return Objection.objects.create(
        notice=notice,
        application=application,
        receipt_number=f"T-{notice.pk}-{application.pk}",
        name="张三",
        contact="13800000000",
        content="入驻企业数量不实",
    )
