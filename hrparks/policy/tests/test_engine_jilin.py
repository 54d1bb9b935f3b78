"""The Jilin criteria (shared/formats/park-dossier.md, "The eligibility report") at their boundaries."""

import pytest

from hrparks.policy.engine import EligibilityContext, check_dossier

from .helpers import dossier_with, enterprise, result_of, site

# 第五条 "原则上应符合以下条件" governs every condition of 第五条, and 第四条 says "原则上" itself; the
# materials of 第六条（一） are the one binding rule.
SHARED_FORMAT_CRITERIA = [
    ("location", "第五条", True),
    ("comprehensive_per_city", "第四条", True),
    ("planning_report", "第五条（一）", True),
    ("floor_area", "第五条（二）", True),
    ("branch_parks", "第五条（二）", True),
    ("operating_agencies", "第五条（三）", True),
    ("local_headquarters", "第五条（三）", True),
    ("public_services", "第五条（四）", True),
    ("supporting_services", "第五条（四）", True),
    ("business_formats", "第五条（五）", True),
    ("municipal_recognition", "第五条（六）", True),
    ("management_body", "第五条（六）", True),
    ("social_benefit", "第五条（七）", True),
    ("materials", "第六条（一）", False),
]


def check(jilin, criterion_id, **overrides):
    return result_of(check_dossier(dossier_with(**overrides), jilin), criterion_id)


def test_the_report_has_exactly_the_shared_format_criteria(jilin):
    report = check_dossier(dossier_with(), jilin)
    assert [(r.id, r.article, r.criterion.in_principle) for r in report.results] == SHARED_FORMAT_CRITERIA
    assert list(report.as_dict()) == ["policy", "eligible", "criteria"]
    assert all(list(entry) == ["id", "article", "status", "detail"] for entry in report.as_dict()["criteria"])


def test_an_eligible_dossier_still_awaits_expert_review(jilin):
    report = check_dossier(dossier_with(), jilin).as_dict()
    statuses = {c["id"]: c["status"] for c in report["criteria"]}
    assert report["policy"] == "jilin-2022"
    assert statuses.pop("planning_report") == "review"
    assert statuses.pop("social_benefit") == "review"
    assert set(statuses.values()) == {"pass"}
    assert report["eligible"] is None


def test_one_failure_makes_the_dossier_ineligible(jilin):
    report = check_dossier(dossier_with(municipal_park_recognized=False), jilin)
    assert report.eligible is False


# --- 第五条 location ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location_kind", "status"),
    [
        ("prefecture_city", "pass"),
        ("national_new_area", "pass"),
        ("national_high_tech_zone", "pass"),
        ("national_economic_development_zone", "pass"),
        ("key_industrial_park", "pass"),
        ("other", "fail"),
    ],
)
def test_location(jilin, location_kind, status):
    assert check(jilin, "location", location_kind=location_kind).status == status


# --- 第四条 one comprehensive park per city ----------------------------------------------------


def test_a_comprehensive_park_fails_when_its_city_has_another(jilin):
    context = EligibilityContext(rival_comprehensive_parks=("长春新区人力资源服务产业园",))
    result = result_of(check_dossier(dossier_with(), jilin, context), "comprehensive_per_city")
    assert result.status == "fail"
    assert result.detail == "长春市已有已认定或在申报的综合性园区：长春新区人力资源服务产业园"


def test_a_comprehensive_park_passes_alone_in_its_city(jilin):
    result = result_of(check_dossier(dossier_with(), jilin, EligibilityContext()), "comprehensive_per_city")
    assert (result.status, result.detail) == ("pass", "长春市无其他已认定或在申报的综合性园区")


def test_a_specialized_park_is_not_limited(jilin):
    context = EligibilityContext(rival_comprehensive_parks=("长春新区人力资源服务产业园",))
    result = result_of(check_dossier(dossier_with(park_type="specialized"), jilin, context), "comprehensive_per_city")
    assert (result.status, result.detail) == ("pass", "专业性园区不受此限")


# --- 第五条（一） planning report --------------------------------------------------------------


def test_an_attached_planning_report_goes_to_the_experts(jilin):
    assert check(jilin, "planning_report").status == "review"


def test_a_missing_planning_report_fails(jilin):
    result = check(jilin, "planning_report", materials=["application_request", "operation_report"])
    assert result.status == "fail"
    assert result.detail == "未提交：产业园区建设可行性论证报告和建设发展规划"


