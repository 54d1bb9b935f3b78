"""`manage.py run_scenario`: the format of shared/formats/scenario.md, its exit codes, its isolation."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from hrparks.applications.models import Application
from hrparks.parks.models import Park
from hrparks.scenarios.models import ScenarioResult

SHIPPED = Path(__file__).resolve().parents[3] / "policies" / "jilin-2022" / "scenarios"


def run(*paths) -> tuple[int, list[dict]]:
    out = io.StringIO()
    try:
        call_command("run_scenario", *map(str, paths), stdout=out)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def folder(tmp_path):
    """A scenario folder with the shipped dossiers beside it."""
    shutil.copytree(SHIPPED / "dossiers", tmp_path / "dossiers")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = """policy: jilin-2022
today: 2026-03-02
parks:
  main: dossiers/compliant-changchun.json
steps:
"""


@pytest.mark.django_db
def test_a_scenario_that_holds_exits_0_and_writes_nothing(folder):
    parks, applications = Park.objects.count(), Application.objects.count()
    path = write(
        folder,
        "ok.yaml",
        HEAD
        + """  - do: apply
  - do: submit
    expect: {refused: materials_incomplete}
  - do: upload_materials
  - do: submit
    expect: {application_state: submitted}
  - do: advance
    with: {working_days: 5}
  - do: check
    expect: {application_state: submitted, park_status: not_designated}
""",
    )
    status, [result] = run(path)
    assert status == 0, result
    assert result["ok"] is True
    assert [step["n"] for step in result["steps"]] == [1, 2, 3, 4, 5, 6]
    assert result["steps"][1]["refused"]["code"] == "materials_incomplete"
    assert result["steps"][1]["as"] == "operator"
    # Rolled back: the park, its application and its uploads are gone.
    assert (Park.objects.count(), Application.objects.count()) == (parks, applications)


@pytest.mark.django_db
def test_a_failed_expectation_exits_1_names_it_and_later_steps_still_run(folder):
    path = write(
        folder,
        "fails.yaml",
        HEAD
        + """  - do: apply
  - do: check
    expect: {application_state: submitted}
  - do: withdraw
  - do: withdraw
    expect: {refused: wrong_state}
  - do: submit
""",
    )
    status, [result] = run(path)
    assert status == 1
    check, _withdraw, withdraw_again, submit = result["steps"][1:]
    assert check["ok"] is False
    assert check["failures"] == ["application_state: expected submitted, got draft"]
    assert withdraw_again["ok"] is True and withdraw_again["refused"]["code"] == "wrong_state"
    # A withdrawn application is not submitted: an unexpected refusal is a failure that names its code.
    assert submit["ok"] is False and submit["failures"][0].startswith("refused: wrong_state")


@pytest.mark.django_db
def test_another_citys_bureau_is_refused_as_forbidden(folder):
    path = write(
        folder,
        "scope.yaml",
        HEAD
        + """  - do: apply
  - do: upload_materials
  - do: submit
  - do: recommend
    as: city_bureau@吉林市
    expect: {refused: forbidden, application_state: submitted}
  - do: recommend
    as: operator
    expect: {refused: forbidden}
  - do: recommend
    expect: {application_state: recommended}
