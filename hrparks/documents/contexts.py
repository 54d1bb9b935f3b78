"""What the documents say, read from the park, its application and the policy (reads only).

A document's context is a plain dict of named sections (park, sites, roster…). Each section is built once
per subject, in Chinese (documents are always Chinese), with labels resolved to strings, so that a context
can be hashed (services.inputs_hash) and rendered without touching the database again. Official documents
take a plain dict as well: official_context() builds it from the workflow's records, tests and other apps
may pass their own (the keys each template reads are listed in README.md).
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q
from django.utils import timezone, translation

from hrparks.applications.objections import notice_outcome_zh
from hrparks.applications.services import designated_name_for
from hrparks.evaluations.models import EvaluationNotice, Grade, Rectification
from hrparks.parks import codes
from hrparks.parks.models import Park
from hrparks.policy.registry import get_policy
from hrparks.policy.selectors import decision_waivers, park_eligibility

from .kinds import ATTACHMENTS_BY_KIND, DOCUMENT_LANGUAGE, Kind
from .roster import COLUMNS as ROSTER_COLUMNS


@dataclass(frozen=True)
class Subject:
    """Whose documents: a park (before it applies) or one of its applications."""

    park: Park
    application: object = None

    @property
    def key(self) -> str:
        return f"application:{self.application.pk}" if self.application else f"park:{self.park.pk}"

    @property
    def scope(self) -> str:
        return "application" if self.application else "park"

    @property
    def pk(self) -> int:
        return self.application.pk if self.application else self.park.pk


def _label(choices, code: str) -> str:
    return str(dict(choices.choices).get(code, code))


def _checklist(choices, offered: list[str]) -> list[dict]:
    return [{"label": str(label), "offered": code in offered} for code, label in choices.choices]


_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九", 1)}
_ARTICLE_PARTS = re.compile(r"第([一二三四五六七八九十]+)条|（([一二三四五六七八九十]+)）|(\d+)")


def _numeral(text: str) -> int:
    """一 … 九十九: 十 alone is ten, 十三 thirteen, 二十 twenty."""
    tens, _ten, units = text.rpartition("十")
    if not _ten:
        return _NUMERALS[units]
    return _NUMERALS.get(tens, 1) * 10 + _NUMERALS.get(units, 0)


def article_key(article: str) -> tuple[int, ...]:
    """第四条 < 第五条 < 第五条（二） < 第五条（十） < 第六条（一）2: the order of the measures' text."""
    return tuple(
        int(digits) if digits else _numeral(numeral or item)
        for numeral, item, digits in _ARTICLE_PARTS.findall(article)
    )


def percent(part: int, whole: int) -> str:
    """63.6%: one decimal, '—' when there is nothing to divide."""
    if not whole:
        return "—"
    value = Decimal(part * 100) / Decimal(whole)
    return f"{value.quantize(Decimal('0.1'))}%"