# --- 第五条（二） floor area -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("park_type", "area", "status", "detail"),
    [
        ("comprehensive", 4000, "pass", "综合性园区建筑面积 4,000 m² ≥ 4,000 m²"),
        ("comprehensive", 3999.99, "fail", "综合性园区建筑面积 3,999.99 m² < 4,000 m²"),
        ("comprehensive", 3999.5, "fail", "综合性园区建筑面积 3,999.5 m² < 4,000 m²"),
        ("comprehensive", 4000.01, "pass", "综合性园区建筑面积 4,000.01 m² ≥ 4,000 m²"),
        ("specialized", 2000, "pass", "专业性园区建筑面积 2,000 m² ≥ 2,000 m²"),
        ("specialized", 1999.99, "fail", "专业性园区建筑面积 1,999.99 m² < 2,000 m²"),
        ("specialized", 2000.5, "pass", "专业性园区建筑面积 2,000.5 m² ≥ 2,000 m²"),
    ],
)
def test_floor_area_of_one_site(jilin, park_type, area, status, detail):
    result = check(jilin, "floor_area", park_type=park_type, sites=[site(area, main=True)])
    assert (result.status, result.detail) == (status, detail)


@pytest.mark.parametrize(
    ("areas", "status", "detail"),
    [
        ([5000, 3000, 2000], "pass", "3 处园区总建筑面积 10,000 m² ≥ 10,000 m²"),
        ([3333.3, 3333.3, 3333.4], "pass", "3 处园区总建筑面积 10,000 m² ≥ 10,000 m²"),  # exact, not 9,999.999…
        ([5000, 4999.99], "fail", "2 处园区总建筑面积 9,999.99 m² < 10,000 m²"),
        ([9000, 600, 400.01], "pass", "3 处园区总建筑面积 10,000.01 m² ≥ 10,000 m²"),
    ],
)
def test_floor_area_of_several_sites_is_their_total(jilin, areas, status, detail):
    sites = [site(area, main=index == 0) for index, area in enumerate(areas)]
    result = check(jilin, "floor_area", sites=sites)
    assert (result.status, result.detail) == (status, detail)


def test_several_large_sites_still_need_the_total(jilin):
    # Each site above 4,000 m² does not make up for a total below 10,000 m².
    result = check(jilin, "floor_area", sites=[site(4500, main=True), site(4500)])
    assert result.status == "fail"


# --- 第五条（二） branch parks -----------------------------------------------------------------


@pytest.mark.parametrize(("branches", "status"), [(0, "pass"), (3, "pass"), (4, "fail")])
def test_branch_parks(jilin, branches, status):
    sites = [site(6000, main=True, name="主园区")] + [site(3000, name=f"分园区{i}") for i in range(branches)]
    result = check(jilin, "branch_parks", sites=sites)
    assert result.status == status
    assert result.detail == f"分园区 {branches} 个 {'≤' if status == 'pass' else '>'} 3 个"


# --- 第五条（三） operating agencies and local headquarters ------------------------------------


def agencies(count, **fields):
    return [enterprise(index, **fields) for index in range(count)]


@pytest.mark.parametrize(
    ("count", "status", "detail"),
    [
        (15, "pass", "经营性人力资源服务机构 15 家 ≥ 15 家"),
        (14, "fail", "经营性人力资源服务机构 14 家 < 15 家"),
        (16, "pass", "经营性人力资源服务机构 16 家 ≥ 15 家"),
    ],
)
def test_operating_agencies(jilin, count, status, detail):
    result = check(jilin, "operating_agencies", enterprises=agencies(count))
    assert (result.status, result.detail) == (status, detail)


@pytest.mark.parametrize(
    "not_counted",
    [
        {"status": "signed"},
        {"operating": False},
        {"hr_service_agency": False},
    ],
    ids=["signed", "non-operating", "not an HR agency"],
)
def test_only_resident_operating_hr_agencies_count(jilin, not_counted):
    roster = agencies(14) + [enterprise(100 + i, **not_counted) for i in range(5)]
    result = check(jilin, "operating_agencies", enterprises=roster)
    assert (result.status, result.detail) == ("fail", "经营性人力资源服务机构 14 家 < 15 家")


SUBJECT = "总部落户园区所在地的经营性人力资源服务机构"


@pytest.mark.parametrize(
    ("local", "elsewhere", "status", "detail"),
    [
        (8, 8, "pass", f"{SUBJECT} 8 家，占入驻企业 16 家的 50% ≥ 50%"),
        (7, 8, "fail", f"{SUBJECT} 7 家，占入驻企业 15 家的 46.66% < 50%"),
        (9, 8, "pass", f"{SUBJECT} 9 家，占入驻企业 17 家的 52.94% ≥ 50%"),
    ],
)
def test_local_headquarters_share(jilin, local, elsewhere, status, detail):
    roster = agencies(local) + [enterprise(100 + i, headquartered_locally=False) for i in range(elsewhere)]
    result = check(jilin, "local_headquarters", enterprises=roster)
    assert (result.status, result.detail) == (status, detail)


