"""python -m bench.generate DATABASE_URL [--scale 1.0]: drop, create, migrate and fill one bench database.

At --scale 1 the data set is national: 31 fictional provinces (示例省01…示例省31, ten cities each) beside
Jilin, 5,000 parks, 250,000 enterprises, 20,000 designation applications with their history (materials,
every step as an ApplicationEvent, panels, public notices, subsidies) and 1,000,000 audit entries,
hash-chained with the audit app's own digest so that verify_audit passes. Other scales multiply every
count; what the measured pages show (the 基准 park and application, the bench city's parks, the bench users)
exists at every scale, so that both data sizes exercise the same code paths.

Rows go in with COPY; only the few hundred jurisdictions and users use bulk_create. Prints one JSON line:
the counts and how long each phase took.
"""

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import psycopg

from bench.common import PASSWORD, ROOT, database_name, maintenance_url, print_json, run, setup_django

PROVINCES = 31
CITIES_PER_PROVINCE = 10
FULL = {"parks": 5_000, "enterprises": 250_000, "applications": 20_000, "audit": 1_000_000}
EXPERTS_PER_PROVINCE = 5
BENCH_PROVINCE = "示例省01"
BENCH_CITY = "示例省01第01市"
BENCH_PARK = "基准人力资源服务产业园"
POOL_ENTERPRISES = 20  # each park of the bench city's load pool (bench/load.py)
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
TODAY = date.today()
STEP = timedelta(days=3, hours=5)  # between two steps of an application's history

# The designation workflow's steps up to each state: (action, who takes it). The states they lead to come
# from applications/workflow.py's table; steps that are not transitions leave the state as it is.
PATH_TO = {
    "draft": [],
    "submitted": [("submit", "operator")],
    "returned": [("submit", "operator"), ("return_to_applicant", "city_bureau")],
    "recommended": [("submit", "operator"), ("recommend", "city_bureau")],
    "forwarded": [("submit", "operator"), ("recommend", "city_bureau"), ("forward", "city_government")],
}
PATH_TO["evaluating"] = [*PATH_TO["forwarded"], ("open_evaluation", "provincial")]
REVIEWED = [
    *PATH_TO["evaluating"],
    ("review_submitted", "expert"),
    ("review_submitted", "expert"),
    ("review_submitted", "expert"),
    ("reviews_complete", None),
]
PATH_TO["shortlisted"] = [*REVIEWED, ("shortlist", "provincial")]
PATH_TO["in_notice"] = [*PATH_TO["shortlisted"], ("publish_notice", "provincial")]
PATH_TO["designated"] = [*PATH_TO["in_notice"], ("designate", "provincial")]
PATH_TO["not_passed"] = [*REVIEWED, ("not_pass", "provincial")]
PATH_TO["withdrawn"] = [("submit", "operator"), ("return_to_applicant", "city_bureau"), ("withdraw", "operator")]
# The last application of a park; the earlier ones were withdrawn or not passed.
LAST_STATE_WEIGHTS = {
    "designated": 30,
    "draft": 8,
    "submitted": 10,
    "returned": 5,
    "recommended": 5,
    "forwarded": 6,
    "evaluating": 8,
    "shortlisted": 4,
    "in_notice": 4,
    "not_passed": 12,
    "withdrawn": 8,
}
POOL_STATES = ("draft", "returned", "submitted", "submitted", "recommended")


def recreate_database(url: str, template: str | None = None) -> None:
    """Drop and create the database, empty or as a copy of an already migrated `template` database."""
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env, capture=True)
    run([sys.executable, "manage.py", "createcachetable"], env, capture=True)


def uscc(number: int, division: str) -> str:
    """A valid credit code, different for every number (the organisation code is the number in base 31)."""
    from hrparks.parks.uscc import ALPHABET, check_character

    digits = []
    for _ in range(9):
        number, digit = divmod(number, 31)
        digits.append(ALPHABET[digit])
    body = "91" + division + "".join(reversed(digits))
    return body + check_character(body)


