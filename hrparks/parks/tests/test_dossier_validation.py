"""validate_dossier: every problem named by its JSON pointer and a Chinese reason."""

import json

import pytest

from hrparks.parks.dossier_validation import load_dossier_file, read_dossier, validate_dossier

from .factories import eligible_dossier, make_uscc

pytestmark = pytest.mark.django_db  # the jurisdiction's name and code are looked up in the table


def problems(dossier) -> list[str]:
    return [str(error) for error in validate_dossier(dossier)]


def with_enterprise(index: int, **changes) -> dict:
    dossier = eligible_dossier()
    dossier["enterprises"][index].update(changes)
    return dossier


def test_the_eligible_dossier_is_valid():
    assert problems(eligible_dossier()) == []


@pytest.mark.parametrize(
    ("dossier", "expected"),
    [
        (eligible_dossier(park_type="mixed"), '/park_type: 未知的值 "mixed"；允许的值：comprehensive、specialized'),
        (eligible_dossier(municipal_park_recognized="yes"), "/municipal_park_recognized: 应为布尔值（true 或 false）"),
        (eligible_dossier(jurisdiction="东京都"), "/jurisdiction: 未知的行政区划“东京都”"),
        (with_enterprise(3, uscc="911100006000373410"), "/enterprises/3/uscc: 校验码错误"),
        (with_enterprise(2, uscc="9135010"), "/enterprises/2/uscc: 长度应为 18 位"),
        (with_enterprise(1, uscc="91350100M000100YI3"), "/enterprises/1/uscc: 含有不允许的字符：I"),
        (with_enterprise(0, status="moved_out"), '/enterprises/0/status: 未知的值 "moved_out"'),
        (with_enterprise(0, revenue_last_year_cny=-1), "/enterprises/0/revenue_last_year_cny: 不得小于 0"),
        (with_enterprise(0, revenue_last_year_cny=0.001), "/enterprises/0/revenue_last_year_cny: 应以元为单位"),
        (eligible_dossier(extra=1), "/extra: 该字段不属于园区申报数据格式"),
    ],
)
def test_each_problem_names_its_field_and_reason(dossier, expected):
    assert any(problem.startswith(expected) for problem in problems(dossier)), problems(dossier)


def test_negative_and_zero_areas_are_rejected():
    dossier = eligible_dossier()
    dossier["sites"][0]["floor_area_m2"] = -5
    dossier["sites"].append({"name": "分园区", "address": "示例路2号", "floor_area_m2": 0, "main": False})
    assert problems(dossier) == ["/sites/0/floor_area_m2: 应大于 0", "/sites/1/floor_area_m2: 应大于 0"]


def test_a_missing_field_is_named_by_its_own_pointer():
    dossier = eligible_dossier()
    del dossier["management_body"]["staff_count"]
    assert problems(dossier) == ["/management_body/staff_count: 缺少必填字段"]


@pytest.mark.parametrize("mains", [0, 2])
def test_exactly_one_main_site(mains):
    site = {"address": "示例路1号", "floor_area_m2": 3000}
    sites = [{**site, "name": f"园区{i}", "main": i < mains} for i in range(2)]
    assert problems(eligible_dossier(sites=sites)) == [f"/sites: 必须且只能有一个主园区；现有 {mains} 个"]


def test_a_duplicate_credit_code_points_to_the_first_use():
    dossier = with_enterprise(5, uscc=make_uscc(2))
    assert problems(dossier) == ["/enterprises/5/uscc: 统一社会信用代码重复，已用于 /enterprises/2"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (float("inf"), "应为有限数值"),
        (10**400, "应为有限数值"),
        ("示例\x00", "含有 NUL 字符"),
        ("\ud800", "含有无效字符（未配对的代理项）"),
    ],
)
def test_values_no_database_can_hold_are_rejected(value, reason):
    dossier = eligible_dossier()
    dossier["sites"][0]["name" if isinstance(value, str) else "floor_area_m2"] = value
    pointer = "/sites/0/name" if isinstance(value, str) else "/sites/0/floor_area_m2"
    assert problems(dossier) == [f"{pointer}: {reason}"]


def test_staff_beyond_an_integer_column_is_rejected():
    dossier = eligible_dossier()
    dossier["management_body"]["staff_count"] = 2**31
    assert problems(dossier) == ["/management_body/staff_count: 不得大于 2147483647"]


@pytest.mark.parametrize("revenue", [0, 0.01, 1234.5, 9999999999999.99, 9999999999999])
def test_revenue_in_yuan_and_fen_is_accepted(revenue):
    assert problems(with_enterprise(0, revenue_last_year_cny=revenue)) == []


@pytest.mark.parametrize("revenue", [10**13, 1e13, 10000000000000.01])
def test_revenue_beyond_the_column_is_rejected(revenue):
    assert problems(with_enterprise(0, revenue_last_year_cny=revenue)) == [
        "/enterprises/0/revenue_last_year_cny: 不得大于 9999999999999.99"
    ]


def test_pointer_parts_are_escaped():
    assert problems(eligible_dossier(**{"a/b~c": 1})) == ["/a~1b~0c: 该字段不属于园区申报数据格式"]


def test_not_json_is_one_error_at_the_root():
    data, errors = read_dossier(b"%PDF-1.4 binary")
    assert data is None
    assert [error.pointer for error in errors] == ["/"]
    assert errors[0].reason.startswith("不是可读取的 UTF-8 JSON 文件")


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "dossier.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(eligible_dossier()).encode())
    assert load_dossier_file(path)[1] == []


def test_a_list_is_not_a_dossier():
    assert problems([]) == ["/: 应为对象"]
