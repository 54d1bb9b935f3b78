"""The workflow table is the single source of truth: these tests hold the table to the measures and
show that the pages, queues and docs are derived from it."""

from io import StringIO

import pytest
from django.core.management import call_command

from hrparks.accounts.models import Role
from hrparks.applications import workflow
from hrparks.applications.selectors import states_awaiting


def test_every_state_is_reachable_and_every_non_final_state_can_be_left():
    for wf in workflow.WORKFLOWS.values():
        reached = {wf.initial} | {t.target for t in wf.transitions}
        assert reached == set(wf.by_state), wf.kind
        final = {
            *("designated", "not_passed", "not_recommended", "not_forwarded", "withdrawn"),
            *("branch_approved", "branch_refused"),
        }
        for state in wf.states:
            assert bool(wf.transitions_from(state.code)) == (state.code not in final), state.code


def test_each_step_of_article_six_belongs_to_its_own_actor():
    by_name = {name: spec for name, (_wf, spec) in workflow.TRANSITIONS.items()}
    assert by_name["submit"].roles == {Role.PARK_OPERATOR}
    assert by_name["recommend"].roles == {Role.CITY_BUREAU}
    assert by_name["return_to_applicant"].roles == {Role.CITY_BUREAU}
    assert by_name["forward"].roles == {Role.CITY_GOVERNMENT}
    for name in ("open_evaluation", "shortlist", "not_pass", "publish_notice", "designate", "approve_branch"):
        assert by_name[name].roles == {Role.PROVINCIAL_BUREAU}, name
    assert workflow.BRANCH_PARK.creators == {Role.CITY_BUREAU}


def test_open_states_are_the_submitted_and_undecided_ones():
    assert {"submitted", "evaluating", "in_notice", "returned"} <= workflow.OPEN_STATES
    assert not {"draft", "designated", "not_passed", "withdrawn", "branch_requested"} & workflow.OPEN_STATES


def test_work_queues_follow_the_table():
    assert states_awaiting(Role.CITY_BUREAU) == ["submitted"]
    assert states_awaiting(Role.CITY_GOVERNMENT) == ["recommended"]
    assert states_awaiting(Role.EXPERT) == ["evaluating"]
    assert set(states_awaiting(Role.PARK_OPERATOR)) == {"draft", "returned"}
    assert set(states_awaiting(Role.PROVINCIAL_BUREAU)) == {
        "forwarded",
        "evaluating",
        "shortlisted",
        "in_notice",
        "branch_requested",
    }
    assert states_awaiting(Role.SYSTEM_ADMIN) == []


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "市级人社部门推荐"), ("en", "Recommend to the city government")]
)
def test_workflow_table_command_prints_markdown_in_both_languages(language, expected):
    out = StringIO()
    call_command("workflow_table", language=language, stdout=out)
    text = out.getvalue()
    for name in workflow.TRANSITIONS:
        assert f"| `{name}` |" in text
    assert "| `submitted` |" in text
    assert "| 15 |" in text  # the city review's service target
    assert expected in text or language == "zh-hans"
