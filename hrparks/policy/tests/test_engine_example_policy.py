"""A second policy file expresses other measures with no code change (policies/example-other-province.yaml)."""

from decimal import Decimal

import pytest

from hrparks.policy.engine import check_dossier

from .helpers import dossier_with, enterprise, result_of, site


def test_the_example_is_marked_as_an_example(example_policy):
    assert example_policy.example is True
    assert "示例" in example_policy.title_zh
    assert "example" in example_policy.title_en.lower()
    assert "not a real document" in example_policy.title_en


def test_its_procedure_differs_from_jilin(example_policy):
    procedure = example_policy.procedure
    assert procedure.public_notice_working_days == 7
    assert procedure.reapply_wait_months == 6
    assert procedure.subsidy_amount_cny == Decimal(500000)
    assert [use.code for use in procedure.subsidy_uses] == ["infrastructure", "hr_service_platform"]


@pytest.mark.parametrize(
    ("usable", "status", "detail"),
    [
        (3000, "pass", "综合性园区使用面积 3,000 m² ≥ 3,000 m²"),
        (2999.99, "fail", "综合性园区使用面积 2,999.99 m² < 3,000 m²"),
    ],
)
def test_usable_area_counts_instead_of_floor_area(example_policy, usable, status, detail):
    # A large building floor area does not help when the usable area is short, and vice versa.
    dossier = dossier_with(sites=[site(3000 if status == "pass" else 9000, main=True, usable=usable)])
    result = result_of(check_dossier(dossier, example_policy), "usable_area")
    assert (result.status, result.detail) == (status, detail)


def test_usable_area_must_be_stated(example_policy):
    result = result_of(check_dossier(dossier_with(sites=[site(9000, main=True)]), example_policy), "usable_area")
    assert (result.status, result.detail) == ("fail", "未填写使用面积：园区9000")


def test_usable_area_total_of_several_sites(example_policy):
    sites = [site(5000, main=True, usable=4000), site(5000, usable=3999)]
    result = result_of(check_dossier(dossier_with(sites=sites), example_policy), "usable_area")
    assert (result.status, result.detail) == ("fail", "2 处园区总使用面积 7,999 m² < 8,000 m²")


@pytest.mark.parametrize(("count", "status"), [(20, "pass"), (19, "fail")])
def test_twenty_operating_agencies(example_policy, count, status):
    roster = [enterprise(index) for index in range(count)]
    result = result_of(check_dossier(dossier_with(enterprises=roster), example_policy), "operating_agencies")
    assert result.status == status
    assert result.detail == f"经营性人力资源服务机构 {count} 家 {'≥' if status == 'pass' else '<'} 20 家"


@pytest.mark.parametrize(
    ("revenues", "status", "detail"),
    [
        ([60_000_000, 40_000_000], "pass", "已入驻人力资源服务机构上年度营业收入合计 ¥100,000,000 ≥ ¥100,000,000"),
        ([60_000_000, 39_999_999.99], "fail", "已入驻人力资源服务机构上年度营业收入合计 ¥99,999,999.99 < ¥100,000,000"),
    ],
)
def test_minimum_total_revenue_of_resident_agencies(example_policy, revenues, status, detail):
    roster = [enterprise(index, revenue_last_year_cny=revenue) for index, revenue in enumerate(revenues)]
    result = result_of(check_dossier(dossier_with(enterprises=roster), example_policy), "agency_revenue")
    assert (result.status, result.detail) == (status, detail)


def test_revenue_of_signed_agencies_does_not_count_and_missing_revenue_is_zero(example_policy):
    roster = [
        enterprise(1, revenue_last_year_cny=90_000_000),
        enterprise(2, status="signed", revenue_last_year_cny=50_000_000),
        enterprise(3),
    ]
    result = result_of(check_dossier(dossier_with(enterprises=roster), example_policy), "agency_revenue")
    assert result.status == "fail"
    assert result.detail.endswith("¥90,000,000 < ¥100,000,000（其中 1 家未填报，按 0 计）")


@pytest.mark.parametrize(("branches", "status"), [(2, "pass"), (3, "fail")])
def test_two_branch_parks_at_most(example_policy, branches, status):
    sites = [site(6000, main=True, usable=5000)] + [site(3000, usable=2000, name=f"分{i}") for i in range(branches)]
    result = result_of(check_dossier(dossier_with(sites=sites), example_policy), "branch_parks")
    assert result.status == status


def test_its_location_rule_is_binding_and_excludes_key_industrial_parks(example_policy):
    result = result_of(check_dossier(dossier_with(location_kind="key_industrial_park"), example_policy), "location")
    assert result.status == "fail"
    assert result.criterion.in_principle is False
    report = check_dossier(dossier_with(location_kind="other"), example_policy, waivers={"location": "不可豁免"})
    assert result_of(report, "location").status == "fail"