class AttachmentContext:
    """The sections of the seven attachments for one subject, each read once and only when asked for."""

    def __init__(self, subject: Subject):
        self.subject = subject

    def for_kind(self, kind: str) -> dict:
        if kind == Kind.FORM and self.submitted_form is not None:
            return self.submitted_form
        return self.current(kind)

    def current(self, kind: str) -> dict:
        """The sections of the attachment from today's data."""
        with translation.override(DOCUMENT_LANGUAGE):
            return {section: getattr(self, section) for section in ATTACHMENTS_BY_KIND[kind].sections}

    @cached_property
    def submitted_form(self) -> dict | None:
        """附件3 as submitted (services.freeze_submission), which a later change of the park does not alter."""
        application = self.subject.application
        if application is None:
            return None
        snapshot = application.submitted_snapshots.only("data").first()
        return snapshot.data if snapshot is not None else None

    @cached_property
    def policy(self) -> dict:
        application = self.subject.application
        policy = get_policy(application.policy_id if application else None)
        return {
            "id": policy.id,
            "title": policy.title_zh,
            "document_number": policy.document_number,
            "issuer": policy.issuer_zh,
            # The six materials enumerated by 第六条（一）; the forms attached to the measures (附件3 申报表,
            # 附件7 真实性声明, uploaded in their own slots) are not in the letter's list.
            "materials": [
                {"label": m.label_zh, "article": m.article, "required": m.required}
                for m in policy.materials
                if "附件" not in m.article
            ],
        }

    @cached_property
    def park(self) -> dict:
        park = self.subject.park
        park_type = self.subject.application.park_type if self.subject.application else park.park_type
        return {
            "name": park.name,
            "jurisdiction": park.jurisdiction.name,
            "park_type": _label(codes.ParkType, park_type),
            "specialized": park_type == codes.ParkType.SPECIALIZED,
            "location_kind": _label(codes.LocationKind, park.location_kind),
            "municipal_park_recognized": park.municipal_park_recognized,
            "management_body_kind": _label(codes.ManagementBodyKind, park.management_body_kind),
            "management_body_name": park.management_body_name,
            "staff_count": park.staff_count,
            "has_management_rules": park.has_management_rules,
            "public_services": _checklist(codes.PublicService, park.public_services),
            "supporting_services": _checklist(codes.SupportingService, park.supporting_services),
            "description": park.description,
            "contact_person": park.contact_person,
            "contact_phone": park.contact_phone,
            "contact_email": park.contact_email,
            "status": _label(Park.Status, park.status),
        }

    @cached_property
    def application(self) -> dict | None:
        application = self.subject.application
        if application is None:
            return None
        submitted = application.submitted_at
        return {
            "number": application.pk,
            "submitted_on": timezone.localdate(submitted) if submitted else None,
        }

    @cached_property
    def letter(self) -> dict:
        """附件2 is the same kind of letter as the one the city sends on (第六条（一）（二）), a 函 by default."""
        return {"kind": letter_kind(self.subject.application)}

    @cached_property
    def sites(self) -> dict:
        sites = [
            {
                "name": site.name,
                "address": site.address,
                "floor_area_m2": site.floor_area_m2,
                "usable_area_m2": site.usable_area_m2,
                "is_main": site.is_main,
            }
            for site in self.subject.park.sites.all()
        ]
        return {
            "list": sites,
            "count": len(sites),
            "branch_count": sum(not site["is_main"] for site in sites),
            "total_floor_area_m2": sum(site["floor_area_m2"] for site in sites),
        }

    @cached_property
    def enterprise_counts(self) -> dict:
        enterprises = self.subject.park.enterprises.all()
        resident = Q(status=codes.EnterpriseStatus.RESIDENT)
        agency = resident & Q(hr_service_agency=True, operating=True)
        counts = enterprises.aggregate(
            total=Count("pk"),
            resident=Count("pk", filter=resident),
            signed=Count("pk", filter=Q(status=codes.EnterpriseStatus.SIGNED)),
            hr_agencies=Count("pk", filter=Q(hr_service_agency=True)),
            operating_agencies=Count("pk", filter=agency),
            local_hq=Count("pk", filter=resident & Q(headquartered_locally=True)),
        )
        # Formats are a JSON list per enterprise; counted in Python so that SQLite and PostgreSQL agree.
        by_format = dict.fromkeys(codes.BusinessFormat.values, 0)
        for formats in enterprises.filter(agency).values_list("business_formats", flat=True):
            for code in set(formats) & by_format.keys():
                by_format[code] += 1
        counts["local_hq_percent"] = percent(counts["local_hq"], counts["resident"])
        counts["formats"] = [
            {"label": str(label), "count": by_format[code]} for code, label in codes.BusinessFormat.choices
        ]
        return counts

    @cached_property
    def roster(self) -> list[dict]:
        return [
            roster_row(index, enterprise) for index, enterprise in enumerate(self.subject.park.enterprises.all(), 1)
        ]

    @cached_property
    def roster_columns(self) -> list[str]:
        """The headers of 附件6, the Excel workbook's own, so that Word, PDF and Excel name the columns alike."""
        return [column.title for column in ROSTER_COLUMNS]

    @cached_property
    def activities(self) -> dict:
        park = self.subject.park
        return {
            "support_policies": [
                {
                    "title": item.title,
                    "issuer": item.issuer,
                    "document_number": item.document_number,
                    "issued_on": item.issued_on,
                }
                for item in park.support_policies.all()
            ],
            "platforms": [
                {"name": item.name, "kind": item.get_kind_display(), "established_on": item.established_on}
                for item in park.platforms.all()
            ],
            "events": [
                {"title": item.title, "kind": item.get_kind_display(), "held_on": item.held_on}
                for item in park.events.all()
            ],
        }

    @cached_property
    def eligibility(self) -> dict:
        report = park_eligibility(self.subject.park, self.subject.application)
        verdict = {True: "符合申报条件", False: "不符合申报条件", None: "待专家或主管部门审核"}[report.eligible]
        return {
            "verdict": verdict,
            "criteria": [
                {
                    "article": result.article,
                    "text": result.criterion.text_zh,
                    "in_principle": result.criterion.in_principle,
                    "status": result.status,
                    "status_label": str(result.status_label),
                    "detail": result.detail,
                    "waiver_reason": result.waiver_reason,
                }
                for result in sorted(report.results, key=lambda result: article_key(result.article))
            ],
        }


