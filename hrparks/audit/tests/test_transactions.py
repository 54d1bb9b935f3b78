"""The chain holds when writes are committed for real: outside any transaction, and by concurrent writers."""

import threading

import pytest
from django.db import connection, transaction

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.audit.chain import verify_chain
from hrparks.audit.context import acting_as
from hrparks.audit.models import AuditEntry
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import ParkFactory

from .helpers import entries_about

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_write_outside_any_transaction_is_recorded(changchun):
    park = ParkFactory(jurisdiction=changchun)
    Park.objects.filter(pk=park.pk).update(staff_count=1)  # not audited: QuerySet.update sends no signal
    park.refresh_from_db()
    park.staff_count = 3
    park.save()

    assert [entry.changes.get("staff_count") for entry in entries_about(park)] == [[None, 12], [1, 3]]
    assert verify_chain().ok


@pytest.mark.postgres_only
def test_concurrent_writers_keep_one_unbroken_chain(changchun):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time in; the head row lock is PostgreSQL's concern")
    writers = [UserFactory(role=Role.CITY_BUREAU, jurisdiction=changchun) for _ in range(2)]
    start = threading.Barrier(len(writers))
    failures = []

    def write(writer, rounds=15):
        try:
            start.wait()
            with acting_as(writer):
                for round_ in range(rounds):
                    with transaction.atomic():
                        park = ParkFactory(name=f"并发产业园-{writer.username}-{round_}", jurisdiction=changchun)
                        park.staff_count += 1
                        park.save()
        except Exception as error:  # reported by the test's own thread below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    report = verify_chain()
    assert report.ok, report.message
    assert AuditEntry.objects.filter(object_repr__startswith="并发产业园").count() == 2 * 15 * 2
