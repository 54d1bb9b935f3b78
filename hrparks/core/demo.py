"""Clearly fictional demo data for `make run`: parks in five jurisdictions and one account per role.

Every name carries 示例 (example); credit codes are generated with a valid check digit but belong to
no real enterprise; addresses say 虚构 (fictional).
"""

import random
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hrparks.accounts.models import Role, User
from hrparks.applications import services as workflow
from hrparks.applications.models import Application
from hrparks.audit.context import acting_as
from hrparks.evaluations.models import RoundKind
from hrparks.evaluations.services import open_round
from hrparks.parks import codes
from hrparks.parks.models import Jurisdiction, Park
from hrparks.parks.services import import_dossier
from hrparks.parks.uscc import ALPHABET, check_character
from hrparks.policy.registry import get_policy
from hrparks.workdays.calendar import add_working_days

DEMO_PASSWORD = "Demo-hrparks-2026"  # noqa: S105 -- printed for the demo on purpose
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
NAME_WORDS = ["启航", "聚才", "博远", "众创", "恒信", "智联", "鸿程", "卓越", "泰和", "英才", "新程", "华瑞"]


@dataclass(frozen=True)
class DemoPark:
    name: str
    jurisdiction: str
    park_type: str
    site_areas: tuple[float, ...]  # the first is the main park
    operating_agencies: int
    local_share: float
    signed: int = 2


