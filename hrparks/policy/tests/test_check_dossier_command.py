"""`manage.py check_dossier FILE.json [--policy ID_OR_PATH]`."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from hrparks.parks.models import Park
from hrparks.parks.tests.factories import ParkFactory

from .helpers import dossier_with, site


@pytest.fixture
def dossier_file(tmp_path):
    def write(**overrides):
        path = tmp_path / "dossier.json"
        path.write_text(json.dumps(dossier_with(**overrides), ensure_ascii=False), encoding="utf-8")
        return str(path)

    return write


def run(*args):
    """(exit code, stdout, stderr) of the command, as a shell would see them."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("check_dossier", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_prints_the_report_in_the_shared_format(dossier_file):
    code, out, err = run(dossier_file(sites=[site(3999.5, main=True)]))
    report = json.loads(out)
    assert code == 0 and err == ""
    assert report["policy"] == "jilin-2022"
    assert report["eligible"] is False
    assert {
        "id": "floor_area",
        "article": "第五条（二）",
        "status": "fail",
        "detail": "综合性园区建筑面积 3,999.5 m² < 4,000 m²",
    } in report["criteria"]
    assert "综合性园区建筑面积" in out  # UTF-8, not \\u escapes


@pytest.mark.django_db
def test_an_eligible_dossier_awaits_review(dossier_file):
    code, out, _err = run(dossier_file())
    assert code == 0
    assert json.loads(out)["eligible"] is None


@pytest.mark.django_db
def test_an_invalid_dossier_gives_pointer_lines_on_stderr(tmp_path):
    dossier = dossier_with(park_type="mega")
    dossier["sites"][0]["floor_area_m2"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(str(path))
    assert code != 0 and out == ""
    lines = err.splitlines()
    assert any(line.startswith("/park_type: ") for line in lines)
    assert any(line.startswith("/sites/0/floor_area_m2: ") for line in lines)


@pytest.mark.django_db
def test_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    code, _out, err = run(str(path))
    assert code != 0 and err.startswith("/: ")


@pytest.mark.django_db
def test_another_policy_by_id_or_path(dossier_file):
    path = dossier_file()
    by_id = json.loads(run(path, "--policy", "example-other-province")[1])
    by_path = json.loads(run(path, "--policy", str(settings.POLICY_DIR / "example-other-province.yaml"))[1])
    assert by_id == by_path
    assert by_id["policy"] == "example-other-province"
    assert "usable_area" in {c["id"] for c in by_id["criteria"]}


@pytest.mark.django_db
def test_an_unknown_policy_is_an_error(dossier_file):
    code, out, err = run(dossier_file(), "--policy", "nowhere")
    assert code != 0 and out == ""
    assert "nowhere" in err


@pytest.mark.django_db
def test_the_per_city_rule_looks_at_the_database(dossier_file, changchun):
    ParkFactory(name="长春已认定综合性园区", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    criteria = {c["id"]: c for c in json.loads(run(dossier_file())[1])["criteria"]}
    assert criteria["comprehensive_per_city"]["status"] == "fail"
    assert "长春已认定综合性园区" in criteria["comprehensive_per_city"]["detail"]
    # The park itself (same name) is not its own rival.
    ParkFactory(name="示例人力资源服务产业园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    criteria = {c["id"]: c for c in json.loads(run(dossier_file())[1])["criteria"]}
    assert "示例人力资源服务产业园" not in criteria["comprehensive_per_city"]["detail"]