def roster_row(index: int, enterprise) -> dict:
    """One line of 附件 6, as the Word, PDF and Excel versions show it."""
    return {
        "index": index,
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "status": _label(codes.EnterpriseStatus, enterprise.status),
        "hr_service_agency": enterprise.hr_service_agency,
        "operating": enterprise.operating,
        "headquartered_locally": enterprise.headquartered_locally,
        "business_formats": "、".join(codes.labels(codes.BusinessFormat, enterprise.business_formats)),
        "revenue_last_year_cny": enterprise.revenue_last_year_cny,
    }


# --- official documents ---------------------------------------------------------------------------


def designated_name(application) -> str:
    """XX市（州）省级人力资源服务产业园 (第六条（四）), unless the decision gave the park another name."""
    return application.designated_name or designated_name_for(application.park)


def park_designation(park) -> str:
    return park.designated_name or designated_name_for(park)


def park_designation_and_name(park) -> str:
    """The designated name followed by the park's own name in brackets, unless the designated name already
    says it (a specialized park's name does: "…（专业性：…）"), so that no name is printed twice."""
    designated = park_designation(park)
    return designated if park.name in designated else f"{designated}（{park.name}）"


def _policy_basics(policy) -> dict:
    """Who issues the official documents and under which measures."""
    return {
        "issuer": policy.issuer_zh,
        "policy_title": policy.title_zh,
        "policy_document_number": policy.document_number,
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def city_government(jurisdiction_name: str) -> str:
    """The body that applies for a park of this jurisdiction (第六条（二）: 市（州）人民政府) and that the
    decision answers: 长春市人民政府, 延边朝鲜族自治州人民政府, 梅河口市人民政府; 长白山管委会 is itself the
    government of its area and is addressed as such (docs/decisions.md)."""
    if jurisdiction_name.endswith("管委会"):
        return jurisdiction_name
    return f"{jurisdiction_name}人民政府"


# What the city's letter is (第六条（二）): a government writing to a department of another level sends a 函;
# the workflow may record that it sent a 请示 instead (applications' request_letter_kind).
LETTER_KINDS = {"request": "请示", "letter": "函"}


def letter_kind(application) -> str:
    return LETTER_KINDS.get(getattr(application, "request_letter_kind", ""), "函")


def _decision_basics(application, policy) -> dict:
    """What the approval and the refusal share: the measures, the city government they answer, the park
    and the city's letter (第六条（二）) they reply to. Call within the document language."""
    park = application.park
    return {
        **_policy_basics(policy),
        "addressee": city_government(park.jurisdiction.name),
        "request_letter_kind": letter_kind(application),
        "jurisdiction": park.jurisdiction.name,
        "park_name": park.name,
        "park_type": _label(codes.ParkType, application.park_type),
        "request_document_number": application.request_document_number,
        "request_date": application.request_document_date,
    }


def approval_context(application) -> dict:
    policy = get_policy(application.policy_id)
    with translation.override(DOCUMENT_LANGUAGE):
        return {
            **_decision_basics(application, policy),
            "document_number": application.approval_document_number,
            "date": application.approval_date,
            "management_body_name": application.park.management_body_name,
            "designated_name": designated_name(application),
            "notice_outcome": notice_outcome_zh(application),
            "subsidy_amount_cny": policy.procedure.subsidy_amount_cny,
            "subsidy_uses": [use.label_zh for use in policy.procedure.subsidy_uses],
            # "原则上" conditions the province waived for this application, with its reasons (第五条).
            "waivers": decision_waivers(application),
        }


def refusal_context(application) -> dict:
    policy = get_policy(application.policy_id)
    with translation.override(DOCUMENT_LANGUAGE):
        return {
            **_decision_basics(application, policy),
            "document_number": application.refusal_document_number,
            "date": application.decided_on,
            "opinion": _lines(application.evaluation_opinion),
            "rectification": _lines(application.rectification),
            "reapply_wait_months": policy.procedure.reapply_wait_months,
            "reapply_from": application.reapply_from,
        }


def public_notice_context(notice) -> dict:
    policy = get_policy(notice.policy_id)
    with translation.override(DOCUMENT_LANGUAGE):
        parks = [
            {
                "name": application.park.name,
                "jurisdiction": application.park.jurisdiction.name,
                "park_type": _label(codes.ParkType, application.park_type),
                "management_body_name": application.park.management_body_name,
            }
            for application in notice.applications.select_related("park__jurisdiction").order_by(
                "park__jurisdiction__sort_order", "park__name"
            )
        ]
        return {
            **_policy_basics(policy),
            "title": notice.title,
            "document_number": notice.document_number,
            "date": notice.published_on,
            "parks": parks,
            "start_date": notice.start_date,
            "end_date": notice.end_date,
            "working_days": policy.procedure.public_notice_working_days,
            "contact": "；".join(
                part
                for part in (
                    f"电话 {notice.contact_phone}" if notice.contact_phone else "",
                    f"地址 {notice.contact_address}" if notice.contact_address else "",
                )
                if part
            ),
        }


# The addressees of the measures themselves (吉人社规〔2022〕8号): every city-level bureau of the province.
ALL_CITY_BUREAUS = "各市（州）、长白山管委会、梅河口市人力资源和社会保障局"


def evaluation_notice_context(notice) -> dict:
    """通报 of a published centralized round (第十四条): every graded park, commendations, rectifications."""
    evaluation_round = notice.round
    assessments = list(
        evaluation_round.assessments.exclude(grade="")
        .select_related("park__jurisdiction")
        .order_by("park__jurisdiction__sort_order", "park__name")
    )
    remarks = {Grade.EXCELLENT: "通报表扬", Grade.UNQUALIFIED: "限期整改"}
    deadlines = Rectification.objects.filter(assessment__round=evaluation_round).values_list("deadline", flat=True)
    with translation.override(DOCUMENT_LANGUAGE):
        names = {assessment.pk: park_designation(assessment.park) for assessment in assessments}
        return {
            **_policy_basics(get_policy(evaluation_round.policy_id)),
            "title": f"关于{evaluation_round.year}年度省级人力资源服务产业园综合考评结果的通报",
            "document_number": notice.document_number,
            "date": notice.issued_on,
            "addressee": ALL_CITY_BUREAUS,
            "period": f"{evaluation_round.year}年度",
            "round_label": str(evaluation_round.get_kind_display()),
            "results": [
                {
                    "park_name": names[assessment.pk],
                    "jurisdiction": assessment.park.jurisdiction.name,
                    "score": assessment.score,
                    "grade": str(assessment.get_grade_display()),
                    "remarks": remarks.get(assessment.grade, ""),
                }
                for assessment in assessments
            ],
            "excellent": [names[a.pk] for a in assessments if a.grade == Grade.EXCELLENT],
            "unqualified": [names[a.pk] for a in assessments if a.grade == Grade.UNQUALIFIED],
            "rectification_deadline": min(deadlines, default=None),
        }


def _own_number(rectification) -> str:
    """The order's own 文号; orders made with a 通报 used to carry the 通报's number, which is not theirs and is
    left blank for the office to fill in rather than printed twice."""
    number = getattr(rectification, "document_number", "")
    assessment = rectification.assessment
    if (
        assessment is not None
        and EvaluationNotice.objects.filter(round=assessment.round_id, document_number=number).exists()
    ):
        return ""
    return number


def rectification_order_context(rectification) -> dict:
    """限期整改 / 责令整改 of one park (第十四条)."""
    park = rectification.park
    assessment = rectification.assessment
    with translation.override(DOCUMENT_LANGUAGE):
        basis = (
            f"{assessment.round.year}年度{assessment.round.get_kind_display()}" if assessment is not None else "核查"
        )
        return {
            **_policy_basics(get_policy()),
            "document_number": _own_number(rectification),
            "date": rectification.ordered_on,
            "addressee": f"{park.jurisdiction.name}人力资源和社会保障局",
            "park_name": park.name,
            "designated_name": park_designation(park),
            "designation_and_name": park_designation_and_name(park),
            "basis": basis,
            "problems": [str(rectification.get_ground_display())],
            "requirements": _lines(rectification.requirements),
            "deadline": rectification.deadline,
        }


def revocation_context(change) -> dict:
    """取消授牌: the status change of a park to revoked (第十四条)."""
    park = change.park
    decided_on = timezone.localdate(change.changed_at)
    with translation.override(DOCUMENT_LANGUAGE):
        ground = [str(change.get_ground_display())] if change.ground else []
        return {
            **_policy_basics(get_policy()),
            "document_number": change.document_number,
            "date": decided_on,
            "addressee": f"{park.jurisdiction.name}人力资源和社会保障局",
            "park_name": park.name,
            "designated_name": park_designation(park),
            "designation_and_name": park_designation_and_name(park),
            "designation_document_number": park.designation_document_number,
            "reasons": ground + _lines(change.reason),
            "effective_date": decided_on,
        }


def decision_kind(application) -> str | None:
    """The decision document an application's outcome calls for, if any."""
    return {"designated": Kind.APPROVAL, "not_passed": Kind.REFUSAL}.get(application.state)