DEMO_PARKS = [
    # Meets every automatic criterion of the Jilin measures.
    DemoPark("长春示例人力资源服务产业园", "长春市", "comprehensive", (6200.0,), 18, 0.7),
    # One operating agency short of 15 (第五条（三）, a "原则上" rule the province may waive).
    DemoPark("吉林市示例人力资源服务产业园", "吉林市", "comprehensive", (4800.0,), 14, 0.6),
    # Specialized park with a branch: two sites, 12,000 m² in total.
    DemoPark("延边示例人才服务产业园", "延边朝鲜族自治州", "specialized", (7000.0, 5000.0), 16, 0.5),
    # Half a square metre short of 4,000 m² (第五条（二）).
    DemoPark("四平示例人力资源服务产业园", "四平市", "comprehensive", (3999.5,), 15, 0.8),
    DemoPark("梅河口示例人力资源服务产业园", "梅河口市", "specialized", (2600.0,), 9, 0.4),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: str
    jurisdiction: str | None
    parks: tuple[str, ...] = ()


DEMO_USERS = [
    DemoUser("operator", "示例园区运营负责人", Role.PARK_OPERATOR, "长春市", ("长春示例人力资源服务产业园",)),
    DemoUser("operator_jl", "示例吉林园区运营负责人", Role.PARK_OPERATOR, "吉林市", ("吉林市示例人力资源服务产业园",)),
    DemoUser("city_bureau", "示例长春市人社局审核员", Role.CITY_BUREAU, "长春市"),
    DemoUser("city_gov", "示例长春市政府办公室", Role.CITY_GOVERNMENT, "长春市"),
    DemoUser("city_bureau_jl", "示例吉林市人社局审核员", Role.CITY_BUREAU, "吉林市"),
    DemoUser("province", "示例省人社厅人力资源流动管理处", Role.PROVINCIAL_BUREAU, "吉林省"),
    DemoUser("expert1", "示例专家甲", Role.EXPERT, "吉林市"),
    DemoUser("expert2", "示例专家乙", Role.EXPERT, "四平市"),
    DemoUser("expert3", "示例专家丙", Role.EXPERT, "延边朝鲜族自治州"),
    DemoUser("expert4", "示例专家丁", Role.EXPERT, "通化市"),
    DemoUser("expert5", "示例专家戊", Role.EXPERT, "长春市"),
    DemoUser("admin", "示例系统管理员", Role.SYSTEM_ADMIN, None),
]


def _uscc(rng: random.Random, division: str) -> str:
    body = "91" + division + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def demo_dossier(spec: DemoPark, seed: int) -> dict:
    rng = random.Random(seed)  # noqa: S311 -- reproducible fictional data, not security
    division = Jurisdiction.objects.get(name=spec.jurisdiction).code
    division = division if division.isdigit() else "220000"
    enterprises = []
    local = round(spec.operating_agencies * spec.local_share)
    for index in range(spec.operating_agencies + spec.signed):
        word = NAME_WORDS[index % len(NAME_WORDS)]
        enterprises.append(
            {
                "name": f"{spec.jurisdiction[:2]}{word}示例人力资源服务有限公司{index + 1}",
                "uscc": _uscc(rng, division),
                "status": "resident" if index < spec.operating_agencies else "signed",
                "hr_service_agency": True,
                "operating": True,
                "headquartered_locally": index < local,
                "business_formats": [REQUIRED_FORMATS[index % 8], *(["recruitment"] if index % 3 == 0 else [])],
                "revenue_last_year_cny": float(rng.randrange(800_000, 30_000_000, 10_000)),
            }
        )
    return {
        "name": spec.name,
        "jurisdiction": spec.jurisdiction,
        "park_type": spec.park_type,
        "location_kind": "prefecture_city",
        "municipal_park_recognized": True,
        "management_body": {
            "kind": "operating_company",
            "name": f"{spec.name.removesuffix('产业园')}运营管理有限公司",
            "staff_count": 8 + seed,
            "has_management_rules": True,
        },
        "sites": [
            {
                "name": "主园区" if index == 0 else f"第{index}分园区",
                "address": f"{spec.jurisdiction}示例大街{100 + index}号（虚构地址）",
                "floor_area_m2": area,
                "main": index == 0,
            }
            for index, area in enumerate(spec.site_areas)
        ],
        "public_services": list(codes.PublicService.values),
        "supporting_services": list(codes.SupportingService.values),
        "enterprises": enterprises,
        "materials": [m for m in codes.Material.values if m != "other"],
    }


@transaction.atomic
def load_demo() -> list[DemoUser]:
    """Create (or refresh) the demo parks and accounts; safe to run again."""
    jurisdictions = {j.name: j for j in Jurisdiction.objects.all()}
    admin = _ensure_user(DEMO_USERS[-1], jurisdictions)
    with acting_as(admin):
        for seed, spec in enumerate(DEMO_PARKS):
            existing = Park.objects.filter(name=spec.name, jurisdiction__name=spec.jurisdiction).first()
            if existing is None:
                import_dossier(demo_dossier(spec, seed))
        people = {spec.username: _ensure_user(spec, jurisdictions) for spec in DEMO_USERS}
    if not Application.objects.exists():
        _demo_workflow(people)
    return DEMO_USERS


def _ensure_user(spec: DemoUser, jurisdictions: dict) -> User:
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.name,
            "role": spec.role,
            "jurisdiction": jurisdictions.get(spec.jurisdiction),
            "email": f"{spec.username}@example.invalid",
            "is_staff": spec.role == Role.SYSTEM_ADMIN,
            "is_superuser": spec.role == Role.SYSTEM_ADMIN,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        if spec.parks:
            user.parks.set(Park.objects.filter(name__in=spec.parks))
    return user


# A minimal, valid PDF: the demo's uploaded materials (content-checked like any upload).
DEMO_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _step(application: Application, name: str, actor: User, **data) -> Application:
    application.refresh_from_db()
    return workflow.perform_transition(application, name, actor=actor, expected_state=application.state, data=data)


def _demo_workflow(people: dict[str, User]) -> None:
    """Put the demo parks at different points of the measures, so every role has something to do:
    长春 in its public notice (portal, objections), 吉林市 waiting for its city bureau, 延边 designated
    with this year's self-evaluation open."""
    parks = {park.jurisdiction.name: park for park in Park.objects.select_related("jurisdiction")}
    today = timezone.localdate()

    changchun = workflow.start_application(park=parks["长春市"], park_type="comprehensive", actor=people["operator"])
    _upload_materials(changchun, people["operator"])
    _step(changchun, "submit", people["operator"], comment="请审核（示例）")
    _step(changchun, "recommend", people["city_bureau"], recommendation_opinion="材料齐全，同意推荐（示例）")
    _step(
        changchun,
        "forward",
        people["city_gov"],
        document_number="长府函〔2026〕99号（示例）",
        document_date=today,
        city_letter=SimpleUploadedFile("长府函〔2026〕99号.pdf", DEMO_PDF, content_type="application/pdf"),
    )
    _step(changchun, "open_evaluation", people["province"], panel_size=3)
    scores = {criterion.id: 4 for criterion in get_policy(changchun.policy_id).criteria}
    for member in changchun.panel_members.select_related("expert"):
        workflow.submit_review(
            changchun,
            expert=member.expert,
            values={
                "criterion_scores": scores,
                "necessity_score": 5,
                "feasibility_score": 4,
                "reasonableness_score": 4,
                "necessity_comment": "区域人力资源服务需求旺盛（示例）",
                "opinion": "建议通过（示例）",
            },
        )
    workflow.record_site_visit(
        changchun,
        visited_on=today,
        participants=[
            {"name": "王敏（示例）", "unit": "吉林省人力资源和社会保障厅"},
            {"name": "李强（示例）", "unit": "吉林大学"},
        ],
        findings="场地、设施与申报材料一致（示例）",
        actor=people["province"],
    )
    _step(
        changchun,
        "shortlist",
        people["province"],
        evaluation_opinion="符合申报条件，建议认定（示例）",
        guidance_planning="完善产业定位与功能布局规划（示例）",
        guidance_operating_model="引入专业化运营团队（示例）",
        guidance_support_policies="出台房租补贴和引才奖励政策（示例）",
        guidance_safeguards="加强配套设施和安全保障（示例）",
    )
    workflow.publish_recommendation_list(
        applications=[changchun],
        title="吉林省省级人力资源服务产业园认定推荐名单公示（示例）",
        contact_phone="0431-88888888（示例）",
        contact_address="长春市示例路1号 省人力资源和社会保障厅人力资源流动管理处（示例）",
        actor=people["province"],
    )

    jilin = workflow.start_application(park=parks["吉林市"], park_type="comprehensive", actor=people["operator_jl"])
    _upload_materials(jilin, people["operator_jl"])
    _step(jilin, "submit", people["operator_jl"], comment="请审核（示例）")

    with acting_as(people["province"]):
        workflow.designate_park(
            parks["延边朝鲜族自治州"],
            designated_name="延边朝鲜族自治州省级人力资源服务产业园",
            document_number="吉人社函〔2025〕88号（示例）",
            designated_on=date(today.year - 1, 12, 15),
            actor=people["province"],
        )
    open_round(
        province=parks["长春市"].jurisdiction.province,
        kind=RoundKind.SELF,
        year=today.year,
        due_date=add_working_days(today, 20),
        actor=people["province"],
    )


def _upload_materials(application: Application, operator: User) -> None:
    for material in get_policy(application.policy_id).required_materials:
        upload = SimpleUploadedFile(f"{material.code}.pdf", DEMO_PDF, content_type="application/pdf")
        workflow.upload_material(application, code=material.code, upload=upload, actor=operator)
