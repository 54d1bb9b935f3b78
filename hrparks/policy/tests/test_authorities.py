"""Which policy is in force where: the authority whose area holds a jurisdiction, the most local first."""

from dataclasses import replace

import pytest

from hrparks.policy.registry import covers, get_policy, policies_for, policy_for


@pytest.mark.parametrize(
    ("area", "unit", "expected"),
    [
        ("220000", "220000", True),  # the province itself
        ("220000", "220100", True),  # 长春市
        ("220000", "222400", True),  # 延边州
        ("220000", "210100", False),  # 沈阳市, Liaoning
        ("350200", "350203", True),  # 思明区 in 厦门市
        ("350200", "350100", False),  # 福州市 is not in 厦门市
        ("500000", "500101", True),  # 重庆市's odd prefix "5" is read as "50"
        ("500000", "510100", False),
        ("000000", "530100", True),  # a national policy covers every unit
    ],
)
def test_covers_reads_the_code_hierarchy(area, unit, expected):
    assert covers(replace(get_policy("jilin-2022"), jurisdiction_code=area), unit) is expected


def test_the_default_policy_is_in_force_in_its_province_only(settings):
    settings.POLICIES_IN_FORCE = []
    assert policy_for("220100").id == "jilin-2022"
    assert policy_for("530100") is None


def test_examples_are_never_in_force(settings):
    settings.POLICIES_IN_FORCE = ["jilin-2022", "example-other-province"]
    assert [p.id for p in policies_for("220100")] == ["jilin-2022"]