""",
    )
    status, [result] = run(path)
    assert status == 0, result
    assert result["steps"][3]["as"] == "city_bureau@吉林市"


@pytest.mark.django_db
def test_scenarios_do_not_see_each_other(folder):
    path = write(folder, "a.yaml", HEAD + "  - do: apply\n    expect: {application_state: draft}\n")
    status, results = run(path, path)
    assert status == 0
    assert [r["ok"] for r in results] == [True, True]  # the second import meets no park of the first


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("  - do: fly\n", "steps[0].do"),
        ("  - do: apply\n  - do: waive\n    with: {criterion: floor_area, resaon: x}\n", "steps[1].with.resaon"),
        ("  - do: apply\n    expect: {refused: nope}\n", "steps[0].expect.refused"),
        ("  - do: apply\n    as: mayor\n", "steps[0].as"),
        ("  - do: apply\n    park: rival\n", "steps[0].park"),
        ("  - do: recommend\n    with: {recommendation_opinon: x}\n", "steps[0].with.recommendation_opinon"),
        ("  - do: advance\n    with: {days: 1, working_days: 2}\n", "steps[0].with"),
        ("  - do: check\n    expect: {documents: [{kind: memo}]}\n", "steps[0].expect.documents[0].kind"),
        ("  - do: check\n    expect: {state: draft}\n", "steps[0].expect.state"),
        ("  - do: apply\n    expect: {notice_last_day: soon}\n", "steps[0].expect.notice_last_day"),
    ],
)
def test_a_bad_file_exits_2_naming_its_yaml_path(folder, body, where):
    status, [result] = run(write(folder, "bad.yaml", HEAD + body))
    assert status == 2
    assert result["ok"] is False
    assert result["error"].startswith(where + ":"), result["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("today: 2026-03-02\nparks: {}\nsteps: []\n", "policy"),
        (
            "policy: no-such-policy\ntoday: 2026-03-02\nparks: {main: dossiers/compliant-changchun.json}\nsteps: [{do: apply}]\n",
            "policy",
        ),
        ("policy: jilin-2022\ntoday: 2026-13-02\nparks: {}\nsteps: []\n", "today"),
        ("policy: jilin-2022\ntoday: 2026-03-02\nparks: {main: missing.json}\nsteps: [{do: apply}]\n", "parks.main"),
        (
            "policy: jilin-2022\ntoday: 2026-03-02\nparks: {main: {name: x}}\nsteps: [{do: apply}]\n",
            "parks.main",
        ),
    ],
)
def test_a_bad_head_exits_2_naming_the_key(folder, text, where):
    status, [result] = run(write(folder, "bad.yaml", text))
    assert status == 2
    assert result["error"].startswith(where), result["error"]


@pytest.mark.django_db
def test_the_worst_status_of_several_files_wins_and_every_file_gets_its_line(folder):
    good = write(folder, "good.yaml", HEAD + "  - do: apply\n")
    failing = write(folder, "failing.yaml", HEAD + "  - do: check\n    expect: {application_state: draft}\n")
    bad = write(folder, "bad.yaml", HEAD + "  - do: fly\n")
    status, results = run(good, failing, bad)
    assert status == 2
    assert [r["ok"] for r in results] == [True, False, False]


@pytest.mark.django_db
def test_the_last_result_of_each_file_is_kept_for_the_policy_page(folder):
    path = write(folder, "kept.yaml", HEAD + "  - do: apply\n")
    run(path)
    write(folder, "kept.yaml", HEAD + "  - do: check\n    expect: {application_state: submitted}\n")
    run(path)
    stored = ScenarioResult.objects.get()
    assert (stored.ok, stored.steps, stored.failed_steps) == (False, 1, 1)


@pytest.mark.django_db
def test_a_policy_file_outside_the_policy_folder_is_played_under_its_own_id(folder, settings):
    policy = (Path(settings.POLICY_DIR) / "jilin-2022.yaml").read_text(encoding="utf-8")
    write(
        folder,
        "test-policy.yaml",
        policy.replace("id: jilin-2022", "id: test-policy").replace(
            "public_notice_working_days: 5", "public_notice_working_days: 7"
        ),
    )
    path = write(
        folder,
        "own-policy.yaml",
        HEAD.replace("policy: jilin-2022", "policy: test-policy.yaml")
        + """  - do: apply
  - do: upload_materials
  - do: submit
  - do: recommend
  - do: forward
  - do: open_evaluation
  - do: site_visit
  - do: review
  - do: shortlist
  - do: publish_notice
    expect: {application_state: in_notice, notice_last_day: 2026-03-11}
""",
    )
    status, [result] = run(path)
    assert status == 0, result  # seven working days from Tuesday 3 March: Wednesday 11 March
    assert Application.objects.filter(policy_id="test-policy").count() == 0  # rolled back


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first_day", "published", "last_day"),
    [
        ("next_working_day", "2026-03-06", "2026-03-13"),  # published Friday: Monday 9 to Friday 13
        ("publication_day", "2026-03-06", "2026-03-12"),  # Friday 6 is day 1
        ("publication_day", "2026-03-07", "2026-03-13"),  # a Saturday is not a working day: Monday 9 is day 1
    ],
)
def test_the_policy_says_which_day_is_day_1_of_the_notice(folder, settings, first_day, published, last_day):
    policy = (Path(settings.POLICY_DIR) / "jilin-2022.yaml").read_text(encoding="utf-8")
    policy = policy.replace("id: jilin-2022", "id: day-one").replace(
        "public_notice_first_day: next_working_day", f"public_notice_first_day: {first_day}"
    )
    write(folder, "day-one.yaml", policy)
    steps = "".join(
        f"  - do: {action}\n"
        for action in (
            "apply",
            "upload_materials",
            "submit",
            "recommend",
            "forward",
            "open_evaluation",
            "site_visit",
            "review",
            "shortlist",
        )
    )
    path = write(
        folder,
        "day-one-scenario.yaml",
        HEAD.replace("policy: jilin-2022", "policy: day-one.yaml")
        + steps
        + f"  - do: advance\n    with: {{to: {published}}}\n"
        + f"  - do: publish_notice\n    expect: {{notice_last_day: {last_day}}}\n",
    )
    status, [result] = run(path)
    assert status == 0, result
