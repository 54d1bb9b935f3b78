"""Policy files: what get_policy gives, and how a malformed file is refused."""

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from hrparks.policy.registry import PolicyError, PolicyNotFound, available_policies, get_policy, load_policy_file

JILIN_FILE = Path(settings.POLICY_DIR) / "jilin-2022.yaml"


def test_the_policy_in_force_is_jilin_2022(jilin):
    assert get_policy() is jilin  # cached
    assert jilin.id == "jilin-2022"
    assert jilin.title == "吉林省省级人力资源服务产业园管理暂行办法"
    assert jilin.document_number == "吉人社规〔2022〕8号"
    assert jilin.issued_on == date(2022, 11, 21)
    assert jilin.jurisdiction_code == "220000"
    assert jilin.example is False


def test_jilin_procedure_evaluation_and_target(jilin):
    assert jilin.procedure.public_notice_working_days == 5
    assert jilin.procedure.reapply_wait_months == 3
    assert jilin.procedure.subsidy_amount_cny == Decimal("1000000")
    # "专项用于园区基础设施、公共服务设施、人力资源服务平台等项目建设": "等" leaves the list open.
    assert [(u.code, u.label) for u in jilin.procedure.subsidy_uses] == [
        ("infrastructure", "园区基础设施"),
        ("public_service_facilities", "公共服务设施"),
        ("hr_service_platform", "人力资源服务平台"),
    ]
    assert [u.code for u in jilin.procedure.spending_uses] == [
        *("infrastructure", "public_service_facilities", "hr_service_platform", "other"),
    ]
    assert jilin.evaluation.self_evaluation_interval_years == 1
    assert jilin.evaluation.centralized_interval_years == 3
    assert [item.article for item in jilin.evaluation.content_items] == [f"第十三条（{n}）" for n in "一二三四五"]
    assert (jilin.target.min_parks, jilin.target.max_parks, jilin.target.by_year) == (4, 6, 2025)


def test_jilin_materials_follow_article_6(jilin):
    assert [(m.code, m.required) for m in jilin.materials] == [
        ("application_request", True),
        ("feasibility_report", True),
        ("operation_report", True),
        ("support_policies", True),
        ("enterprise_list", True),
        ("other", False),
        # The stamped 申报表 (附件3) and the 真实性声明 (附件7): offered, not required by 第六条（一）.
        ("application_form", False),
        ("authenticity_declaration", False),
    ]
    assert jilin.materials[0].article == "第六条（一）1"
    assert jilin.materials[-1].article == "第六条（一）、附件7"


def test_texts_follow_the_active_language(jilin):
    criterion = jilin.criterion("branch_parks")
    assert criterion.text == criterion.text_zh == "分园区原则上不超过3个"
    with translation.override("en"):
        assert criterion.text == "In principle no more than 3 branch parks"
        assert jilin.materials[0].label == "Application request"
        assert jilin.title.startswith("Jilin Provincial")


def test_a_policy_cannot_be_changed_once_loaded(jilin):
    with pytest.raises(dataclasses.FrozenInstanceError):
        jilin.procedure.public_notice_working_days = 1
    with pytest.raises(TypeError):
        jilin.criterion("operating_agencies").params["min_count"] = 1
    assert isinstance(jilin.criteria, tuple)


def test_a_policy_can_be_loaded_from_a_path(jilin):
    assert get_policy(str(JILIN_FILE)).id == "jilin-2022"


def test_the_policy_directory_lists_the_policy_in_force_first():
    assert [p.id for p in available_policies()] == ["jilin-2022", "example-other-province"]


@pytest.mark.parametrize("policy_id", ["no-such-policy", "../settings", "policy.json"])
def test_an_unknown_policy_is_not_found(policy_id):
    with pytest.raises(PolicyNotFound):
        get_policy(policy_id)


# --- malformed files ----------------------------------------------------------------------------


def jilin_data() -> dict:
    return yaml.safe_load(JILIN_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(tmp_path, data) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy_file(write(tmp_path, data))
    return caught.value.problems


def index_of(data, criterion_id) -> int:
    return next(i for i, c in enumerate(data["criteria"]) if c["id"] == criterion_id)


def test_a_min_count_that_is_not_an_integer_is_named(tmp_path):
    data = jilin_data()
    index = index_of(data, "operating_agencies")
    data["criteria"][index]["params"]["min_count"] = "十五"
    assert problems_of(tmp_path, data) == [f"criteria[{index}].params.min_count: 必须是整数"]


def test_every_problem_is_reported(tmp_path):
    data = jilin_data()
    del data["procedure"]["public_notice_working_days"]
    data["criteria"][0]["kind"] = "guess"
    data["target"]["surprise"] = 1
    assert problems_of(tmp_path, data) == [
        'criteria[0].kind: 未知的取值 "guess"；允许的取值：location_not_in、one_comprehensive_per_jurisdiction、area、'
        "max_branch_sites、enterprise_count、enterprise_share、enterprise_revenue、enterprise_codes、park_codes、facts、"
        "materials、review",
        "procedure.public_notice_working_days: 缺少必填项",
        "target.surprise: 未知的键",
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["criteria"][index_of(d, "floor_area")]["params"].update(field="roof_area_m2"), "params.field"),
        (lambda d: d["criteria"][index_of(d, "branch_parks")]["params"].update(max_count=-1), "不能小于 0"),
        (
            lambda d: d["criteria"][index_of(d, "public_services")]["params"]["required"][0].update(code="spa"),
            "未知代码 spa",
        ),
        (lambda d: d["criteria"][1].update(id=d["criteria"][0]["id"]), "criteria[1].id: 重复：location"),
        (lambda d: d.update(issued_on="2022-13-40"), "issued_on: 不是有效日期"),
        (lambda d: d["target"].update(min_parks=7), "target.min_parks"),
        (
            lambda d: d["criteria"][index_of(d, "management_body")]["params"]["conditions"][0].update(equals=True),
            "不允许",
        ),
        (
            lambda d: d["criteria"][index_of(d, "floor_area")]["params"].pop("multi_site_total_min_m2"),
            "multi_site_total_min_m2: 缺少必填项",
        ),
    ],
    ids=[
        "unknown area field",
        "negative maximum",
        "unknown service code",
        "duplicate id",
        "bad date",
        "target range",
        "min and equals mixed",
        "missing threshold",
    ],
)
def test_malformed_policies_name_the_key(tmp_path, change, problem):
    data = jilin_data()
    change(data)
    assert any(problem in line for line in problems_of(tmp_path, data)), problems_of(tmp_path, data)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ncriteria: [\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="第 3 行"):
        load_policy_file(path)


def test_an_id_that_does_not_match_its_file_is_refused(tmp_path, settings):
    data = jilin_data()
    data["id"] = "someone-else"
    (tmp_path / "policy.schema.json").write_text(
        (Path(settings.POLICY_DIR) / "policy.schema.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "renamed.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings.POLICY_DIR = tmp_path
    with pytest.raises(PolicyError, match="someone-else"):
        get_policy("renamed")
