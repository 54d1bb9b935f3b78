"""The designation journey driven through the services, one step per function, as the tests need it."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from hrparks.applications import services
from hrparks.applications.tests.factories import PDF_BYTES
from hrparks.policy.registry import get_policy

GUIDANCE = {
    "guidance_planning": "完善产业定位与功能布局规划",
    "guidance_operating_model": "引入专业化运营公司",
    "guidance_support_policies": "出台房租补贴和引才奖励政策",
    "guidance_safeguards": "加强配套设施和安全保障",
}


def pdf(name="material.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def upload_required_materials(application, operator):
    for material in get_policy(application.policy_id).required_materials:
        services.upload_material(application, code=material.code, upload=pdf(f"{material.code}.pdf"), actor=operator)


def step(application, name, actor, **data):
    application.refresh_from_db()
    return services.perform_transition(application, name, actor=actor, expected_state=application.state, data=data)


def submit(application, people):
    return step(application, "submit", people["operator"], comment="请审核")


def recommend(application, people):
    return step(application, "recommend", people["city_bureau"], recommendation_opinion="材料齐全，同意推荐")


def forward(application, people, on=None):
    return step(
        application,
        "forward",
        people["city_government"],
        document_number="长府函〔2026〕1号",
        document_date=on or datetime.date(2026, 1, 5),
        city_letter=pdf("市政府申请函.pdf"),
    )


def open_evaluation(application, people, size=3):
    return step(application, "open_evaluation", people["provincial"], panel_size=size)


def review_all(application, people):
    scores = {criterion.id: 4 for criterion in get_policy(application.policy_id).criteria}
    for member in application.panel_members.select_related("expert"):
        services.submit_review(
            application,
            expert=member.expert,
            values={
                "criterion_scores": scores,
                "necessity_score": 5,
                "feasibility_score": 4,
                "reasonableness_score": 4,
                "necessity_comment": "区域需要",
                "opinion": "建议通过",
            },
        )


PARTICIPANTS = [{"name": "王敏", "unit": "省人力资源和社会保障厅"}, {"name": "李强", "unit": "吉林大学"}]


def site_visit(application, people, on=None):
    """实地评估 by the province, on `on` or the day the application entered evaluation."""
    application.refresh_from_db()
    return services.record_site_visit(
        application,
        visited_on=on or application.state_entered_at.date(),
        participants=PARTICIPANTS,
        findings="场地、设施与申报材料一致",
        actor=people["provincial"],
        today=on or application.state_entered_at.date(),
    )


def _visited(application, people):
    if not application.site_visits.exists():
        site_visit(application, people)


def shortlist(application, people):
    _visited(application, people)
    return step(application, "shortlist", people["provincial"], evaluation_opinion="评估通过", **GUIDANCE)


def not_pass(application, people):
    _visited(application, people)
    return step(application, "not_pass", people["provincial"], evaluation_opinion="条件不足", rectification="补齐业态")


def to_shortlisted(application, people):
    """From a draft with its materials to the recommendation list."""
    submit(application, people)
    recommend(application, people)
    forward(application, people)
    open_evaluation(application, people)
    review_all(application, people)
    return shortlist(application, people)


def designate(application, people, on):
    return step(
        application,
        "designate",
        people["provincial"],
        document_number="吉人社函〔2026〕8号",
        document_date=on,
        designated_name="长春市省级人力资源服务产业园",
    )
