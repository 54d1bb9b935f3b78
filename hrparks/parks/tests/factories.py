import json
import random

import factory

from hrparks.parks import codes
from hrparks.parks.dossier import GBT2260_CODE
from hrparks.parks.jurisdictions import DATA_FILE
from hrparks.parks.models import Enterprise, Jurisdiction, Park, Site
from hrparks.parks.uscc import ALPHABET, check_character

REQUIRED_FORMATS = [
    "hr_outsourcing",
    "labor_dispatch",
    "training",
    "management_consulting",
    "business_agency",
    "assessment",
    "executive_search",
    "hr_software",
]


def make_uscc(seed: int) -> str:
    """A syntactically valid, clearly fictional credit code, different for every seed."""
    rng = random.Random(seed)
    body = "91" + "220100" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def jurisdiction(name: str) -> Jurisdiction:
    return Jurisdiction.objects.get(name=name)


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"示例人力资源服务产业园{n}号")
    jurisdiction = factory.LazyFunction(lambda: jurisdiction("长春市"))
    park_type = codes.ParkType.COMPREHENSIVE
    location_kind = codes.LocationKind.PREFECTURE_CITY
    municipal_park_recognized = True
    management_body_kind = codes.ManagementBodyKind.OPERATING_COMPANY
    management_body_name = factory.Sequence(lambda n: f"示例园区运营有限公司{n}")
    staff_count = 12
    has_management_rules = True
    public_services = factory.LazyFunction(lambda: list(codes.PublicService.values))
    supporting_services = factory.LazyFunction(lambda: list(codes.SupportingService.values))
    declared_materials = factory.LazyFunction(lambda: [m for m in codes.Material.values if m != "other"])


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"示例园区{n}号楼")
    address = "示例路1号（虚构地址）"
    floor_area_m2 = 6000.0
    is_main = True


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"示例人力资源服务有限公司{n}")
    uscc = factory.Sequence(make_uscc)
    status = codes.EnterpriseStatus.RESIDENT
    hr_service_agency = True
    operating = True
    headquartered_locally = True
    business_formats = factory.Sequence(lambda n: [REQUIRED_FORMATS[n % len(REQUIRED_FORMATS)]])


def eligible_park(**kwargs) -> Park:
    """A park that passes every automatic Jilin criterion: one 6,000 m² site, 16 local operating agencies."""
    park = ParkFactory(**kwargs)
    SiteFactory(park=park)
    for index in range(16):
        EnterpriseFactory(park=park, business_formats=[REQUIRED_FORMATS[index % 8]])
    return park


JILIN_CODES = {row["name"]: row["code"] for row in json.loads(DATA_FILE.read_text(encoding="utf-8"))}


def eligible_dossier(**overrides) -> dict:
    """A dossier (shared format) that passes every automatic Jilin criterion."""
    dossier = {
        "name": "示例人力资源服务产业园",
        "jurisdiction": "长春市",
        "park_type": "comprehensive",
        "location_kind": "prefecture_city",
        "municipal_park_recognized": True,
        "management_body": {
            "kind": "operating_company",
            "name": "示例园区运营有限公司",
            "staff_count": 12,
            "has_management_rules": True,
        },
        "sites": [{"name": "主园区", "address": "示例路1号（虚构地址）", "floor_area_m2": 6000, "main": True}],
        "public_services": list(codes.PublicService.values),
        "supporting_services": list(codes.SupportingService.values),
        "enterprises": [
            {
                "name": f"示例人力资源服务有限公司{index}",
                "uscc": make_uscc(index),
                "status": "resident",
                "hr_service_agency": True,
                "operating": True,
                "headquartered_locally": True,
                "business_formats": [REQUIRED_FORMATS[index % 8]],
            }
            for index in range(16)
        ],
        "materials": [m for m in codes.Material.values if m != "other"],
    }
    dossier.update(overrides)
    # The code the export writes, unless the test says otherwise: Jilin's units by name.
    code = JILIN_CODES.get(dossier["jurisdiction"], "")
    if "jurisdiction_code" not in overrides and GBT2260_CODE.match(code):
        dossier["jurisdiction_code"] = code
    return dossier
