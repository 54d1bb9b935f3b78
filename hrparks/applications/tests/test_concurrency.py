"""Two officials acting on the same application at once get one transition and one "already handled"."""

import threading

import pytest
from django.db import connection

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import services
from hrparks.applications.tests import journey


def test_a_stale_expected_state_is_already_handled_and_changes_nothing(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    with pytest.raises(services.AlreadyHandled, match="已被处理"):
        services.perform_transition(
            draft,
            "return_to_applicant",
            actor=people["city_bureau"],
            expected_state="submitted",
            data={"reasons": "补充"},
        )
    draft.refresh_from_db()
    assert draft.state == "recommended"
    assert draft.events.filter(action="return_to_applicant").count() == 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_officials_clicking_at_once_give_one_transition(draft, people, changchun):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections are PostgreSQL's; SQLite is covered by the expected-state test")
    journey.submit(draft, people)
    colleague = UserFactory(username="cc_bureau_2", role=Role.CITY_BUREAU, jurisdiction=changchun)
    attempts = [
        (people["city_bureau"], "recommend", {"recommendation_opinion": "同意推荐"}),
        (colleague, "return_to_applicant", {"reasons": "请补充材料"}),
    ]
    start = threading.Barrier(len(attempts))
    outcomes = []

    def click(actor, name, data):
        try:
            start.wait()
            services.perform_transition(draft, name, actor=actor, expected_state="submitted", data=data)
            outcomes.append(("done", name))
        except services.AlreadyHandled:
            outcomes.append(("already handled", name))
        except Exception as error:
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(kind for kind, _name in outcomes) == ["already handled", "done"], outcomes
    winner = next(name for kind, name in outcomes if kind == "done")
    draft.refresh_from_db()
    assert draft.state == {"recommend": "recommended", "return_to_applicant": "returned"}[winner]
    assert draft.events.filter(action__in=["recommend", "return_to_applicant"]).count() == 1
