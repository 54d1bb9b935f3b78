"""manage.py import_dossier / export_dossier: output, exit status, and nothing written on error."""

import json
import sys

import pytest
from django.core.management import CommandError, call_command

from hrparks.audit.models import AuditEntry
from hrparks.parks.models import Enterprise, Park

from .factories import ParkFactory, eligible_dossier

pytestmark = pytest.mark.django_db


def write(tmp_path, dossier, name="dossier.json"):
    path = tmp_path / name
    path.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys, *argv) -> int:
    """Run a command and return the exit status manage.py would give (it prints a CommandError's message
    on stderr and exits with its returncode). Output goes to capsys."""
    try:
        call_command(*map(str, argv))
    except CommandError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        return error.returncode
    return 0


def test_import_creates_the_park_and_says_so(tmp_path, capsys):
    assert run(capsys, "import_dossier", write(tmp_path, eligible_dossier())) == 0
    park = Park.objects.get()
    assert (
        capsys.readouterr().out.strip()
        == f"已导入 示例人力资源服务产业园（编号 {park.pk}，长春市）：1 个园区场地，16 家企业。"
    )


def test_every_error_is_printed_with_its_pointer_and_nothing_is_written(tmp_path, capsys):
    dossier = eligible_dossier(park_type="mixed")
    dossier["sites"][0]["floor_area_m2"] = -1
    assert run(capsys, "import_dossier", write(tmp_path, dossier)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith('/park_type: 未知的值 "mixed"')
    assert err[1] == "/sites/0/floor_area_m2: 应大于 0"
    assert Park.objects.count() == Enterprise.objects.count() == 0


def test_schema_and_rule_errors_are_all_listed(tmp_path, capsys):
    dossier = eligible_dossier()
    dossier["enterprises"][3]["uscc"] = "911100006000373410"
    dossier["enterprises"][5]["uscc"] = dossier["enterprises"][1]["uscc"]
    assert run(capsys, "import_dossier", write(tmp_path, dossier)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "/enterprises/3/uscc: 校验码错误",
        "/enterprises/5/uscc: 统一社会信用代码重复，已用于 /enterprises/1",
    ]
    assert "未导入" in err[-1]


def test_a_file_that_is_not_json_is_refused(tmp_path, capsys):
    path = tmp_path / "dossier.json"
    path.write_bytes(b"\x89PNG\r\n")
    assert run(capsys, "import_dossier", path) == 1
    assert capsys.readouterr().err.startswith("/: 不是可读取的 UTF-8 JSON 文件")


def test_a_missing_file_is_refused(tmp_path, capsys):
    assert run(capsys, "import_dossier", tmp_path / "missing.json") == 1
    assert "missing.json" in capsys.readouterr().err


def test_import_as_a_user_records_the_user(tmp_path, users):
    call_command("import_dossier", write(tmp_path, eligible_dossier()), "--as", "cc_bureau")
    event = AuditEntry.objects.get(action="dossier_import")
    assert event.actor == users["city_bureau"]


def test_import_without_as_is_the_system(tmp_path):
    call_command("import_dossier", write(tmp_path, eligible_dossier()))
    assert AuditEntry.objects.get(action="dossier_import").actor is None


def test_import_as_an_unknown_user_is_refused(tmp_path, capsys):
    assert run(capsys, "import_dossier", write(tmp_path, eligible_dossier()), "--as", "nobody") == 1
    assert "nobody" in capsys.readouterr().err
    assert Park.objects.count() == 0


def test_export_by_id_and_by_name_round_trips(tmp_path, capsys):
    call_command("import_dossier", write(tmp_path, eligible_dossier()))
    park = Park.objects.get()
    capsys.readouterr()
    assert run(capsys, "export_dossier", park.pk) == 0
    assert json.loads(capsys.readouterr().out) == eligible_dossier()
    out = tmp_path / "out.json"
    assert run(capsys, "export_dossier", park.name, "-o", out) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == eligible_dossier()
    assert run(capsys, "import_dossier", out) == 0
    assert Park.objects.get().enterprises.count() == 16


def test_export_of_an_unknown_park_fails(capsys):
    assert run(capsys, "export_dossier", "不存在的园区") == 1
    assert "不存在的园区" in capsys.readouterr().err


def test_export_of_an_ambiguous_name_lists_the_ids(capsys, changchun, jilin_city):
    parks = [ParkFactory(name="同名产业园", jurisdiction=city) for city in (changchun, jilin_city)]
    assert run(capsys, "export_dossier", "同名产业园") == 1
    err = capsys.readouterr().err
    assert all(f"{park.pk} {park.jurisdiction}" in err for park in parks)