class Table:
    """COPY into a model's table: rows are dicts by attribute name, missing fields take the field's default."""

    def __init__(self, model, *, keys: bool = False):
        from django.db import models

        self.model = model
        # Without `keys`, an automatic primary key is left to the database.
        self.fields = [f for f in model._meta.concrete_fields if keys or not isinstance(f, models.AutoField)]
        self.json_fields = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.defaults = {f.attname: f.get_default() if f.has_default() or not f.null else None for f in self.fields}

    def value(self, attname, row):
        value = row.get(attname, self.defaults[attname])
        if attname in self.json_fields:
            return json.dumps(value, ensure_ascii=False, default=str)
        return value

    def copy(self, rows) -> int:
        from django.db import connection

        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        names = [f.attname for f in self.fields]
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row([self.value(name, row) for name in names])
                count += 1
        return count


def through(model, field: str):
    return model._meta.get_field(field).remote_field.through


class DataSet:
    def __init__(self, scale: float, seed: int, pool: int | None = None):
        from hrparks.policy.registry import get_policy

        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not secrets
        self.counts = {key: max(1, round(value * scale)) for key, value in FULL.items()}
        self.policy = get_policy()
        self.pool_size = pool or max(12, round(120 * scale))  # the load run's applications
        self.timings: dict[str, float] = {}
        self.next_id: Counter = Counter()

    def ids(self, key: str, count: int = 1) -> range:
        start = self.next_id[key] + 1
        self.next_id[key] += count
        return range(start, start + count)

    def phase(self, name: str, function) -> None:
        started = time.perf_counter()
        function()
        self.timings[name] = round(time.perf_counter() - started, 2)
        print(f"  {name}: {self.timings[name]} s", file=sys.stderr, flush=True)

    # --- jurisdictions and users (bulk_create: a few hundred rows) ----------------------------------

    def jurisdictions(self) -> None:
        from hrparks.parks.models import Jurisdiction

        provinces = Jurisdiction.objects.bulk_create(
            Jurisdiction(
                code=f"X{p:02d}",
                name=f"示例省{p:02d}",
                name_en=f"Example Province {p:02d}",
                kind=Jurisdiction.Kind.PROVINCE,
                sort_order=100 + p,
            )
            for p in range(1, PROVINCES + 1)
        )
        Jurisdiction.objects.bulk_create(
            Jurisdiction(
                code=f"X{p:02d}{c:02d}",
                name=f"示例省{p:02d}第{c:02d}市",
                name_en=f"Example City {p:02d}-{c:02d}",
                kind=Jurisdiction.Kind.CITY,
                province=province,
                sort_order=c,
            )
            for p, province in enumerate(provinces, 1)
            for c in range(1, CITIES_PER_PROVINCE + 1)
        )
        self.cities = list(Jurisdiction.objects.filter(kind=Jurisdiction.Kind.CITY).order_by("pk"))
        self.provinces = list(Jurisdiction.objects.filter(kind=Jurisdiction.Kind.PROVINCE).order_by("pk"))
        self.bench_city = next(c for c in self.cities if c.name == BENCH_CITY)
        self.cities_of = {p.pk: [c for c in self.cities if c.province_id == p.pk] for p in self.provinces}

    def users(self) -> None:
        from django.contrib.auth.hashers import make_password

        from hrparks.accounts.models import Role, User

        password = make_password(PASSWORD)
        users = []

        def user(username, role, jurisdiction, name):
            users.append(
                User(
                    username=username,
                    role=role,
                    jurisdiction=jurisdiction,
                    first_name=name,
                    password=password,
                    organization=f"{jurisdiction.name}" if jurisdiction else "",
                )
            )

        for city in self.cities:
            prefix = "bench" if city.pk == self.bench_city.pk else city.code
            user(f"{prefix}_operator", Role.PARK_OPERATOR, city, f"{city.name}园区运营方")
            user(f"{prefix}_city_bureau", Role.CITY_BUREAU, city, f"{city.name}人社局")
            user(f"{prefix}_city_government", Role.CITY_GOVERNMENT, city, f"{city.name}人民政府")
        for province in self.provinces:
            bench = province.name == BENCH_PROVINCE
            prefix = "bench" if bench else province.code
            user(f"{prefix}_province", Role.PROVINCIAL_BUREAU, province, f"{province.name}人社厅")
            for index, city in enumerate(self.cities_of[province.pk][1 : EXPERTS_PER_PROVINCE + 1], 1):
                name = "bench_expert" if bench and index == 1 else f"{prefix}_expert_{index}"
                user(name, Role.EXPERT, city, f"专家{province.code}-{index}")
        # Colleagues of the bench city's officials: the load run has several of them act at once.
        for index in range(2, 5):
            user(f"bench_city_bureau_{index}", Role.CITY_BUREAU, self.bench_city, f"人社局经办人{index}")
        user("bench_city_government_2", Role.CITY_GOVERNMENT, self.bench_city, "市政府经办人2")
        User.objects.bulk_create(users)

        by_name = {u.username: u for u in User.objects.all()}
        self.user_count = len(by_name)
        self.actor = {}  # (role, city or province id) → the user who acts there
        for city in self.cities:
            prefix = "bench" if city.pk == self.bench_city.pk else city.code
            for role in ("operator", "city_bureau", "city_government"):
                self.actor[role, city.pk] = by_name[f"{prefix}_{role}"]
        self.experts = {}
        for province in self.provinces:
            prefix = "bench" if province.name == BENCH_PROVINCE else province.code
            self.actor["provincial", province.pk] = by_name[f"{prefix}_province"]
            self.experts[province.pk] = [
                u
                for u in by_name.values()
                if u.role == Role.EXPERT and u.jurisdiction_id in {c.pk for c in self.cities_of[province.pk]}
            ]

    # --- the plan: parks, their enterprises and applications, in memory ------------------------------

    def plan(self) -> None:
        from hrparks.parks import codes

        rng = self.rng
        parks = []

        def park(city, name, enterprises, states):
            parks.append({"city": city, "name": name, "enterprise_count": enterprises, "states": states})

        park(self.bench_city, BENCH_PARK, max(25, round(0.01 * self.counts["enterprises"])), ["withdrawn", "in_notice"])
        for index in range(self.pool_size):
            park(
                self.bench_city,
                f"{BENCH_CITY}人力资源服务产业园{index + 1:03d}",
                POOL_ENTERPRISES,
                ["withdrawn", POOL_STATES[index % len(POOL_STATES)]],
            )
        # Designated parks in the bench province at every scale: the public list is never empty.
        neighbour = self.cities_of[self.bench_city.province_id][1]
        for index in range(5):
            park(neighbour, f"{neighbour.name}示范人力资源服务产业园{index + 1}", POOL_ENTERPRISES, ["designated"])
        others = [c for c in self.cities if c.pk != self.bench_city.pk]
        rest = max(0, self.counts["parks"] - len(parks))
        fixed_enterprises = sum(p["enterprise_count"] for p in parks)
        fixed_applications = sum(len(p["states"]) for p in parks)
        # At small scales the fixed parks are all there is (rest = 0), and they have the rows already.
        enterprise_counts = Counter(
            rng.choices(range(rest), k=max(0, self.counts["enterprises"] - fixed_enterprises) if rest else 0)
        )
        application_counts = Counter(
            rng.choices(range(rest), k=max(0, self.counts["applications"] - fixed_applications) if rest else 0)
        )
        states = list(LAST_STATE_WEIGHTS)
        weights = list(LAST_STATE_WEIGHTS.values())
        per_city = Counter()
        for index in range(rest):
            city = rng.choice(others)
            per_city[city.pk] += 1
            count = application_counts[index]
            plan = [rng.choice(("withdrawn", "not_passed")) for _ in range(count - 1)]
            if count:
                plan.append(rng.choices(states, weights)[0])
            park(city, f"{city.name}人力资源服务产业园{per_city[city.pk]:03d}", enterprise_counts[index], plan)

        ids = iter(self.ids("park", len(parks)))
        for entry in parks:
            entry["id"] = next(ids)
            entry["province_id"] = entry["city"].province_id
            entry["park_type"] = rng.choice(codes.ParkType.values)
            entry["location_kind"] = rng.choice(codes.LocationKind.values)
            entry["management_body_kind"] = rng.choice(codes.ManagementBodyKind.values)
            entry["staff_count"] = rng.randint(3, 40)
            entry["enterprise_ids"] = self.ids("enterprise", entry["enterprise_count"])
            last = entry["states"][-1] if entry["states"] else None
            entry["status"] = "not_designated"
            if last == "designated":
                entry["status"] = rng.choices(["designated", "under_rectification", "revoked"], [90, 6, 4])[0]
        self.parks = parks

    # --- parks, sites, enterprises --------------------------------------------------------------------

    def write_parks(self) -> None:
        from hrparks.accounts.models import User
        from hrparks.parks import codes
        from hrparks.parks.models import Enterprise, Park, Site

        rng = self.rng
        created = NOW - timedelta(days=1200)

        def park_rows():
            for p in self.parks:
                designated = p["status"] != "not_designated"
                yield {
                    "id": p["id"],
                    "name": p["name"],
                    "jurisdiction_id": p["city"].pk,
                    "park_type": p["park_type"],
                    "location_kind": p["location_kind"],
                    "municipal_park_recognized": rng.random() < 0.8,
                    "management_body_kind": p["management_body_kind"],
                    "management_body_name": f"{p['name']}运营管理有限公司",
                    "staff_count": p["staff_count"],
                    "has_management_rules": True,
                    "public_services": list(codes.PublicService.values),
                    "supporting_services": rng.sample(codes.SupportingService.values, 4),
                    "declared_materials": [m for m in codes.Material.values if m != "other"],
                    "description": "基准测试用的虚构园区。",
                    "contact_person": "联系人",
                    "contact_phone": "0431-00000000",
                    "status": p["status"],
                    "designated_name": f"{p['city'].name}省级人力资源服务产业园" if designated else "",
                    "designation_document_number": f"示人社函〔2025〕{p['id']}号" if designated else "",
                    "designated_on": TODAY - timedelta(days=200) if designated else None,
                    "created_at": created,
                    "updated_at": created,
                }

        Table(Park, keys=True).copy(park_rows())

        def site_rows():
            site_ids = iter(self.ids("site", 3 * len(self.parks)))
            for p in self.parks:
                p["sites"] = []
                for index in range(rng.choice((1, 1, 2, 3))):
                    site = {
                        "id": next(site_ids),
                        "park_id": p["id"],
                        "name": "主园区" if index == 0 else f"分园区{index}",
                        "address": f"{p['city'].name}示例路{p['id']}号（虚构地址）",
                        "floor_area_m2": float(rng.randint(3000, 20000)),
                        "is_main": index == 0,
                        "sort_order": index,
                    }
                    p["sites"].append(site)
                    yield site

        Table(Site, keys=True).copy(site_rows())
        self.counts["sites"] = sum(len(p["sites"]) for p in self.parks)

        formats = codes.BusinessFormat.values

        def enterprise_rows():
            for p in self.parks:
                division = p["city"].code[-6:].rjust(6, "0") if p["city"].code.isdigit() else "990100"
                for index, pk in enumerate(p["enterprise_ids"]):
                    revenue = Decimal(rng.randint(100_000, 50_000_000)) if rng.random() < 0.7 else None
                    yield {
                        "id": pk,
                        "park_id": p["id"],
                        "name": f"示例人力资源服务有限公司{pk:06d}",
                        "uscc": uscc(pk, division),
                        "status": "resident" if rng.random() < 0.85 else "signed",
                        "hr_service_agency": rng.random() < 0.8,
                        "operating": rng.random() < 0.9,
                        "headquartered_locally": rng.random() < 0.6,
                        "business_formats": rng.sample(formats, rng.choice((1, 1, 2))),
                        "revenue_last_year_cny": revenue,
                        "sort_order": index,
                    }

        self.counts["enterprises"] = Table(Enterprise, keys=True).copy(enterprise_rows())

        operators = through(User, "parks")
        Table(operators).copy(
            {"user_id": self.actor["operator", p["city"].pk].pk, "park_id": p["id"]} for p in self.parks
        )

    # --- applications and everything that hangs off them --------------------------------------------

    def submitted_data(self, p) -> dict:
        """What a submit step keeps (services._on_submit): the park's dossier and its eligibility report — for
        the parks of the bench province, whose pages are measured; elsewhere nothing, to keep generation quick."""
        if p["province_id"] != self.bench_city.province_id:
            return {}
        if "submitted_data" not in p:
            from hrparks.parks.dossier import export_dossier
            from hrparks.parks.models import Park
            from hrparks.policy.engine import check_dossier

            dossier = export_dossier(Park.objects.select_related("jurisdiction").get(pk=p["id"]))
            p["submitted_data"] = {"dossier": dossier, "eligibility": check_dossier(dossier, self.policy).as_dict()}
        return p["submitted_data"]

    def notice_slots(self) -> None:
        """Per province: the current notice (published two days ago, open a week) and quarterly past ones."""
        self.notices = []
        self.current_notice = {}
        self.past_notices = {}
        notice_ids = iter(self.ids("notice", len(self.provinces) * 13))
        for province in self.provinces:
            published = TODAY - timedelta(days=2)
            current = {"id": next(notice_ids), "province": province, "published_on": published, "applications": []}
            self.current_notice[province.pk] = current
            self.notices.append(current)
            self.past_notices[province.pk] = []
            for quarter in range(1, 13):
                published = TODAY - timedelta(days=90 * quarter + 30)
                past = {"id": next(notice_ids), "province": province, "published_on": published, "applications": []}
                self.past_notices[province.pk].append(past)
                self.notices.append(past)

    def write_applications(self) -> None:
        from hrparks.applications.models import (
            Application,
            ApplicationEvent,
            Disbursement,
            Material,
            Objection,
            PanelMember,
            PublicNotice,
            Spending,
            Subsidy,
        )
        from hrparks.applications.workflow import TRANSITIONS

        rng = self.rng
        self.notice_slots()
        required = [m.code for m in self.policy.required_materials]
        uses = [u.code for u in self.policy.procedure.subsidy_uses]
        applications, events, materials, seats, subsidies, disbursements, spendings = [], [], [], [], [], [], []
        app_ids = self.ids("application", sum(len(p["states"]) for p in self.parks))
        app_id_iter = iter(app_ids)
        event_ids = iter(range(1, 10**9))
        material_ids = iter(range(1, 10**9))

        for p in self.parks:
            city, province_id = p["city"], p["province_id"]
            for position, state in enumerate(p["states"]):
                last = position == len(p["states"]) - 1
                app_id = next(app_id_iter)
                p.setdefault("application_ids", []).append(app_id)
                steps = list(PATH_TO[state])
                loops = 2 if p["name"] == BENCH_PARK and last else rng.choice((0, 0, 0, 1))
                if steps and steps[0][0] == "submit":
                    steps = [("submit", "operator"), ("return_to_applicant", "city_bureau")] * loops + steps
                # Anchor: the last step of an application in notice is the current notice's publication; a
                # designated one's notice is a past quarter's; earlier applications of the park end long ago.
                notice = None
                if state == "in_notice":
                    notice = self.current_notice[province_id]
                elif state == "designated":
                    notice = rng.choice(self.past_notices[province_id])
                if notice is not None:
                    published_at = datetime.combine(notice["published_on"], datetime.min.time(), UTC) + timedelta(
                        hours=9
                    )
                    publish_index = next(i for i, s in enumerate(steps) if s[0] == "publish_notice")
                    start = published_at - STEP * (publish_index + 2)
                    notice["applications"].append(app_id)
                elif last:
                    start = (
                        NOW - STEP * (len(steps) + 2) - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 900))
                    )
                else:
                    start = NOW - timedelta(days=400 + 200 * (len(p["states"]) - position)) - STEP * len(steps)
                operator = self.actor["operator", city.pk].pk
                panel = (
                    rng.sample(self.experts[province_id], 3) if any(s[0] == "open_evaluation" for s in steps) else []
                )
                if p["name"] == BENCH_PARK and last:
                    bench_expert = next(e for e in self.experts[province_id] if e.username == "bench_expert")
                    panel = [bench_expert, *[e for e in panel if e.pk != bench_expert.pk][:2]]

                application = {
                    "id": app_id,
                    "kind": "designation",
                    "park_id": p["id"],
                    "park_type": p["park_type"],
                    "policy_id": self.policy.id,
                    "created_by_id": operator,
                    "created_at": start,
                }
                at = start
                events.append(
                    {
                        "id": next(event_ids),
                        "application_id": app_id,
                        "action": "created",
                        "from_state": "draft",
                        "to_state": "draft",
                        "actor_id": operator,
                        "created_at": at,
                    }
                )
                for code in required:
                    at += timedelta(minutes=7)
                    material_id = next(material_ids)
                    materials.append(
                        {
                            "id": material_id,
                            "application_id": app_id,
                            "code": code,
                            "version": 1,
                            "file": f"applications/bench/{app_id}-{code}.pdf",
                            "original_name": f"{code}.pdf",
                            "file_format": "pdf",
                            "size": 120_000,
                            "sha256": "0" * 64,
                            "uploaded_by_id": operator,
                            "uploaded_at": at,
                        }
                    )
                    events.append(
                        {
                            "id": next(event_ids),
                            "application_id": app_id,
                            "action": "material_uploaded",
                            "from_state": "draft",
                            "to_state": "draft",
                            "actor_id": operator,
                            "created_at": at,
                            "data": {"code": code, "version": 1},
                            "material_id": material_id,
                        }
                    )
                current, reviews = "draft", 0
                for number, (action, role) in enumerate(steps, 1):
                    if action == "publish_notice":
                        at = published_at
                    elif action == "designate":
                        at = published_at + timedelta(days=12)  # after the notice's last day
                    else:
                        at = start + STEP * number
                    if role == "expert":
                        actor = panel[reviews].pk
                        reviews += 1
                    elif role == "provincial":
                        actor = self.actor["provincial", province_id].pk
                    elif role is None:
                        actor = None
                    else:
                        actor = self.actor[role, city.pk].pk
                    target = TRANSITIONS[action][1].target if action in TRANSITIONS else current
                    data, comment = self.step_data(action, p, at, application)
                    events.append(
                        {
                            "id": next(event_ids),
                            "application_id": app_id,
                            "action": action,
                            "from_state": current,
                            "to_state": target,
                            "actor_id": actor,
                            "created_at": at,
                            "comment": comment,
                            "data": data,
                        }
                    )
                    if action == "submit" and application.get("submitted_at") is None:
                        application["submitted_at"] = at
                    current = target
                application.update(state=current, state_entered_at=at, updated_at=at)
                applications.append(application)
                for member in panel:
                    reviewed = any(s[0] == "reviews_complete" for s in steps)
                    seats.append(
                        {
                            "application_id": app_id,
                            "expert_id": member.pk,
                            "criterion_scores": {c.id: 4 for c in self.policy.criteria} if reviewed else {},
                            "necessity_score": 4 if reviewed else None,
                            "feasibility_score": 4 if reviewed else None,
                            "reasonableness_score": 4 if reviewed else None,
                            "opinion": "建议通过" if reviewed else "",
                            "reviewed_at": at if reviewed else None,
                        }
                    )
                if current == "designated":
                    subsidy_id = len(subsidies) + 1
                    provincial = self.actor["provincial", province_id].pk
                    subsidies.append(
                        {
                            "id": subsidy_id,
                            "application_id": app_id,
                            "park_id": p["id"],
                            "policy_id": self.policy.id,
                            "amount": Decimal("1000000.00"),
                            "created_at": at,
                        }
                    )
                    disbursements.append(
                        {
                            "subsidy_id": subsidy_id,
                            "amount": Decimal("500000.00"),
                            "paid_on": at.date() + timedelta(days=30),
                            "document_number": "示财拨〔2025〕1号",
                            "recorded_by_id": provincial,
                            "recorded_at": at + timedelta(days=30),
                        }
                    )
                    spendings.append(
                        {
                            "subsidy_id": subsidy_id,
                            "use": rng.choice(uses),
                            "amount": Decimal("120000.00"),
                            "spent_on": at.date() + timedelta(days=60),
                            "description": "公共服务设施改造",
                            "recorded_by_id": operator,
                            "recorded_at": at + timedelta(days=60),
                        }
                    )
                if p["name"] == BENCH_PARK and last:
                    self.bench_application = app_id

        Table(Application, keys=True).copy(applications)
        self.counts["applications"] = len(applications)
        self.counts["materials"] = Table(Material, keys=True).copy(materials)
        self.counts["application_events"] = Table(ApplicationEvent, keys=True).copy(events)
        Table(PanelMember).copy(seats)
        notice_rows = [n for n in self.notices if n["applications"]]
        Table(PublicNotice, keys=True).copy(
            {
                "id": n["id"],
                "title": f"{n['province'].name}省级人力资源服务产业园推荐名单公示（{n['published_on']:%Y年%m月}）",
                "policy_id": self.policy.id,
                "published_on": n["published_on"],
                "start_date": n["published_on"],
                "end_date": n["published_on"] + timedelta(days=9),
                "published_by_id": self.actor["provincial", n["province"].pk].pk,
                "published_at": datetime.combine(n["published_on"], datetime.min.time(), UTC) + timedelta(hours=9),
            }
            for n in notice_rows
        )
        Table(through(PublicNotice, "applications")).copy(
            {"publicnotice_id": n["id"], "application_id": a} for n in notice_rows for a in n["applications"]
        )
        self.counts["public_notices"] = len(notice_rows)
        Table(Subsidy, keys=True).copy(subsidies)
        Table(Disbursement).copy(disbursements)
        Table(Spending).copy(spendings)
        bench_notice = self.current_notice[self.parks[0]["province_id"]]
        Table(Objection).copy(
            [
                {
                    "notice_id": bench_notice["id"],
                    "application_id": self.bench_application,
                    "receipt_number": "BENCH-0001",
                    "name": "公众甲",
                    "contact": "13800000000",
                    "content": "反映园区入驻企业数量存疑。",
                    "filed_at": NOW - timedelta(days=1),
                    "verification": "经核查，入驻企业名录属实。",
                    "upheld": False,
                    "resolved_by_id": self.actor["provincial", bench_notice["province"].pk].pk,
                    "resolved_at": NOW,
                }
            ]
        )

    def step_data(self, action: str, p: dict, at: datetime, application: dict) -> tuple[dict, str]:
        if action == "submit":
            return self.submitted_data(p), "请审核"
        if action == "return_to_applicant":
            return {}, "请补充入驻企业营业执照复印件。"
        if action == "recommend":
            application["recommendation_opinion"] = "材料齐全，同意推荐。"
            return {"recommendation_opinion": application["recommendation_opinion"]}, ""
        if action == "forward":
            application["request_document_number"] = f"示府函〔{at.year}〕{p['id']}号"
            application["request_document_date"] = at.date()
            return {
                "document_number": application["request_document_number"],
                "document_date": at.date().isoformat(),
            }, ""
        if action == "open_evaluation":
            return {"panel_draw": None, "seed": f"bench-{application['id']}", "panel": []}, ""
        if action == "shortlist":
            application["evaluation_opinion"] = "评估通过。"
            return {"evaluation_opinion": "评估通过。"}, ""
        if action == "not_pass":
            application["evaluation_opinion"] = "条件不足。"
            application["rectification"] = "补齐人力资源服务业态。"
            application["decided_on"] = at.date()
            application["reapply_from"] = at.date() + timedelta(days=92)
            return {"evaluation_opinion": "条件不足。", "reapply_from": application["reapply_from"].isoformat()}, ""
        if action == "designate":
            name = f"{p['city'].name}省级人力资源服务产业园"
            application.update(
                decided_on=at.date(),
                approval_document_number=f"示人社函〔{at.year}〕{p['id']}号",
                approval_date=at.date(),
                designated_name=name,
            )
            return {
                "document_number": application["approval_document_number"],
                "designated_name": name,
                "subsidy_amount": "1000000.00",
            }, ""
        return {}, ""

    # --- the audit log: valid, hash-chained entries after the current head ---------------------------

    def write_audit(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import transaction

        from hrparks.applications.models import Application
        from hrparks.audit.chain import HASHED_FIELDS, entry_digest
        from hrparks.audit.models import AuditEntry, AuditHead
        from hrparks.audit.services import lock_chain
        from hrparks.parks.models import Enterprise, Park

        rng = self.rng
        types = {model: ContentType.objects.get_for_model(model).pk for model in (Park, Enterprise, Application)}
        count = self.counts["audit"]
        first = NOW - timedelta(days=1000)
        span = (NOW - timedelta(days=1) - first).total_seconds()
        parks = [p for p in self.parks if p["enterprise_count"]] or self.parks

        with transaction.atomic():
            head = lock_chain()
            seq, previous = head.seq, head.hash

            def rows():
                nonlocal seq, previous
                for index in range(count):
                    p = rng.choice(parks)
                    kind = rng.random()
                    role = "operator" if kind < 0.6 else "city_bureau"
                    actor = self.actor[role, p["city"].pk]
                    if kind < 0.45 and p["enterprise_count"]:
                        model, pk = Enterprise, rng.choice(p["enterprise_ids"])
                        represent = f"示例人力资源服务有限公司{pk:06d}"
                        action, changes, data = "create", {"name": [None, represent]}, {}
                    elif kind < 0.8 or not p.get("application_ids"):
                        model, pk, represent = Park, p["id"], p["name"]
                        staff = rng.randint(3, 40)
                        action, changes, data = "update", {"staff_count": [staff, staff + 1]}, {}
                    else:
                        model, pk = Application, rng.choice(p["application_ids"])
                        represent = f"{p['name']} · 认定申报 #{pk}"
                        action, changes, data = "application.submit", {}, {"from": "draft", "to": "submitted"}
                    seq += 1
                    entry = {
                        "seq": seq,
                        "timestamp": first + timedelta(seconds=span * index / count, microseconds=index % 997),
                        "actor_id": actor.pk,
                        "actor_username": actor.username,
                        "actor_role": actor.role,
                        "action": action,
                        "content_type_id": types[model],
                        "object_id": str(pk),
                        "object_repr": represent[:200],
                        "park_id": p["id"],
                        "province_id": p["province_id"],
                        "changes": changes,
                        "data": data,
                        "prev_hash": previous,
                    }
                    entry["hash"] = previous = entry_digest({name: entry[name] for name in HASHED_FIELDS})
                    yield entry

            Table(AuditEntry).copy(rows())
            AuditHead.objects.filter(pk=head.pk).update(seq=seq, hash=previous)

    def finish(self) -> None:
        """Identity sequences after the explicit keys, then fresh planner statistics."""
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection

        models = [
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in {"parks", "applications", "accounts"}
        ]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            cursor.execute("VACUUM ANALYZE")

    def build(self) -> None:
        self.phase("jurisdictions_and_users", lambda: (self.jurisdictions(), self.users()))
        self.phase("plan", self.plan)
        self.phase("parks_sites_enterprises", self.write_parks)
        self.phase("applications_and_history", self.write_applications)
        self.phase("audit_log", self.write_audit)
        self.phase("sequences_and_analyze", self.finish)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--template", help="copy this migrated database instead of migrating (bench/run.py)")
    parser.add_argument(
        "--pool",
        type=int,
        help="applications of the load run's pool (default 120 × scale, at least 12; bench/cluster.py)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    os.environ["DATABASE_URL"] = args.database_url
    recreate_database(args.database_url, args.template)
    if args.template is None:
        migrate(args.database_url)
    migrated = time.perf_counter() - started
    print(f"{database_name(args.database_url)}: ready for data in {migrated:.1f} s", file=sys.stderr, flush=True)

    setup_django()
    data = DataSet(args.scale, args.seed, args.pool)
    data.build()
    print_json(
        {
            "database": database_name(args.database_url),
            "scale": args.scale,
            "counts": {
                **data.counts,
                "users": data.user_count,
                "jurisdictions": len(data.cities) + len(data.provinces),
            },
            "seconds": {
                "create_and_migrate": round(migrated, 2),
                **data.timings,
                "total": round(time.perf_counter() - started, 2),
            },
        }
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
