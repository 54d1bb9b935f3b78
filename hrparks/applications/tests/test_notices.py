"""公示: the notice's days in the working-day calendar, and what the public portal gets."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hrparks.applications import services
from hrparks.applications.selectors import current_public_notices
from hrparks.applications.tests.factories import NOTICE_CONTACT, application_in

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def publish(applications, users, day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI), tick=False):
        return services.publish_recommendation_list(
            applications=applications, title="公示", actor=users["provincial"], **NOTICE_CONTACT
        )


@pytest.mark.parametrize(
    ("published", "start", "end"),
    [
        # Friday: day 1 is the next Monday.
        (datetime.date(2026, 3, 6), datetime.date(2026, 3, 9), datetime.date(2026, 3, 13)),
        # The Friday before the Spring Festival: the make-up Saturday counts, the holiday does not.
        (datetime.date(2026, 2, 13), datetime.date(2026, 2, 14), datetime.date(2026, 2, 27)),
        # Published on the make-up Saturday itself.
        (datetime.date(2026, 2, 14), datetime.date(2026, 2, 24), datetime.date(2026, 2, 28)),
    ],
)
def test_notice_runs_five_working_days_from_the_first_working_day_after_publication(users, published, start, end):
    notice = publish([application_in("shortlisted", users["operator"])], users, published)
    assert (notice.start_date, notice.end_date) == (start, end)


def test_one_notice_for_the_whole_list(users):
    first, second = (application_in("shortlisted", users["operator"]) for _ in range(2))
    notice = publish([first, second], users, datetime.date(2026, 3, 2))
    assert set(notice.applications.all()) == {first, second}
    for application in (first, second):
        application.refresh_from_db()
        assert application.state == "in_notice"
        assert application.events.get(action="publish_notice").data["notice"] == notice.pk


def test_an_application_not_on_the_list_any_more_stops_the_whole_publication(users):
    shortlisted = application_in("shortlisted", users["operator"])
    already = application_in("in_notice", users["operator"])
    with pytest.raises(services.AlreadyHandled):
        publish([shortlisted, already], users, datetime.date(2026, 3, 2))
    shortlisted.refresh_from_db()
    assert shortlisted.state == "shortlisted" and not shortlisted.public_notices.exists()


def test_a_notice_carries_its_document_number(users):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI), tick=False):
        notice = services.publish_recommendation_list(
            applications=[application_in("shortlisted", users["operator"])],
            title="公示",
            document_number=" 吉人社公〔2026〕1号 ",
            actor=users["provincial"],
            **NOTICE_CONTACT,
        )
    notice.refresh_from_db()
    assert notice.document_number == "吉人社公〔2026〕1号"


def test_a_notice_needs_a_title_and_applications(users):
    with pytest.raises(ValidationError):
        services.publish_recommendation_list(applications=[], title="公示", actor=users["provincial"], **NOTICE_CONTACT)
    with pytest.raises(ValidationError):
        services.publish_recommendation_list(
            applications=[application_in("shortlisted", users["operator"])],
            title=" ",
            actor=users["provincial"],
            **NOTICE_CONTACT,
        )


def test_current_public_notices_are_those_open_today(users):
    notice = publish([application_in("shortlisted", users["operator"])], users, datetime.date(2026, 3, 6))
    assert list(current_public_notices(today=datetime.date(2026, 3, 5))) == []
    assert list(current_public_notices(today=datetime.date(2026, 3, 6))) == [notice]
    assert list(current_public_notices(today=datetime.date(2026, 3, 13))) == [notice]
    assert list(current_public_notices(today=datetime.date(2026, 3, 14))) == []
    (shown,) = current_public_notices(today=datetime.date(2026, 3, 9))
    assert [a.park.name for a in shown.applications.all()] == [notice.applications.get().park.name]
