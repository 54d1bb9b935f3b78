"""How waivers of "原则上" criteria show in the report (the shared format's `waived`)."""

from django.utils import translation

from hrparks.policy.engine import check_dossier

from .helpers import dossier_with, enterprise, result_of, site

TOO_FEW_AGENCIES = [enterprise(index) for index in range(14)]


def test_a_waived_in_principle_criterion_is_waived_with_its_reason(jilin):
    waivers = {"operating_agencies": "延边州人力资源服务机构总量少，经评估同意豁免"}
    report = check_dossier(dossier_with(enterprises=TOO_FEW_AGENCIES), jilin, waivers=waivers)
    result = result_of(report, "operating_agencies")
    assert result.status == "waived"
    assert result.detail == "经营性人力资源服务机构 14 家 < 15 家；已豁免：延边州人力资源服务机构总量少，经评估同意豁免"
    assert result.waiver_reason == waivers["operating_agencies"]


def test_waivers_make_a_dossier_eligible_once_the_reviews_are_done(jilin):
    dossier = dossier_with(enterprises=TOO_FEW_AGENCIES, location_kind="other")
    report = check_dossier(dossier, jilin, waivers={"operating_agencies": "理由一", "location": "理由二"})
    assert {r.id for r in report.results if r.status == "waived"} == {"operating_agencies", "location"}
    assert report.eligible is None  # planning report and social benefit still await review
    assert not any(r.status == "fail" for r in report.results)


def test_a_waiver_of_a_binding_rule_is_ignored(jilin):
    report = check_dossier(dossier_with(materials=[]), jilin, waivers={"materials": "x"})
    assert result_of(report, "materials").status == "fail"
    assert report.eligible is False


def test_a_criterion_that_passes_stays_pass_despite_a_waiver(jilin):
    report = check_dossier(dossier_with(), jilin, waivers={"branch_parks": "预先豁免"})
    result = result_of(report, "branch_parks")
    assert (result.status, result.detail) == ("pass", "分园区 0 个 ≤ 3 个")


def test_all_pass_or_waived_is_eligible(jilin):
    sites = [site(6000, main=True)] + [site(3000, name=f"分园区{i}") for i in range(4)]
    dossier = dossier_with(sites=sites)
    report = check_dossier(dossier, jilin, waivers={"branch_parks": "理由"})
    statuses = {r.id: r.status for r in report.results}
    assert statuses["branch_parks"] == "waived"
    # Only the two review criteria keep it from being eligible; the engine never passes them itself.
    assert {s for i, s in statuses.items() if i not in ("planning_report", "social_benefit")} <= {"pass", "waived"}


def test_the_report_speaks_english_when_asked(jilin):
    with translation.override("en"):
        report = check_dossier(dossier_with(sites=[site(3999.5, main=True)]), jilin)
        result = result_of(report, "floor_area")
        assert result.detail == "comprehensive park, building floor area: 3,999.5 m² < 4,000 m²"
        assert result.criterion.text.startswith("Building floor area of at least 4,000 m²")
