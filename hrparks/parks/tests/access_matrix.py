"""Who may open each park page. `park` is the operator's park in 长春市; `other_park` is in 吉林市.

Readers: every role but the system administrator, within scope (the expert is assigned to no
application in the world, so sees no park). Editors: the park's operator and its city's bureau."""

import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from hrparks.core.tests.access import Expect
from hrparks.parks.models import SupportPolicy

from .factories import eligible_dossier, make_uscc

LIST_READERS = {"operator", "city_bureau", "city_government", "provincial", "expert", "other_city_bureau"}
# Who may open a page to create a park (each in their own city).
CREATORS = {"operator", "city_bureau", "other_city_bureau"}
PARK_READERS = {"operator", "city_bureau", "city_government", "provincial"}
PARK_EDITORS = {"operator", "city_bureau"}
# `other_park` is in 吉林市: its own bureau edits it, the province reads it, nobody of 长春市 sees it.
OTHER_PARK_READERS = {"provincial", "other_city_bureau"}
OTHER_PARK_EDITORS = {"other_city_bureau"}


def park(world) -> dict:
    return {"pk": world.park.pk}


def other_park(world) -> dict:
    return {"pk": world.other_park.pk}


def record(kind: str, related_name: str):
    return lambda world: {"pk": world.park.pk, "kind": kind, "record_pk": getattr(world.park, related_name).first().pk}


POLICY_FILE = "support_policies/access-walk.pdf"


def _policy_with_file(world) -> SupportPolicy:
    if not default_storage.exists(POLICY_FILE):  # one small file in MEDIA_ROOT, reused by every run
        default_storage.save(POLICY_FILE, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return SupportPolicy.objects.create(
        park=world.park,
        title="关于支持人力资源服务业发展的若干措施",
        issuer="长春市人民政府",
        issued_on="2022-03-01",
        file=POLICY_FILE,
    )


def support_policy(world) -> dict:
    return {"pk": world.park.pk, "record_pk": world.once("support_policy", lambda: _policy_with_file(world)).pk}


def park_form_data(world) -> dict:
    return {
        "name": "新建示例产业园",
        "jurisdiction": world.park.jurisdiction_id,
        "park_type": "specialized",
        "location_kind": "national_high_tech_zone",
        "management_body_kind": "operating_company",
        "management_body_name": "示例运营公司",
        "staff_count": 3,
    }


def dossier_upload(name: str):
    def data(world) -> dict:
        dossier = eligible_dossier(name=name)
        content = json.dumps(dossier, ensure_ascii=False).encode()
        return {"file": SimpleUploadedFile("dossier.json", content, content_type="application/json")}

    return data


ACCESS = [
    Expect("parks:list", allowed=LIST_READERS),
    Expect("parks:list", allowed=LIST_READERS, query="search=示例&park_type=comprehensive&page=2", label="filtered"),
    Expect("parks:create", allowed=CREATORS),
    Expect("parks:create", allowed=CREATORS, method="post", data=park_form_data),
    Expect("parks:import", allowed=CREATORS),
    Expect("parks:import", allowed=CREATORS, method="post", data=dossier_upload("导入示例产业园")),
    Expect("parks:detail", allowed=PARK_READERS, kwargs=park),
    Expect("parks:detail", allowed=OTHER_PARK_READERS, kwargs=other_park, label="other city"),
    Expect("parks:roster", allowed=PARK_READERS, kwargs=park, query="q=示例&page=1"),
    Expect("parks:roster", allowed=OTHER_PARK_READERS, kwargs=other_park, label="other city"),
    Expect("parks:dossier", allowed=PARK_READERS, kwargs=park),
    Expect("parks:dossier", allowed=OTHER_PARK_READERS, kwargs=other_park, label="other city"),
    Expect("parks:edit", allowed=PARK_EDITORS, kwargs=park),
    Expect("parks:edit", allowed=OTHER_PARK_EDITORS, kwargs=other_park, label="other city"),
    Expect("parks:edit", allowed=PARK_EDITORS, kwargs=park, method="post", data=park_form_data),
    Expect("parks:dossier_upload", allowed=PARK_EDITORS, kwargs=park),
    Expect("parks:dossier_upload", allowed=OTHER_PARK_EDITORS, kwargs=other_park, label="other city"),
    Expect(
        "parks:dossier_upload",
        allowed=PARK_EDITORS,
        kwargs=park,
        method="post",
        data=dossier_upload("本市示例产业园"),
    ),
    Expect("parks:record_add", allowed=PARK_EDITORS, kwargs=lambda world: {"pk": world.park.pk, "kind": "sites"}),
    Expect(
        "parks:record_add",
        allowed=PARK_EDITORS,
        kwargs=lambda world: {"pk": world.park.pk, "kind": "enterprises"},
        method="post",
        data=lambda world: {"name": "新入驻企业", "uscc": make_uscc(4242), "status": "signed"},
        label="enterprise",
    ),
    Expect(
        "parks:record_add",
        allowed=OTHER_PARK_EDITORS,
        kwargs=lambda world: {"pk": world.other_park.pk, "kind": "events"},
        label="other city",
    ),
    Expect("parks:record_edit", allowed=PARK_EDITORS, kwargs=record("sites", "sites")),
    Expect(
        "parks:record_edit",
        allowed=OTHER_PARK_EDITORS,
        kwargs=lambda world: {
            "pk": world.other_park.pk,
            "kind": "sites",
            "record_pk": world.other_park.sites.first().pk,
        },
        label="other city",
    ),
    Expect(
        "parks:record_edit",
        allowed=set(),
        kwargs=lambda world: {"pk": world.park.pk, "kind": "sites", "record_pk": world.other_park.sites.first().pk},
        label="site of another park",
    ),
    Expect("parks:record_delete", allowed=PARK_EDITORS, kwargs=record("sites", "sites")),
    Expect("parks:record_delete", allowed=PARK_EDITORS, kwargs=record("sites", "sites"), method="post"),
    Expect("parks:policy_file", allowed=PARK_READERS, kwargs=support_policy),
]
