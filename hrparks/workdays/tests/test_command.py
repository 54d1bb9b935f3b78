"""`manage.py workdays add DATE N` and `manage.py workdays count FROM TO`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_add():
    assert run("add", "2026-02-13", "1") == "2026-02-14"
    assert run("add", "2026-02-12", "5") == "2026-02-26"
    assert run("add", "2026-09-30", "1") == "2026-10-08"


def test_count():
    assert run("count", "2026-02-09", "2026-03-01") == "11"
    assert run("count", "2026-10-01", "2026-10-07") == "0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-02-30", "1"), "2026-02-30 不是 YYYY-MM-DD 格式的日期"),
        (("add", "2026-02-13", "-1"), "-1 不是有效的工作日数"),
        (("add", "2026-02-13", "five"), "five 不是有效的工作日数"),
        (("count", "2026-03-01", "2026-02-01"), "起始日期 2026-03-01 晚于结束日期 2026-02-01"),
        (("add", "2099-12-31", "400"), "2100"),
    ],
)
def test_bad_input_is_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
