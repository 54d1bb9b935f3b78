"""Building blocks for dossiers (shared format) in the policy tests."""

from django.utils import timezone

from hrparks.applications.models import Application
from hrparks.parks.tests.factories import REQUIRED_FORMATS, eligible_dossier, make_uscc


def enterprise(index: int, **fields) -> dict:
    """A resident, local, operating HR service agency of the dossier format; `fields` override."""
    entry = {
        "name": f"测试人力资源服务有限公司{index}",
        "uscc": make_uscc(1000 + index),
        "status": "resident",
        "hr_service_agency": True,
        "operating": True,
        "headquartered_locally": True,
        "business_formats": [REQUIRED_FORMATS[index % len(REQUIRED_FORMATS)]],
    }
    entry.update(fields)
    return entry


def site(area, *, main=False, usable=None, name=None) -> dict:
    entry = {"name": name or f"园区{area}", "address": "示例路1号（虚构地址）", "floor_area_m2": area, "main": main}
    if usable is not None:
        entry["usable_area_m2"] = usable
    return entry


def dossier_with(**overrides) -> dict:
    return eligible_dossier(**overrides)


def result_of(report, criterion_id: str):
    return next(result for result in report.results if result.id == criterion_id)


def application_of(park, *, created_by, state: str = "evaluating", park_type: str | None = None):
    """A submitted application of `park` (officials see applications once submitted)."""
    return Application.objects.create(
        park=park,
        park_type=park_type or park.park_type,
        policy_id="jilin-2022",
        state=state,
        created_by=created_by,
        submitted_at=timezone.now(),
    )
