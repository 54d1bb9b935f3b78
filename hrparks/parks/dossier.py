"""Conversion between a park and its dossier (shared/formats/park-dossier.md), both ways.

Export then import gives back every field of the format: list order is kept (sites and enterprises
carry their position in `sort_order`), optional fields are left out when empty, and numbers keep
their value (areas are floats, revenue is yuan with two decimals, which validate_dossier enforces).
"""

import re
from decimal import Decimal

from .dossier_validation import as_decimal
from .models import Enterprise, Park, Site

GBT2260_CODE = re.compile(r"^[1-8][0-9]{5}$")

# Floats beyond 2**53 have no exact integer; below it an integral area is written as 6000, not 6000.0.
_EXACT_INTEGER_LIMIT = 2**53


def _area(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < _EXACT_INTEGER_LIMIT else value


def _amount(value: Decimal) -> int | float:
    """Yuan as the dossier gave them: whole amounts as integers (exact at any size), others as the float
    whose shortest form they are."""
    return int(value) if value == value.to_integral_value() else float(value)


def export_dossier(park: Park) -> dict:
    """The dossier of a park, ready for json.dumps."""
    # Rows as dicts, not model instances: a roster has thousands of enterprises.
    sites = park.sites.order_by("sort_order", "id").values(*_SITE_FIELDS)
    enterprises = park.enterprises.order_by("sort_order", "id").values(*_ENTERPRISE_FIELDS)
    dossier = {
        "name": park.name,
        "jurisdiction": park.jurisdiction.name,
        "park_type": park.park_type,
        "location_kind": park.location_kind,
        "municipal_park_recognized": park.municipal_park_recognized,
        "management_body": {
            "kind": park.management_body_kind,
            "name": park.management_body_name,
            "staff_count": park.staff_count,
            "has_management_rules": park.has_management_rules,
        },
        "sites": [_site_entry(site) for site in sites],
        "public_services": list(park.public_services),
        "supporting_services": list(park.supporting_services),
        "enterprises": [_enterprise_entry(e) for e in enterprises],
        "materials": list(park.declared_materials),
    }
    if GBT2260_CODE.match(park.jurisdiction.code):  # 长白山管委会 (22CBS) has no such code to write
        dossier["jurisdiction_code"] = park.jurisdiction.code
    return dossier


_SITE_FIELDS = ("name", "address", "floor_area_m2", "usable_area_m2", "is_main")
_ENTERPRISE_FIELDS = (
    "name",
    "uscc",
    "status",
    "hr_service_agency",
    "operating",
    "headquartered_locally",
    "business_formats",
    "revenue_last_year_cny",
)


def _site_entry(site: dict) -> dict:
    entry = {
        "name": site["name"],
        "address": site["address"],
        "floor_area_m2": _area(site["floor_area_m2"]),
        "main": site["is_main"],
    }
    if site["usable_area_m2"] is not None:
        entry["usable_area_m2"] = _area(site["usable_area_m2"])
    return entry


def _enterprise_entry(enterprise: dict) -> dict:
    entry = {
        "name": enterprise["name"],
        "uscc": enterprise["uscc"],
        "status": enterprise["status"],
        "hr_service_agency": enterprise["hr_service_agency"],
        "operating": enterprise["operating"],
        "headquartered_locally": enterprise["headquartered_locally"],
        "business_formats": list(enterprise["business_formats"]),
    }
    if enterprise["revenue_last_year_cny"] is not None:
        entry["revenue_last_year_cny"] = _amount(enterprise["revenue_last_year_cny"])
    return entry


def park_fields(data: dict) -> dict:
    """The Park fields a (valid) dossier sets, except the jurisdiction, which the caller resolves."""
    body = data["management_body"]
    return {
        "name": data["name"],
        "park_type": data["park_type"],
        "location_kind": data["location_kind"],
        "municipal_park_recognized": data["municipal_park_recognized"],
        "management_body_kind": body["kind"],
        "management_body_name": body["name"],
        "staff_count": int(body["staff_count"]),
        "has_management_rules": body["has_management_rules"],
        "public_services": list(data["public_services"]),
        "supporting_services": list(data["supporting_services"]),
        "declared_materials": list(data["materials"]),
    }


def sites_of(data: dict, park: Park) -> list[Site]:
    """Unsaved sites of a (valid) dossier, in its order."""
    return [
        Site(
            park=park,
            name=site["name"],
            address=site["address"],
            floor_area_m2=float(site["floor_area_m2"]),
            usable_area_m2=float(site["usable_area_m2"]) if "usable_area_m2" in site else None,
            is_main=site["main"],
            sort_order=index,
        )
        for index, site in enumerate(data["sites"])
    ]


def enterprises_of(data: dict, park: Park) -> list[Enterprise]:
    """Unsaved enterprises of a (valid) dossier, in its order."""
    return [
        Enterprise(
            park=park,
            name=enterprise["name"],
            uscc=enterprise["uscc"],
            status=enterprise["status"],
            hr_service_agency=enterprise["hr_service_agency"],
            operating=enterprise["operating"],
            headquartered_locally=enterprise["headquartered_locally"],
            business_formats=list(enterprise["business_formats"]),
            revenue_last_year_cny=(
                as_decimal(enterprise["revenue_last_year_cny"]) if "revenue_last_year_cny" in enterprise else None
            ),
            sort_order=index,
        )
        for index, enterprise in enumerate(data["enterprises"])
    ]
