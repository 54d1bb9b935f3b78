"""python -m bench.operations (DATABASE_URL set): how fast the heavy operations run, in-process, through the
apps' own services — a dossier import, the eligibility check, a 5,000-row Excel roster import, and the
rendering of one document and of the seven attachments. They write into the (disposable) bench database."""

import io
import time

from bench.common import print_json, setup_django

DOSSIER_ENTERPRISES = 2_000
ELIGIBILITY_DOSSIERS = 200
ROSTER_ROWS = 5_000


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def dossier_with(enterprises: int, name: str, city: str) -> dict:
    from hrparks.parks.tests.factories import REQUIRED_FORMATS, eligible_dossier, make_uscc

    return eligible_dossier(
        name=name,
        jurisdiction=city,
        enterprises=[
            {
                "name": f"导入测试人力资源服务有限公司{index}",
                "uscc": make_uscc(10_000_000 + index),
                "status": "resident",
                "hr_service_agency": True,
                "operating": True,
                "headquartered_locally": index % 3 != 0,
                "business_formats": [REQUIRED_FORMATS[index % 8]],
                "revenue_last_year_cny": 1_000_000 + index,
            }
            for index in range(enterprises)
        ],
    )


def dossier_import(city: str) -> dict:
    """A new park of DOSSIER_ENTERPRISES enterprises, then the same dossier again (replacing them)."""
    from hrparks.parks.services import import_dossier

    data = dossier_with(DOSSIER_ENTERPRISES, f"导入测试产业园{time.time_ns()}", city)
    _park, created = timed(lambda: import_dossier(data))
    _park, replaced = timed(lambda: import_dossier(data))
    return {
        "enterprises": DOSSIER_ENTERPRISES,
        "create_seconds": round(created, 2),
        "create_enterprises_per_second": round(DOSSIER_ENTERPRISES / created),
        "replace_seconds": round(replaced, 2),
        "replace_enterprises_per_second": round(DOSSIER_ENTERPRISES / replaced),
    }


def eligibility() -> dict:
    """check_dossier alone (the engine), over the exported dossiers of the first parks."""
    from hrparks.parks.dossier import export_dossier
    from hrparks.parks.models import Park
    from hrparks.policy.engine import check_dossier
    from hrparks.policy.registry import get_policy

    policy = get_policy()
    parks = Park.objects.select_related("jurisdiction").order_by("pk")[:ELIGIBILITY_DOSSIERS]
    dossiers = [export_dossier(park) for park in parks]
    _reports, seconds = timed(lambda: [check_dossier(dossier, policy) for dossier in dossiers])
    return {
        "dossiers": len(dossiers),
        "mean_enterprises": round(sum(len(d["enterprises"]) for d in dossiers) / len(dossiers), 1),
        "seconds": round(seconds, 3),
        "dossiers_per_second": round(len(dossiers) / seconds),
    }


def roster_import(city: str) -> dict:
    """A 5,000-row workbook written by the roster module itself, imported into a new, empty park."""
    from django.utils import translation

    from hrparks.documents.kinds import DOCUMENT_LANGUAGE
    from hrparks.documents.roster import write_roster_workbook
    from hrparks.documents.services import import_roster
    from hrparks.parks import codes
    from hrparks.parks.models import Jurisdiction, Park
    from hrparks.parks.tests.factories import make_uscc

    with translation.override(DOCUMENT_LANGUAGE):  # the workbook speaks Chinese, as an operator fills it in
        resident = str(codes.EnterpriseStatus.RESIDENT.label)
        formats = "、".join(str(codes.BusinessFormat(code).label) for code in ("hr_outsourcing", "training"))
    rows = [
        {
            "index": index + 1,
            "name": f"名录导入测试企业{index}",
            "uscc": make_uscc(20_000_000 + index),
            "status": resident,
            "hr_service_agency": True,
            "operating": True,
            "headquartered_locally": index % 2 == 0,
            "business_formats": formats,
            "revenue_last_year_cny": 500_000,
        }
        for index in range(ROSTER_ROWS)
    ]
    workbook = write_roster_workbook(rows)
    park = Park.objects.create(
        name=f"名录导入测试产业园{time.time_ns()}",
        jurisdiction=Jurisdiction.objects.get(name=city),
        park_type="comprehensive",
        location_kind="prefecture_city",
        management_body_kind="operating_company",
        management_body_name="名录导入测试运营有限公司",
    )
    imported, seconds = timed(lambda: import_roster(park, io.BytesIO(workbook)))
    return {
        "rows": ROSTER_ROWS,
        "imported": len(imported),
        "seconds": round(seconds, 2),
        "rows_per_second": round(ROSTER_ROWS / seconds),
        "workbook_bytes": len(workbook),
    }


def rendering(application_id: int) -> dict:
    """One document (the application form, 附件3, as PDF) and the seven attachments packed as a ZIP."""
    from hrparks.applications.models import Application
    from hrparks.documents.contexts import AttachmentContext, Subject
    from hrparks.documents.kinds import Format, Kind
    from hrparks.documents.models import GeneratedDocument
    from hrparks.documents.services import build_bundle, render_attachment

    application = Application.objects.select_related("park__jurisdiction").get(pk=application_id)
    # Rendered from scratch: documents kept from an earlier run (--reuse) point into its deleted media folder.
    GeneratedDocument.objects.filter(park=application.park).delete()
    subject = Subject(park=application.park, application=application)
    context = AttachmentContext(subject).for_kind(Kind.FORM)
    pdf, one = timed(lambda: render_attachment(Kind.FORM, Format.PDF, context))
    bundle, seven = timed(lambda: build_bundle(subject, Format.ZIP))
    return {
        "park_enterprises": application.park.enterprises.count(),
        "one_document_pdf_seconds": round(one, 2),
        "one_document_bytes": len(pdf),
        "seven_attachments_zip_seconds": round(seven, 2),
        "seven_attachments_zip_bytes": bundle.size,
    }


def main() -> None:
    setup_django()
    from hrparks.applications.models import Application

    from .generate import BENCH_CITY, BENCH_PARK

    # A typical park of the bench city (a load-pool park: 20 enterprises) for the rendering.
    typical = (
        Application.objects.filter(park__jurisdiction__name=BENCH_CITY).exclude(park__name=BENCH_PARK).order_by("pk")
    ).first()
    print_json(
        {
            # The dossier format (a fixed exchange contract) knows Jilin's jurisdictions only.
            "dossier_import": dossier_import("长春市"),
            "eligibility_check": eligibility(),
            "roster_import": roster_import(BENCH_CITY),
            "rendering": rendering(typical.pk),
        }
    )


if __name__ == "__main__":
    main()