@pytest.mark.parametrize(
    ("not_an_agency", "status", "detail"),
    [
        # "其中，机构总部落户园区所在地的占入园企业不少于50%": a local enterprise that is not an operating
        # HR service agency is counted below the line (入园企业) but not above it (机构).
        ({"hr_service_agency": False}, "fail", f"{SUBJECT} 10 家，占入驻企业 21 家的 47.61% < 50%"),
        ({"operating": False}, "fail", f"{SUBJECT} 10 家，占入驻企业 21 家的 47.61% < 50%"),
    ],
)
def test_only_operating_agencies_count_above_the_line_and_every_resident_below(jilin, not_an_agency, status, detail):
    roster = agencies(10) + [enterprise(100 + i, headquartered_locally=False) for i in range(10)]
    roster.append(enterprise(200, **not_an_agency))  # local, resident, but not an operating agency
    result = check(jilin, "local_headquarters", enterprises=roster)
    assert (result.status, result.detail) == (status, detail)
    # Without it, exactly 50 %: the boundary passes.
    assert check(jilin, "local_headquarters", enterprises=roster[:-1]).status == "pass"


def test_signed_enterprises_do_not_count_toward_the_local_share(jilin):
    # 8 resident, 4 of them local: exactly 50 %; the signed non-local ones would pull it below.
    roster = agencies(4) + [enterprise(100 + i, headquartered_locally=False) for i in range(4)]
    roster += [enterprise(200 + i, status="signed", headquartered_locally=False) for i in range(10)]
    assert check(jilin, "local_headquarters", enterprises=roster).status == "pass"


def test_no_resident_enterprise_fails_the_local_share(jilin):
    result = check(jilin, "local_headquarters", enterprises=agencies(3, status="signed"))
    assert (result.status, result.detail) == ("fail", "无入驻企业")


# --- 第五条（四） services ---------------------------------------------------------------------


def test_all_public_services(jilin):
    result = check(jilin, "public_services")
    assert (result.status, result.detail) == ("pass", "4 项公共服务齐全")


def test_a_missing_public_service_is_named(jilin):
    result = check(jilin, "public_services", public_services=["employment_entrepreneurship", "vocational_training"])
    assert (result.status, result.detail) == ("fail", "缺少公共服务：社会保障、人事人才")


def test_a_missing_supporting_service_is_named(jilin):
    offered = ["legal_consulting", "investment_financing", "recruitment_hall", "meeting", "training"]
    result = check(jilin, "supporting_services", supporting_services=offered)
    assert (result.status, result.detail) == ("fail", "缺少配套服务：餐饮")


# --- 第五条（五） business formats -------------------------------------------------------------


def test_the_eight_formats_covered_together(jilin):
    result = check(jilin, "business_formats")
    assert (result.status, result.detail) == ("pass", "8 项业态齐全")


def test_missing_formats_are_named(jilin):
    roster = [enterprise(i, business_formats=["hr_outsourcing", "labor_dispatch", "training"]) for i in range(15)]
    roster.append(enterprise(50, business_formats=["management_consulting", "business_agency", "executive_search"]))
    result = check(jilin, "business_formats", enterprises=roster)
    assert (result.status, result.detail) == ("fail", "缺少业态：测评、软件应用")


def test_formats_of_signed_or_non_operating_enterprises_do_not_count(jilin):
    roster = [
        enterprise(
            i,
            business_formats=[
                "hr_outsourcing",
                "labor_dispatch",
                "training",
                "management_consulting",
                "business_agency",
                "executive_search",
            ],
        )
        for i in range(15)
    ]
    roster.append(enterprise(60, status="signed", business_formats=["assessment"]))
    roster.append(enterprise(61, operating=False, business_formats=["hr_software"]))
    result = check(jilin, "business_formats", enterprises=roster)
    assert (result.status, result.detail) == ("fail", "缺少业态：测评、软件应用")


# --- 第五条（六） recognition and management body ----------------------------------------------


def test_municipal_recognition(jilin):
    assert check(jilin, "municipal_recognition").status == "pass"
    result = check(jilin, "municipal_recognition", municipal_park_recognized=False)
    assert (result.status, result.detail) == ("fail", "已认定为市级人力资源服务产业园：否")


@pytest.mark.parametrize(
    ("staff", "rules", "status"),
    [(1, True, "pass"), (0, True, "fail"), (5, False, "fail")],
)
def test_management_body(jilin, staff, rules, status):
    body = {"kind": "park_committee", "name": "示例园区管委会", "staff_count": staff, "has_management_rules": rules}
    result = check(jilin, "management_body", management_body=body)
    assert result.status == status
    assert f"管理机构专职工作人员 {staff} {'≥' if staff >= 1 else '<'} 1" in result.detail


# --- 第五条（七） and 第六条（一） ---------------------------------------------------------------


def test_social_benefit_is_always_reviewed(jilin):
    assert check(jilin, "social_benefit").status == "review"
    assert check(jilin, "social_benefit", enterprises=[]).status == "review"


def test_the_five_named_materials_are_required_but_not_other(jilin):
    assert check(jilin, "materials").status == "pass"
    result = check(jilin, "materials", materials=["application_request", "feasibility_report", "other"])
    assert result.status == "fail"
    assert (
        result.detail
        == "缺少材料：产业园建设管理和运营情况、已出台的人力资源服务业和产业园发展扶持政策文件、已入驻或已签入驻协议企业名录"
    )
