"""Every write to a park, a site, an enterprise or a user lands in the log: who, when, what, before and after."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from hrparks.accounts.models import Role, User
from hrparks.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hrparks.audit.chain import verify_chain
from hrparks.audit.context import acting_as
from hrparks.audit.middleware import AuditActorMiddleware
from hrparks.audit.models import AppendOnlyError, AuditEntry, AuditHead
from hrparks.audit.registry import MASK
from hrparks.audit.services import record_event, record_rows
from hrparks.parks.models import Enterprise, Park, Site, SupportPolicy
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory, SiteFactory

from .helpers import entries_about, last_entry

pytestmark = pytest.mark.django_db


def test_creating_a_park_records_its_values_the_actor_and_the_scope(users, changchun, province):
    with acting_as(users["city_bureau"]):
        park = ParkFactory(name="新建人力资源服务产业园", jurisdiction=changchun, staff_count=12)

    [entry] = entries_about(park)
    assert entry.action == "create"
    assert entry.actor == users["city_bureau"]
    assert (entry.actor_username, entry.actor_role) == ("cc_bureau", Role.CITY_BUREAU)
    assert entry.object_repr == "新建人力资源服务产业园"
    assert (entry.park_id, entry.province_id) == (park.pk, province.pk)
    assert entry.changes["name"] == [None, "新建人力资源服务产业园"]
    assert entry.changes["staff_count"] == [None, 12]
    assert entry.changes["jurisdiction"] == [None, changchun.pk]
    assert "updated_at" not in entry.changes  # bookkeeping: the entry has its own time
    assert timezone.now() - entry.timestamp < datetime.timedelta(minutes=1)


def test_an_update_records_only_the_changed_fields_before_and_after(users, park):
    park.staff_count, park.description = 20, "扩建二期"
    with acting_as(users["operator"]):
        park.save()

    entry = last_entry()
    assert (entry.action, entry.actor) == ("update", users["operator"])
    assert entry.changes == {"staff_count": [12, 20], "description": ["", "扩建二期"]}


def test_saving_without_a_change_records_nothing(park):
    enterprise = EnterpriseFactory(park=park, revenue_last_year_cny=Decimal("1234.5"))
    count = AuditEntry.objects.count()
    Park.objects.get(pk=park.pk).save()
    Enterprise.objects.get(pk=enterprise.pk).save()
    assert AuditEntry.objects.count() == count


def test_update_fields_limit_what_is_compared(park):
    park.staff_count, park.description = 30, "未保存的简介"
    park.save(update_fields=["staff_count"])
    assert last_entry().changes == {"staff_count": [12, 30]}


def test_values_are_recorded_as_they_are_stored(park):
    enterprise = EnterpriseFactory(park=park, revenue_last_year_cny=Decimal("1234.5"))
    policy = SupportPolicy.objects.create(
        park=park, title="扶持办法", issuer="长春市人社局", issued_on="2024-03-01", file="support_policies/2024/a.pdf"
    )
    site = SiteFactory(park=park, floor_area_m2=6000.5)

    assert entries_about(enterprise)[0].changes["revenue_last_year_cny"] == [None, "1234.50"]
    assert entries_about(policy)[0].changes["issued_on"] == [None, "2024-03-01"]
    assert entries_about(policy)[0].changes["file"] == [None, "support_policies/2024/a.pdf"]
    assert entries_about(site)[0].changes["floor_area_m2"] == [None, 6000.5]
    assert verify_chain().ok


def test_deleting_a_park_records_it_and_every_row_that_went_with_it(users, park, province):
    park_id = park.pk
    SiteFactory(park=park)
    EnterpriseFactory(park=park)
    with acting_as(users["provincial"]):
        park.delete()

    deleted = AuditEntry.objects.filter(action="delete").select_related("content_type")
    assert sorted((entry.content_type.model, entry.park_id, entry.province_id) for entry in deleted) == [
        ("enterprise", park_id, province.pk),
        ("park", park_id, province.pk),
        ("site", park_id, province.pk),
    ]
    assert {entry.actor_username for entry in deleted} == {"province"}
    park_entry = deleted.get(content_type__model="park")
    assert park_entry.changes["name"] == ["长春示例人力资源服务产业园", None]
    assert verify_chain().ok


def test_a_password_is_recorded_as_changed_but_never_stored(users):
    operator = users["operator"]
    with acting_as(users["sysadmin"]):
        operator.set_password("another-long-password-2")
        operator.save()

    entry = last_entry()
    assert (entry.object_repr, entry.actor_username) == ("operator", "sysadmin")
    assert entry.changes == {"password": [MASK, MASK]}
    stored = json.dumps([[entry.changes, entry.data] for entry in AuditEntry.objects.all()])
    assert "md5$" not in stored


def test_a_write_in_a_request_is_recorded_as_its_user(client, users):
    client.force_login(users["operator"])
    new_password = "Zq8-long-enough-passphrase"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    entry = last_entry()
    assert (entry.actor, entry.object_repr) == (users["operator"], "operator")
    assert entry.changes == {"password": [MASK, MASK]}


def test_a_request_is_recorded_as_whoever_it_is_authenticated_as_when_it_writes(rf, users, park):
    """API views authenticate their token inside the view, after the middleware has run."""

    def api_view(request):
        request.user = users["city_bureau"]
        park.staff_count = 5
        park.save()
        return HttpResponse()

    request = rf.post("/api/parks/")
    request.user = AnonymousUser()
    AuditActorMiddleware(api_view)(request)
    assert last_entry().actor == users["city_bureau"]


def test_logging_in_records_the_log_in_not_the_bookkeeping(client, users):
    count = AuditEntry.objects.count()
    response = client.post(reverse("accounts:login"), {"username": "operator", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(username="operator").last_login is not None
    assert list(AuditEntry.objects.filter(seq__gt=count).values_list("action", flat=True)) == ["login"]


def test_a_rolled_back_change_leaves_no_entry(park):
    count = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        park.staff_count = 99
        park.save()
        assert AuditEntry.objects.count() == count + 1
        raise RuntimeError("the rest of the use case failed")

    assert AuditEntry.objects.count() == count
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(park=park, floor_area_m2=0, is_main=False)  # refused by the database
    assert AuditEntry.objects.count() == count
    assert verify_chain().ok


def test_giving_an_operator_a_park_is_recorded_on_the_side_it_was_done_from(users, park):
    operator = users["operator"]
    with acting_as(users["city_bureau"]):
        operator.parks.add(park)
    entry = last_entry()
    assert (entry.object_repr, entry.changes) == ("operator", {"parks": [[], [park.pk]]})

    with acting_as(users["city_bureau"]):
        park.operators.remove(operator)
    entry = last_entry()
    assert (entry.object_id, entry.park_id) == (str(park.pk), park.pk)
    assert entry.changes == {"operators": [[operator.pk], []]}


def test_the_log_outlives_a_deleted_user(users, park, changchun):
    leaving = UserFactory(username="leaving", role=Role.CITY_BUREAU, jurisdiction=changchun)
    with acting_as(leaving):
        park.staff_count = 1
        park.save()
    seq = last_entry().seq

    with acting_as(users["sysadmin"]):
        leaving.delete()

    entry = AuditEntry.objects.get(seq=seq)
    assert (entry.actor_username, entry.actor_role) == ("leaving", Role.CITY_BUREAU)
    assert last_entry().action == "delete" and last_entry().object_repr == "leaving"
    assert verify_chain().ok


def test_entries_cannot_be_changed_or_removed(park):
    SiteFactory(park=park)
    entry = last_entry()
    entry.object_repr = "伪造"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    # Not even behind the model's back: the database refuses.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=entry.seq).update(object_repr="伪造")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=entry.seq).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditHead.objects.update(seq=0)
    assert verify_chain().ok


def test_an_event_is_recorded_with_its_data_and_scope(users, park, province):
    entry = record_event(
        "transition",
        park,
        data={"from": "draft", "to": "submitted", "on": datetime.date(2026, 3, 2), "amount": Decimal("10.5")},
        actor=users["city_bureau"],
    )

    stored = AuditEntry.objects.get(seq=entry.seq)
    assert stored.data == {"from": "draft", "to": "submitted", "on": "2026-03-02", "amount": "10.5"}
    assert (stored.action, stored.changes, stored.actor) == ("transition", {}, users["city_bureau"])
    assert (stored.park_id, stored.province_id) == (park.pk, province.pk)


def test_an_event_outside_any_request_or_acting_as_is_the_systems(park):
    entry = record_event("import", park)
    assert (entry.actor, entry.actor_username, entry.actor_role) == (None, "", "")


def test_the_province_of_an_entry_without_a_park_is_the_objects_or_the_actors(users, province):
    assert entries_about(users["city_bureau"])[0].province_id == province.pk  # a user of 长春市
    with acting_as(users["provincial"]):
        entry = record_event("import", None, data={"file": "名册.xlsx"})
    assert (entry.content_type, entry.park_id, entry.province_id) == (None, None, province.pk)


def test_rows_written_in_bulk_are_recorded_in_one_batch(users, park, django_assert_max_num_queries):
    sites = Site.objects.bulk_create(
        [Site(park=park, name=f"{index}号楼", address="示例路", floor_area_m2=100 + index) for index in range(300)]
    )
    with django_assert_max_num_queries(15), acting_as(users["operator"]):
        created = record_rows("create", sites)

    assert len(created) == 300
    assert {(entry.actor_username, entry.park_id) for entry in created} == {("operator", park.pk)}
    assert created[1].changes["floor_area_m2"] == [None, 101]
    assert verify_chain().ok


def test_bulk_updates_are_compared_with_the_stored_rows(park):
    sites = Site.objects.bulk_create(
        [Site(park=park, name=f"{index}号楼", address="示例路", floor_area_m2=100) for index in range(3)]
    )
    sites[0].floor_area_m2 = 150
    updated = record_rows("update", sites)  # before bulk_update, in the same transaction
    Site.objects.bulk_update(sites, ["floor_area_m2"])

    assert [(entry.object_id, entry.changes) for entry in updated] == [
        (str(sites[0].pk), {"floor_area_m2": [100, 150]})
    ]
    deleted = record_rows("delete", sites[1:])
    assert [entry.changes["name"] for entry in deleted] == [["1号楼", None], ["2号楼", None]]


def test_bulk_recording_knows_only_row_changes(park):
    with pytest.raises(ValueError, match="transition"):
        record_rows("transition", [park])
    assert record_rows("create", []) == []
