"""A policy's area (its jurisdiction_code: a province or a city), `check_dossier --policy` against it,
and the keys of a refused `facts` condition."""

import json

import pytest

from hrparks.parks.models import Jurisdiction, Park
from hrparks.parks.tests.factories import ParkFactory, eligible_dossier
from hrparks.policy.registry import load_policy_file

from .test_check_dossier_command import run
from .test_registry import index_of, jilin_data, problems_of, write

pytestmark = pytest.mark.django_db


def policy_of(tmp_path, code: str) -> str:
    data = jilin_data()
    data["jurisdiction_code"] = code
    return str(write(tmp_path, data))


def dossier_file(tmp_path, name: str, code: str) -> str:
    path = tmp_path / "dossier.json"
    dossier = eligible_dossier(jurisdiction=name, jurisdiction_code=code)
    path.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_policy_may_be_of_a_city(tmp_path):
    assert load_policy_file(policy_of(tmp_path, "350200")).jurisdiction_code == "350200"
    assert problems_of(tmp_path, {**jilin_data(), "jurisdiction_code": "3502"}) == ["jurisdiction_code: 格式不正确"]


def test_a_city_policy_checks_its_city_and_refuses_another(tmp_path):
    policy = policy_of(tmp_path, "350200")
    code, out, err = run(dossier_file(tmp_path, "厦门市", "350200"), "--policy", policy)
    assert code == 0 and err == ""
    assert json.loads(out)["policy"] == "jilin-2022"
    code, out, err = run(dossier_file(tmp_path, "福州市", "350100"), "--policy", policy)
    assert (code, out, err.strip()) == (1, "", "/jurisdiction: 福州市不在厦门市范围内")


def test_a_province_policy_covers_its_cities_even_when_the_deployment_does_not_host_them(tmp_path):
    policy = policy_of(tmp_path, "530000")
    ParkFactory(name="昆明已认定综合性园区", jurisdiction=Jurisdiction.objects.get(name="昆明市"), status="designated")
    code, out, err = run(dossier_file(tmp_path, "昆明市", "530100"), "--policy", policy)
    criteria = {c["id"]: c for c in json.loads(out)["criteria"]}
    assert code == 0
    assert criteria["comprehensive_per_city"]["status"] == "fail"  # 第四条 still finds the city's parks
    assert "昆明已认定综合性园区" in criteria["comprehensive_per_city"]["detail"]
    code, out, err = run(dossier_file(tmp_path, "厦门市", "350200"), "--policy", policy)
    assert (code, err.strip()) == (1, "/jurisdiction: 厦门市不在云南省范围内")


def test_the_policy_in_force_refuses_a_dossier_outside_jilin(tmp_path):
    code, out, err = run(dossier_file(tmp_path, "昆明市", "530100"))
    assert (code, out, err.strip()) == (1, "", "/jurisdiction: 昆明市不在吉林省范围内")
    assert not Park.objects.exists()


def test_an_unknown_key_of_a_facts_condition_is_named(tmp_path):
    data = jilin_data()
    index = index_of(data, "management_body")
    conditions = data["criteria"][index]["params"]["conditions"]
    staff = next(c for c in conditions if c["field"] == "management_body.staff_count")
    position = conditions.index(staff)
    staff["equals"] = True
    assert problems_of(tmp_path, data) == [
        f"criteria[{index}].params.conditions[{position}].equals: 此处不允许使用该键"
    ]
    del staff["equals"]
    flag = next(i for i, c in enumerate(conditions) if "equals" in c)
    conditions[flag]["min"] = 3
    assert problems_of(tmp_path, data) == [f"criteria[{index}].params.conditions[{flag}].min: 此处不允许使用该键"]
