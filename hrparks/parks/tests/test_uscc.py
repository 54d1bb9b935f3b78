import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrparks.parks.uscc import ALPHABET, check_character, uscc_error

from .factories import make_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_published_codes_are_valid(code):
    assert uscc_error(code) is None


def test_wrong_check_digit_is_named():
    assert uscc_error("911100006000373410") == "校验码错误"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("9135010", "长度应为 18 位"),
        ("91350100M000100YI3", "含有不允许的字符：I"),
        ("91A50100M000100Y43", "第 3–8 位应为行政区划代码（数字）"),
    ],
)
def test_malformed_codes_are_rejected_with_a_reason(code, reason):
    assert uscc_error(code) == reason


@given(st.integers(min_value=0, max_value=10**9))
def test_generated_codes_validate(seed):
    assert uscc_error(make_uscc(seed)) is None


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17), st.sampled_from(ALPHABET))
def test_exactly_one_check_character_is_accepted(body, last):
    code = body[:2] + "220100" + body[8:] + last
    assert (uscc_error(code) is None) == (last == check_character(code[:17]))
