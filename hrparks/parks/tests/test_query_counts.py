"""The list and detail pages cost the same number of queries for 2 parks or 20, 3 records or 60."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import EnterpriseFactory, ParkFactory, SiteFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def grow_parks(count: int) -> None:
    for _ in range(count):
        park = ParkFactory()
        SiteFactory(park=park)
        SiteFactory(park=park, is_main=False)
        EnterpriseFactory.create_batch(2, park=park)


def grow_records(park, count: int) -> None:
    for index in range(count):
        SiteFactory(park=park, is_main=False)
        EnterpriseFactory(park=park, status="signed" if index % 2 else "resident")
        park.support_policies.create(title=f"政策{index}", issuer="长春市人民政府", issued_on=datetime.date(2022, 1, 1))
        park.platforms.create(name=f"平台{index}", kind="business_matching")
        park.events.create(title=f"活动{index}", kind="seminar", held_on=datetime.date(2023, 5, 1))
        park.publicity_items.create(title=f"报道{index}", channel="吉林日报", published_on=datetime.date(2023, 6, 1))


@pytest.mark.parametrize("role", ["provincial", "city_bureau"])
def test_the_park_list_does_not_grow_with_the_number_of_parks(client, users, role):
    client.force_login(users[role])
    grow_parks(2)
    small = queries(client, reverse("parks:list"))
    grow_parks(18)
    assert queries(client, reverse("parks:list")) == small


@pytest.mark.parametrize("role", ["operator", "city_bureau"])
def test_the_park_page_does_not_grow_with_its_records(client, users, role):
    park = ParkFactory()
    SiteFactory(park=park)
    users["operator"].parks.add(park)
    client.force_login(users[role])
    grow_records(park, 3)
    url = reverse("parks:detail", args=[park.pk])
    small = queries(client, url)
    grow_records(park, 57)
    assert queries(client, url) == small
    assert queries(client, reverse("parks:roster", args=[park.pk]) + "?page=2") <= small
