"""Evaluation objects built directly (for pages and scoping); the cycle tests build them through the
services instead."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from hrparks.evaluations.models import (
    Attachment,
    Commendation,
    EvaluationNotice,
    EvaluationRound,
    ExpertSeat,
    IndicatorTemplate,
    ParkAssessment,
    Rectification,
    RoundKind,
    SelfEvaluation,
)
from hrparks.parks.models import Park

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
TODAY = datetime.date(2025, 11, 24)


def default_template() -> IndicatorTemplate:
    return IndicatorTemplate.objects.get(is_default=True)


def designate(*parks) -> None:
    Park.objects.filter(pk__in=[park.pk for park in parks]).update(status=Park.Status.DESIGNATED)
    for park in parks:
        park.status = Park.Status.DESIGNATED


def make_round(province, kind=RoundKind.SELF, year=2025, **kwargs) -> EvaluationRound:
    defaults = {"policy_id": "jilin-2022", "opened_on": TODAY, "due_date": TODAY + datetime.timedelta(days=28)}
    if kind == RoundKind.CENTRALIZED:
        defaults |= {"template": default_template(), "excellent_min": Decimal(90), "qualified_min": Decimal(60)}
    return EvaluationRound.objects.create(province=province, kind=kind, year=year, **(defaults | kwargs))


def pdf_attachment(uploaded_by, **target) -> Attachment:
    return Attachment.objects.create(
        file=ContentFile(PDF_BYTES, name="report.pdf"),
        original_name="report.pdf",
        file_format="pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        uploaded_by=uploaded_by,
        **target,
    )


def evaluation_world(world) -> dict:
    """Both parks designated; for each: a self-evaluation, an assessment in an open centralized round
    (the walk's expert scores `park` only), an assessment in a published round, a rectification and
    an attachment. Built once per walk."""

    def make():
        park, other = world.park, world.other_park
        designate(park, other)
        province = park.jurisdiction.province
        self_round = make_round(province)
        open_round = make_round(province, RoundKind.CENTRALIZED)
        published_round = make_round(province, RoundKind.CENTRALIZED, year=2022)
        notice = EvaluationNotice.objects.create(
            round=published_round,
            document_number="吉人社函〔2022〕1号",
            issued_on=TODAY,
            issued_by=world.users["provincial"],
        )
        objects = {"self_round": self_round, "open_round": open_round, "notice": notice}
        for key, target in (("", park), ("other_", other)):
            evaluation = SelfEvaluation.objects.create(round=self_round, park=target, due_date=self_round.due_date)
            assessment = ParkAssessment.objects.create(round=open_round, park=target)
            graded = ParkAssessment.objects.create(round=published_round, park=target, score=95, grade="excellent")
            rectification = Rectification.objects.create(
                park=target,
                ground="poor_operation",
                requirements="整改要求",
                document_number=f"吉人社函〔2025〕{target.pk}号",
                ordered_on=TODAY,
                deadline=TODAY + datetime.timedelta(days=30),
            )
            objects |= {
                f"{key}self_evaluation": evaluation,
                f"{key}assessment": assessment,
                f"{key}commendation": Commendation.objects.create(assessment=graded, notice=notice),
                f"{key}rectification": rectification,
                f"{key}attachment": pdf_attachment(world.users["city_bureau"], self_evaluation=evaluation),
            }
        objects["seat"] = ExpertSeat.objects.create(assessment=objects["assessment"], expert=world.users["expert"])
        return objects

    return world.once("evaluations", make)
